/**
 * Tables of reconciliation 對帳 (migration 0014): write-off proposals 壞賬核銷, statements 對帳單 with their
 * lines (a snapshot as sent), dispute cases 爭議, finance's balance uploads and their differences, notes,
 * and collection-rate targets. Amounts are numeric(18,4) decimal strings; dates business dates `YYYY-MM-DD`.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

/** `withdrawn`: its proposer withdrew it while proposed or returned (migration 0033). */
export type WriteOffStatus = 'proposed' | 'approved' | 'refused' | 'returned' | 'withdrawn';

export interface WriteOffTable {
  id: Generated<number>;
  receivable_id: number;
  customer_no: string;
  currency: string;
  /** Positive: how much of the receivable is written off. */
  amount: string;
  reason: string;
  status: WriteOffStatus;
  proposed_by: string;
  proposed_role: string;
  /** Where the proposal came from: `desk`, or `collection_case:<id>` (the abnormal-collection workflow). */
  source: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  /** The `write_off` ledger entry, once approved. */
  entry_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type WriteOffRow = Selectable<WriteOffTable>;

export type StatementStatus = 'draft' | 'sent' | 'confirmed' | 'disputed';

/** One currency section of a statement: movements of the period (decimal strings, 4 places). */
export interface StatementSection {
  currency: string;
  opening: string;
  invoiced: string;
  credited: string;
  adjusted: string;
  received: string;
  writtenOff: string;
  closing: string;
  /** Receipts' credit not yet allocated, as of the period's end. */
  unallocatedCredit: string;
}

export interface StatementTable {
  id: Generated<number>;
  customer_no: string;
  period_from: string;
  period_to: string;
  status: StatementStatus;
  sections: ColumnType<StatementSection[], string, string>;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  sent_by: string | null;
  sent_on: string | null;
  answered_by: string | null;
  answered_on: string | null;
  customer_reference: string | null;
  /** Drawn before migration 0031 overlapping an earlier statement of its customer: left out of `statements_no_overlap`. */
  legacy_overlap: Generated<boolean>;
}
export type StatementRow = Selectable<StatementTable>;

export interface StatementLineTable {
  id: Generated<number>;
  statement_id: number;
  line_no: number;
  receivable_id: number;
  currency: string;
  job_no: string;
  label: string;
  invoice_date: string;
  due_date: string;
  amount: string;
  /** Outstanding as of the period's last day. */
  outstanding: string;
}
export type StatementLineRow = Selectable<StatementLineTable>;

export type DisputeOutcome = 'adjustment' | 'credit_note' | 'customer_pays';

export interface DisputeCaseTable {
  id: Generated<number>;
  statement_id: number;
  statement_line_id: number;
  receivable_id: number;
  customer_no: string;
  currency: string;
  amount: string;
  reason: string;
  owner_id: string;
  status: 'open' | 'resolved';
  outcome: DisputeOutcome | null;
  resolution: string | null;
  entry_id: number | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type DisputeCaseRow = Selectable<DisputeCaseTable>;

export interface BalanceUploadTable {
  id: Generated<number>;
  as_of: string;
  format: 'csv' | 'xlsx';
  uploaded_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type BalanceUploadRow = Selectable<BalanceUploadTable>;

export interface BalanceDifferenceTable {
  id: Generated<number>;
  upload_id: number;
  row_no: number;
  customer_no: string;
  currency: string;
  finance_balance: string;
  /** The ledger's net balance (outstanding − unallocated credit) as of the upload's date, when uploaded. */
  ledger_balance: string;
  status: 'agreed' | 'open' | 'resolved';
  resolution: 'correction' | 'explanation' | null;
  resolution_note: string | null;
  entry_id: number | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}
export type BalanceDifferenceRow = Selectable<BalanceDifferenceTable>;

export interface ReconciliationNoteTable {
  id: Generated<number>;
  subject: 'dispute' | 'balance_difference';
  subject_id: number;
  note: string;
  written_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type ReconciliationNoteRow = Selectable<ReconciliationNoteTable>;

export interface CollectionTargetTable {
  owner_id: string;
  /** `YYYY-MM`. */
  month: string;
  /** Per cent, 0–100, two decimals. */
  target_pct: string;
  set_by: string;
  set_at: ColumnType<Date, Date | undefined, Date>;
}
export type CollectionTargetRow = Selectable<CollectionTargetTable>;
