/** How documents write numbers: exact decimal strings with thousands separators, never re-computed. */

const DECIMAL = /^(-?)(\d+)(\.\d+)?$/;

/**
 * `"22600.00"` → `"22,600.00"`, `"-1234567.5"` → `"-1,234,567.5"`; the digits are kept as given
 * (no rounding). Anything that is not a plain decimal string is returned unchanged.
 */
export function groupThousands(value: string): string {
  const m = DECIMAL.exec(value);
  if (!m) return value;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** True for a decimal string equal to zero (`"0"`, `"0.00"`, `"-0.00"`). */
export const isZero = (value: string): boolean => /^-?0+(\.0+)?$/.test(value);

/** A margin per cent as printed: `"14.29%"`, or `"—"` where there is no revenue to relate it to. */
export const marginPctText = (revenue: string, marginPct: string): string => (isZero(revenue) ? '—' : `${marginPct}%`);
