/**
 * The one rule for free text at the edge (names, notes, comments, places, references, search terms,
 * identifiers): characters a person cannot see or that reorder what they see are refused, never stored.
 *
 * - **Control characters**: C0 except tab, line feed and carriage return; DEL; C1 (U+0080–U+009F).
 * - **Bidirectional controls** — they make text display in another order than it is stored (a name
 *   with U+202E shows reversed): embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069,
 *   marks U+200E, U+200F and U+061C.
 * - **Invisible characters** — they make two different strings look the same (a trailing U+200B):
 *   zero-width space, non-joiner and joiner U+200B–U+200D, word joiner and invisible operators
 *   U+2060–U+2064, zero-width no-break space / BOM U+FEFF, soft hyphen U+00AD, Mongolian vowel
 *   separator U+180E.
 *
 * Refused rather than removed, so what is stored is exactly what was sent (after NFC and trimming):
 * the sender learns which character it was and where. Variation selectors stay allowed (emoji and
 * CJK variants need them).
 */

/** Why a character is refused: its kind and its Unicode name. */
export interface UnsafeCharacter {
  /** 0-based position in the string (UTF-16 code units). */
  index: number;
  /** `U+202E` */
  codePoint: string;
  kind: 'control' | 'bidi' | 'invisible';
  name: string;
}

const NAMES: Record<number, [UnsafeCharacter['kind'], string]> = {
  0x061c: ['bidi', 'ARABIC LETTER MARK'],
  0x200e: ['bidi', 'LEFT-TO-RIGHT MARK'],
  0x200f: ['bidi', 'RIGHT-TO-LEFT MARK'],
  0x202a: ['bidi', 'LEFT-TO-RIGHT EMBEDDING'],
  0x202b: ['bidi', 'RIGHT-TO-LEFT EMBEDDING'],
  0x202c: ['bidi', 'POP DIRECTIONAL FORMATTING'],
  0x202d: ['bidi', 'LEFT-TO-RIGHT OVERRIDE'],
  0x202e: ['bidi', 'RIGHT-TO-LEFT OVERRIDE'],
  0x2066: ['bidi', 'LEFT-TO-RIGHT ISOLATE'],
  0x2067: ['bidi', 'RIGHT-TO-LEFT ISOLATE'],
  0x2068: ['bidi', 'FIRST STRONG ISOLATE'],
  0x2069: ['bidi', 'POP DIRECTIONAL ISOLATE'],
  0x00ad: ['invisible', 'SOFT HYPHEN'],
  0x180e: ['invisible', 'MONGOLIAN VOWEL SEPARATOR'],
  0x200b: ['invisible', 'ZERO WIDTH SPACE'],
  0x200c: ['invisible', 'ZERO WIDTH NON-JOINER'],
  0x200d: ['invisible', 'ZERO WIDTH JOINER'],
  0x2060: ['invisible', 'WORD JOINER'],
  0x2061: ['invisible', 'FUNCTION APPLICATION'],
  0x2062: ['invisible', 'INVISIBLE TIMES'],
  0x2063: ['invisible', 'INVISIBLE SEPARATOR'],
  0x2064: ['invisible', 'INVISIBLE PLUS'],
  0xfeff: ['invisible', 'ZERO WIDTH NO-BREAK SPACE'],
};

/** The characters text may not contain, as a regex character class body (BMP escapes, no `u` flag needed). */
const REFUSED_CLASS =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';

/** Matches a string free of refused characters; the `pattern` the OpenAPI document shows for text fields. */
export const SAFE_TEXT_PATTERN = new RegExp(`^[^${REFUSED_CLASS}]*$`);
const REFUSED = new RegExp(`[${REFUSED_CLASS}]`);

/** The first refused character of `s`, or null when `s` is safe to store and show. */
export function unsafeCharacter(s: string): UnsafeCharacter | null {
  const m = REFUSED.exec(s);
  if (!m) return null;
  const cp = m[0].charCodeAt(0);
  const [kind, name] = NAMES[cp] ?? ['control', 'CONTROL CHARACTER'];
  return { index: m.index, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, kind, name };
}

const KIND_TEXT: Record<UnsafeCharacter['kind'], string> = {
  control: 'a control character',
  bidi: 'a bidirectional control',
  invisible: 'an invisible character',
};

/** The message a refusal of `s` gives, e.g. `must not contain a bidirectional control: U+202E RIGHT-TO-LEFT OVERRIDE at position 4`. */
export function unsafeCharacterMessage(s: string): string {
  const u = unsafeCharacter(s);
  if (!u) return 'must not contain control, bidirectional or invisible characters';
  return `must not contain ${KIND_TEXT[u.kind]}: ${u.codePoint} ${u.name} at position ${u.index + 1}`;
}
