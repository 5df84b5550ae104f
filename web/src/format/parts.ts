/**
 * Parts that must not exceed their whole (issue 13), judged in the desk before anything is sent, exactly — decimal.js
 * through lib/money.ts's Decimal (the project's one money library), never floating point: a receipt's allocations and the receipt's amount, an
 * allocation and its receivable's outstanding amount, a credit note / downward adjustment / write-off and the
 * outstanding amount, a dispute and its statement line's outstanding amount, a payment plan's instalments and the
 * overdue debt. The API refuses each with 422 naming the field (domain/ledger.ts, api/…); this is the desk's copy of
 * the rule so the form says it first. Messages are zh-Hant with English beside, without the field's name (the caller
 * puts it in front, errors.ts `fieldName`).
 */
import { Decimal } from '../../../lib/money';
import type { Label } from './labels';
import { formatAmount } from './money';

/**
 * `"12.5"` with 2 digits → Decimal 12.5; null when it is not a plain non-negative amount (at most 15 integer digits)
 * with at most `digits` decimals. Exact: lib/money.ts's Decimal (64 significant digits) holds every such amount and
 * any sum of them the desk makes.
 */
export function parseAmount(v: string, digits: number): Decimal | null {
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(v.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  return new Decimal(m[0]);
}

/** A Decimal as a string with exactly `digits` decimals (`12.5`, 2 → `"12.50"`; a negative keeps its minus). */
export const amountText = (v: Decimal, digits: number): string => v.toFixed(digits);

/** The exact sum of amounts with at most `digits` decimals (empty ones skipped); null when one is not such an amount. */
export function sumAmounts(amounts: readonly (string | undefined | null)[], digits: number): string | null {
  let sum = new Decimal(0);
  for (const a of amounts) {
    if (a == null || a.trim() === '') continue;
    const v = parseAmount(a, digits);
    if (v === null) return null;
    sum = sum.plus(v);
  }
  return amountText(sum, digits);
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
  const p = parseAmount(part, digits);
  const w = parseAmount(whole.amount, digits);
  if (p === null || w === null || p.lte(w)) return null;
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
  unallocated: ['未沖銷金額', 'the unallocated credit'],
  overdue: ['逾期未收金額', 'the overdue amount'],
  lineOutstanding: ['該行未收金額', 'the line’s outstanding amount'],
} as const satisfies Record<string, Label>;

/** A sum of parts as `exceedsProblem`'s `partLabel` names it. */
export const TOGETHER: Label = ['合計', 'Together'];
