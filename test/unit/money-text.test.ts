/** Amounts in running text (labels, reasons, pre-filled sentences, document notes) carry thousands separators. */
import { describe, expect, it } from 'vitest';
import { prefillLines } from '../../api/diaries/routes';
import { receivablesOf } from '../../domain/job-billing';
import { groupThousands, moneyText } from '../../lib/money';

describe('moneyText', () => {
  it('writes currency, separators and exactly the currency’s digits', () => {
    expect(moneyText('3000', 'CNY')).toBe('CNY 3,000.00');
    expect(moneyText('100000.0000', 'USD')).toBe('USD 100,000.00');
    expect(moneyText('-1234567.5', 'EUR')).toBe('EUR -1,234,567.50');
    expect(moneyText('999.5', 'CNY')).toBe('CNY 999.50');
    expect(moneyText('1234567', 'JPY')).toBe('JPY 1,234,567');
    expect(() => moneyText('1,000', 'CNY')).toThrow();
  });
  it('groups a plain decimal string as given and leaves anything else alone', () => {
    expect(groupThousands('22600.00')).toBe('22,600.00');
    expect(groupThousands('-1234567.5')).toBe('-1,234,567.5');
    expect(groupThousands('100')).toBe('100');
    expect(groupThousands('n/a')).toBe('n/a');
  });
});

describe('producers of running text', () => {
  it('the diary pre-fill writes a receipt with separators', () => {
    const lines = prefillLines({
      quotes: [],
      jobs: [],
      exceptions: [],
      receipts: [{ id: 1, customerNo: 'C001', currency: 'CNY', amount: '5000.00' }],
      visits: [],
      nextDayVisits: [],
    });
    expect(lines).toEqual([{ zh: '收款 C001 CNY 5,000.00', en: 'Receipt C001 CNY 5,000.00' }]);
  });
  it('the L/C item label writes the declared value with separators', () => {
    const [row] = receivablesOf(
      { containerType: '40HQ', containerCount: 1, declaredValue: { currency: 'USD', amount: '100000.00' } },
      [
        {
          lineNo: 1,
          serviceType: 'lc',
          routeFrom: 'A',
          routeTo: 'B',
          unit: 'percent_of_value',
          currency: 'USD',
          quotedPrice: '0.3000',
          quantity: '1',
        },
      ],
      [],
      [],
    );
    expect(row!.label).toContain('0.3000% × USD 100,000.00');
    expect(row!.amount).toBe('300.00');
  });
});
