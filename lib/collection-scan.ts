/**
 * The Temporal Schedule that detects money past due: every `scanEveryMs` it starts the scan workflow
 * (workflows/collection-scan.workflow.ts), which opens a collection case per customer and currency with
 * money past due and none open. A Schedule lives in the Temporal server, so it survives restarts of the
 * worker, the API and the server itself (missed runs within a day are caught up; overlapping runs are
 * skipped). Created when missing, and brought to the configured interval when it exists, by every API
 * process at start (`npm run api`, `npm run dev`): idempotent, so N processes create one. Each start also triggers
 * one scan at once (overlap: skip), so what is already past due does not wait a whole interval.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { collectionScanScheduleId } from '../workflows/ids';
import type { CollectionScanInput } from '../workflows/collection.definitions';

/** Creates or updates the collection scan Schedule of this deployment (task queue and workflow-id prefix); returns its id. */
export async function ensureCollectionScanSchedule(
  client: Client,
  o: { taskQueue: string; workflowIdPrefix: string; everyMs: number },
): Promise<string> {
  const scheduleId = collectionScanScheduleId(o.workflowIdPrefix);
  const args: [CollectionScanInput] = [{ workflowIdPrefix: o.workflowIdPrefix }];
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'collectionScanWorkflow',
    workflowId: `${scheduleId}-run`,
    taskQueue: o.taskQueue,
    args,
  };
  const spec = { intervals: [{ every: o.everyMs }] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action }));
  }
  // One scan now, not one interval after start (an hour by default): money already past due opens its case when the
  // system comes up (found by a fresh-clone try-out). Skipped if a scan is running; cases are idempotent per customer.
  await client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.SKIP);
  return scheduleId;
}
