/**
 * The collection plan's durable call reminder (workflow `collection-plan-<customerNo>`), told by the
 * collection-schedule routes: a new planned date starts or re-arms it (signal-with-start), a recorded
 * call closes its inbox item. The call window is the 3 days before the planned date (CALL_WINDOW_DAYS).
 */
import { addCalendarDays } from '../../domain/payment-terms';
import { endOfBusinessDay } from '../../lib/dates';
import {
  collectionCalledSignal,
  collectionPlanChangedSignal,
  type CollectionPlanInput,
  type CollectionPlanWorkflow,
} from '../../workflows/collection.definitions';
import { collectionPlanWorkflowId } from '../../workflows/ids';
import type { ApiDeps } from '../deps';
import { callTemporal } from '../temporal-call';

/**
 * Starts or re-arms the reminder of `customerNo` for `plannedOn` (the call window opens at the start of
 * the business day `windowDays` before it). Throws AppError `unavailable` (503) when Temporal cannot be reached.
 */
export async function armCallReminder(
  deps: ApiDeps,
  p: { customerNo: string; ownerId: string; plannedOn: string; windowDays: number },
): Promise<void> {
  const input: CollectionPlanInput = {
    customerNo: p.customerNo,
    ownerId: p.ownerId,
    plannedOn: p.plannedOn,
    callFrom: endOfBusinessDay(addCalendarDays(p.plannedOn, -p.windowDays - 1)),
    plannedEnd: endOfBusinessDay(p.plannedOn),
  };
  const { taskQueue, workflowIdPrefix } = deps.temporalConfig;
  await callTemporal(deps, () =>
    deps.temporal.workflow.signalWithStart<CollectionPlanWorkflow, [CollectionPlanInput]>('collectionPlanWorkflow', {
      workflowId: collectionPlanWorkflowId(workflowIdPrefix, p.customerNo),
      taskQueue,
      args: [input],
      signal: collectionPlanChangedSignal,
      signalArgs: [input],
    }),
  );
}

/** Tells the reminder of `customerNo` that the call was made (nothing when no reminder runs). */
export async function callRecorded(deps: ApiDeps, customerNo: string, calledOn: string): Promise<void> {
  try {
    await callTemporal(deps, () =>
      deps.temporal.workflow
        .getHandle(collectionPlanWorkflowId(deps.temporalConfig.workflowIdPrefix, customerNo))
        .signal(collectionCalledSignal, { calledOn }),
    );
  } catch {
    // No running reminder (no plan, or its date passed): the call is recorded all the same.
  }
}
