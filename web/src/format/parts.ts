/**
 * Parts that must not exceed their whole (issue 13), judged in the desk before anything is sent, exactly — integer
 * minor units of the currency (BigInt), never floating point: a receipt's allocations and the receipt's amount, an
 * allocation and its receivable's outstanding amount, a credit note / downward adjustment / write-off and the
 * outstanding amount, a dispute and its statement line's outstanding amount, a payment plan's instalments and the
 * overdue debt. The API refuses each with 422 naming the field (domain/ledger.ts, api/…); this is the desk's copy of
 * the rule so the form says it first. Messages are zh-Hant with English beside, without the field's name (the caller
 * puts it in front, errors.ts `fieldName`).
 */
import type { Label } from './labels';
import { formatAmount } from './money';

/** `"12.5"` with 2 digits → `1250n`; null when it is not a plain non-negative amount with at most `digits` decimals. */
export function toMinor(v: string, digits: number): bigint | null {
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(v.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  return BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((m[2] ?? '').padEnd(digits, '0') || '0');
}

/** Minor units back to a decimal string with exactly `digits` decimals (`1250n`, 2 → `"12.50"`). */
export function fromMinor(v: bigint, digits: number): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(digits + 1, '0');
  return `${neg ? '-' : ''}${digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s}`;
}

/** The exact sum of amounts with at most `digits` decimals (empty ones skipped); null when one is not such an amount. */
export function sumAmounts(amounts: readonly (string | undefined | null)[], digits: number): string | null {
  let minor = 0n;
  for (const a of amounts) {
    if (a == null || a.trim() === '') continue;
    const m = toMinor(a, digits);
    if (m === null) return null;
    minor += m;
  }
  return fromMinor(minor, digits);
}

/** The whole a part is judged against: its amount (decimal string), currency and what it is (`未收金額`, `the outstanding amount`). */
export interface Whole {
  amount: string;
  currency: string;
  label: Label;
}

/**
 * Why `part` may not be taken from `whole`, or null: more than the whole → 「不得超過未收金額 CNY 1,234.00 Must not
 * exceed the outstanding amount CNY 1,234.00」; with `partLabel` (a sum of parts) the part is named and shown first:
 * 「合計 CNY 1,500.00，不得超過收款金額 CNY 1,000.00 Together CNY 1,500.00: must not exceed …」. Null too when
 * either is not an amount (another rule names that).
 */
export function exceedsProblem(
  part: string,
  whole: Whole,
  digits: number,
  t: (zh: string, en: string) => string,
  partLabel?: Label,
): string | null {
  const p = toMinor(part, digits);
  const w = toMinor(whole.amount, digits);
  if (p === null || w === null || p <= w) return null;
  const shown = `${whole.currency} ${formatAmount(whole.amount, digits)}`;
  if (!partLabel) return t(`不得超過${whole.label[0]} ${shown}`, `Must not exceed ${whole.label[1]} ${shown}`);
  const partShown = `${whole.currency} ${formatAmount(part, digits)}`;
  return t(
    `${partLabel[0]} ${partShown}，不得超過${whole.label[0]} ${shown}`,
    `${partLabel[1]} ${partShown}: must not exceed ${whole.label[1]} ${shown}`,
  );
}

/** Wholes the receivables forms judge against. */
export const WHOLE_LABELS = {
  outstanding: ['未收金額', 'the outstanding amount'],
  receipt: ['收款金額', 'the receipt’s amount'],
  overdue: ['逾期未收金額', 'the overdue amount'],
  lineOutstanding: ['該行未收金額', 'the line’s outstanding amount'],
} as const satisfies Record<string, Label>;

/** A sum of parts as `exceedsProblem`'s `partLabel` names it. */
export const TOGETHER: Label = ['合計', 'Together'];
