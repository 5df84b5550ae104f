/**
 * Floors of a step (issue 15 §1), measured beside the HTTP load on the same machine and server at the
 * same concurrency: (a) the bare-PostgreSQL step (bench/baseline.ts) and (b) a no-op Temporal Update
 * round trip (bench/floor.workflow.ts on its own worker process, bench/floor-worker.ts). The floor of a
 * step is a + b; the report divides the HTTP step by it.
 */
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { Cleanup } from './cleanup';
import { waitForOutput } from './processes';
import { spawnNode, type Stack } from './stack';
import { summarize, type Summary } from './stats';

export interface NoopUpdateFigures {
  users: number;
  seconds: number;
  updates: number;
  perSecond: number;
  latency: Summary;
  errors: number;
}

/** Starts the floor worker process on its own task queue; returns its pid and task queue. */
export async function startFloorWorker(stack: Stack, cleanup: Cleanup): Promise<{ pid: number; taskQueue: string }> {
  const taskQueue = `${stack.temporalConfig.taskQueue}-floor`;
  const child = spawnNode(
    'the floor worker',
    'bench/floor-worker.ts',
    {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: stack.temporalConfig.namespace,
      FLOOR_TASK_QUEUE: taskQueue,
    },
    join(stack.runDir, 'floor-worker.log'),
    cleanup,
  );
  await waitForOutput(child, /Floor worker polling/, 180_000, 'the floor worker');
  return { pid: child.pid!, taskQueue };
}

/** Rotated before the history grows long (5 events per Update): a quote's history is a few hundred events. */
const UPDATES_PER_WORKFLOW = 400;

/**
 * `users` loops, each sending no-op Updates back to back to its own workflow (a new one every
 * UPDATES_PER_WORKFLOW) with `executeUpdate`, as the API sends a step; timed after the warm-up.
 * The SDK's default data converter: no payload encryption in the floor.
 */
export async function runNoopUpdates(
  stack: Stack,
  taskQueue: string,
  opts: { users: number; warmupSeconds: number; seconds: number },
): Promise<NoopUpdateFigures> {
  const client = new Client({ connection: stack.temporal.connection, namespace: stack.temporalConfig.namespace });
  const ms: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const windowStart = t0 + opts.warmupSeconds * 1000;
  const windowEnd = windowStart + opts.seconds * 1000;
  const loop = async (u: number) => {
    for (let wf = 0; performance.now() < windowEnd; wf++) {
      const handle = await client.workflow.start('benchFloor', {
        taskQueue,
        workflowId: `${stack.temporalConfig.workflowIdPrefix}floor-${opts.users}u-${u}-${wf}`,
        args: [],
      });
      for (let i = 0; i < UPDATES_PER_WORKFLOW && performance.now() < windowEnd; i++) {
        const s = performance.now();
        try {
          await handle.executeUpdate('noop', { args: [] });
        } catch {
          errors += 1;
          continue;
        }
        const e = performance.now();
        if (s >= windowStart && e <= windowEnd) ms.push(e - s);
      }
      await handle.signal('finish').catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: opts.users }, (_, u) => loop(u)));
  return {
    users: opts.users,
    seconds: opts.seconds,
    updates: ms.length,
    perSecond: Math.round((ms.length / opts.seconds) * 10) / 10,
    latency: summarize(ms),
    errors,
  };
}
