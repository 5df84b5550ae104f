/**
 * One run of a Temporal Schedule `rhythm-<deadline>` (lib/rhythm-schedules.ts; every morning at
 * `RHYTHM_REMINDERS_AT` business time, or every `RHYTHM_REMINDERS_EVERY`): one activity that checks the
 * deadline on the business date of the run's **scheduled** time (so a run caught up after an outage checks the
 * day it was meant for) and reminds whoever has not submitted (activities/rhythm.activities.ts; idempotent).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index';
import type { RhythmDeadline } from '../domain/rhythm';
import { acts } from './activities';

/** Set by the Temporal server on every workflow a Schedule starts. */
const ScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export interface RhythmReminderInput {
  deadline: RhythmDeadline;
}

export async function rhythmReminderWorkflow(
  input: RhythmReminderInput,
): ReturnType<Activities['sendRhythmReminders']> {
  const scheduled = workflowInfo().typedSearchAttributes.get(ScheduledStartTime);
  const at = (scheduled ?? new Date()).toISOString();
  return acts.sendRhythmReminders({ deadline: input.deadline, at });
}
