/**
 * Ant Design's own texts (empty tables, date picker placeholders, pagination, confirm buttons, form
 * validation messages) in both languages, like every label of the desk: zh-Hant first with English
 * beside (`暫無資料 No data`), or English first. Built from antd's zh-TW and en-US packs: every text the
 * two packs share is joined; formats (`YYYY年`), locale codes and flags stay the primary pack's. antd's
 * zh_TW writes 選擇周 where Traditional usage is 選擇週; corrected here. Form validation messages are
 * the desk's own (`validateMessages`): the field's label (already bilingual) once, then the rule in both.
 */
import type { Locale } from 'antd/es/locale';
import enUSBase from 'antd/locale/en_US';
import zhTWBase from 'antd/locale/zh_TW';
import 'dayjs/locale/zh-tw';

/** Keys whose values are formats, codes or flags — never joined. */
const KEEP = /format$|^locale$|^monthBeforeYear$|^shortWeekDays$|^shortMonths$|^titles$/i;

type Tree = { [k: string]: unknown };

/** `a` with each string that `b` also has joined as `a b` (arrays of strings element by element). */
function join(a: unknown, b: unknown, key = ''): unknown {
  if (KEEP.test(key)) return a;
  if (typeof a === 'string' && typeof b === 'string') return a === b || !b.trim() ? a : `${a} ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => join(x, b[i]));
  if (a && typeof a === 'object' && b && typeof b === 'object' && !Array.isArray(a)) {
    const out: Tree = {};
    for (const [k, v] of Object.entries(a as Tree)) out[k] = join(v, (b as Tree)[k], k);
    return out;
  }
  return a;
}

/** The pack with the week-select text of both parts (DatePicker, Calendar) set to `text`. */
function withWeekSelect(l: Tree, text: string): Tree {
  for (const part of ['DatePicker', 'Calendar']) {
    const lang = (l[part] as { lang?: Tree } | undefined)?.lang;
    if (lang) lang.weekSelect = text;
  }
  return l;
}

/** zh-Hant first, English beside. */
export const zhTW = withWeekSelect(join(zhTWBase, enUSBase) as Tree, '選擇週 Select week') as unknown as Locale;
/** English first, zh-Hant beside (the desk's own date fields keep YYYY-MM-DD). */
export const enUS = withWeekSelect(join(enUSBase, zhTWBase) as Tree, 'Select week 選擇週') as unknown as Locale;

/** Form validation messages, bilingual; `${label}` is the field's (bilingual) label. */
export function validateMessages(t: (zh: string, en: string) => string) {
  const invalid = '${label}：' + t('格式不符', 'invalid format');
  return {
    default: '${label}：' + t('無效', 'invalid'),
    required: '${label}：' + t('必填', 'required'),
    whitespace: '${label}：' + t('不可空白', 'must not be blank'),
    enum: '${label}：' + t('須為 ${enum} 之一', 'one of ${enum}'),
    date: { format: invalid, parse: invalid, invalid },
    types: {
      string: invalid,
      number: '${label}：' + t('請輸入數字', 'enter a number'),
      integer: '${label}：' + t('請輸入整數', 'enter a whole number'),
      float: '${label}：' + t('請輸入數字', 'enter a number'),
      email: '${label}：' + t('電郵格式不符', 'not an e-mail address'),
      url: '${label}：' + t('網址格式不符', 'not a URL'),
      date: invalid,
      boolean: invalid,
      array: invalid,
      object: invalid,
      method: invalid,
      regexp: invalid,
      hex: invalid,
    },
    string: {
      len: '${label}：' + t('須為 ${len} 個字', 'exactly ${len} characters'),
      min: '${label}：' + t('至少 ${min} 個字', 'at least ${min} characters'),
      max: '${label}：' + t('最多 ${max} 個字', 'at most ${max} characters'),
      range: '${label}：' + t('須為 ${min}–${max} 個字', '${min}–${max} characters'),
    },
    number: {
      len: '${label}：' + t('須等於 ${len}', 'must be ${len}'),
      min: '${label}：' + t('不可小於 ${min}', 'at least ${min}'),
      max: '${label}：' + t('不可大於 ${max}', 'at most ${max}'),
      range: '${label}：' + t('須介於 ${min}–${max}', 'between ${min} and ${max}'),
    },
    array: {
      len: '${label}：' + t('須為 ${len} 項', 'exactly ${len} items'),
      min: '${label}：' + t('至少 ${min} 項', 'at least ${min} items'),
      max: '${label}：' + t('最多 ${max} 項', 'at most ${max} items'),
      range: '${label}：' + t('須為 ${min}–${max} 項', '${min}–${max} items'),
    },
    pattern: { mismatch: invalid },
  };
}
