/**
 * Numbers as people type them, made what the API reads — applied at input, in every amount, price and
 * quantity field of the desk. A Chinese input method gives full-width digits (`１２３．５`), a copy from a
 * document gives the minus sign U+2212 (`−100`) or thousands separators (`12,500.00`): each becomes
 * the plain ASCII the API parses (`123.5`, `-100`, `12500.00`), so a value is judged by what it says,
 * not by which keyboard typed it. A negative number is then refused by the field's own rule with a
 * clear message («不可為負數 Must not be negative»), not as "not a number". The normaliser and the digits rule
 * are one module with the API's imports (`lib/number-input.ts`); a form checks an amount with `amountRule` below.
 */
import { normalizeDecimalInput, numberProblem, type NumberRule } from '../../../lib/number-input';
import { fieldName } from '../api/errors';
import type { Label } from './labels';
import type { Whole } from './parts';

/** `１２，５００．００` → `12500.00`; `−100` / `－100` → `-100` — the API's own (lib/number-input.ts, also read by the Excel imports). */
export { normalizeDecimalInput, numberProblem, type NumberRule } from '../../../lib/number-input';

/** For antd `Form.Item normalize`: the typed value normalised, anything not a string as it is. */
export const normalizeDecimalField = (value: unknown): unknown =>
  typeof value === 'string' ? normalizeDecimalInput(value) : value;

/**
 * What is wrong with a typed decimal for `decimals` places, or null: empty 必填, negative, not a number, zero
 * when `positive`, more decimals than `decimals` (numberProblem of lib/number-input.ts) — the message without
 * the field's name. Shown as you type; the API judges again.
 */
export function decimalProblem(
  value: string,
  decimals: number,
  zhEn: (zh: string, en: string) => string,
  positive = false,
): string | null {
  const p = numberProblem(value, { decimals, positive });
  return p ? zhEn(p.zh, p.en) : null;
}

type T = ((zh: string, en: string) => string) & { label: (l: Label) => string };

/**
 * The desk's one antd Form rule for a typed number: `numberProblem(value, rule)` (lib/number-input.ts, the rule
 * the API reads too) after the field's name — errors.ts `fieldName` names it once, a list's row by its 1-based
 * number: 「第 1 行 金額 Row 1 Amount：最多 2 位小數 At most 2 decimals」. The value is read as typed (a string;
 * pair the field with `normalize={normalizeDecimalField}` so full-width digits and separators count as plain).
 * An empty value is left to a `required` rule. `amountRule`, `countRule` and `percentRule` are this rule's kinds.
 */
export function numberRule(rule: NumberRule, t: T) {
  return {
    // async-validator hands the rule with the field's full name path (`fullField`, e.g. `charges.0.amount`).
    validator: async (r: object, value: unknown) => {
      const { fullField, field } = r as { fullField?: string; field?: string };
      const v = typeof value === 'string' ? value : value == null ? '' : String(value);
      if (v.trim() === '') return;
      const p = numberProblem(normalizeDecimalInput(v), rule);
      if (p) throw new Error(`${fieldName(fullField ?? field ?? '', t, '${label}')}：${t(p.zh, p.en)}`);
    },
  };
}

/**
 * An amount of money typed in a currency with `digits` minor digits (JPY 0, others 2, `GET /client-config`
 * currencyDigits): positive unless `positive` is false, a number, at most `digits` decimals, at most 14 integer
 * digits — numberRule's message: 「金額 Amount：最多 2 位小數 At most 2 decimals」 (the form's label says the currency).
 * With `atMost`, also not more than that whole (parts.ts `exceedsProblem`: 「不得超過未收金額 CNY 1,234.00 …」; parts.ts is
 * imported when such a rule first checks, so a page with amount fields does not load decimal.js for them).
 */
export function amountRule(digits: number, t: T, positive = true, atMost?: Whole) {
  const rule = numberRule({ decimals: digits, positive }, t);
  if (!atMost) return rule;
  return {
    validator: async (r: object, value: unknown) => {
      await rule.validator(r, value);
      const v = typeof value === 'string' ? value : value == null ? '' : String(value);
      if (v.trim() === '') return;
      // parts.ts (exact sums: decimal.js, ≈ 13 KB gzip) loads with the first check, not with every form's page.
      const { exceedsProblem } = await import('./parts');
      const problem = exceedsProblem(normalizeDecimalInput(v), atMost, digits, t);
      const { fullField, field } = r as { fullField?: string; field?: string };
      if (problem) throw new Error(`${fieldName(fullField ?? field ?? '', t, '${label}')}：${problem}`);
    },
  };
}

/**
 * A count (containers, customers, years): a whole number, at most `max`, above 0 when `positive` —
 * 「柜量 Containers：請輸入整數 Whole numbers only」 for `2.5` (never rounded away as antd's InputNumber did).
 */
export function countRule(t: T, opts: { max?: number; positive?: boolean } = {}) {
  return numberRule({ decimals: 0, max: opts.max, positive: opts.positive }, t);
}

/** A percentage 0–100 with at most `decimals` (default 2) decimals: 「回款率 % Collection rate %：不可大於 100 At most 100」. */
export function percentRule(t: T, decimals = 2) {
  return numberRule({ decimals, max: 100 }, t);
}
