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

/**
 * The head of one record's audit chain (migration 0017): how many rows the chain has (`seq`), the id and
 * hash of its last row, and how far a checkpoint has committed it (`committed_seq`). Appends lock this
 * row — and only this row — so appends to other records run in parallel. A cache of the chain's end,
 * not evidence: `audit:verify` recomputes it from the rows.
 */
export interface AuditChainHeadTable {
  record_type: string;
  record_id: string;
  seq: number;
  head_id: number | null;
  head_hash: string;
  committed_seq: number;
}

/** Where the per-record chains begin: the last row, row count and last hash of the single global chain of before 0017. */
export interface AuditChainOriginTable {
  id: number;
  legacy_last_id: number;
  legacy_rows: number;
  legacy_last_hash: string;
  migrated_at: ColumnType<Date, Date | undefined, never>;
}

/** A checkpoint: the Merkle root of the chain heads that moved since the previous one, chained to it. Append-only. */
export interface AuditCheckpointTable {
  id: Generated<number>;
  created_at: ColumnType<Date, Date, never>;
  prev_hash: string;
  leaf_count: number;
  merkle_root: string;
  hash: string;
}

/** One record's chain head as a checkpoint committed it. Append-only. */
export interface AuditCheckpointLeafTable {
  checkpoint_id: number;
  record_type: string;
  record_id: string;
  seq: number;
  head_id: number;
  head_hash: string;
}
