// Used by npm start and the db:* and admin:key scripts before they run a file of dist/:
//   node scripts/build-if-possible.mjs dist/server.js && exec node dist/server.js
// In a checkout with the dev dependencies, builds from source (tsup), so an edit shows up on the
// next run and a fresh clone's first `npm start` works. In a production install (npm prune
// --omit=dev after npm run build) tsup is gone: the build already made must be there, and if it
// is not, one line says how to make it. No dependencies of its own: it must run in both.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = process.argv[2] ?? 'dist/server.js';

let tsupPackage;
try {
  tsupPackage = createRequire(path.join(root, 'package.json')).resolve('tsup/package.json');
} catch {
  tsupPackage = undefined;
}

if (tsupPackage === undefined) {
  if (!existsSync(path.join(root, entry))) {
    process.stderr.write(
      `error: ${entry} is missing and tsup (a dev dependency) is not installed: run npm run build where the dev dependencies are installed (npm ci && npm run build), then npm prune --omit=dev\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}

// --silent: npm start prints nothing but npm's banner before the server's first line; errors still show.
const tsup = path.join(path.dirname(tsupPackage), 'dist', 'cli-default.js');
const build = spawnSync(process.execPath, [tsup, '--silent'], { cwd: root, stdio: 'inherit' });
if (build.error) {
  process.stderr.write(`error: could not run tsup: ${build.error.message}\n`);
  process.exit(1);
}
process.exit(build.status ?? 1);
