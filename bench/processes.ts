import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface Server {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Largest VmRSS seen since the last call to `startSampling`, in bytes. */
  startSampling(): { stop(): number };
  /** CPU time used so far, in seconds; throws once the process has exited, with its output. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills what this harness started, by pid, e.g. on Ctrl-C. */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Runs a command to its end; rejects with its output if it fails. */
export function runToEnd(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stdout}${stderr}`));
    });
  });
}

/** A free TCP port on 127.0.0.1 (closed again at once; good enough on a quiet machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running server and resolves once `ready` answers: either a URL printed on
 * stdout (matched by `urlPattern`) or a fixed URL polled until it answers.
 */
export async function startServer(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; urlPattern?: RegExp; url?: string; probePath: string },
): Promise<Server> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  // The last 20 kB of its output, for error messages (and to find the URL it prints).
  const keep = (chunk: string) => (output = (output + chunk).slice(-20_000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise<never>((_, reject) =>
    child.on('close', (code) => {
      running.delete(child);
      reject(new Error(`${name} exited (code ${code}) before it was ready:\n${output}`));
    }),
  );
  exited.catch(() => {});
  const deadline = Date.now() + 30_000;
  let url = options.url;
  for (;;) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 30 s:\n${output}`);
    }
    if (child.exitCode !== null) await exited;
    url ??= options.urlPattern?.exec(output)?.[1];
    if (url && (await answers(`${url}${options.probePath}`))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    url,
    pid: child.pid!,
    startSampling() {
      let max = rssOf(child.pid!);
      const timer = setInterval(() => (max = Math.max(max, rssOf(child.pid!))), 100);
      return {
        stop() {
          clearInterval(timer);
          return Math.max(max, rssOf(child.pid!));
        },
      };
    },
    cpuSeconds() {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
      }
      return cpuSecondsOf(child.pid!);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** VmRSS of a process in bytes (0 once it is gone). */
function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** An admin key (every scope) made with the built CLI in `repoRoot`: the last line it prints. */
export async function createAdminKeyWith(repoRoot: string, options: { cwd: string; env: NodeJS.ProcessEnv }, name: string): Promise<string> {
  const created = await runToEnd(process.execPath, [path.join(repoRoot, 'dist', 'cli', 'admin-key.js'), 'create', '--name', name], options);
  const key = created.stdout.trim().split('\n').at(-1)?.trim() ?? '';
  if (!key.startsWith('ek_')) throw new Error(`admin-key create printed no key:\n${created.stdout}${created.stderr}`);
  return key;
}

/**
 * Waits until the servers have stopped working on answers nobody waits for any more (autocannon
 * closes its connections; our server finishes every request anyway): their CPU idle for half a
 * second and no statement running. Resolves false if that took over two minutes.
 */
export async function untilIdle(cpuSeconds: () => number, runningStatements: () => Promise<number>): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const before = cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = cpuSeconds() - before < 0.05;
    if (idle && (await runningStatements()) === 0) return true;
    if (Date.now() > deadline) return false;
  }
}
