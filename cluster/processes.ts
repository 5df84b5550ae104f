/**
 * Child processes of the cluster: each one logs to a file of its own and is stopped by `Cleanup` (SIGTERM,
 * then SIGKILL), always by its own pid. `AppProcess` is a freightflow worker or API replica that a fault
 * scenario can SIGKILL and start again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Cleanup } from '../bench/cleanup';

export { Cleanup };

const ROOT = resolve(import.meta.dirname, '..');

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Spawns `command` with its stdout and stderr appended to `logPath`; `cleanup` stops it. */
export function spawnLogged(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logPath: string,
  cleanup: Cleanup,
  graceMs = 10_000,
): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.child(child);
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once('exit', () => log.end());
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

/**
 * One freightflow process (`node --import tsx worker/main.ts` or `api/main.ts`) that can be killed with
 * SIGKILL and started again with the same settings. An exit nobody asked for is kept in `unexpectedExits`.
 */
export class AppProcess {
  private current: ChildProcess | null = null;
  private killing = false;
  readonly unexpectedExits: string[] = [];
  starts = 0;
  kills = 0;

  constructor(
    readonly name: string,
    private readonly script: 'worker/main.ts' | 'api/main.ts',
    private readonly env: NodeJS.ProcessEnv,
    private readonly logPath: string,
    private readonly cleanup: Cleanup,
    /** For an API replica: its base URL, polled on /readyz. */
    readonly url?: string,
  ) {
    cleanup.add(`stop ${name}`, () => this.stop(), 20_000);
  }

  get pid(): number | undefined {
    return this.current && alive(this.current) ? this.current.pid : undefined;
  }

  /** Starts the process and resolves when it polls (worker) or answers /readyz (API). */
  async start(timeoutMs = 180_000): Promise<void> {
    if (this.current && alive(this.current)) throw new Error(`${this.name} is already running`);
    this.killing = false;
    const child = spawn(process.execPath, ['--import', 'tsx', this.script], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.current = child;
    this.starts += 1;
    this.cleanup.child(child);
    const log = createWriteStream(this.logPath, { flags: 'a' });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    child.once('exit', (code, signal) => {
      log.end();
      if (!this.killing && !this.cleanup.started)
        this.unexpectedExits.push(
          `${this.name} exited by itself (code ${code}, signal ${signal}); see ${this.logPath}`,
        );
    });
    if (this.url) await waitForHttp(`${this.url}/readyz`, child, timeoutMs, this.name);
    else await waitForOutput(child, /Worker polling task queue/, timeoutMs, this.name);
  }

  /** The crash: SIGKILL, no shutdown hook, nothing drained. */
  async kill9(): Promise<void> {
    const child = this.current;
    if (!child || !alive(child)) return;
    this.killing = true;
    this.kills += 1;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (!this.current) return;
    this.killing = true;
    await stopChild(this.current);
  }
}
