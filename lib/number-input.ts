/**
 * Numbers as people type them — the one normaliser and the one digits rule of every number the desk
 * takes (amounts, prices, quantities, counts) and of the number columns of the .xlsx / CSV imports
 * (`lib/xlsx-sheet.ts`). Pure: no imports, so the browser desk and the API share it.
 *
 * A Chinese input method gives full-width digits (`１２３．５`), a copy from a document the minus sign
 * U+2212 (`−100`) or thousands separators (`12,500.00`): each becomes the plain ASCII the API parses
 * (`123.5`, `-100`, `12500.00`), so a value is judged by what it says, not by which keyboard typed it.
 * A negative number is then refused by the field's own rule as negative, not as "not a number".
 */

/**
 * `１２，５００．００` → `12500.00`; `−100` / `－100` → `-100`; spaces (ASCII, full-width) and thousands
 * separators (`,` `，`) dropped; the ideographic full stop `。` and `．` read as the decimal point.
 * Anything else is kept as it is (the rule then names it). Never throws.
 */
export function normalizeDecimalInput(value: string): string {
  return value
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\u2212\uFF0D\u2013\u2014\uFE63]/g, '-')
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[,\uFF0C\s\u3000]/g, '');
}

/** The most integer digits any number may have (what a `numeric(18,4)` column holds, api/schemas.ts `decimal`). */
export const MAX_INTEGER_DIGITS = 14;

/** What a number field takes: its decimals, and optionally its currency (named in the message), bounds. */
export interface NumberRule {
  /** Decimals allowed: a currency's digits (CURRENCY_DIGITS: JPY 0, others 2), 0 for a count. */
  decimals: number;
  /** The currency of an amount, named in the decimals message («JPY 金額不可有小數 JPY amounts take no decimals»). */
  currency?: string | undefined;
  /** Zero refused too («須大於 0 Must be greater than 0»). */
  positive?: boolean | undefined;
  /** Largest value allowed (a count's cap); default: 14 integer digits. */
  max?: number | undefined;
}

/** Why a number is refused: a code, and its message in zh-Hant and English (they say the same). */
export interface NumberProblem {
  code: 'required' | 'negative' | 'not_a_number' | 'zero' | 'decimals' | 'too_large';
  zh: string;
  en: string;
}

/**
 * What is wrong with a typed number (after `normalizeDecimalInput`) under `rule`, or null when it is
 * fine. Empty → `required`; `-3` → `negative`; `1,2a` → `not_a_number`; more decimals than
 * `rule.decimals` → `decimals` (e.g. «JPY 金額不可有小數 JPY amounts take no decimals», «最多 2 位小數 At
 * most 2 decimals», «請輸入整數 Whole numbers only»); above `rule.max` or 14 integer digits → `too_large`.
 * Shown as the field is typed; the API judges again.
 */
export function numberProblem(value: string, rule: NumberRule): NumberProblem | null {
  const v = value.trim();
  const { decimals, currency } = rule;
  if (v === '') return { code: 'required', zh: '必填', en: 'Required' };
  if (/^-\d+(\.\d+)?$/.test(v)) return { code: 'negative', zh: '不可為負數', en: 'Must not be negative' };
  if (!/^\d+(\.\d+)?$/.test(v)) return { code: 'not_a_number', zh: '請輸入數字', en: 'Enter a number' };
  const [int = '', frac = ''] = v.split('.');
  if (frac.length > decimals) {
    if (currency)
      return decimals === 0
        ? { code: 'decimals', zh: `${currency} 金額不可有小數`, en: `${currency} amounts take no decimals` }
        : {
            code: 'decimals',
            zh: `${currency} 金額最多 ${decimals} 位小數`,
            en: `${currency} amounts have at most ${decimals} decimals`,
          };
    return decimals === 0
      ? { code: 'decimals', zh: '請輸入整數', en: 'Whole numbers only' }
      : { code: 'decimals', zh: `最多 ${decimals} 位小數`, en: `At most ${decimals} decimals` };
  }
  const digits = int.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INTEGER_DIGITS || (rule.max !== undefined && Number(v) > rule.max)) {
    const max = rule.max === undefined ? `${'9'.repeat(MAX_INTEGER_DIGITS)}` : String(rule.max);
    return { code: 'too_large', zh: `不可大於 ${max}`, en: `At most ${max}` };
  }
  if (rule.positive && /^0+(\.0+)?$/.test(v)) return { code: 'zero', zh: '須大於 0', en: 'Must be greater than 0' };
  return null;
}
