import { describe, expect, it } from 'vitest';
import { containerCheckDigit, containerNumberProblem } from '../../domain/container-number';
import { lineCharge, receivablesOf, type ContractLine } from '../../domain/job-billing';

describe('ISO 6346 container numbers', () => {
  it('computes the check digit of known numbers', () => {
    expect(containerCheckDigit('CSQU305438')).toBe(3);
    expect(containerCheckDigit('MSCU123456')).toBe(6);
    expect(containerNumberProblem('CSQU3054383')).toBeNull();
    expect(containerNumberProblem('MSCU1234567')).toContain('check digit must be 6');
    expect(containerNumberProblem('MSCZ1234566')).toContain('category must be U');
    expect(containerNumberProblem('MSC01234566')).toContain('owner code');
  });
});

describe('receivables of a job', () => {
  const line = (over: Partial<ContractLine>): ContractLine => ({
    lineNo: 1,
    serviceType: 'ocean_freight',
    routeFrom: 'A',
    routeTo: 'B',
    unit: 'per_40hq',
    currency: 'USD',
    quotedPrice: '2450.00',
    quantity: '2',
    ...over,
  });
  const job = { containerType: '40HQ', containerCount: 3, declaredValue: null };

  it('bills every contracted line that applies: containers of its type, once per shipment, per kg / CBM as contracted, per cent of the declared value', () => {
    const lines = [
      line({ lineNo: 1 }),
      line({ lineNo: 2, unit: 'per_20gp', quotedPrice: '1000.00' }),
      line({ lineNo: 3, unit: 'per_shipment', currency: 'CNY', quotedPrice: '350.00', quantity: '4' }),
      line({ lineNo: 4, unit: 'per_kg', currency: 'CNY', quotedPrice: '1.25', quantity: '1234.5' }),
      line({ lineNo: 5, serviceType: 'lc', unit: 'percent_of_value', quotedPrice: '0.3000', quantity: '100000.00' }),
    ];
    const rows = receivablesOf({ ...job, declaredValue: { currency: 'USD', amount: '123456.78' } }, lines, [], []);
    expect(rows.map((r) => `${r.currency} ${r.amount}`)).toEqual([
      'USD 7350.00',
      'CNY 350.00',
      'CNY 1543.12',
      'USD 370.37',
    ]);
    expect(receivablesOf(job, lines.slice(4), [], [])[0]).toMatchObject({ currency: 'USD', amount: '300.00' });
  });

  it('rounds once, half to even, to the currency’s digits', () => {
    expect(lineCharge('0.3000', '1234.50', 'USD', true)).toBe('3.70');
    expect(lineCharge('0.5000', '1001.00', 'USD', true)).toBe('5.00');
    expect(lineCharge('0.5000', '1003.00', 'USD', true)).toBe('5.02');
    expect(lineCharge('0.2500', '1000', 'JPY', true)).toBe('2');
  });
});
