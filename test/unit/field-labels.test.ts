/**
 * Every field the API takes (each body property at any depth, each query and path parameter of
 * web/src/api/openapi.json) has a label in both languages (web/src/api/errors.ts FIELD_LABELS), so a refusal
 * naming it is never shown with the raw key; and a message naming another field by its key names it by label.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeError, FIELD_LABELS, fieldLines, fieldName, refusal } from '../../web/src/api/errors';
import { validateMessages } from '../../web/src/validateMessages';
import { CUSTOMER_COLUMNS } from '../../api/customers/customer-sheets';
import { BALANCE_COLUMNS } from '../../api/receivables/balances';
import { TARIFF_LINE_COLUMNS } from '../../api/tariffs/tariff-sheets';

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

  it('every column of an imported sheet has a label too: a bad row names its column by label, not key', () => {
    const keys = [...CUSTOMER_COLUMNS, ...TARIFF_LINE_COLUMNS, ...BALANCE_COLUMNS].map((c) => c.key);
    expect(keys).toContain('balance');
    expect(keys.filter((k) => !FIELD_LABELS[k])).toEqual([]);
    expect(FIELD_LABELS.balance).toEqual(['應收餘額', 'Balance']);
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

describe('the job’s forms: each field named as its label names it', () => {
  const sources = readdirSync('web/src/pages/jobs')
    .filter((f) => f.endsWith('.tsx'))
    .map((f) => [f, readFileSync(`web/src/pages/jobs/${f}`, 'utf8')] as const);

  it('every labelled field of a job form takes its label from fieldName of its own name (the table its messages and the API’s refusals use)', () => {
    const items: string[] = [];
    for (const [file, src] of sources)
      for (const m of src.matchAll(/<Form\.Item\b([^>]*?)>/gs)) {
        const attrs = m[1]!;
        const name = /\bname=(?:"(\w+)"|\{\[((?:'\w+',?\s*)+)\]\})/.exec(attrs);
        if (!name || !/\blabel=/.test(attrs)) continue;
        const path = name[1] ?? name[2]!.replace(/[\s']/g, '').replace(/,/g, '.');
        items.push(`${file} ${path}`);
        expect(attrs, `${file} ${path}`).toMatch(new RegExp(`\\blabel=\\{label\\('${path.replace('.', '\\.')}'\\)\\}`));
      }
    // The open-job form and the step / exception dialogs.
    expect(items.length).toBeGreaterThan(25);
  });

  it('the label and the required message agree: 起運港 Port of loading, 目的港 Port of discharge, 異常說明 Description', () => {
    const required = validateMessages(t).required as (...a: unknown[]) => string;
    for (const [path, name] of [
      ['portOfLoading', '起運港 Port of loading'],
      ['portOfDischarge', '目的港 Port of discharge'],
      ['description', '異常說明 Description'],
      ['containers.count', '柜量 Count'],
    ] as const) {
      expect(fieldName(path, t)).toBe(name);
      expect(required(path).replace('${label}', 'unused')).toBe(`${name}：必填 required`);
    }
  });

  it('the open-job refusal names the container number by its row and the other date by its label, in both languages', () => {
    const e = Object.assign(new Error('x'), {
      code: 'bad_request',
      reason: undefined,
      fields: [
        { path: 'body.containers.numbers.0', message: 'equipment category must be U (a freight container), not D' },
        { path: 'body.eta', message: 'must not be before etd' },
        { path: 'body.containers.numbers.2', message: 'duplicates container number 1' },
        { path: 'body.containers.type', message: 'Invalid option' },
      ],
    });
    expect(fieldLines(e, t)).toEqual([
      '第 1 個柜號 Container number 1: 設備類別須為 U（貨櫃），不是 D equipment category must be U (a freight container), not D',
      '預計到港 ETA: 不可早於預計開船 must not be before ETD',
      '第 3 個柜號 Container number 3: 與第 1 個柜號重複 duplicates container number 1',
      '柜型 Container type: 格式不符 Invalid option',
    ]);
  });

  it('a box on another job and a planned day gone by: the reason in both languages, under the field’s label', () => {
    const held = Object.assign(new Error('Container TGHU7654320 is on job J2026-000001 (C2), still in progress'), {
      code: 'unprocessable',
      reason: undefined,
      fields: [
        {
          path: 'body.containerNo',
          message: 'Container TGHU7654320 is on job J2026-000001 (C2), still in progress',
        },
        { path: 'body.deliveryDate', message: 'must not be before today (2026-12-01)' },
        { path: 'body.stage', message: 'the job has no warehousing stage' },
        { path: 'body.paymentMethod', message: 'the contract does not cover T/T' },
      ],
    });
    expect(fieldLines(held, t)).toEqual([
      '柜號 Container number: 柜 TGHU7654320 已在作業 J2026-000001（C2），尚未完成 TGHU7654320 is on job J2026-000001 (C2), still in progress',
      '送貨日期 Delivery date: 不可早於今天 must not be before today (2026-12-01)',
      '階段 Stage: 本作業沒有此環節 the job has no warehousing stage',
      '付款方式 Payment method: 合同不包含電匯 the contract does not cover T/T',
    ]);
    expect(refusal(held, t).title).toBe('不符業務規則 Refused by a business rule');
  });
});
