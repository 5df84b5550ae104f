/**
 * Visits' I/O run by workflows: the re-confirm reminder's inbox item (`visit_reminder`, one per visit) and
 * its notice. Each is one idempotent transaction (the notice's dedupe key, the item replaced in place).
 */
import type { Kysely } from 'kysely';
import { customerText } from '../db/customer.repository';
import type { Database } from '../db/database';
import { enqueueNotification, moveWorkItem } from '../db/work-item.repository';
import { businessDateTime } from '../lib/dates';

export function createVisitActivities({ db }: { db: Kysely<Database> }) {
  return {
    /** The day before a visit: "re-confirm the appointment" in the salesperson's inbox (due at the visit) and a notice, once per planned time. */
    async openVisitReminder(input: {
      visitId: number;
      customerNo: string;
      ownerId: string;
      plannedAt: string;
    }): Promise<void> {
      const when = businessDateTime(new Date(input.plannedAt));
      await db.transaction().execute(async (trx) => {
        await moveWorkItem(trx, {
          recordType: 'visit_reminder',
          recordId: String(input.visitId),
          closedBy: 'system',
          next: {
            step: 'visit.reconfirm',
            role: 'sales',
            ownerId: input.ownerId,
            customerNo: input.customerNo,
            summary: { stepLabel: '再次確認拜訪預約 Re-confirm the visit', plannedAt: input.plannedAt },
            dueAt: input.plannedAt,
          },
        });
        const customer = await customerText(trx, input.customerNo);
        await enqueueNotification(trx, {
          kind: 'visit_reconfirm_due',
          recipientId: input.ownerId,
          recordType: 'visit',
          recordId: String(input.visitId),
          subject: `再次確認拜訪 Re-confirm visit: ${customer} ${when}`,
          body:
            `明天 ${when} 拜訪客戶 ${customer}：出門前請再電話確認一次預約。 ` +
            `Visit to customer ${customer} at ${when}: call to re-confirm the appointment before you set out.`,
          dedupeKey: `visit:${input.visitId}:${input.plannedAt}:reconfirm`,
        });
      });
    },

    /** Closes the re-confirm item of a visit (re-confirmed, recorded, cancelled, re-planned or its time passed). */
    async closeVisitReminder(input: { visitId: number; closedBy: string }): Promise<void> {
      await db.transaction().execute((trx) =>
        moveWorkItem(trx, {
          recordType: 'visit_reminder',
          recordId: String(input.visitId),
          closedBy: input.closedBy,
          next: null,
        }),
      );
    },
  };
}
