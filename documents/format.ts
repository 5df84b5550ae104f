/** How documents write numbers: exact decimal strings with thousands separators, never re-computed. */

export { groupThousands } from '../lib/money';

/** True for a decimal string equal to zero (`"0"`, `"0.00"`, `"-0.00"`). */
export const isZero = (value: string): boolean => /^-?0+(\.0+)?$/.test(value);

/** A margin per cent as printed: `"14.29%"`, or `"—"` where there is no revenue to relate it to. */
export const marginPctText = (revenue: string, marginPct: string): string => (isZero(revenue) ? '—' : `${marginPct}%`);
