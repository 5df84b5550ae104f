/**
 * How far back a date on which money moved may lie — a receipt's `receivedOn`, a refund's `refundedOn`, a credit
 * note's or adjustment's `entryDate`, and the day it was chased (a collection call's `calledOn`): **not before the start of the previous calendar year** (business time zone).
 * Money booked earlier belongs to books already closed; a typo (1990 for 2026) would age and allocate as decades
 * old. One rule for the API (422 naming the field, api/receivables/entries.ts `moneyDate`) and the desk's forms
 * (web/src/pages/receivables/ReceiptForm.tsx, ReceiptDialogs.tsx), which pass the business date of today.
 */

/** The earliest business date money may have moved on, given today's (`YYYY-MM-DD`): 1 January of last year. */
export function earliestMoneyDate(today: string): string {
  return `${String(Number(today.slice(0, 4)) - 1).padStart(4, '0')}-01-01`;
}

/**
 * What is wrong with `date` as a day money moved, as zh-Hant and English phrases to follow the field's name, or null:
 * before `earliestMoneyDate(today)`. (Its other bound, not after today, each caller states beside it.)
 */
export function moneyDateTooEarly(date: string, today: string): { zh: string; en: string } | null {
  const earliest = earliestMoneyDate(today);
  if (date >= earliest) return null;
  return {
    zh: `不可早於去年年初 ${earliest}`,
    en: `must not be before the start of last year (${earliest})`,
  };
}
