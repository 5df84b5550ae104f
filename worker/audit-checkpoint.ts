/**
 * The audit checkpoint task: every `intervalMs` (AUDIT_CHECKPOINT_INTERVAL, default 1 min) the worker
 * commits the audit chain heads that moved into a checkpoint (db/audit.repository.ts
 * `writeAuditCheckpoint`). Every worker process runs it; a transaction-scoped advisory lock lets one
 * write at a time and the others skip that tick. What a tick does not commit (a worker died mid-way, a
 * head locked by an append in flight) stays pending in `audit_chain_heads` and the next tick of any
 * worker commits it: the state is in PostgreSQL, not in the process.
 */
import type { Kysely } from 'kysely';
import { writeAuditCheckpoint } from '../db/audit.repository';
import type { Database } from '../db/database';

export function startAuditCheckpoints(
  db: Kysely<Database>,
  intervalMs: number,
  onError: (e: unknown) => void = (e) => console.error(`audit checkpoint failed: ${(e as Error)?.message ?? e}`),
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => writeAuditCheckpoint(db)).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
