/**
 * Every field the API takes (each body property at any depth, each query and path parameter of
 * web/src/api/openapi.json) has a label in both languages (web/src/api/errors.ts FIELD_LABELS), so a refusal
 * naming it is never shown with the raw key; and a message naming another field by its key names it by label.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeError, FIELD_LABELS, fieldLines } from '../../web/src/api/errors';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Param = { $ref?: string; name: string; in: string };
const spec = JSON.parse(readFileSync('web/src/api/openapi.json', 'utf8')) as {
  paths: Record<
    string,
    Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
};
const resolve = <T extends { $ref?: string }>(s: T): T =>
  s.$ref
    ? resolve(
        s.$ref
          .split('/')
          .slice(1)
          .reduce<any>((o, k) => o[k], spec),
      )
    : s;

/** The request field names of the API: body properties at any depth, query and path parameters. */
function requestFields(): Set<string> {
  const keys = new Set<string>();
  const walk = (raw: Schema | undefined, depth: number): void => {
    if (!raw || depth > 10) return;
    const s = resolve(raw);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) for (const x of s[k] ?? []) walk(x, depth + 1);
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      keys.add(k);
      walk(v, depth + 1);
    }
    walk(s.items, depth + 1);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, depth + 1);
  };
  for (const ops of Object.values(spec.paths))
    for (const op of Object.values(ops)) {
      if (!op || typeof op !== 'object') continue;
      for (const p of op.parameters ?? []) {
        const prm = resolve(p);
        if (prm.in !== 'header') keys.add(prm.name);
      }
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema, 0);
    }
  return keys;
}

const t = Object.assign((z: string, e: string) => `${z} ${e}`, {
  label: (l: readonly [string, string]) => `${l[0]} ${l[1]}`,
});

describe('the API’s field names as the desk shows them', () => {
  it('every request field of the API has a zh-Hant and English label', () => {
    const fields = requestFields();
    expect(fields.size).toBeGreaterThan(100);
    expect([...fields].filter((k) => !FIELD_LABELS[k]).sort()).toEqual([]);
    for (const k of fields) {
      const [zh, en] = FIELD_LABELS[k]!;
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).toMatch(/^[A-Z]/);
    }
  });

  it('the delegation’s range refused: each field named by its label, the other field too', () => {
    const e = Object.assign(new Error('endsOn must not be before startsOn'), {
      code: 'bad_request',
      reason: undefined,
      fields: [{ path: 'body.endsOn', message: 'must not be before startsOn' }],
    });
    expect(fieldLines(e, t)).toEqual(['結束日 Ends on: 不可早於開始日 must not be before Starts on']);
    expect(describeError(e, t)).toBe(
      '輸入有誤 Invalid input: 結束日 Ends on: 不可早於開始日 must not be before Starts on',
    );
    const toUser = Object.assign(new Error('Auditors cannot act'), {
      code: 'unprocessable',
      reason: undefined,
      fields: [{ path: 'toUser', message: 'Auditors cannot act' }],
    });
    expect(fieldLines(toUser, t)).toEqual(['受託人 Delegate: 審計不可受託 Auditors cannot act']);
  });
});
