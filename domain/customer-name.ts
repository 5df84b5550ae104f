/**
 * When two customer names are the same name (§3.3.4: one customer file per company). A name is compared
 * by its key, which every written form of the same name that a user could type or paste shares:
 *
 * - invisible characters are dropped: zero-width space / joiners (U+200B–U+200D), word joiner (U+2060),
 *   byte-order mark (U+FEFF), soft hyphen (U+00AD), bidi marks and embeddings (U+200E/F, U+202A–U+202E,
 *   U+2066–U+2069), variation selectors, Hangul fillers — every Unicode format or default-ignorable
 *   character, and control characters;
 * - Unicode compatibility forms are folded (NFKC): full-width ＡＢＣ１２３ and half-width ｶﾀｶﾅ, ideographic
 *   and no-break spaces, circled and squared forms (㈱ → (株)), composed and decomposed accents (NFD);
 * - Traditional and Simplified Chinese are the same name (貿易 = 贸易, 華南 = 华南; OpenCC's Taiwan and
 *   Hong Kong tables): staff write mainland companies' names in Traditional while the business licence
 *   and e-mails carry Simplified, so both forms of one company reach the desk;
 * - letter case is ignored; punctuation of either width is dropped (「」【】()（）.,，。-·'’ …);
 * - runs of whitespace of any kind count as one space, and no space at all next to a Chinese, Japanese
 *   kana or punctuation character ("星辰 貿易" = "星辰貿易"), where a space carries no meaning.
 *
 * Letters stay letters: accents (Café ≠ Cafe), symbols (A+B), digits and the words themselves (有限公司 ≠
 * 有限責任公司, Ltd ≠ Limited) are kept, as they can tell two real companies apart.
 */
import { Converter } from 'opencc-js/t2cn';

const toSimplified = [Converter({ from: 'tw', to: 'cn' }), Converter({ from: 'hk', to: 'cn' })];

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const CONTROL = /\p{Cc}/gu;
/** A space next to a character of a script written without spaces carries no meaning. */
const SPACE_BY_CJK = /\s*([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f])\s*/gu;

/**
 * The key of a customer name: equal keys ⇔ the same name (rules above). `''` when the name has no
 * letter, digit or symbol at all. Pure; about 30 µs per call.
 */
export function customerNameKey(name: string): string {
  let s = name.replace(INVISIBLE, '').replace(CONTROL, ' ').normalize('NFKC').replace(INVISIBLE, '');
  for (const convert of toSimplified) s = convert(s);
  return s.toLowerCase().replace(/\p{P}/gu, '').replace(/\s+/gu, ' ').replace(SPACE_BY_CJK, '$1').trim();
}
