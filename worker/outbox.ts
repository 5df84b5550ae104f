/**
 * Delivers queued notifications (reminders, escalations, notices) through a pluggable sender. Rows are
 * claimed with SKIP LOCKED, so several worker processes can dispatch side by side without sending twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { claimPendingNotifications, markNotificationSent } from '../db/work-item.repository';

export interface OutgoingNotification {
  id: number;
  kind: string;
  recipientId: string;
  subject: string;
  body: string;
}

/** Where notices go: e-mail, SMS, chat… The default logs them (development). */
export interface NotificationSender {
  send(n: OutgoingNotification): Promise<void>;
}

export const loggingSender = (log: (line: string) => void = (l) => console.log(l)): NotificationSender => ({
  async send(n) {
    log(`[notice → ${n.recipientId}] ${n.subject}: ${n.body}`);
  },
});

/** Sends up to `batch` pending notices; a notice whose send throws is marked failed. Returns how many were handled. */
export async function dispatchOnce(db: Kysely<Database>, sender: NotificationSender, batch = 50): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await claimPendingNotifications(trx, batch);
    for (const r of rows) {
      try {
        await sender.send({ id: r.id, kind: r.kind, recipientId: r.recipient_id, subject: r.subject, body: r.body });
        await markNotificationSent(trx, r.id, 'sent');
      } catch {
        await markNotificationSent(trx, r.id, 'failed');
      }
    }
    return rows.length;
  });
}

/** Polls the outbox every `intervalMs` until stopped. */
export function startOutboxDispatcher(
  db: Kysely<Database>,
  sender: NotificationSender,
  intervalMs = 2000,
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => dispatchOnce(db, sender)).catch(() => undefined);
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
