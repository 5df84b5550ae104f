/**
 * The visit's durable re-confirm reminder (workflow `visit-reminder-<visitId>`), told by the visit
 * routes: an appointment made more than two days before the visit starts or re-arms it
 * (signal-with-start); a re-confirmation, the record or a cancellation ends it.
 */
import { plusDays } from '../../domain/calendar';
import { endOfBusinessDay, businessToday } from '../../lib/dates';
import {
  visitReminderChangedSignal,
  type VisitReminderInput,
  type VisitReminderMessage,
  type VisitReminderWorkflow,
} from '../../workflows/visit.definitions';
import { visitReminderWorkflowId } from '../../workflows/ids';
import type { ApiDeps } from '../deps';
import { callTemporal } from '../temporal-call';

/**
 * Starts or re-arms the reminder of visit `visitId` at `plannedAt`: it lands at the start of the business
 * day before the visit. Throws AppError `unavailable` (503) when Temporal cannot be reached.
 */
export async function armVisitReminder(
  deps: ApiDeps,
  p: { visitId: number; customerNo: string; ownerId: string; plannedAt: Date },
): Promise<void> {
  const day = businessToday(p.plannedAt);
  const input: VisitReminderInput = {
    visitId: p.visitId,
    customerNo: p.customerNo,
    ownerId: p.ownerId,
    remindAt: endOfBusinessDay(plusDays(day, -2)),
    plannedAt: p.plannedAt.toISOString(),
  };
  const { taskQueue, workflowIdPrefix } = deps.temporalConfig;
  await callTemporal(deps, () =>
    deps.temporal.workflow.signalWithStart<VisitReminderWorkflow, [VisitReminderMessage]>('visitReminderWorkflow', {
      workflowId: visitReminderWorkflowId(workflowIdPrefix, p.visitId),
      taskQueue,
      args: [input],
      signal: visitReminderChangedSignal,
      signalArgs: [{ next: input }],
    }),
  );
}

/** Ends the reminder of a visit (nothing when none runs). */
export async function endVisitReminder(
  deps: ApiDeps,
  visitId: number,
  done: 'reconfirmed' | 'recorded' | 'cancelled',
): Promise<void> {
  try {
    await callTemporal(deps, () =>
      deps.temporal.workflow
        .getHandle(visitReminderWorkflowId(deps.temporalConfig.workflowIdPrefix, visitId))
        .signal(visitReminderChangedSignal, { done }),
    );
  } catch {
    // No running reminder (none needed, or it ended): nothing to tell.
  }
}
