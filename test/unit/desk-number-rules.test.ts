/**
 * The desk's one rule for numbers typed in forms (issue 13): `numberRule` and its kinds `amountRule`,
 * `countRule`, `percentRule` (web/src/format/number.ts over lib/number-input.ts). Each message names its
 * field once (and a list's row) in zh-Hant with English beside; typed full-width digits and separators are
 * judged as plain ASCII. And no page keeps a number rule of its own (antd InputNumber, a digits regex).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amountRule, countRule, numberRule, percentRule } from '../../web/src/format/number';
import { lineProblems, type DraftLine } from '../../web/src/pages/tariffs/types';

const zh = Object.assign((z: string, e: string) => `${z} ${e}`, {
  label: (l: readonly [string, string]) => `${l[0]} ${l[1]}`,
});

/** What a rule says of `value` typed in the field at `path` (antd's fullField), or null when it takes it. */
async function said(rule: ReturnType<typeof numberRule>, path: string, value: unknown, label = '標籤 Label') {
  const field = { fullField: path, field: path };
  // The form's label (antd's ${label}) stands in for a key without a label of its own.
  return rule.validator(field, value).then(
    () => null,
    (e: Error) => e.message.replace('${label}', label),
  );
}

describe('amountRule: money in its currency’s digits', () => {
  it.each([
    ['12,000.001', 2, '金額 Amount：最多 2 位小數 At most 2 decimals'],
    ['１２，０００．００１', 2, '金額 Amount：最多 2 位小數 At most 2 decimals'],
    ['1500.5', 0, '金額 Amount：請輸入整數 Whole numbers only'],
    ['-5', 2, '金額 Amount：不可為負數 Must not be negative'],
    ['abc', 2, '金額 Amount：請輸入數字 Enter a number'],
    ['0', 2, '金額 Amount：須大於 0 Must be greater than 0'],
    ['123456789012345', 2, '金額 Amount：不可大於 99999999999999 At most 99999999999999'],
  ])('%s (%i digits) → %s', async (typed, digits, message) => {
    expect(await said(amountRule(digits, zh), 'amount', typed)).toBe(message);
  });

  it('takes an amount in the digits, separators and full-width digits included; empty is left to `required`', async () => {
    for (const ok of ['12,000.50', '１２０００', '0.01', ''])
      expect(await said(amountRule(2, zh), 'amount', ok)).toBeNull();
    expect(await said(amountRule(2, zh, false), 'amount', '0')).toBeNull();
  });

  it('names a list’s row as the tables number them', async () => {
    expect(await said(amountRule(2, zh), 'installments.1.amount', '1.234')).toBe(
      '第 2 期 金額 Instalment 2 Amount：最多 2 位小數 At most 2 decimals',
    );
    expect(await said(amountRule(0, zh, false), 'actuals.0.actualCost', '10.5')).toBe(
      '第 1 行 實際成本 Row 1 Actual cost：請輸入整數 Whole numbers only',
    );
    expect(await said(amountRule(2, zh, false), 'targets.money.0.revenue', '1.001')).toBe(
      '第 1 行 營業額 Row 1 Revenue：最多 2 位小數 At most 2 decimals',
    );
    // A key without a label of its own is named by the form's label.
    expect(
      await said(amountRule(2, zh), 'amount3', '1.001', '第 3 項爭議金額（CNY） Line 3 disputed amount (CNY)'),
    ).toBe('第 3 項爭議金額（CNY） Line 3 disputed amount (CNY)：最多 2 位小數 At most 2 decimals');
  });
});

