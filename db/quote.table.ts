/** The quote chain's tables: quotes, revisions, internal quotes, settlement basis, contract templates, contracts, cost accounting. */
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type {
  ActualCost,
  LegacyActualCost,
  computeCostAccounting,
  CostBudget,
  CurrencyAmount,
  FeeItem,
  PricedLine,
} from '../lib/pricing';

/** The actual-vs-budget sheet 「成本核算表」 as computed when settlement entered the actuals. */
export type CostAccountingSheet = ReturnType<typeof computeCostAccounting>;
import type { ClauseChange, ProjectData, QuoteStatus } from '../domain/quote';

export type { ClauseChange, ProjectData };

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
  /** Rows entered before budget line ids hold `LegacyActualCost`s (findCostAccounting answers today's form). */
  actuals: Json<(ActualCost | LegacyActualCost)[]>;
  sheet: Json<CostAccountingSheet>;
  entered_by: string;
  created_at: Created;
}

export type QuoteRow = Selectable<QuoteTable>;
export type QuoteRevisionRow = Selectable<QuoteRevisionTable>;
export type InternalQuoteRow = Selectable<InternalQuoteTable>;
export type ContractRow = Selectable<ContractTable>;
export type CostAccountingRow = Selectable<CostAccountingTable>;
