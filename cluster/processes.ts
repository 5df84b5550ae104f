/**
 * Child processes of the cluster: each one logs to a file of its own and is stopped by `Cleanup` (SIGTERM,
 * then SIGKILL), always by its own pid. `AppProcess` is a freightflow worker or API replica that a fault
 * scenario can SIGKILL and start again.
 */
import type { ChildProcess } from 'node:child_process';
import { Cleanup } from '../bench/cleanup';
import { alive, spawnLogged, spawnToLog, stopChild, waitForHttp, waitForOutput } from '../bench/processes';

export { Cleanup, spawnLogged };

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
    const child = spawnToLog(process.execPath, ['--import', 'tsx', this.script], this.env, this.logPath);
    this.current = child;
    this.starts += 1;
    this.cleanup.child(child);
    child.once('exit', (code, signal) => {
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