describe('countRule: whole numbers, never rounded', () => {
  it.each([
    ['count', '2.5', {}, '柜量 Count：請輸入整數 Whole numbers only'],
    ['targets.containers', '1.5', { max: 1_000_000 }, '柜量 Containers：請輸入整數 Whole numbers only'],
    ['count', '51', { max: 50, positive: true }, '柜量 Count：不可大於 50 At most 50'],
    ['count', '0', { max: 50, positive: true }, '柜量 Count：須大於 0 Must be greater than 0'],
    ['yearsTrading', '-1', { max: 500 }, '經營年數 Years trading：不可為負數 Must not be negative'],
    [
      'budgetContainers',
      '1,000,001',
      { max: 1_000_000 },
      '預算柜量 Budget containers：不可大於 1000000 At most 1000000',
    ],
  ] as const)('%s %s → %s', async (path, typed, opts, message) => {
    expect(await said(countRule(zh, opts), path, typed)).toBe(message);
  });

  it('takes a whole number, as a number too (initial values)', async () => {
    for (const ok of ['0', '１２', '1,000', 40])
      expect(await said(countRule(zh, { max: 1_000_000 }), 'annualContainers', ok)).toBeNull();
  });
});

describe('percentRule: 0–100 with at most 2 decimals', () => {
  it.each([
    ['targetPct', '101', '目標回款率 % Target rate %：不可大於 100 At most 100'],
    ['targets.collectionRatePct', '100.01', '回款率 % Collection rate %：不可大於 100 At most 100'],
    ['priceAuthorityPct', '5.125', '價格權限 % Price authority %：最多 2 位小數 At most 2 decimals'],
    ['targetPct', '-1', '目標回款率 % Target rate %：不可為負數 Must not be negative'],
  ])('%s %s → %s', async (path, typed, message) => {
    expect(await said(percentRule(zh), path, typed)).toBe(message);
  });

  it('takes 0, 100, 99.99, ９５', async () => {
    for (const ok of ['0', '100', '100.00', '99.99', '９５'])
      expect(await said(percentRule(zh), 'targetPct', ok)).toBeNull();
  });
});

describe('tariff lines: the same rule for price and budget cost', () => {
  const line = (over: Partial<DraftLine>): DraftLine => ({
    key: 'k',
    serviceType: 'ocean_freight',
    industry: 'general',
    commodity: 'x',
    routeFrom: 'a',
    routeTo: 'b',
    unit: 'per_container',
    currency: 'JPY',
    price: '1000',
    budgetCost: '900',
    validFrom: '',
    validTo: '',
    ...over,
  });
  it('money in its currency’s digits, a per-cent rate at most 100 with 4 decimals', () => {
    expect(lineProblems(line({ price: '1000.5' }), { JPY: 0 }).price).toBe(
      'JPY 金額不可有小數 JPY amounts take no decimals',
    );
    expect(lineProblems(line({ currency: 'CNY', budgetCost: '1.234' }), { CNY: 2 }).budgetCost).toBe(
      'CNY 金額最多 2 位小數 CNY amounts have at most 2 decimals',
    );
    expect(lineProblems(line({ unit: 'percent_of_value', price: '100.5' }), { JPY: 0 }).price).toBe(
      '不可大於 100 At most 100',
    );
    expect(lineProblems(line({ unit: 'percent_of_value', price: '0.3125' }), { JPY: 0 }).price).toBeUndefined();
    expect(lineProblems(line({ price: '-3' }), { JPY: 0 }).price).toBe('不可為負數 Must not be negative');
  });
});

describe('no page keeps a number rule of its own', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
    });
  const pages = files(join(__dirname, '../../web/src')).filter((f) => !f.includes('/api/schema'));

  it('no antd InputNumber (it rounds 2.5 to 3 without a word)', () => {
    expect(pages.filter((f) => /<InputNumber\b/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('no Form rule `pattern` that reads a number (takes 100 and 12.5, refuses abc)', () => {
    const local: string[] = [];
    for (const f of pages)
      for (const m of readFileSync(f, 'utf8').matchAll(/pattern:\s*\/((?:\\\/|[^/\n])+)\/[a-z]*/g)) {
        const re = new RegExp(m[1]!);
        if (re.test('100') && re.test('12.5') && !re.test('abc')) local.push(`${f}: ${m[0]}`);
      }
    expect(local).toEqual([]);
  });
});
