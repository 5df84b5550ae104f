/**
 * The collection rate 回款率 (§2.2.6) — the one formula, used by the collection-rate sheet
 * (`GET /collection-rate`), the plans' actuals and the monthly sales analysis (domain/plan.ts `actualsOf`).
 *
 * For a salesperson, a period (a month, or its part up to today) and **one currency** (never summed across
 * currencies):
 *
 *   rate % = collected ÷ due × 100, half-even to 2 decimals; none (null) when nothing fell due (due = 0)
 *
 * - **due**: the receivables of the salesperson's customers (the customer's owner) whose **due date** lies in
 *   the period, both ends inclusive — business dates in the business time zone (`BUSINESS_TIMEZONE`, default
 *   Asia/Shanghai; lib/dates.ts) — each counted as its invoice + credit notes + adjustments dated up to the
 *   period's end (a credit note after the end does not change a closed month);
 * - **collected**: the receipts allocated to those same receivables, dated up to the period's end (an advance
 *   allocated before the month counts; a payment after the end does not). A written-off amount stays due and
 *   is not collected (a bad debt is money not collected).
 * So a receivable falling due on the 31st counts in that month; one due on the 1st of the next month does
 * not; a payment allocated on the 1st of the next month does not count for either.
 * The sums come from the ledger (db/plan.repository.ts `collectionFigures`, the entries of receivable_entries).
 */
import { Decimal, formatDecimal } from '../lib/money';

/** Per cent with at most 2 decimals, 0–100 (a target): "95", "95.5", "100.00". */
export const PERCENT_PATTERN = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/**
 * The rate in per cent, half-even to 2 decimals ("87.50"); null when `due` is zero or less (nothing to collect).
 * @param due exact decimal string (or Decimal): what fell due in the period, in one currency.
 * @param collected exact decimal string (or Decimal): what of it was collected by the period's end, same currency.
 */
export function collectionRatePct(due: string | Decimal, collected: string | Decimal): string | null {
  const d = new Decimal(due);
  if (d.lte(0)) return null;
  return formatDecimal(new Decimal(collected).div(d).times(100), 2);
}

/** A month's collection period: its first and last day, the date counted up to, and whether it is partial. */
export interface CollectionPeriod {
  month: string;
  /** YYYY-MM-01 */
  from: string;
  /** The month's last day. */
  end: string;
  /** `end`, or `today` while the month is not over. */
  to: string;
  /** True while the month is not over (to < end). */
  partial: boolean;
}

/**
 * The period of `month` (YYYY-MM) seen on business date `today` (YYYY-MM-DD); null when the month has not begun.
 */
export function collectionPeriod(month: string, today: string): CollectionPeriod | null {
  const from = `${month}-01`;
  if (from > today) return null;
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  const end = d.toISOString().slice(0, 10);
  const to = end < today ? end : today;
  return { month, from, end, to, partial: to < end };
}

/** The target as stored and shown: 2 decimals ("95.00"). @param pct a PERCENT_PATTERN string or numeric text. */
export const formatPct = (pct: string): string => formatDecimal(new Decimal(pct), 2);

/** Whether a rate meets its target (rate ≥ target, exact); null without either. */
export function targetMet(ratePct: string | null, targetPct: string | null): boolean | null {
  if (ratePct === null || targetPct === null) return null;
  return new Decimal(ratePct).gte(targetPct);
}

/** Where a collection-rate target comes from (§2.2.6): the sales manager's target, or the salesperson's own plan. */
export type TargetSource = 'manager' | 'plan';

/**
 * The collection-rate target of record for a salesperson and month — the one rule wherever a report sets a rate
 * against a target (plan summaries, the sales analysis; GET /collection-rate is where the manager's target itself
 * is shown and set): the target the sales manager set
 * (`collection_targets`, §2.2.6 「業務經理制定」) when there is one; otherwise the figure the salesperson wrote
 * in their own monthly plan, labelled as theirs; otherwise none.
 * @param managerPct the stored manager's target (numeric text) or null/undefined
 * @param planPct the plan's `collectionRatePct` or null/undefined
 * @returns {pct: "95.00", source} or null
 */
export function collectionTargetOfRecord(
  managerPct: string | null | undefined,
  planPct: string | null | undefined,
): { pct: string; source: TargetSource } | null {
  if (managerPct != null) return { pct: formatPct(managerPct), source: 'manager' };
  if (planPct != null) return { pct: formatPct(planPct), source: 'plan' };
  return null;
}
