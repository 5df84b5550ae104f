/**
 * Everything the bench starts registers how to undo it here; `run` undoes it in reverse order, once,
 * whether the bench ends normally, on an error or on Ctrl-C. A last, synchronous `exit` hook kills
 * any child process still alive, so nothing outlives the bench even when cleanup cannot finish.
 */
import type { ChildProcess } from 'node:child_process';

interface Task {
  name: string;
  fn: () => Promise<void>;
  timeoutMs: number;
}

export class Cleanup {
  private readonly tasks: Task[] = [];
  private readonly children = new Set<ChildProcess>();
  private running: Promise<void> | undefined;

  constructor() {
    process.on('exit', () => {
      for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
  }

  /** Registers an undo step; runs after every step registered later. */
  add(name: string, fn: () => Promise<void>, timeoutMs = 30_000): void {
    this.tasks.push({ name, fn, timeoutMs });
  }

  /** A child to SIGKILL when the process exits and it is still alive. */
  child(c: ChildProcess): void {
    this.children.add(c);
    c.once('exit', () => this.children.delete(c));
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  run(log: (m: string) => void = (m) => console.error(m)): Promise<void> {
    this.running ??= (async () => {
      while (this.tasks.length) {
        const t = this.tasks.pop()!;
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            t.fn(),
            new Promise<void>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs / 1000} s`)), t.timeoutMs);
            }),
          ]);
        } catch (e) {
          log(`cleanup: ${t.name} failed: ${(e as Error).message}`);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.running;
  }

  /** Kills every child at once (second Ctrl-C). */
  killChildren(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}
