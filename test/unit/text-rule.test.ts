/**
 * Free text at the edge (lib/text.ts, `text` / `searchText` / `identifier` in api/schemas.ts): control
 * characters, bidirectional controls and invisible characters are refused, naming the character and its
 * position; the text is NFC-normalised and trimmed. And the whole kind: every string an operation of the
 * OpenAPI document reads (body, query, path) either is an enum or has a pattern that refuses them.
 */
import { describe, expect, it } from 'vitest';
import { identifier, searchText, text } from '../../api/schemas';
import { SAFE_TEXT_PATTERN, unsafeCharacter } from '../../lib/text';
import { generateClientFiles } from '../../scripts/web-api-gen';

const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
const INVISIBLE = [0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2064, 0xfeff, 0x00ad, 0x180e];
const CONTROL = [0x00, 0x07, 0x0b, 0x1b, 0x7f, 0x85, 0x9f];
const ch = (cp: number) => String.fromCharCode(cp);

describe('the text rule', () => {
  it('refuses every bidirectional control, naming it and its position', () => {
    for (const cp of BIDI) {
      const r = text(100).safeParse(`ACME${ch(cp)} Ltd`);
      expect(r.success, cp.toString(16)).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(
        /^must not contain a bidirectional control: U\+[0-9A-F]{4} .* at position 5$/,
      );
    }
    expect(text(100).safeParse('顧客\u202Eelif.exe').error!.issues[0]!.message).toBe(
      'must not contain a bidirectional control: U+202E RIGHT-TO-LEFT OVERRIDE at position 3',
    );
  });

  it('refuses invisible characters anywhere — a trailing zero-width space or BOM too', () => {
    for (const cp of INVISIBLE) {
      for (const s of [`ACME${ch(cp)}`, `${ch(cp)}ACME`, `AC${ch(cp)}ME`]) {
        const r = text(100).safeParse(s);
        expect(r.success, `${cp.toString(16)} in ${JSON.stringify(s)}`).toBe(false);
        expect(r.error!.issues[0]!.message).toMatch(/^must not contain an invisible character: U\+/);
      }
    }
    expect(unsafeCharacter('ACME\u200B')).toEqual({
      index: 4,
      codePoint: 'U+200B',
      kind: 'invisible',
      name: 'ZERO WIDTH SPACE',
    });
  });

  it('refuses control characters (C0 but tab and line breaks, DEL, C1)', () => {
    for (const cp of CONTROL) expect(text(100).safeParse(`a${ch(cp)}b`).success, cp.toString(16)).toBe(false);
    expect(text(100).parse('line 1\nline 2\tend\r\n')).toBe('line 1\nline 2\tend');
  });

  it('keeps what people write: CJK, accents, emoji with variation selectors, full-width forms', () => {
    for (const s of ['深圳貿易有限公司', 'Café Müller', '★彡 ❤️', 'ＡＢＣ（股）', 'O’Brien & Sons', 'שלום', 'مرحبا'])
      expect(text(100).parse(s)).toBe(s);
  });

  it('normalises to NFC and trims', () => {
    const decomposed = 'Cafe\u0301';
    expect(text(100).parse(`  ${decomposed}  `)).toBe('Café');
    expect(text(100).parse(`  ${decomposed}  `)).toHaveLength(4);
    expect(text(100).safeParse('   ').success).toBe(false);
  });

  it('search terms and identifiers follow the same rule', () => {
    expect(searchText(100).parse('')).toBe('');
    expect(searchText(100).safeParse('C2026\u200B').success).toBe(false);
    expect(identifier().safeParse('C2026-00001\u202E').success).toBe(false);
    expect(identifier().parse('C2026-00001')).toBe('C2026-00001');
    expect(identifier().safeParse('').success).toBe(false);
  });

  it('the pattern refuses exactly what unsafeCharacter names', () => {
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = `a${ch(cp)}b`;
      expect(SAFE_TEXT_PATTERN.test(s), cp.toString(16)).toBe(unsafeCharacter(s) === null);
    }
  });
});

describe('every string input of the API follows the rule', () => {
  it('each body, query and path string is an enum or has a pattern refusing bidi, invisible and control characters', async () => {
    const doc = JSON.parse((await generateClientFiles()).json) as {
      paths: Record<string, Record<string, any>>;
      components?: Record<string, any>;
    };
    const resolve = (s: any): any =>
      s?.$ref
        ? resolve(
            s.$ref
              .split('/')
              .slice(1)
              .reduce((o: any, k: string) => o[k], doc),
          )
        : s;
    const probes = ['x\u202Ey', 'x\u200By', 'x\u0007y', 'x\uFEFF'];
    const offenders: string[] = [];
    let checked = 0;
    const walk = (schema: any, where: string): void => {
      const s = resolve(schema);
      if (!s || typeof s !== 'object') return;
      for (const k of ['anyOf', 'oneOf', 'allOf']) (s[k] ?? []).forEach((x: any) => walk(x, where));
      const types = [s.type].flat();
      if (types.includes('string') && !s.enum && s.const === undefined) {
        checked++;
        const patterns = [s.pattern, ...(s.allOf ?? []).map((a: any) => a.pattern)].filter(Boolean) as string[];
        const refusesAll =
          patterns.length > 0 && probes.every((p) => patterns.some((pattern) => !new RegExp(pattern).test(p)));
        if (!refusesAll) offenders.push(`${where} (pattern ${patterns.join(' & ') || 'none'})`);
      }
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${k}`);
      if (s.items) walk(s.items, `${where}[]`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        walk(s.additionalProperties, `${where}{}`);
    };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) if (p.in !== 'header') walk(p.schema, `${where} ${p.in}:${p.name}`);
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) walk(body, `${where} body`);
      }
    expect(checked).toBeGreaterThan(150);
    expect(offenders).toEqual([]);
  });
});
