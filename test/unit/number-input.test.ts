/**
 * The one normaliser and digits rule of every number the desk takes and the imports read
 * (lib/number-input.ts), and the desk's zh-Hant beside the API's English field messages
 * (web/src/api/errors.ts FIELD_MESSAGES): each says the same in both languages.
 */
import { describe, expect, it } from 'vitest';
import { normalizeDecimalInput, numberProblem } from '../../lib/number-input';
import { CURRENCY_DIGITS } from '../../machines/catalog';
import { decimal } from '../../api/schemas';
import { amountDigitsProblem } from '../../lib/money';
import { FIELD_MESSAGES, fieldMessage } from '../../web/src/api/errors';

const zhEn = Object.assign((z: string, e: string) => `${z} ${e}`, {
  label: (l: readonly [string, string]) => `${l[0]} ${l[1]}`,
});
const said = (v: string, rule: Parameters<typeof numberProblem>[1]) => {
  const p = numberProblem(normalizeDecimalInput(v), rule);
  return p ? `${p.zh} ${p.en}` : null;
};

describe('normalizeDecimalInput', () => {
  it.each([
    ['5,000.00', '5000.00'],
    ['５０００.００', '5000.00'],
    ['５，０００．００', '5000.00'],
    ['3,600.00', '3600.00'],
    ['12,000.001', '12000.001'],
    ['１０', '10'],
    ['−100', '-100'],
    ['－3', '-3'],
    [' 1 250 ', '1250'],
    ['１２３。５', '123.5'],
    ['abc', 'abc'],
    ['', ''],
  ])('%s → %s', (typed, plain) => expect(normalizeDecimalInput(typed)).toBe(plain));
});

describe('numberProblem: the digits rule', () => {
  it('an amount takes at most its currency’s digits, and says so naming the currency', () => {
    expect(said('1000.50', { decimals: CURRENCY_DIGITS.JPY, currency: 'JPY' })).toBe(
      'JPY 金額不可有小數 JPY amounts take no decimals',
    );
    expect(said('1000', { decimals: CURRENCY_DIGITS.JPY, currency: 'JPY' })).toBeNull();
    expect(said('12,000.001', { decimals: CURRENCY_DIGITS.CNY, currency: 'CNY' })).toBe(
      'CNY 金額最多 2 位小數 CNY amounts have at most 2 decimals',
    );
    expect(said('５０００.００', { decimals: 2, currency: 'CNY' })).toBeNull();
    expect(said('3,600.00', { decimals: 2, currency: 'CNY' })).toBeNull();
  });

  it('what the rule agrees with, the API’s own checks agree with', () => {
    for (const [currency, digits] of Object.entries(CURRENCY_DIGITS)) {
      for (const v of ['1', '1.5', '1.50', '1.505', '0.0001']) {
        const desk = numberProblem(v, { decimals: digits, currency }) === null;
        const api = decimal.safeParse(v).success && amountDigitsProblem('amount', v, currency as never) === null;
        expect(desk, `${currency} ${v}`).toBe(api);
      }
    }
  });

  it('counts: negative named, never clamped; a decimal named; full-width read; bounds', () => {
    expect(said('-3', { decimals: 0 })).toBe('不可為負數 Must not be negative');
    expect(said('−3', { decimals: 0 })).toBe('不可為負數 Must not be negative');
    expect(said('１０', { decimals: 0 })).toBeNull();
    expect(said('2.5', { decimals: 0 })).toBe('請輸入整數 Whole numbers only');
    expect(said('', { decimals: 0 })).toBe('必填 Required');
    expect(said('1e3', { decimals: 0 })).toBe('請輸入數字 Enter a number');
    expect(said('0', { decimals: 0, positive: true })).toBe('須大於 0 Must be greater than 0');
    expect(said('100001', { decimals: 0, max: 100_000 })).toBe('不可大於 100000 At most 100000');
    expect(said('123456789012345', { decimals: 2 })).toBe('不可大於 99999999999999 At most 99999999999999');
  });

  it('each problem’s zh and en say the same: a decimals rule says 整數 only when the English says whole numbers', () => {
    for (const decimals of [0, 2, 3, 4]) {
      for (const currency of [undefined, 'JPY', 'CNY']) {
        for (const v of ['', '-1', 'x', '1.23456', '0', '999999999999999']) {
          const p = numberProblem(v, { decimals, currency, positive: true, max: 1000 });
          if (!p) continue;
          expect(p.zh.includes('整數'), `${p.zh} / ${p.en}`).toBe(/whole/i.test(p.en));
          expect(p.zh.includes('小數'), `${p.zh} / ${p.en}`).toBe(/decimal/i.test(p.en));
        }
      }
    }
  });
});

describe('the API’s field messages in zh-Hant (FIELD_MESSAGES)', () => {
  /** Every message the API gives for a number field, and the meaning its zh must carry. */
  const apiMessages = [
    ...(decimal.safeParse('-1').error?.issues.map((i) => i.message) ?? []),
    ...(decimal.safeParse('１２３').error?.issues.map((i) => i.message) ?? []),
    amountDigitsProblem('amount', '12000.001', 'CNY')!,
    amountDigitsProblem('price', '1000.50', 'JPY')!,
    'quantity: a per_40hq quantity takes whole numbers, got 1.5',
    'quantity: a per_kg quantity takes at most 3 decimals, got 1.2345',
    'must be greater than zero',
  ];

  it('the decimal message (tariff import row, receipt amount) is not called a whole number', () => {
    const m = decimal.safeParse('-1').error!.issues[0]!.message;
    const text = fieldMessage(m, zhEn);
    expect(text).not.toContain('整數');
    expect(text).toContain('不小於 0');
    expect(text).toContain(m);
  });

  it('every rule of the table: 整數 only for whole-number English, 小數 only where decimals are named', () => {
    for (const m of apiMessages) {
      const rule = FIELD_MESSAGES.find(([re]) => re.test(m));
      expect(rule, m).toBeDefined();
      const zh = rule![1](rule![0].exec(m)!);
      expect(zh.includes('整數'), `${zh} / ${m}`).toBe(/whole/i.test(m));
      expect(/小數/.test(zh), `${zh} / ${m}`).toBe(/decimal/i.test(m) && !/whole/i.test(m));
    }
    expect(fieldMessage(amountDigitsProblem('price', '1000.50', 'JPY')!, zhEn)).toContain('JPY 金額不可有小數');
    expect(fieldMessage(amountDigitsProblem('amount', '1.001', 'CNY')!, zhEn)).toContain('CNY 金額最多 2 位小數');
  });
});
