/** The notification outbox (`notifications`): reminders, escalations, notices; sent by a pluggable sender. */
import type { ColumnType, Generated } from 'kysely';

type Created = ColumnType<Date, never, never>;

export interface NotificationTable {
  id: Generated<number>;
  kind: string;
  recipient_id: string;
  record_type: string;
  record_id: string;
  subject: string;
  body: string;
  dedupe_key: string;
  /** `user`: recipient_id is a user id (logged, and mailed where the user has an address); `sms`: a customer's phone number. */
  channel: ColumnType<'user' | 'sms', 'user' | 'sms' | undefined, never>;
  state: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'failed'>;
  created_at: Created;
  sent_at: Date | null;
}
