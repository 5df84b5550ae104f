/**
 * Table `receivable_entries`: the append-only ledger of each receivable 欠款臺帳 — its invoice, credit
 * notes, adjustments and receipt allocations, each a signed exact `amount` (positive raises what is owed)
 * counting from `entry_date`. A database trigger refuses UPDATE and DELETE.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { EntryKind } from '../domain/ledger';

export interface ReceivableEntryTable {
  id: Generated<number>;
  receivable_id: number;
  customer_no: string;
  currency: string;
  kind: EntryKind;
  amount: string;
  entry_date: string;
  /** The receipt of an allocation; null for every other kind. */
  receipt_id: number | null;
  reason: string | null;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type ReceivableEntryRow = Selectable<ReceivableEntryTable>;
