/**
 * The Temporal Schedules of the salesperson's rhythm, one per deadline — `rhythm-diary`, `rhythm-weekly`,
 * `rhythm-monthly`, `rhythm-annual` (visible in the Temporal UI under Schedules): each morning at
 * `RHYTHM_REMINDERS_AT` (default 08:30) in the business time zone, or every `RHYTHM_REMINDERS_EVERY` when set
 * (tests, demos), each starts `rhythmReminderWorkflow` (workflows/rhythm-reminder.workflow.ts), which reminds
 * whoever has not submitted what is due by then. They run every day: whether a date is due is the business
 * calendar's question (holidays, make-up working days, the admin's overrides), answered by the run.
 * Missed runs within a day are caught up (each checks its own scheduled date); overlapping runs are skipped.
 * Created when missing and brought to the configuration when they exist, by every API process at start:
 * idempotent, so N processes create one of each.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleSpec } from '@temporalio/client';
import { RHYTHM_DEADLINES } from '../domain/rhythm';
import { rhythmScheduleId } from '../workflows/ids';
import type { RhythmReminderInput } from '../workflows/rhythm-reminder.workflow';
import { businessTimeZone } from './dates';

/** Creates or updates the rhythm's Schedules of this deployment (task queue, workflow-id prefix); returns their ids. */
export async function ensureRhythmSchedules(
  client: Client,
  o: { taskQueue: string; workflowIdPrefix: string; at: { hour: number; minute: number }; everyMs?: number },
): Promise<string[]> {
  const spec: ScheduleSpec = o.everyMs
    ? { intervals: [{ every: o.everyMs }] }
    : { calendars: [{ hour: o.at.hour, minute: o.at.minute, comment: 'each morning' }], timezone: businessTimeZone() };
  const ids: string[] = [];
  for (const deadline of RHYTHM_DEADLINES) {
    const scheduleId = rhythmScheduleId(o.workflowIdPrefix, deadline);
    const args: [RhythmReminderInput] = [{ deadline }];
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'rhythmReminderWorkflow',
      workflowId: `${scheduleId}-run`,
      taskQueue: o.taskQueue,
      args,
    };
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
    ids.push(scheduleId);
  }
  return ids;
}
