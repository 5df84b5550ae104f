import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

/** One row per accepted state change: who, in which role, for whom, when, from and to, why, what changed. */
export interface AuditTable {
  id: Generated<number>;
  occurred_at: ColumnType<Date, Date | undefined, never>;
  actor_id: string;
  actor_role: string;
  on_behalf_of: string | null;
  record_type: string;
  record_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  comment: string | null;
  changes: JSONColumnType<Record<string, unknown> | null, string | null, never>;
  idempotency_key: string | null;
  prev_hash: string;
  row_hash: string;
}

/** A step a workflow refused (role, state or segregation of duties): not a change, but part of what auditors see. */
export interface StepRejectionTable {
  id: Generated<number>;
  occurred_at: ColumnType<Date, Date | undefined, never>;
  actor_id: string;
  actor_role: string;
  on_behalf_of: string | null;
  record_type: string;
  record_id: string;
  event: string;
  code: string;
  message: string;
  idempotency_key: string | null;
}
export type AuditRow = Selectable<AuditTable>;
export type NewAuditRow = Insertable<AuditTable>;
