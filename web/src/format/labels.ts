/** The company's terms (zh-Hant) with English, for roles, statuses and record kinds: `[zh, en]`. */
import { QUOTE_STATUS_LABELS as QUOTE_STATUS_TABLE } from '../../../domain/quote';
import { RECORD_TYPE_LABELS as RECORD_TYPE_TABLE } from '../../../domain/record-types';
import { ROLE_LABELS as ROLE_TABLE } from '../../../machines/roles';
import { JOB_COMPLETED_LABEL, JOB_STAGE_LABELS as JOB_STAGE_TABLE } from '../../../machines/job-stages';

export type Label = readonly [zh: string, en: string];

/** A table of the machines' one-string labels (`'海運 Ocean freight'`) split into `[zh, en]`. */
export const splitLabels = <K extends string>(table: Record<K, string>): Record<K, Label> =>
  Object.fromEntries(
    (Object.entries(table) as [K, string][]).map(([key, label]) => {
      const i = label.search(/ [A-Za-z%]/);
      return [key, (i < 0 ? [label, label] : [label.slice(0, i), label.slice(i + 1)]) as Label];
    }),
  ) as Record<K, Label>;

/** Roles: the one list in machines/roles.ts (DOMAIN.md's terms), split into `[zh, en]`. */
export const ROLE_LABELS: Record<string, Label> = splitLabels(ROLE_TABLE);

/** Quote statuses: the one table in domain/quote.ts (the API's `statusLabel` reads it too). */
export const QUOTE_STATUS_LABELS: Record<string, Label> = QUOTE_STATUS_TABLE;

export const CUSTOMER_STATUS_LABELS: Record<string, Label> = {
  prospective: ['預備', 'Prospective'],
  formal: ['正式', 'Formal'],
  suspended: ['暫停', 'Suspended'],
  terminated: ['終止', 'Terminated'],
};

/** Record kinds: the one list in domain/record-types.ts (the notice mails read it too). */
export const RECORD_TYPE_LABELS: Record<string, Label> = RECORD_TYPE_TABLE;

/** The label of `key` in `table`, or the key itself when the table lacks it. */
export const labelOf = (table: Record<string, Label>, key: string): Label => table[key] ?? [key, key];

/** Job stages in contract order: the one table in machines/job.machine.ts. */
export const JOB_STAGE_LABELS: Record<string, Label> = splitLabels(JOB_STAGE_TABLE);

/**
 * Where a job stands, as people name it: 已完成 Completed once complete, else its stage's label (the same tables
 * as STATE_LABELS.job in domain/labels.ts) — never the raw `completed` or `sea_freight`.
 */
export const jobStateLabel = (job: { status: string; stage?: string | null }): Label =>
  job.status === 'completed'
    ? [JOB_COMPLETED_LABEL.zh, JOB_COMPLETED_LABEL.en]
    : labelOf(JOB_STAGE_LABELS, job.stage ?? '');

/** The stage a job step belongs to, by its prefix. */
export const stageOfStep = (step: string): string | null =>
  ({
    payment: 'payment',
    sea: 'sea_freight',
    customs: 'customs',
    transport: 'transport',
    warehouse: 'warehousing',
    billing: 'billing',
  })[step.split('.')[0] ?? ''] ?? null;

/** A job's receivable standing today (GET /jobs/{no} receivables[].status, domain/ledger.ts receivableStanding). */
export const RECEIVABLE_STATUS_LABELS: Record<string, Label> = {
  open: ['未收', 'Open'],
  part_settled: ['部分結清', 'Part settled'],
  overdue: ['逾期', 'Overdue'],
  settled: ['已結清', 'Settled'],
};

export const EXCEPTION_TYPE_LABELS: Record<string, Label> = {
  payment_anomaly: ['付款異常', 'Payment anomaly'],
  booking_anomaly: ['訂艙異常', 'Booking anomaly'],
  customs_anomaly: ['報關異常', 'Customs anomaly'],
  inspection_anomaly: ['查驗異常', 'Inspection anomaly'],
  transport_anomaly: ['運輸異常', 'Transport anomaly'],
  warehouse_anomaly: ['倉儲異常', 'Warehouse anomaly'],
  unconfirmed_extra_charge: ['未確認額外費用', 'Unconfirmed extra charge'],
  receivable_anomaly: ['應收異常', 'Receivable anomaly'],
  other: ['其他', 'Other'],
};

/** Roles that follow jobs stage by stage ("my jobs"). */
export const OPERATIONS_ROLES = [
  'finance',
  'ocean',
  'customs',
  'operations',
  'dispatch',
  'warehouse',
  'settlement',
] as const;

/**
 * How the desk prints a customer, everywhere: its number, then its name — `C0001 星辰貿易有限公司` (the number
 * alone when the name is not known).
 */
export const customerText = (customerNo: string, customerName?: string | null): string =>
  customerName ? `${customerNo} ${customerName}` : customerNo;
