/**
 * Ant Design's own texts (empty tables, date picker placeholders, pagination, confirm buttons, form
 * validation messages) in both languages, like every label of the desk: zh-Hant first with English
 * beside (`暫無資料 No data`), or English first. Built from antd's zh-TW and en-US packs: every text the
 * two packs share is joined; formats (`YYYY年`), locale codes and flags stay the primary pack's. antd's
 * zh_TW writes 選擇周 where Traditional usage is 選擇週; corrected here. Form validation messages are
 * the desk's own (`validateMessages.ts`): the field named once (errors.ts fieldName), then the rule in both.
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
