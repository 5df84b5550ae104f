/**
 * Child processes of the bench and of `npm run cluster`: each one logs to a file of its own and is stopped
 * by `Cleanup` (SIGTERM, then SIGKILL), always by its own pid; waits for a line of output or a 2xx answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Cleanup } from './cleanup';

const ROOT = resolve(import.meta.dirname, '..');

/** Whether the child has neither exited nor been killed by a signal. */
export const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Spawns `command args` in the repository's root with its stdout and stderr appended to `logPath` (closed
 * when it exits); the child's pid is the command's own. Stopping it is the caller's business.
 */
export function spawnToLog(command: string, args: string[], env: NodeJS.ProcessEnv, logPath: string): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once('exit', () => log.end());
  return child;
}

/** `spawnToLog`, stopped by `cleanup` (SIGTERM, then SIGKILL after `graceMs`). */
export function spawnLogged(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logPath: string,
  cleanup: Cleanup,
  graceMs = 10_000,
): ChildProcess {
  const child = spawnToLog(command, args, env, logPath);
  cleanup.child(child);
  cleanup.add(`stop ${name}`, () => stopChild(child, graceMs), graceMs + 5_000);
  return child;
}

/** Resolves when the child's output matches `pattern`; rejects when it exits first or after `timeoutMs`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
  return new Promise((res, rej) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf = (buf + d.toString('utf8')).slice(-10_000);
      if (pattern.test(buf)) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`${what} exited (code ${code}) before it was ready`));
    const timer = setTimeout(() => finish(new Error(`${what} was not ready within ${timeoutMs / 1000} s`)), timeoutMs);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      if (err) rej(err);
      else res();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Polls `url` until it answers 2xx; rejects when `child` exits first or after `timeoutMs`. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive(child)) throw new Error(`${what} exited (code ${child.exitCode}) before it was ready`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
