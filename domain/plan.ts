/**
 * Plans and summaries 計劃與總結 (§2.1–§2.3): the salesperson's weekly, monthly and annual report. One
 * record per salesperson, kind and period: it **summarises** the period (actuals from the system's own
 * data next to the period's targets) and **plans** the next one (its targets; the annual plan by quarter).
 * Pure: periods, due dates (the business calendar's overrides passed in), target comparisons.
 */
import { Decimal, formatDecimal, formatMoney } from '../lib/money';
import type { Currency } from '../machines/catalog';
import { addWorkingDays, isWorkingDay, plusDays, type CalendarOverrides } from './calendar';
import { collectionRatePct, collectionTargetOfRecord, type TargetSource } from './collection-rate';

export const PLAN_KINDS = ['weekly', 'monthly', 'annual'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

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

/** What the period covers: business dates `from` … `to`, both inclusive. */
export interface PeriodRange {
  from: string;
  to: string;
}

const MONDAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why `period` is not a period key of `kind`, or null: weekly `YYYY-MM-DD` of a Monday, monthly `YYYY-MM`,
 * annual `YYYY` (years 1900–2998, so the next period stays in the API's date range).
 */
export function periodProblem(kind: PlanKind, period: string): string | null {
  if (kind === 'weekly') {
    if (!MONDAY.test(period) || Number.isNaN(Date.parse(`${period}T00:00:00Z`))) return 'must be a date YYYY-MM-DD';
    if (!new Date(`${period}T00:00:00Z`).toISOString().startsWith(period)) return 'must be a real date';
    if (new Date(`${period}T00:00:00Z`).getUTCDay() !== 1) return 'a weekly period starts on a Monday';
  } else if (kind === 'monthly') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return 'must be a month YYYY-MM';
  } else if (!/^\d{4}$/.test(period)) return 'must be a year YYYY';
  const year = Number(period.slice(0, 4));
  return year < 1900 || year > 2998 ? 'must be within 1900 … 2998' : null;
}

const lastDayOfMonth = (month: string): string => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
};

/** The dates a period covers (a valid period key of its kind). */
export function periodRange(kind: PlanKind, period: string): PeriodRange {
  if (kind === 'weekly') return { from: period, to: plusDays(period, 6) };
  if (kind === 'monthly') return { from: `${period}-01`, to: lastDayOfMonth(period) };
  return { from: `${period}-01-01`, to: `${period}-12-31` };
}

/** The period before (targets of this period were planned there). */
export function previousPeriod(kind: PlanKind, period: string): string {
  if (kind === 'weekly') return plusDays(period, -7);
  if (kind === 'annual') return String(Number(period) - 1);
  const d = new Date(`${period}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** The period a business date falls in. */
export function periodOf(kind: PlanKind, date: string): string {
  if (kind === 'monthly') return date.slice(0, 7);
  if (kind === 'annual') return date.slice(0, 4);
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return plusDays(date, -((dow + 6) % 7));
}

/**
 * The business date a report of the period is due (by the end of that day), from the business calendar:
 * - weekly: **before Monday** (§2.3.1) — the last working day before the next Monday (the week's Friday as a
 *   rule; the Thursday when Friday is a holiday); a week without a working day: its Sunday;
 * - monthly: **by the 5th** of the next month (§2.2.1) — the 5th, or the next working day when the 5th is not one;
 * - annual: **by 31 January** of the next year (§2.1) — likewise moved to the next working day.
 * `overrides` must cover the dates looked at (the period's last week and the following month).
 */
export function dueDateOf(kind: PlanKind, period: string, overrides: CalendarOverrides = new Map()): string {
  if (kind === 'weekly') {
    const sunday = plusDays(period, 6);
    for (let d = sunday; d >= period; d = plusDays(d, -1)) if (isWorkingDay(d, overrides)) return d;
    return sunday;
  }
  const deadline =
    kind === 'monthly' ? `${plusDays(lastDayOfMonth(period), 1).slice(0, 7)}-05` : `${Number(period) + 1}-01-31`;
  return addWorkingDays(deadline, 0, overrides);
}

/**
 * The period a new report of `kind` is for by default on business date `today`: the one the salesperson must
 * submit next — the earliest period that has begun whose due date (`dueDateOf`) is today or later; when every
 * period begun is past due (a weekend after the week's Friday), the current period. So monthly: the previous
 * month until its deadline (the 5th, or the working day it moves to), then the current month; annual: the
 * previous year until 31 January (moved likewise), then the current year; weekly: the current week (due on its
 * last working day; a report is written once its period has begun, so never the week ahead).
 * `overrides` must cover `defaultPeriodWindow(today)`.
 */
export function defaultPeriodOf(kind: PlanKind, today: string, overrides: CalendarOverrides = new Map()): string {
  const current = periodOf(kind, today);
  const previous = previousPeriod(kind, current);
  return dueDateOf(kind, previous, overrides) >= today ? previous : current;
}

/**
 * The period a salesperson's new report of each kind is for by default, given the reports they owe (the deadlines
 * `GET /plans/deadlines` lists for them — the previous and the current period, only those begun after they joined —
 * not started, a draft or returned): the **earliest owed**, so the form offers a period the deadlines list; a kind
 * with none owed keeps the date's rule (`dateDefaults`, from `defaultPeriodsOf`).
 */
export function owedDefaultPeriods(
  dateDefaults: Record<PlanKind, string>,
  owed: readonly { kind: PlanKind; period: string }[],
): Record<PlanKind, string> {
  return Object.fromEntries(
    PLAN_KINDS.map((k) => {
      // Period keys of one kind sort as dates: YYYY-MM-DD, YYYY-MM, YYYY.
      const earliest = owed
        .filter((o) => o.kind === k)
        .map((o) => o.period)
        .sort()[0];
      return [k, earliest ?? dateDefaults[k]];
    }),
  ) as Record<PlanKind, string>;
}

/** The default period of every kind on `today` (`defaultPeriodOf`). */
export const defaultPeriodsOf = (today: string, overrides: CalendarOverrides = new Map()): Record<PlanKind, string> =>
  Object.fromEntries(PLAN_KINDS.map((k) => [k, defaultPeriodOf(k, today, overrides)])) as Record<PlanKind, string>;

/** The dates `defaultPeriodOf` may look at on `today` (the previous year's first day … 60 days on). */
export const defaultPeriodWindow = (today: string): PeriodRange => ({
  from: `${Number(today.slice(0, 4)) - 1}-01-01`,
  to: plusDays(today, 60),
});

/** The dates `dueDateOf` may look at, for loading the calendar's overrides once. */
export function dueWindow(kind: PlanKind, period: string): PeriodRange {
  const { from, to } = periodRange(kind, period);
  return { from, to: plusDays(to, 60) };
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
