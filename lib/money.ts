/**
 * Exact decimal money. Amounts travel as decimal strings ("1250.50") and are computed as bigint
 * minor units of a fixed scale; nothing goes through floating point. Rounding, where a result has
 * more digits than the currency allows, is half-even (banker's rounding) and said so at each use.
 */
import { CURRENCY_DIGITS, type Currency, type PriceUnit } from '../machines/catalog';

/** Internal scale: 4 decimals, enough for unit prices and per-cent rates. */
export const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

export function decimalPlaces(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** "12.5" → 125000n (scaled by 10^4). Throws on anything but a plain decimal. */
export function toScaled(s: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,4}))?$/.exec(s);
  if (!m) throw new Error(`not a decimal with at most ${SCALE} places: ${s}`);
  const v = BigInt(m[2]!) * FACTOR + BigInt((m[3] ?? '').padEnd(SCALE, '0'));
  return m[1] ? -v : v;
}

/** 125000n → "12.5000" trimmed to `places` (must not drop non-zero digits: use roundHalfEven first). */
export function fromScaled(v: bigint, places: number = SCALE): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const int = abs / FACTOR;
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0').slice(0, places);
  return `${neg ? '-' : ''}${int}${places > 0 ? `.${frac}` : ''}`;
}

/** Rounds a scaled value to `places` decimals, half to even. */
export function roundHalfEven(v: bigint, places: number): bigint {
  const unit = 10n ** BigInt(SCALE - places);
  if (unit === 1n) return v;
  const q = v / unit;
  const r = v % unit;
  const half = unit / 2n;
  const absR = r < 0n ? -r : r;
  let n = q;
  if (absR > half || (absR === half && q % 2n !== 0n)) n += v < 0n ? -1n : 1n;
  return n * unit;
}

/**
 * The largest decimal any amount, quantity or derived total may reach: what a `numeric(18,4)`
 * column holds (14 integer digits, 4 decimals). Anything larger is refused at entry (400) so that
 * no step can later fail to store it.
 */
export const MAX_DECIMAL = '99999999999999.9999';
/** The largest amount of money in a 2-digit currency (JPY: 99999999999999). */
export const MAX_AMOUNT = '99999999999999.99';
const LIMIT_SCALED = 10n ** 14n * FACTOR;

/** Whether a scaled value (see toScaled) fits the numeric(18,4) columns: |v| < 10^14. */
export const withinLimit = (v: bigint): boolean => (v < 0n ? -v : v) < LIMIT_SCALED;

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

export const compareDecimal = (a: string, b: string): number => {
  const d = toScaled(a) - toScaled(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
};

export const currencyDigits = (c: Currency): number => CURRENCY_DIGITS[c];

/** Formats an amount with exactly the currency's minor digits, rounding half-even. */
export function formatMoney(amount: string, currency: Currency): string {
  const digits = currencyDigits(currency);
  return fromScaled(roundHalfEven(toScaled(amount), digits), digits);
}

/**
 * A unit price as answers show it: a money price with its currency's digits ("350" → "350.00", JPY
 * "50000"), a `percent_of_value` rate with 4 decimals ("0.3" → "0.3000"). Never drops a non-zero
 * digit (input is refused beyond those digits, so nothing is rounded); trailing zeros beyond the
 * scale are trimmed ("350.0000" from numeric(18,4) → "350.00").
 */
export function formatUnitPrice(price: string, unit: PriceUnit, currency: Currency): string {
  const scale = unit === 'percent_of_value' ? SCALE : currencyDigits(currency);
  const v = toScaled(price);
  let places = SCALE;
  while (places > scale && v % 10n ** BigInt(SCALE - places + 1) === 0n) places -= 1;
  return fromScaled(v, places);
}
