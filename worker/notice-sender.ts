/** The outbox's sender as configured: the log, e-mail through SMTP when `SMTP_URL` is set, SMS by the logging sender. */
import nodemailer from 'nodemailer';
import type { AppConfig } from '../lib/config';
import { mailSender, noticeSender, type NotificationSender, type SmsSender } from './outbox';

/**
 * Builds the sender of `npm run worker` and `npm run dev`: user notices are logged and, with `cfg.mail.smtpUrl`,
 * mailed from `cfg.mail.from`; customer SMS go to `sms` (default: logged — plug a gateway in here).
 */
export function createNoticeSender(cfg: Pick<AppConfig, 'mail'>, sms?: SmsSender): NotificationSender {
  const mail = cfg.mail.smtpUrl ? mailSender(nodemailer.createTransport(cfg.mail.smtpUrl), cfg.mail.from) : undefined;
  return noticeSender({ ...(mail ? { mail } : {}), ...(sms ? { sms } : {}) });
}
