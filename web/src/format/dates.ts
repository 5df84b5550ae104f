/** Dates and times shown in the business time zone (from `GET /client-config`), whatever the browser's zone. */

/** `2026-11-30 14:05` in `timeZone`; '' for null. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The words after the date of a due that means "by the end of that day" (formatDueAt). */
export const END_OF_DAY = '下班前 end of day';

/**
 * A due time as people read it, in `timeZone`: one at local midnight exactly is the end of the day before —
 * the API's working-day dues are "by the end of day N", stored as the instant day N ends — so it shows as
 * `2026-12-08 下班前 end of day`, not `2026-12-09 00:00`; any other instant as `formatDateTime` shows it;
 * '' for null. Every screen showing a due time uses this.
 */
export function formatDueAt(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const instant = new Date(iso);
  const shown = formatDateTime(iso, timeZone);
  const seconds = new Intl.DateTimeFormat('en-CA', { timeZone, second: '2-digit' }).format(instant);
  if (!shown.endsWith(' 00:00') || Number(seconds) !== 0 || instant.getUTCMilliseconds() !== 0) return shown;
  return `${formatDateTime(new Date(instant.getTime() - 1).toISOString(), timeZone).slice(0, 10)} ${END_OF_DAY}`;
}

/** A business date `YYYY-MM-DD` as it is (already a calendar date of the business zone). */
export const formatDate = (date: string | null | undefined): string => date ?? '';

/** Today's business date `YYYY-MM-DD` in `timeZone`. */
export const businessToday = (timeZone: string, now: Date = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
