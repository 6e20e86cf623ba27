import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The whole environment of a child: PATH (to find node) plus exactly the given variables.
 * Nothing else leaks in from the test runner (its LOG_LEVEL, a developer's DB_* or DATABASE_URL);
 * an `undefined` value leaves the variable unset.
 */
export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) env[key] = value;
  return env;
}

/**
 * DB_* variables for MySQL settings (DATABASE_URL stays unset, so it cannot win over them), or
 * SQLITE_PATH for a SQLite file, with no DB_* at all.
 */
export function databaseEnv(s: DatabaseSettings): Record<string, string> {
  if (s.dialect === 'sqlite') return { SQLITE_PATH: s.file };
  return { DB_NAME: s.database, DB_USER: s.user, DB_PASSWORD: s.password, DB_HOST: s.host, DB_PORT: String(s.port) };
}

/** An empty directory to run children in, so no .env file is found by dotenv. */
export async function emptyWorkingDirectory(): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ecommerce-test-cwd-'));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<Finished>;
  /** Resolves with the first stdout line that matches; rejects on timeout or if the child exits first. */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number): Promise<string>;
  output(): { stdout: string; stderr: string };
  /** SIGKILL if still running; safe to call at any time. */
  kill(): void;
}

/** `detached`: the child leads a process group of its own, so a signal can reach it and all its descendants (process.kill(-pid)), as a process manager sends it. */
export function start(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  let stdout = '';
  let stderr = '';
  const lineListeners = new Set<(line: string) => void>();
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) for (const listener of lineListeners) listener(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  exited.catch(() => {});
  const describe = () => `\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`;

  return {
    process: child,
    exited,
    output: () => ({ stdout, stderr }),
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    waitForLine(matches, timeoutMs) {
      return new Promise<string>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          lineListeners.delete(onLine);
        };
        const onLine = (line: string) => {
          if (!matches(line)) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching line within ${timeoutMs} ms${describe()}`));
        }, timeoutMs);
        const earlier = stdout.split('\n').slice(0, -1).find(matches);
        if (earlier !== undefined) {
          done();
          resolve(earlier);
          return;
        }
        lineListeners.add(onLine);
        void exited.then(
          (finished) => {
            done();
            reject(new Error(`exited (code ${finished.code}, signal ${finished.signal}) before a matching line${describe()}`));
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      });
    },
  };
}

/** Runs a child to its end; kills it and rejects if it takes longer than timeoutMs. */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Finished> {
  const child = start(command, args, options);
  const timeoutMs = options.timeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill();
      const { stdout, stderr } = child.output();
      reject(new Error(`${path.basename(args[0] ?? command)} did not exit within ${timeoutMs} ms\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The non-empty lines of a child's output. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
