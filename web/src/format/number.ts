/**
 * Numbers as people type them, made what the API reads — applied at input, in every amount, price and
 * quantity field of the desk. A Chinese input method gives full-width digits (`１２３．５`), a copy from a
 * document gives the minus sign U+2212 (`−100`) or thousands separators (`12,500.00`): each becomes
 * the plain ASCII the API parses (`123.5`, `-100`, `12500.00`), so a value is judged by what it says,
 * not by which keyboard typed it. A negative number is then refused by the field's own rule with a
 * clear message («不可為負數 Must not be negative»), not as "not a number". The normaliser and the digits rule
 * are one module with the API's imports (`lib/number-input.ts`); a form checks an amount with `amountRule` below.
 */
import { normalizeDecimalInput, numberProblem } from '../../../lib/number-input';
import { fieldName } from '../api/errors';
import type { Label } from './labels';

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

/**
 * An antd Form rule for an amount of money typed in a currency with `digits` minor digits (JPY 0, others 2,
 * `GET /client-config` currencyDigits): positive unless `positive` is false, a number, at most `digits`
 * decimals — decimalProblem's message after the field's name (errors.ts `fieldName`, as every form message
 * names its field: 「金額 Amount：最多 2 位小數 At most 2 decimals」). An empty value is left to a `required` rule.
 */
export function amountRule(
  digits: number,
  t: ((zh: string, en: string) => string) & { label: (l: Label) => string },
  positive = true,
) {
  return {
    // async-validator hands the rule with the field's full name path (`fullField`, e.g. `charges.0.amount`).
    validator: async (rule: object, value: unknown) => {
      const { fullField, field } = rule as { fullField?: string; field?: string };
      const v = typeof value === 'string' ? value : value == null ? '' : String(value);
      if (v.trim() === '') return;
      const problem = decimalProblem(v, digits, t, positive);
      if (problem) throw new Error(`${fieldName(fullField ?? field ?? '', t, '${label}')}：${problem}`);
    },
  };
}
