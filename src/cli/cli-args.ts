import { exitWith } from '../startup.js';

/**
 * Refuses what a command does not understand, in one line listing what it does, rather than
 * running without it: `--prodcts 1000` must not quietly seed the demo data alone.
 *
 * `npm run db:seed --reset` (without `--`) gives the flag to npm, not to the command: npm warns
 * and passes it as npm_config_reset, and the command would run as if it had not been given. So a
 * known flag found there is refused too, with the right spelling.
 */
export function refuseUnknownArgs(command: string, args: readonly string[], known: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const takes = known.length === 0 ? 'takes no options' : `takes ${known.join(', ')}`;
  for (const flag of known) {
    const name = flag.replace(/^--/, '').split(/[ =]/)[0]!;
    const npmConfig = env[`npm_config_${name.replaceAll('-', '_')}`];
    if (npmConfig !== undefined && !args.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))) {
      exitWith(new Error(`--${name} went to npm, not to ${command}: put -- before it (npm run ${command} -- --${name}${name === 'reset' ? '' : ' ...'}); nothing was changed`));
    }
  }
  const unknown = args.find((arg, index) => {
    if (!arg.startsWith('-')) {
      // The value of a flag that takes one (`--products 1000`), or a stray word.
      const previous = args[index - 1];
      return !known.some((flag) => flag.includes(' ') && previous === flag.split(' ')[0]);
    }
    const name = arg.split('=')[0]!;
    return !known.some((flag) => flag.split(/[ =]/)[0] === name);
  });
  if (unknown !== undefined) exitWith(new Error(`unknown option ${JSON.stringify(unknown)}: ${command} ${takes}`));
}
