/**
 * `collection-plan-<customerNo>`: the durable reminder to call a customer before its planned collection
 * date (§3.4.3: within the 3 days before it). Started or told by `PUT /customers/{no}/collection-plan`
 * (signal-with-start `collection.planChanged`); a durable timer waits until the call window opens (the
 * start of the business day 3 days before the planned date), then one activity puts the call into the
 * salesperson's inbox (`collection_plan` item due at the end of the planned date) and the notification
 * outbox. A recorded call (`collection.called`) or the planned date passing closes the item; a new plan
 * restarts the wait. The run ends when its plan is done; the next plan starts a new run.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { acts } from './activities';
import {
  collectionCalledSignal,
  collectionPlanChangedSignal,
  type CollectionPlanInput,
} from './collection.definitions';

export async function collectionPlanWorkflow(input: CollectionPlanInput): Promise<{ outcome: string }> {
  let plan = input;
  let version = 0;
  let called = false;
  setHandler(collectionPlanChangedSignal, (next) => {
    plan = next;
    version += 1;
    called = false;
  });
  setHandler(collectionCalledSignal, () => {
    called = true;
  });
  for (;;) {
    const watched = version;
    const current = plan;
    // Wait for the window to open (or a new plan / a call before it).
    const waitMs = Date.parse(current.callFrom) - Date.now();
    if (waitMs > 0 && (await condition(() => version !== watched || called, waitMs))) {
      if (version !== watched) continue;
      return { outcome: 'called_before_window' };
    }
    if (called) return { outcome: 'called_before_window' };
    await acts.openCallReminder({
      customerNo: current.customerNo,
      ownerId: current.ownerId,
      plannedOn: current.plannedOn,
      dueAt: current.plannedEnd,
    });
    const left = Math.max(Date.parse(current.plannedEnd) - Date.now(), 1);
    await condition(() => version !== watched || called, left);
    const outcome = version !== watched ? 'replanned' : called ? 'called' : 'planned_date_passed';
    await acts.closeCallReminder({ customerNo: current.customerNo, closedBy: called ? current.ownerId : 'system' });
    if (version !== watched) continue;
    return { outcome };
  }
}
