import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Bundle {
  /** The folder tsup wrote: dist-test/<random>/ in the repository. */
  readonly outDir: string;
  /** Absolute path of the built server entry point. */
  readonly serverScript: string;
  remove(): Promise<void>;
}

/**
 * Builds the project with its own tsup.config.ts into a folder of this caller's own:
 * test files run in parallel workers, and two builds into one folder (tsup cleans it first)
 * would break each other. The folder is inside the repository (dist-test/, git-ignored) because
 * the bundle keeps its dependencies external: Node resolves them from the script's location,
 * so the bundle must sit below the repository's node_modules.
 */
export async function buildBundle(): Promise<Bundle> {
  const outDir = path.join(REPO_ROOT, 'dist-test', randomBytes(6).toString('hex'));
  const tsup = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsup');
  try {
    await promisify(execFile)(tsup, ['--out-dir', outDir], { cwd: REPO_ROOT, timeout: 60_000 });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsup build failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
  return {
    outDir,
    serverScript: path.join(outDir, 'server.js'),
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}
