/**
 * Delivers queued notifications (reminders, escalations, notices) through pluggable senders. Rows are
 * claimed with SKIP LOCKED, so several worker processes can dispatch side by side without sending twice.
 * A notice to a user (`channel: user`) is logged and, where the user has an e-mail address and SMTP is
 * configured, mailed (zh-Hant template, worker/notice-mail.ts); a notice to a customer (`channel: sms`,
 * the delivery notice before delivery, §2.4.4) goes to the SMS sender (the default logs it).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { claimPendingNotifications, findNoticeContacts, markNotificationSent } from '../db/work-item.repository';
import { renderNoticeMail } from './notice-mail';

export interface OutgoingNotification {
  id: number;
  kind: string;
  channel: 'user' | 'sms';
  /** A user id (`user`), or `customer:<customerNo>` (`sms`). */
  recipientId: string;
  /** The user's display name and e-mail address (null: none on file); the customer's phone for `sms`. */
  recipientName: string | null;
  recipientEmail: string | null;
  recipientPhone: string | null;
  recordType: string;
  recordId: string;
  subject: string;
  body: string;
}

/** Where notices go: e-mail, SMS, chat… */
export interface NotificationSender {
  send(n: OutgoingNotification): Promise<void>;
}

/** Texts a customer's phone (an SMS gateway). */
export interface SmsSender {
  sendSms(to: string, text: string): Promise<void>;
}

/** Anything with nodemailer's `sendMail` (a transport from `createTransport`). */
export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

export const loggingSender = (log: (line: string) => void = (l) => console.log(l)): NotificationSender => ({
  async send(n) {
    log(`[notice → ${n.recipientId}] ${n.subject}: ${n.body}`);
  },
});

/** The default SMS sender: logs the text (development, or until a gateway is plugged in). */
export const loggingSmsSender = (log: (line: string) => void = (l) => console.log(l)): SmsSender => ({
  async sendSms(to, text) {
    log(`[sms → ${to}] ${text}`);
  },
});

/** Mails a user's notice through `transport` from `from`; a user without an address gets none (logged only). */
export const mailSender = (transport: MailTransport, from: string): NotificationSender => ({
  async send(n) {
    if (n.channel !== 'user' || !n.recipientEmail) return;
    await transport.sendMail({ from, to: n.recipientEmail, ...renderNoticeMail(n) });
  },
});

/**
 * The outbox's sender: user notices to the log and to mail (when given), customer notices to SMS. A mail or
 * SMS that throws fails the notice (marked `failed`).
 */
export function noticeSender(opts: {
  log?: (line: string) => void;
  mail?: NotificationSender;
  sms?: SmsSender;
}): NotificationSender {
  const log = loggingSender(opts.log);
  const sms = opts.sms ?? loggingSmsSender(opts.log);
  return {
    async send(n) {
      if (n.channel === 'sms') {
        if (!n.recipientPhone) throw new Error(`no phone number for ${n.recipientId}`);
        await sms.sendSms(n.recipientPhone, n.body);
        return;
      }
      await log.send(n);
      await opts.mail?.send(n);
    },
  };
}

/** Sends up to `batch` pending notices; a notice whose send throws is marked failed. Returns how many were handled. */
export async function dispatchOnce(db: Kysely<Database>, sender: NotificationSender, batch = 50): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await claimPendingNotifications(trx, batch);
    const customerOf = (id: string) => (id.startsWith('customer:') ? id.slice('customer:'.length) : null);
    const contacts = await findNoticeContacts(
      trx,
      rows.filter((r) => r.channel === 'user').map((r) => r.recipient_id),
      rows.flatMap((r) => (r.channel === 'sms' && customerOf(r.recipient_id) ? [customerOf(r.recipient_id)!] : [])),
    );
    for (const r of rows) {
      const user = r.channel === 'user' ? contacts.users.get(r.recipient_id) : undefined;
      const customerNo = r.channel === 'sms' ? customerOf(r.recipient_id) : null;
      try {
        await sender.send({
          id: r.id,
          kind: r.kind,
          channel: r.channel,
          recipientId: r.recipient_id,
          recipientName: user?.name ?? null,
          recipientEmail: user?.email ?? null,
          recipientPhone: customerNo ? (contacts.phones.get(customerNo) ?? null) : null,
          recordType: r.record_type,
          recordId: r.record_id,
          subject: r.subject,
          body: r.body,
        });
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
