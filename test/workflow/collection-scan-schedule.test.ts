/**
 * The collection scan Schedule (lib/collection-scan.ts) scans once when a process ensures it, not only one interval
 * later (an hour by default): a fresh-clone try-out found `/desk/collection-cases` empty for the first hour although
 * money was past due. Against the test run's Temporal dev server; the started scan itself is not run here (no worker
 * on this task queue) — its rules are tested in test/http/collection-cases.test.ts.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { ensureCollectionScanSchedule } from '../../lib/collection-scan';

let connection: Connection;
let client: Client;
const prefix = `scan-${Math.random().toString(36).slice(2, 8)}-`;
const ids: string[] = [];

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: 'default' });
});
afterAll(async () => {
  for (const id of ids)
    await client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  await connection?.close();
});

const actionsOf = async (id: string) => (await client.schedule.getHandle(id).describe()).info.recentActions.length;

it('ensuring the Schedule starts one scan at once, on creation and again on a later start, with an interval of an hour', async () => {
  const o = { taskQueue: `${prefix}q`, workflowIdPrefix: prefix, everyMs: 3_600_000 };
  const id = await ensureCollectionScanSchedule(client, o);
  ids.push(id);
  await expect.poll(() => actionsOf(id), { timeout: 20_000 }).toBe(1);
  const started = (await client.schedule.getHandle(id).describe()).info.recentActions[0]!.action.workflow.workflowId;
  // The scan did not run (no worker): terminate it so the next start is not skipped as an overlap.
  await client.workflow.getHandle(started).terminate('test');
  await ensureCollectionScanSchedule(client, o);
  await expect.poll(() => actionsOf(id), { timeout: 20_000 }).toBe(2);
  // The interval is still the configured hour: nothing else ran in between.
  const d = await client.schedule.getHandle(id).describe();
  expect(d.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
});
