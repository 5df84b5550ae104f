/**
 * The worker process as production runs it (`node --import tsx worker/main.ts`) exposes Prometheus
 * metrics on its two endpoints (worker/metrics.ts): the Temporal SDK core's own (task slots, requests
 * to the server, pollers…) and this process's registry (activity failures, Node process metrics).
 * A child process, because the SDK's Runtime (which carries the core's exporter) is installed once
 * per process and the test processes already have theirs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, WorkerProcess } from '../faults/support/processes';
import { createTestDatabase } from '../support/database';

const cleanup: (() => Promise<unknown>)[] = [];
let corePort: number;
let appPort: number;

beforeAll(async () => {
  corePort = await freePort();
  appPort = await freePort();
  // Its own database (or PGlite directory): the worker migrates what it is given.
  const dataDir = await mkdtemp(join(tmpdir(), 'ff-worker-metrics-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const dbh = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  if (dbh) cleanup.push(() => dbh.close());
  const worker = new WorkerProcess({
    ...(dbh?.url ? { DATABASE_URL: dbh.url } : {}),
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `metrics-${Math.random().toString(36).slice(2, 8)}`,
    WORKER_METRICS_ADDRESS: `127.0.0.1:${corePort}`,
    WORKER_APP_METRICS_ADDRESS: `127.0.0.1:${appPort}`,
    LOG_LEVEL: 'warn',
  });
  cleanup.push(() => worker.stop());
  await worker.start();
});

afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

/** GET /metrics on a port until `ready` holds for its text (the core exports once its workers poll), at most ~30 s. */
async function scrape(
  port: number,
  ready: (text: string) => boolean,
): Promise<{ status: number; type: string; text: string }> {
  let last = { status: 0, type: '', text: '' };
  for (let i = 0; i < 60; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      last = { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
      if (res.status === 200 && ready(last.text)) return last;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

/** The metric names (without labels) of a Prometheus text exposition. */
const namesOf = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/[{\s]/)[0]!),
  );

describe('the worker process’s Prometheus metrics', () => {
  it('the Temporal core endpoint serves the SDK’s own worker metrics: task slots, requests to the server, pollers', async () => {
    // The core exports each series once it has something to say (a worker type's slots after its first
    // poll), so wait until every series below is there rather than for the first of them.
    const slotsOf = (type: string) => new RegExp(`temporal_worker_task_slots_available\\{[^}]*worker_type="${type}"`);
    const core = await scrape(
      corePort,
      (t) =>
        slotsOf('WorkflowWorker').test(t) &&
        slotsOf('ActivityWorker').test(t) &&
        t.includes('temporal_request') &&
        t.includes('temporal_num_pollers'),
    );
    expect(core.status).toBe(200);
    const names = namesOf(core.text);
    expect(names).toContain('temporal_worker_task_slots_available');
    expect([...names].some((n) => n.startsWith('temporal_request'))).toBe(true);
    expect([...names].some((n) => n.startsWith('temporal_num_pollers'))).toBe(true);
    // Labelled by task queue and worker type, so a dashboard can tell workflow from activity slots.
    expect(core.text).toMatch(slotsOf('WorkflowWorker'));
    expect(core.text).toMatch(slotsOf('ActivityWorker'));
  });

  it('the app endpoint serves the process registry: activity failures and Node process metrics; other paths 404', async () => {
    const app = await scrape(appPort, (t) => t.includes('freightflow_'));
    expect(app.status).toBe(200);
    expect(app.type).toContain('text/plain');
    expect(app.text).toContain('# TYPE freightflow_activity_failures_total counter');
    expect(namesOf(app.text)).toContain('freightflow_process_cpu_user_seconds_total');
    expect((await fetch(`http://127.0.0.1:${appPort}/other`)).status).toBe(404);
  });
});
