/** The kysely schema: one interface per table, from the `*.table.ts` files. */
import type {
  AuditChainHeadTable,
  AuditChainOriginTable,
  AuditCheckpointLeafTable,
  AuditCheckpointTable,
  AuditTable,
  StepRejectionTable,
} from './audit.table';
import type { CounterTable } from './counter.table';
import type { CustomerTable } from './customer.table';
import type { TariffChangeTable, TariffLineTable, TariffVersionTable } from './tariff.table';
import type { UserTable } from './user.table';
import type { RequestKeyTable } from './request-key.table';
import type { IdempotencyKeyTable } from './idempotency-key.table';
import type { ContainerVolumeBudgetTable } from './container-volume-budget.table';
import type { JobContainerTable } from './job-container.table';
import type { JobEventTable } from './job-event.table';
import type { JobExceptionTable } from './job-exception.table';
import type { JobTable } from './job.table';
import type { ReceivableTable } from './receivable.table';
import type { ReceivableEntryTable } from './receivable-entry.table';
import type { ReceiptTable } from './receipt.table';
import type { ReceiptRefundTable } from './receipt-refund.table';
import type { ContractPaymentTermsTable } from './contract-payment-terms.table';
import type { CollectionPlanTable } from './collection-plan.table';
import type { CollectionCallTable } from './collection-call.table';
import type {
  CollectionCaseTable,
  CreditHoldOverrideTable,
  CreditHoldTable,
  CreditLimitTable,
} from './collection-case.table';
import type { RateLimitTable } from './rate-limit.table';
import type { CalendarDayTable } from './calendar-day.table';
import type {
  BalanceDifferenceTable,
  BalanceUploadTable,
  CollectionTargetTable,
  DisputeCaseTable,
  ReconciliationNoteTable,
  StatementLineTable,
  StatementTable,
  WriteOffTable,
} from './reconciliation.table';
import type {
  ContractTable,
  ContractTemplateTable,
  CostAccountingTable,
  InternalQuoteTable,
  QuoteRevisionTable,
  QuoteTable,
  SettlementBasisTable,
} from './quote.table';
import type { DelegationTable } from './delegation.table';
import type { NotificationTable } from './notification.table';
import type { WorkItemTable } from './work-item.table';
import type { PlanTable, ProspectRiskAssessmentTable, ProspectTable } from './plan.table';
import type { DiaryCommentTable, DiaryTable, VisitFollowUpTable, VisitPlanTable, VisitTable } from './visit.table';

export interface Database {
  users: UserTable;
  counters: CounterTable;
  customers: CustomerTable;
  audit_log: AuditTable;
  audit_chain_heads: AuditChainHeadTable;
  audit_chain_origin: AuditChainOriginTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_checkpoint_leaves: AuditCheckpointLeafTable;
  step_rejections: StepRejectionTable;
  tariff_versions: TariffVersionTable;
  tariff_lines: TariffLineTable;
  tariff_changes: TariffChangeTable;
  request_keys: RequestKeyTable;
  idempotency_keys: IdempotencyKeyTable;
  quotes: QuoteTable;
  quote_revisions: QuoteRevisionTable;
  internal_quotes: InternalQuoteTable;
  settlement_basis: SettlementBasisTable;
  contract_templates: ContractTemplateTable;
  contracts: ContractTable;
  cost_accountings: CostAccountingTable;
  work_items: WorkItemTable;
  delegations: DelegationTable;
  notifications: NotificationTable;
  jobs: JobTable;
  job_containers: JobContainerTable;
  job_events: JobEventTable;
  job_exceptions: JobExceptionTable;
  receivables: ReceivableTable;
  receivable_entries: ReceivableEntryTable;
  receipts: ReceiptTable;
  receipt_refunds: ReceiptRefundTable;
  contract_payment_terms: ContractPaymentTermsTable;
  collection_plans: CollectionPlanTable;
  collection_calls: CollectionCallTable;
  collection_cases: CollectionCaseTable;
  credit_holds: CreditHoldTable;
  credit_limits: CreditLimitTable;
  credit_hold_overrides: CreditHoldOverrideTable;
  container_volume_budgets: ContainerVolumeBudgetTable;
  rate_limits: RateLimitTable;
  write_offs: WriteOffTable;
  statements: StatementTable;
  statement_lines: StatementLineTable;
  dispute_cases: DisputeCaseTable;
  balance_uploads: BalanceUploadTable;
  balance_differences: BalanceDifferenceTable;
  reconciliation_notes: ReconciliationNoteTable;
  collection_targets: CollectionTargetTable;
  calendar_days: CalendarDayTable;
  plans: PlanTable;
  prospects: ProspectTable;
  prospect_risk_assessments: ProspectRiskAssessmentTable;
  visits: VisitTable;
  visit_follow_ups: VisitFollowUpTable;
  visit_plans: VisitPlanTable;
  diaries: DiaryTable;
  diary_comments: DiaryCommentTable;
}
