/**
 * Plans and summaries 計劃與總結 (§2.1–§2.3): the salesperson's weekly, monthly and annual report. One
 * record per salesperson, kind and period: it **summarises** the period (actuals from the system's own
 * data next to the period's targets) and **plans** the next one (its targets; the annual plan by quarter).
 * Pure: target comparisons and actuals; periods and due dates (the business calendar's overrides passed in) are in
 * domain/plan-periods.ts, re-exported.
 */
import { Decimal, formatDecimal, formatMoney } from '../lib/money';
import type { Currency } from '../machines/catalog';
import type { PlanKind } from './plan-periods';
import { collectionRatePct, collectionTargetOfRecord, type TargetSource } from './collection-rate';

// Periods and due dates live in domain/plan-periods.ts (no money), re-exported here for the API and the worker.
export * from './plan-periods';

export const PLAN_KIND_LABELS: Record<PlanKind, { zh: string; en: string }> = {
  weekly: { zh: '周計劃與總結', en: 'Weekly plan and summary' },
  monthly: { zh: '月計劃與總結', en: 'Monthly plan and summary' },
  annual: { zh: '年度總結與計劃', en: 'Annual analysis and plan' },
};

/** The status of a report not yet started (`GET /plans/deadlines`: `missing`). */
export const NOT_STARTED_LABEL = { zh: '未開始', en: 'Not started' } as const;

/**
 * Targets of one period: containers, revenue and margin per currency, new customers, collection rate (%). A target
 * left blank is **not set** (null; a currency without a row has no revenue or margin target): never a 0 nobody typed.
 */
export interface PlanTargets {
  containers: number | null;
  /** Exact decimal strings in each currency's digits; one row per currency. */
  money: { currency: string; revenue: string; margin: string }[];
  newCustomers: number | null;
  /** Per cent of what fell due that is collected, 2 decimals ("95.00"). */
  collectionRatePct: string | null;
}

/**
 * A period's actuals, computed from the system's own records (formulas in db/plan.repository.ts and the
 * README): containers delivered, revenue and margin of what was invoiced per currency (one basis), new formal
 * customers, and per currency what fell due in the period and how much of it was collected.
 */
export interface PlanActuals {
  containers: number;
  money: { currency: string; revenue: string; margin: string }[];
  newCustomers: number;
  collection: { currency: string; due: string; collected: string; ratePct: string | null }[];
}

export const PLAN_MEASURES = ['containers', 'revenue', 'margin', 'newCustomers', 'collectionRate'] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];

/** One row of a summary: a measure (per currency where it has one), its target, actual and actual ÷ target. */
export interface PlanComparison {
  measure: PlanMeasure;
  currency: string | null;
  target: string | null;
  actual: string | null;
  /** actual ÷ target × 100, half-even to 2 decimals; null without a target (or a target of 0) or an actual. */
  pctOfTarget: string | null;
  /** Whose target: the plan's own figure, or (collection rate only) the sales manager's; null without one. */
  targetSource: TargetSource | null;
  /**
   * Why `actual` is null (shown instead of a figure, zh-Hant and English); null when there is a figure. Every
   * measure has its source in the records, so a period without any counts `0` (money in its currency's digits);
   * only a rate of nothing has no figure (`NO_COLLECTION_DUE`).
   */
  actualNote: { zh: string; en: string } | null;
}

/** The collection rate of a period in which nothing fell due: a rate of nothing, no figure. */
export const NO_COLLECTION_DUE = {
  zh: '本期無到期應收，無回款率',
  en: 'Nothing fell due in the period: no collection rate',
} as const;

const pct = (actual: string | null, target: string | null): string | null => {
  if (actual === null || target === null) return null;
  const t = new Decimal(target);
  return t.isZero() ? null : formatDecimal(new Decimal(actual).div(t).times(100), 2);
};

/** A count target as the comparison's text; not set (null) or no targets: null. */
const targetText = (n: number | null | undefined): string | null => (n == null ? null : String(n));

