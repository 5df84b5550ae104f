import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { CurrencyAmount, PricedLine, FeeItem, CostBudget, ActualCost } from '../lib/pricing';
import type { QuoteStatus } from '../machines/quote.machine';

type Created = ColumnType<Date, never, never>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface QuoteTable {
  quote_no: string;
  customer_no: string;
  owner_id: string;
  tariff_version_no: number;
  status: QuoteStatus;
  revision: number;
  valid_until: string;
  needs_price_approval: boolean;
  below_cost: boolean;
  totals: Json<CurrencyAmount[]>;
  contract_no: string | null;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface QuoteRevisionTable {
  quote_no: string;
  revision: number;
  lines: Json<PricedLine[]>;
  totals: Json<CurrencyAmount[]>;
  needs_price_approval: boolean;
  below_cost: boolean;
  authority_pct: string;
  created_by: string;
  reason: string | null;
  created_at: Created;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Business-project data 「業務項目資料」 commerce completes with the internal quote. */
export interface ProjectData {
  projectName: string;
  cargoDescription?: string | null | undefined;
  estimatedMonthlyContainers?: number | null | undefined;
  settlementCycle?: string | null | undefined;
  remarks?: string | null | undefined;
}

export interface InternalQuoteTable {
  quote_no: string;
  revision: number;
  fee_items: Json<FeeItem[]>;
  project: Json<ProjectData>;
  budget: Json<CostBudget>;
  entered_by: string;
  budget_approved_by: string | null;
  budget_approved_at: Date | null;
  created_at: Created;
}

export interface SettlementBasisTable {
  id: Generated<number>;
  quote_no: string;
  revision: number;
  customer_no: string;
  kind: 'service' | 'fee';
  label: string;
  payer: string | null;
  currency: string;
  revenue: string;
  cost: string;
  created_at: Created;
}

export interface ContractClause {
  no: string;
  title: string;
  text: string;
}

export interface ContractTemplateTable {
  version: number;
  title: string;
  clauses: Json<ContractClause[]>;
  created_at: Created;
}

/** A negotiated change to the standard terms: replace clause `no`, or add a clause when `no` is new. */
export interface ClauseChange {
  no: string;
  title: string;
  text: string;
}

export interface ContractTable {
  quote_no: string;
  template_version: number;
  clause_changes: Json<ClauseChange[]>;
  drafted_by: string;
  contract_no: string | null;
  numbered_at: Date | null;
  approvals: ColumnType<{ role: string; userId: string; at: string }[], string | undefined, string>;
  signed_on: string | null;
  signed_recorded_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CostAccountingTable {
  quote_no: string;
  actuals: Json<ActualCost[]>;
  sheet: Json<Record<string, unknown>>;
  entered_by: string;
  created_at: Created;
}

export interface WorkItemTable {
  id: Generated<number>;
  record_type: string;
  record_id: string;
  step: string;
  role: string;
  owner_id: string | null;
  customer_no: string | null;
  summary: Json<Record<string, unknown>>;
  since: Date;
  due_at: Date | null;
  overdue: ColumnType<boolean, boolean | undefined, boolean>;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface DelegationTable {
  id: Generated<number>;
  from_user: string;
  to_user: string;
  role: string;
  starts_on: string;
  ends_on: string;
  created_at: Created;
  revoked_at: Date | null;
}

export interface NotificationTable {
  id: Generated<number>;
  kind: string;
  recipient_id: string;
  record_type: string;
  record_id: string;
  subject: string;
  body: string;
  dedupe_key: string;
  state: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'failed'>;
  created_at: Created;
  sent_at: Date | null;
}

export type QuoteRow = Selectable<QuoteTable>;
export type QuoteRevisionRow = Selectable<QuoteRevisionTable>;
export type InternalQuoteRow = Selectable<InternalQuoteTable>;
export type ContractRow = Selectable<ContractTable>;
export type WorkItemRow = Selectable<WorkItemTable>;
export type DelegationRow = Selectable<DelegationTable>;
