/**
 * `visit-reminder-<visitId>`: the durable reminder to re-confirm a visit whose appointment was made more
 * than two days ahead (§3.2.7: 若預約時間相隔較長，一般二天以上，出門時牢記再聯系確認一次). Started or told by
 * the visit routes (signal-with-start `visit.changed`); a durable timer waits until the start of the
 * business day before the visit, then one activity puts "re-confirm" into the salesperson's inbox (due at
 * the visit) and the notification outbox. A re-confirmation, the record, a cancellation (`done`) or the
 * visit's time passing closes the item; a new appointment re-arms the wait.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { acts } from './activities';
import { visitReminderChangedSignal, type VisitReminderInput } from './visit.definitions';

export async function visitReminderWorkflow(input: VisitReminderInput): Promise<{ outcome: string }> {
  let plan = input;
  let version = 0;
  let done: string | null = null;
  setHandler(visitReminderChangedSignal, (msg) => {
    if ('done' in msg) done = msg.done;
    else {
      plan = msg.next;
      version += 1;
    }
  });
  for (;;) {
    const watched = version;
    const current = plan;
    const waitMs = Date.parse(current.remindAt) - Date.now();
    if (waitMs > 0 && (await condition(() => version !== watched || done !== null, waitMs))) {
      if (done !== null) return { outcome: done };
      continue;
    }
    if (done !== null) return { outcome: done };
    await acts.openVisitReminder({
      visitId: current.visitId,
      customerNo: current.customerNo,
      ownerId: current.ownerId,
      plannedAt: current.plannedAt,
    });
    const left = Math.max(Date.parse(current.plannedAt) - Date.now(), 1);
    await condition(() => version !== watched || done !== null, left);
    await acts.closeVisitReminder({ visitId: current.visitId, closedBy: done ? current.ownerId : 'system' });
    if (done !== null) return { outcome: done };
    if (version !== watched) continue;
    return { outcome: 'visit_time_passed' };
  }
}
