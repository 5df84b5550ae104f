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

/** A business date `YYYY-MM-DD` as it is (already a calendar date of the business zone). */
export const formatDate = (date: string | null | undefined): string => date ?? '';

/** Today's business date `YYYY-MM-DD` in `timeZone`. */
export const businessToday = (timeZone: string, now: Date = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
