/**
 * The periods of plans and summaries 計劃與總結 (§2.1–§2.3): period keys (weekly `YYYY-MM-DD` of a Monday, monthly
 * `YYYY-MM`, annual `YYYY`), the dates they cover, their due dates from the business calendar and the period a new
 * report is for by default. Apart from domain/plan.ts (targets and actuals, which need exact money) so the desk's
 * plans list reads them without loading decimal.js; domain/plan.ts re-exports all of it.
 */
import { addWorkingDays, isWorkingDay, plusDays, type CalendarOverrides } from './calendar';

export const PLAN_KINDS = ['weekly', 'monthly', 'annual'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

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
