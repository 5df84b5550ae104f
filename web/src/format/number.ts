/**
 * Numbers as people type them, made what the API reads — applied at input, in every amount, price and
 * quantity field of the desk. A Chinese input method gives full-width digits (`１２３．５`), a copy from a
 * document gives the minus sign U+2212 (`−100`) or thousands separators (`12,500.00`): each becomes
 * the plain ASCII the API parses (`123.5`, `-100`, `12500.00`), so a value is judged by what it says,
 * not by which keyboard typed it. A negative number is then refused by the field's own rule with a
 * clear message («不可為負數 Must not be negative»), not as "not a number".
 */

/** `１２，５００．００` → `12500.00`; `−100` / `－100` → `-100`; spaces (ASCII, full-width) dropped. */
export function normalizeDecimalInput(value: string): string {
  return value
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\u2212\uFF0D\u2013\u2014\uFE63]/g, '-')
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[,\uFF0C\s\u3000]/g, '');
}

/** For antd `Form.Item normalize`: the typed value normalised, anything not a string as it is. */
export const normalizeDecimalField = (value: unknown): unknown =>
  typeof value === 'string' ? normalizeDecimalInput(value) : value;
