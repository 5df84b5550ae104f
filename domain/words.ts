/**
 * Counts said in words, in both languages — the one plural rule of the desk and the API's texts: zh-Hant has
 * no plural (`1 天`, `3 天`); English takes the singular for exactly one (`1 day`, `0 days`, `3 days`). Every
 * text that puts a number before a noun goes through `countText` (test/unit/wording.test.ts finds the others).
 */

/** A counted noun: its zh-Hant measure word or noun, the English singular and plural. */
export type CountNoun = readonly [zh: string, one: string, many: string];

export const DAYS: CountNoun = ['天', 'day', 'days'];
export const VISITS: CountNoun = ['次拜訪', 'visit', 'visits'];
export const ITEMS: CountNoun = ['項', 'item', 'items'];

/** `n` with its noun in both languages: `countText(1, DAYS)` → `['1 天', '1 day']`, `countText(3, DAYS)` → `['3 天', '3 days']`. */
export function countText(n: number, noun: CountNoun): [zh: string, en: string] {
  return [`${n} ${noun[0]}`, `${n} ${Math.abs(n) === 1 ? noun[1] : noun[2]}`];
}
