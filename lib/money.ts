/**
 * Exact decimal money on decimal.js. Amounts travel as decimal strings ("1250.50") at every edge
 * (API, database, documents) and are computed as `Decimal` values of the dedicated clone below;
 * nothing goes through floating point. Rounding, where a result has more digits than the currency
 * allows, is half-even (banker's rounding), configured once on the clone and said so at each use.
 */
import DecimalJs from 'decimal.js';
import { CURRENCY_DIGITS, type Currency, type PriceUnit } from '../machines/catalog';

/**
 * The project's Decimal: 64 significant digits, half-even rounding, never exponential notation.
 * Every amount is below 10^14 with at most 4 decimals, so sums and products of two (≤ 36 digits) are
 * exact; a quotient (per cent) is rounded once to 64 digits, far below the 2 decimals it is then
 * rounded to, so the result equals the exactly rounded one (a tie of the exact quotient is a finite
 * decimal and survives the 64-digit step unchanged).
 */
export const Decimal = DecimalJs.clone({
  precision: 64,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -64,
  toExpPos: 64,
});
export type Decimal = DecimalJs;

/** Scale of what storage holds (`numeric(18,4)`): 4 decimals, enough for unit prices and per-cent rates. */
export const SCALE = 4;

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Decimals as written: "1.50" → 2, "12" → 0 (the strings are validated elsewhere). */
export function decimalPlaces(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/**
 * "12.5" → Decimal 12.5. Throws Error for anything but a plain decimal string (optional minus, digits,
 * optional point and decimals) with at most SCALE (4) decimals: no exponent, sign "+", grouping or hex.
 */
export function parseDecimal(s: string): Decimal {
  if (!PLAIN_DECIMAL.test(s) || decimalPlaces(s) > SCALE)
    throw new Error(`not a decimal with at most ${SCALE} places: ${s}`);
  return new Decimal(s);
}

/** `v` rounded half-even to `places` decimals and printed with exactly that many ("2.125", 2 → "2.12"); never "-0.00". */
export function formatDecimal(v: Decimal, places: number): string {
  const r = v.toDecimalPlaces(places);
  return (r.isZero() ? r.abs() : r).toFixed(places);
}

/**
 * The largest decimal any amount, quantity or derived total may reach: what a `numeric(18,4)`
 * column holds (14 integer digits, 4 decimals). Anything larger is refused at entry (400) so that
 * no step can later fail to store it.
 */
export const MAX_DECIMAL = '99999999999999.9999';
/** The largest amount of money in a 2-digit currency (JPY: 99999999999999). */
export const MAX_AMOUNT = '99999999999999.99';
const LIMIT = new Decimal('1e14');

/** Whether a value fits the numeric(18,4) columns: |v| < 10^14. */
export const withinLimit = (v: Decimal): boolean => v.abs().lt(LIMIT);

/**
 * Why `value`, an amount of `field` in `currency`, is refused, or null: more decimals than the
 * currency has (e.g. "quotedPrice: CNY amounts have at most 2 decimals, got 480.123"). Well-formedness
 * and size are the schema's (`decimal` in api/schemas.ts).
 */
export function amountDigitsProblem(field: string, value: string, currency: Currency): string | null {
  const digits = CURRENCY_DIGITS[currency];
  if (digits === undefined || decimalPlaces(value) <= digits) return null;
  return `${field}: ${currency} amounts have at most ${digits} decimals, got ${value}`;
}

/** −1, 0 or 1 as decimal string `a` is below, equal to or above `b` (both plain decimals, see parseDecimal). */
export const compareDecimal = (a: string, b: string): number => parseDecimal(a).cmp(parseDecimal(b));

/** Minor-unit digits of a currency (JPY 0, the others 2). */
export const currencyDigits = (c: Currency): number => CURRENCY_DIGITS[c];

/** An amount (decimal string or value) rounded half-even to the currency's minor unit. */
export const roundToCurrency = (amount: string | Decimal, currency: Currency): Decimal =>
  (typeof amount === 'string' ? parseDecimal(amount) : amount).toDecimalPlaces(currencyDigits(currency));

/** Formats an amount (decimal string or value) with exactly the currency's minor digits, rounding half-even. */
export function formatMoney(amount: string | Decimal, currency: Currency): string {
  return formatDecimal(typeof amount === 'string' ? parseDecimal(amount) : amount, currencyDigits(currency));
}

/**
 * `"22600.00"` → `"22,600.00"`, `"-1234567.5"` → `"-1,234,567.5"`: thousands separators on a plain
 * decimal string, digits kept as given (no rounding). Anything else is returned unchanged.
 */
export function groupThousands(value: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!m) return value;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/**
 * An amount as running text (labels, reasons, notices, documents) reads it: currency code, thousands
 * separators and exactly the currency's digits, rounded half-even — `("3000", "CNY")` → `"CNY 3,000.00"`,
 * `("1234567", "JPY")` → `"JPY 1,234,567"`. Throws Error (see parseDecimal) for a string that is not a
 * plain decimal. Every amount put into a text goes through here; `formatMoney` is for API fields.
 */
export const moneyText = (amount: string | Decimal, currency: Currency): string =>
  `${currency} ${groupThousands(formatMoney(amount, currency))}`;

/**
 * price × quantity (÷ 100 when `perCent`: the price is a rate in per cent), computed exactly and
 * rounded once, half-even, to the currency's minor unit. Both strings are plain decimals (≤ 4 places).
 */
export function chargeOf(price: string, quantity: string, currency: Currency, perCent: boolean): Decimal {
  const exact = parseDecimal(price).times(parseDecimal(quantity));
  return (perCent ? exact.div(100) : exact).toDecimalPlaces(currencyDigits(currency));
}

/** part ÷ whole × 100, rounded half-even to 2 decimals, as a string ("12.50"); "0.00" when whole is 0. */
export function percentOf(part: Decimal, whole: Decimal): string {
  return whole.isZero() ? '0.00' : formatDecimal(part.div(whole).times(100), 2);
}

/**
 * A unit price as answers show it: a money price with its currency's digits ("350" → "350.00", JPY
 * "50000"), a `percent_of_value` rate with 4 decimals ("0.3" → "0.3000"). Never drops a non-zero
 * digit (input is refused beyond those digits, so nothing is rounded); trailing zeros beyond the
 * scale are trimmed ("350.0000" from numeric(18,4) → "350.00").
 */
export function formatUnitPrice(price: string, unit: PriceUnit, currency: Currency): string {
  const scale = unit === 'percent_of_value' ? SCALE : currencyDigits(currency);
  const v = parseDecimal(price);
  return v.toFixed(Math.max(scale, v.decimalPlaces()));
}
