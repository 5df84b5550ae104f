/**
 * Numbers as people type them, made what the API reads — applied at input, in every amount, price and
 * quantity field of the desk. A Chinese input method gives full-width digits (`１２３．５`), a copy from a
 * document gives the minus sign U+2212 (`−100`) or thousands separators (`12,500.00`): each becomes
 * the plain ASCII the API parses (`123.5`, `-100`, `12500.00`), so a value is judged by what it says,
 * not by which keyboard typed it. A negative number is then refused by the field's own rule with a
 * clear message («不可為負數 Must not be negative»), not as "not a number". The normaliser and the digits rule
 * are one module with the API's imports (`lib/number-input.ts`); `components/NumberInput.tsx` is the field.
 */
import { normalizeDecimalInput, numberProblem } from '../../../lib/number-input';

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