/**
 * The summary's table: every measure of the targets and of the actuals side by side — containers and new
 * customers once, revenue and margin per currency (currencies are never summed together; a currency with a
 * target and no invoice counts 0 in its digits), the collection rate per currency against the target of record
 * (the sales manager's when set: `collectionTargetOfRecord`; none when nothing fell due, `actualNote` says so).
 * Rows sorted by measure, then currency.
 */
export function compareToTargets(
  targets: PlanTargets | null,
  actuals: PlanActuals,
  /** The sales manager's collection-rate target of the month (`collection_targets`), if any: it wins. */
  managerCollectionPct: string | null = null,
): PlanComparison[] {
  const row = (
    measure: PlanMeasure,
    currency: string | null,
    target: string | null,
    actual: string | null,
    source: TargetSource | null = target === null ? null : 'plan',
  ): PlanComparison => ({
    measure,
    currency,
    target,
    actual,
    pctOfTarget: pct(actual, target),
    targetSource: source,
    actualNote: actual === null ? NO_COLLECTION_DUE : null,
  });
  const out: PlanComparison[] = [row('containers', null, targetText(targets?.containers), String(actuals.containers))];
  const currencies = [
    ...new Set([...(targets?.money ?? []).map((m) => m.currency), ...actuals.money.map((m) => m.currency)]),
  ].sort();
  for (const measure of ['revenue', 'margin'] as const)
    for (const c of currencies) {
      const t = targets?.money.find((m) => m.currency === c);
      const a = actuals.money.find((m) => m.currency === c);
      // No invoice in this currency in the period: it counts 0, in the currency's digits.
      out.push(row(measure, c, t ? t[measure] : null, a ? a[measure] : formatMoney('0', c as Currency)));
    }
  out.push(row('newCustomers', null, targetText(targets?.newCustomers), String(actuals.newCustomers)));
  const collected = actuals.collection.length ? actuals.collection : [];
  const rateTarget = collectionTargetOfRecord(managerCollectionPct, targets?.collectionRatePct);
  const ratePct = rateTarget?.pct ?? null;
  const rateSource = rateTarget?.source ?? null;
  if (collected.length === 0) out.push(row('collectionRate', null, ratePct, null, rateSource));
  for (const c of collected) out.push(row('collectionRate', c.currency, ratePct, c.ratePct, rateSource));
  return out;
}

/** Figures of one salesperson and customer over a range (db/plan.repository.ts `salesFigures`). */
export interface SalesFigures {
  containersDelivered: number;
  money: ReadonlyMap<string, { revenue: string; margin: string }>;
  newCustomer: number;
  collection: ReadonlyMap<string, { due: string; collected: string }>;
}

/**
 * The rows summed into one set of actuals: containers and new customers added up; revenue, margin, due and
 * collected per currency (never across currencies), shown with the currency's digits; collection rate =
 * domain/collection-rate.ts `collectionRatePct` (the one formula). Currencies sorted.
 */
export function actualsOf(rows: readonly SalesFigures[]): PlanActuals {
  const money = new Map<string, { revenue: Decimal; margin: Decimal }>();
  const collection = new Map<string, { due: Decimal; collected: Decimal }>();
  let containers = 0;
  let newCustomers = 0;
  for (const r of rows) {
    containers += r.containersDelivered;
    newCustomers += r.newCustomer;
    for (const [c, m] of r.money) {
      const t = money.get(c) ?? { revenue: new Decimal(0), margin: new Decimal(0) };
      money.set(c, { revenue: t.revenue.plus(m.revenue), margin: t.margin.plus(m.margin) });
    }
    for (const [c, m] of r.collection) {
      const t = collection.get(c) ?? { due: new Decimal(0), collected: new Decimal(0) };
      collection.set(c, { due: t.due.plus(m.due), collected: t.collected.plus(m.collected) });
    }
  }
  const fmt = (v: Decimal, c: string) => formatMoney(v, c as Currency);
  return {
    containers,
    newCustomers,
    money: [...money.keys()].sort().map((c) => ({
      currency: c,
      revenue: fmt(money.get(c)!.revenue, c),
      margin: fmt(money.get(c)!.margin, c),
    })),
    collection: [...collection.keys()].sort().map((c) => {
      const { due, collected } = collection.get(c)!;
      return {
        currency: c,
        due: fmt(due, c),
        collected: fmt(collected, c),
        ratePct: collectionRatePct(due, collected),
      };
    }),
  };
}

