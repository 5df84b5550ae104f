/** Tables of abnormal collection and credit control: `collection_cases`, `credit_holds`, `credit_limits`. */
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { CollectionProposal } from '../domain/collection-case';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface CollectionCaseTable {
  id: Generated<number>;
  customer_no: string;
  currency: string;
  owner_id: string;
  status: string;
  opened_at: Defaulted<Date>;
  opened_on: string;
  overdue_at_open: string;
  oldest_due_date: string;
  escalated_at: Date | null;
  due_at: Date | null;
  proposal: JSONColumnType<CollectionProposal | null, string | null, string | null>;
  proposed_by: string | null;
  decision: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  closed_at: Date | null;
  closed_reason: string | null;
  workflow_started: Defaulted<boolean>;
}
export type CollectionCaseRow = Selectable<CollectionCaseTable>;

export interface CreditHoldTable {
  customer_no: string;
  on_hold: boolean;
  reason: string;
  case_id: number | null;
  set_by: string;
  set_at: Defaulted<Date>;
}
export type CreditHoldRow = Selectable<CreditHoldTable>;

export interface CreditLimitTable {
  customer_no: string;
  currency: string;
  amount: string;
  set_by: string;
  set_at: Defaulted<Date>;
}
export type CreditLimitRow = Selectable<CreditLimitTable>;

/** A manager's override of a credit hold, for one hold (`hold_set_at`) and one target (migration 0021). */
export interface CreditHoldOverrideTable {
  id: Generated<number>;
  customer_no: string;
  hold_set_at: Date;
  scope: 'job_open' | 'delivery';
  contract_no: string | null;
  job_no: string | null;
  reason: string;
  granted_by: string;
  granted_role: string;
  on_behalf_of: string | null;
  created_at: Defaulted<Date>;
  used_key: string | null;
  used_by: string | null;
  used_job_no: string | null;
  used_at: Date | null;
}
export type CreditHoldOverrideRow = Selectable<CreditHoldOverrideTable>;
