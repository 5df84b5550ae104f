/**
 * Child processes a fault scenario controls: the worker (`node --import tsx worker/main.ts`), a Temporal
 * dev server with its state in a file, and the shell commands that stop and start PostgreSQL.
 * Every child is ended by its own pid, never by name.
 */
import { exec, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, TEMPORAL_SERVER_DYNAMIC_CONFIG } from '../../../temporal.config';
import { sleep } from './log';

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The last lines a child wrote, for the message when it dies unexpectedly. */
function tail(lines: string[], chunk: Buffer | string, keep = 40): void {
  for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(l);
  if (lines.length > keep) lines.splice(0, lines.length - keep);
}

const exitOf = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });

/**
 * The worker as its own process, exactly as production runs it. `start()` resolves when it polls;
 * `kill9()` is the crash; an exit we did not cause is remembered in `unexpectedExits`.
 */
export class WorkerProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  private killing = false;
  readonly unexpectedExits: string[] = [];
  starts = 0;
  kills = 0;

  constructor(private readonly env: Record<string, string>) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error('worker process already running');
    this.output = [];
    this.killing = false;
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    let ready = false;
    const readyOrExit = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        tail(this.output, chunk);
        if (!ready && /Worker polling task queue/.test(String(chunk))) {
          ready = true;
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (c: Buffer) => tail(this.output, c));
      child.once('exit', (code, signal) => {
        if (!ready)
          reject(
            new Error(
              `worker process exited before polling (code ${code}, signal ${signal}):\n${this.output.join('\n')}`,
            ),
          );
        else if (!this.killing)
          this.unexpectedExits.push(
            `worker process exited by itself (code ${code}, signal ${signal}):\n${this.output.join('\n')}`,
          );
      });
    });
    const timer = setTimeout(() => {
      if (!ready) child.kill('SIGKILL');
    }, timeoutMs);
    try {
      await readyOrExit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: no shutdown hook, no draining; in-flight activities and workflow tasks are simply lost. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.killing = true;
    this.kills += 1;
    child.kill('SIGKILL');
    await exitOf(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.killing = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitOf(child);
    clearTimeout(timer);
  }
}

/** 'KEYWORD_LIST' → 'KeywordList', the spelling of the CLI's --search-attribute flag. */
const cliTypeName = (t: string) =>
  t
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

async function answers(address: string): Promise<boolean> {
  try {
    const c = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await c.workflowService.getSystemInfo({});
      return true;
    } finally {
      await c.close();
    }
  } catch {
    return false;
  }
}

/**
 * A Temporal dev server of our own: SQLite state in `dbFile`, frontend on `port`, no Web UI.
 * `stop()` is a SIGTERM (the server's own orderly stop); `start()` again reuses port and file.
 */
export class DevServerProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  readonly address: string;

  constructor(
    private readonly cli: string,
    readonly port: number,
    private readonly dbFile: string,
  ) {
    this.address = `127.0.0.1:${port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const args = [
      'server',
      'start-dev',
      '--db-filename',
      this.dbFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--headless',
      '--log-level',
      'error',
      ...TEMPORAL_SERVER_DYNAMIC_CONFIG.flatMap((v) => ['--dynamic-config-value', v]),
      ...SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cliTypeName(k.type)}`]),
    ];
    this.output = [];
    const child = spawn(this.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => tail(this.output, c));
    child.stderr!.on('data', (c: Buffer) => tail(this.output, c));
    const deadline = Date.now() + timeoutMs;
    while (!(await answers(this.address))) {
      if (child.exitCode !== null)
        throw new Error(`Temporal dev server exited with code ${child.exitCode}:\n${this.output.join('\n')}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `Temporal dev server did not answer on ${this.address} within ${timeoutMs / 1000} s:\n${this.output.join('\n')}`,
        );
      }
      await sleep(250);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exitOf(child);
    clearTimeout(timer);
  }
}

/** Runs a shell command (FAULTS_PG_STOP / FAULTS_PG_START); rejects with its output when it fails. */
export function shell(command: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(command, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`\`${command}\` failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}