/** One row of a period against the one before: the change and the change in per cent of the earlier figure. */
export interface PeriodChange {
  measure: PlanMeasure;
  currency: string | null;
  current: string | null;
  previous: string | null;
  /** current − previous (exact; money with its currency's digits, the rate in percentage points). */
  change: string | null;
  /** change ÷ previous × 100, half-even to 2 decimals; null when either is missing or previous is 0. */
  changePct: string | null;
}

/**
 * The sales analysis's "vs previous month": every measure of two periods' actuals side by side — containers
 * and new customers once, revenue and margin per currency, the collection rate per currency — with the change.
 */
export function compareToPrevious(current: PlanActuals, previous: PlanActuals): PeriodChange[] {
  const row = (measure: PlanMeasure, currency: string | null, cur: string | null, prev: string | null) => {
    const change = cur !== null && prev !== null ? new Decimal(cur).minus(prev) : null;
    const digits = currency && measure !== 'collectionRate' ? undefined : 2;
    return {
      measure,
      currency,
      current: cur,
      previous: prev,
      change:
        change === null
          ? null
          : digits === undefined
            ? formatMoney(change, currency as Currency)
            : measure === 'collectionRate'
              ? formatDecimal(change, 2)
              : change.toFixed(0),
      changePct: change === null || new Decimal(prev!).isZero() ? null : formatDecimal(change.div(prev!).times(100), 2),
    };
  };
  const out: PeriodChange[] = [row('containers', null, String(current.containers), String(previous.containers))];
  const currencies = [...new Set([...current.money, ...previous.money].map((m) => m.currency))].sort();
  for (const measure of ['revenue', 'margin'] as const)
    for (const c of currencies) {
      const zero = formatMoney('0', c as Currency);
      out.push(
        row(
          measure,
          c,
          current.money.find((m) => m.currency === c)?.[measure] ?? zero,
          previous.money.find((m) => m.currency === c)?.[measure] ?? zero,
        ),
      );
    }
  out.push(row('newCustomers', null, String(current.newCustomers), String(previous.newCustomers)));
  const rated = [...new Set([...current.collection, ...previous.collection].map((m) => m.currency))].sort();
  for (const c of rated)
    out.push(
      row(
        'collectionRate',
        c,
        current.collection.find((m) => m.currency === c)?.ratePct ?? null,
        previous.collection.find((m) => m.currency === c)?.ratePct ?? null,
      ),
    );
  return out;
}

/** Quotes won and lost in a period (a salesperson, a customer, or all): see domain/quote.ts `LOST_QUOTE_STATUSES`. */
export interface QuoteTally<S extends string = string> {
  won: number;
  lost: number;
  /** Lost quotes by the final state they moved into (refused, expired, withdrawn, cancelled). */
  lostBy: Record<S, number>;
  /** won ÷ (won + lost) × 100, half-even to 2 decimals; null when none was decided. */
  winRatePct: string | null;
}

/** Sums outcome rows (`won`, `lost` by status) into one tally with its win rate. */
export function tallyQuotes<S extends string>(
  rows: readonly { won: number; lost: Readonly<Partial<Record<S, number>>> }[],
  statuses: readonly S[],
): QuoteTally<S> {
  const lostBy = Object.fromEntries(statuses.map((s) => [s, rows.reduce((n, r) => n + (r.lost[s] ?? 0), 0)])) as Record<
    S,
    number
  >;
  const won = rows.reduce((n, r) => n + r.won, 0);
  const lost = statuses.reduce((n, s) => n + lostBy[s], 0);
  return {
    won,
    lost,
    lostBy,
    winRatePct: won + lost === 0 ? null : formatDecimal(new Decimal(won).div(won + lost).times(100), 2),
  };
}
