/** The desk's form validation messages (antd Form `validateMessages`, set once in App.tsx). */
import { fieldName } from './api/errors';
import type { Label } from './format/labels';

/**
 * Form validation messages, bilingual, each naming its field once before the rule: 「金額 Amount：格式不符 invalid
 * format」, a list's row by its number 「第 1 行 金額 Row 1 Amount：必填 required」. antd hands each message the
 * field's full name path (`charges.0.amount`); errors.ts `fieldName` names it as the API's refusals are named — the
 * Form.Item's own label (antd's `${label}`) for a key without a label of its own (FIELD_LABELS). Never antd's
 * fallback of the bare path (「0,amount」), never the label twice.
 */
export function validateMessages(t: ((zh: string, en: string) => string) & { label: (l: Label) => string }) {
  // antd types a message function as `() => string`; async-validator calls it with the field's full path first.
  const msg =
    (zh: string, en: string) =>
    (...args: unknown[]): string =>
      `${fieldName(String(args[0] ?? ''), t, '${label}')}：${t(zh, en)}`;
  const invalid = msg('格式不符', 'invalid format');
  return {
    default: msg('無效', 'invalid'),
    required: msg('必填', 'required'),
    whitespace: msg('不可空白', 'must not be blank'),
    enum: msg('須為 ${enum} 之一', 'one of ${enum}'),
    date: { format: invalid, parse: invalid, invalid },
    types: {
      string: invalid,
      number: msg('請輸入數字', 'enter a number'),
      integer: msg('請輸入整數', 'enter a whole number'),
      float: msg('請輸入數字', 'enter a number'),
      email: msg('電郵格式不符', 'not an e-mail address'),
      url: msg('網址格式不符', 'not a URL'),
      date: invalid,
      boolean: invalid,
      array: invalid,
      object: invalid,
      method: invalid,
      regexp: invalid,
      hex: invalid,
    },
    string: {
      len: msg('須為 ${len} 個字', 'exactly ${len} characters'),
      min: msg('至少 ${min} 個字', 'at least ${min} characters'),
      max: msg('最多 ${max} 個字', 'at most ${max} characters'),
      range: msg('須為 ${min}–${max} 個字', '${min}–${max} characters'),
    },
    number: {
      len: msg('須等於 ${len}', 'must be ${len}'),
      min: msg('不可小於 ${min}', 'at least ${min}'),
      max: msg('不可大於 ${max}', 'at most ${max}'),
      range: msg('須介於 ${min}–${max}', 'between ${min} and ${max}'),
    },
    array: {
      len: msg('須為 ${len} 項', 'exactly ${len} items'),
      min: msg('至少 ${min} 項', 'at least ${min} items'),
      max: msg('最多 ${max} 項', 'at most ${max} items'),
      range: msg('須為 ${min}–${max} 項', '${min}–${max} items'),
    },
    pattern: { mismatch: invalid },
  };
}
