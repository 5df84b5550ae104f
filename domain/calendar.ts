/**
 * The business calendar of the company's region (mainland China, time zone Asia/Shanghai): working days,
 * public holidays and the make-up working days 調休/補班 the State Council announces each year, from the
 * maintained `chinese-days` package, with the admin's overrides on top (a year the package does not yet
 * hold, a company day off). Pure: the overrides are passed in.
 */
import chineseDays from 'chinese-days';

/** An admin's override of one date: working or not, with its name (e.g. 元旦 New Year's Day). */
export interface CalendarOverride {
  date: string;
  working: boolean;
  name: string;
}
export type CalendarOverrides = ReadonlyMap<string, CalendarOverride>;

/** Why a day is (not) a working day. */
export type CalendarSource = 'override' | 'holiday' | 'make_up' | 'weekend' | 'weekday';

/** One date of the calendar: `working`, its holiday's name (zh-Hant, English) and why. */
export interface CalendarDay {
  date: string;
  working: boolean;
  nameZh: string | null;
  nameEn: string | null;
  source: CalendarSource;
}

/** The package names holidays in English and Simplified Chinese; the desk shows Traditional. */
const HOLIDAY_ZH: Record<string, string> = {
  "New Year's Day": '元旦',
  'Spring Festival': '春節',
  'Tomb-sweeping Day': '清明節',
  'Labour Day': '勞動節',
  'Dragon Boat Festival': '端午節',
  'Mid-autumn Festival': '中秋節',
  'National Day': '國慶節',
  'Anti-Fascist 70th Day': '抗戰勝利70周年紀念日',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The calendar's facts about `date` (YYYY-MM-DD). Throws RangeError on a malformed date. */
export function calendarDay(date: string, overrides: CalendarOverrides = new Map()): CalendarDay {
  const parsed = Date.parse(`${date}T00:00:00Z`);
  if (!DATE.test(date) || Number.isNaN(parsed) || !new Date(parsed).toISOString().startsWith(date))
    throw new RangeError(`not a date: ${date}`);
  const o = overrides.get(date);
  if (o) return { date, working: o.working, nameZh: o.name, nameEn: o.name, source: 'override' };
  const weekend = [0, 6].includes(weekdayOf(date));
  const detail = chineseDays.getDayDetail(date);
  const en = detail.name.includes(',') ? (detail.name.split(',')[0] ?? null) : null;
  const zh = en ? (HOLIDAY_ZH[en] ?? en) : null;
  if (!detail.work && en) return { date, working: false, nameZh: zh, nameEn: en, source: 'holiday' };
  if (detail.work && weekend && en)
    return { date, working: true, nameZh: `${zh}補班`, nameEn: `${en} make-up working day`, source: 'make_up' };
  return { date, working: !weekend, nameZh: null, nameEn: null, source: weekend ? 'weekend' : 'weekday' };
}

export const isWorkingDay = (date: string, overrides: CalendarOverrides = new Map()): boolean =>
  calendarDay(date, overrides).working;

/** `date` plus `n` calendar days (YYYY-MM-DD). */
export function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The `n`-th working day after `date` (n ≥ 1); n = 0 is `date` itself when it is a working day, else the
 * next one. Gives up (RangeError) after 400 calendar days without a working day (a misconfigured calendar).
 */
export function addWorkingDays(date: string, n: number, overrides: CalendarOverrides = new Map()): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, not ${n}`);
  let d = date;
  let left = n;
  if (left === 0) {
    for (let i = 0; i < 400 && !isWorkingDay(d, overrides); i++) d = plusDays(d, 1);
    if (!isWorkingDay(d, overrides)) throw new RangeError('no working day within 400 days');
    return d;
  }
  for (let i = 0; i < 400 + n * 7 && left > 0; i++) {
    d = plusDays(d, 1);
    if (isWorkingDay(d, overrides)) left -= 1;
  }
  if (left > 0) throw new RangeError('no working day within 400 days');
  return d;
}

/**
 * The last working day before `date` (YYYY-MM-DD): the day whose success diary is flagged the morning of
 * `date` when missing. Gives up (RangeError) after 400 calendar days without a working day.
 */
export function previousWorkingDay(date: string, overrides: CalendarOverrides = new Map()): string {
  let d = plusDays(date, -1);
  for (let i = 0; i < 400; i++, d = plusDays(d, -1)) if (isWorkingDay(d, overrides)) return d;
  throw new RangeError('no working day within 400 days');
}

/** Working days in [from, to] (both inclusive). */
export function workingDaysIn(from: string, to: string, overrides: CalendarOverrides = new Map()): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) if (isWorkingDay(d, overrides)) days.push(d);
  return days;
}

/** The last year for which the package holds the announced holidays (later years: weekends only, until the admin adds them). */
export function lastAnnouncedYear(): number {
  let year = 2004;
  while (year < 2200 && chineseDays.getHolidaysInRange(`${year + 1}-01-01`, `${year + 1}-12-31`, false).length > 0)
    year += 1;
  return year;
}
