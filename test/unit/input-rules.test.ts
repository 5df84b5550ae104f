/**
 * The shared input rules of issue 10: one money schema (currency digits at the field's path), amount
 * limits (what numeric(18,4) holds, derived totals included), whole-number quantities per unit, and
 * one date / month schema with a stated range.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { formatUnitPrice } from '../../lib/money';
import { quoteLineProblems, refuseProblems, type TariffLineForPricing } from '../../lib/pricing';
import { DATE_RANGE, isoDate, isoLocalDateTime, yearMonth } from '../../api/schemas';
import { ActualsBody, InternalQuoteBody } from '../../api/quotes/schemas';
import { stepBodySchema } from '../../api/jobs/schemas';
import { TariffLineBody } from '../../api/tariffs/schemas';

const tariffLine = (lineNo: number, over: Partial<TariffLineForPricing> = {}): TariffLineForPricing => ({
  lineNo,
  serviceType: 'transport',
  industry: 'electronics',
  commodity: 'phones',
  routeFrom: 'Yantian',
  routeTo: 'Dongguan',
  unit: 'per_40hq',
  currency: 'CNY',
  price: '1800.00',
  budgetCost: '1500.00',
  ...over,
});

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('quote lines against their tariff lines', () => {
  const tariff = [
    tariffLine(1),
    tariffLine(2, { unit: 'per_kg', price: '3.50', budgetCost: '2.00' }),
    tariffLine(3, { unit: 'percent_of_value', price: '0.30', budgetCost: '0.10' }),
    tariffLine(4, { unit: 'per_shipment', currency: 'JPY', price: '50000', budgetCost: '30000' }),
  ];

  it('a CNY unit price with three decimals is refused at its path, naming the currency and its digits', () => {
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 1, quotedPrice: '480.123', quantity: '1' }])).toEqual([
      { path: 'lines.0.quotedPrice', message: 'quotedPrice: CNY amounts have at most 2 decimals, got 480.123' },
    ]);
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 4, quotedPrice: '50000.5', quantity: '1' }])[0]?.message).toMatch(
      /JPY amounts have at most 0 decimals/,
    );
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 1, quotedPrice: '480.12', quantity: '1' }])).toEqual([]);
  });

  it('the issue’s example, 99999999999999.99 × 2 CNY, exceeds what storage holds', () => {
    const problems = quoteLineProblems(tariff, [{ tariffLineNo: 1, quotedPrice: '99999999999999.99', quantity: '2' }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'lines.0.quantity' });
    expect(problems[0]!.message).toMatch(/99999999999999\.9999 CNY/);
    // One line fits, the per-currency total of two does not.
    const two = quoteLineProblems(tariff, [
      { tariffLineNo: 1, quotedPrice: '60000000000000', quantity: '1' },
      { tariffLineNo: 1, quotedPrice: '60000000000000', quantity: '1' },
    ]);
    expect(two).toEqual([{ path: 'lines', message: expect.stringMatching(/CNY total/) }]);
    // The cost side too: a budgeted cost × a huge quantity.
    const costly = [tariffLine(1, { budgetCost: '90000000' })];
    expect(quoteLineProblems(costly, [{ tariffLineNo: 1, quotedPrice: '1', quantity: '9000000' }])).toHaveLength(1);
  });

  it('containers and shipments take whole numbers; kg and CBM three decimals; a declared value its currency’s digits', () => {
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 1, quotedPrice: '1800', quantity: '2.5' }])).toEqual([
      { path: 'lines.0.quantity', message: 'quantity: a per_40hq quantity takes whole numbers, got 2.5' },
    ]);
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 1, quotedPrice: '1800', quantity: '2.0' }])).toHaveLength(1);
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 2, quotedPrice: '3.5', quantity: '1250.125' }])).toEqual([]);
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 2, quotedPrice: '3.5', quantity: '1250.1255' }])).toHaveLength(1);
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 3, quotedPrice: '0.3', quantity: '1000000.55' }])).toEqual([]);
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 3, quotedPrice: '0.3', quantity: '1000000.555' }])).toHaveLength(
      1,
    );
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 3, quotedPrice: '100.01', quantity: '1' }])[0]?.message).toMatch(
      /at most 100/,
    );
    expect(quoteLineProblems(tariff, [{ tariffLineNo: 4, quotedPrice: '50000', quantity: '1.5' }])).toHaveLength(1);
  });

  it('refuseProblems throws a bad_request listing the fields under the root', () => {
    expect(() => refuseProblems([])).not.toThrow();
    try {
      refuseProblems([{ path: 'lines.0.quantity', message: 'quantity: x' }]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('bad_request');
      expect((e as AppError).details).toEqual({ fields: [{ path: 'body.lines.0.quantity', message: 'quantity: x' }] });
    }
  });
});

describe('one money schema on every amount with a currency beside it', () => {
  it('fee items, actual costs, job charges and tariff lines refuse more decimals than their currency has, at the field', () => {
    const fee = InternalQuoteBody.safeParse({
      feeItems: [{ name: 'port fee', currency: 'CNY', amount: '80.125', payer: 'company' }],
      project: { projectName: 'P' },
    });
    expect(issues(fee)).toEqual([
      { path: 'feeItems.0.amount', message: 'amount: CNY amounts have at most 2 decimals, got 80.125' },
    ]);
    const actual = ActualsBody.safeParse({ actuals: [{ budgetLineId: 'L1', currency: 'JPY', actualCost: '100.5' }] });
    expect(issues(actual)).toEqual([
      { path: 'actuals.0.actualCost', message: 'actualCost: JPY amounts have at most 0 decimals, got 100.5' },
    ]);
    const charge = stepBodySchema('billing.receivables_raised').safeParse({
      charges: [{ label: 'demurrage', currency: 'USD', amount: '10.001' }],
    });
    expect(issues(charge)).toEqual([
      { path: 'charges.0.amount', message: 'amount: USD amounts have at most 2 decimals, got 10.001' },
    ]);
    const tariff = TariffLineBody.safeParse({
      serviceType: 'transport',
      industry: 'i',
      commodity: 'c',
      routeFrom: 'a',
      routeTo: 'b',
      unit: 'per_40hq',
      currency: 'CNY',
      price: '350.001',
      budgetCost: '1',
    });
    expect(issues(tariff)).toEqual([
      { path: 'price', message: 'price: CNY amounts have at most 2 decimals, got 350.001' },
    ]);
    expect(
      ActualsBody.safeParse({ actuals: [{ budgetLineId: 'L1', currency: 'USD', actualCost: '100.50' }] }).success,
    ).toBe(true);
  });

  it('an actual cost names a budget line by id or is explicitly unbudgeted; the label-only form is refused', () => {
    expect(
      issues(ActualsBody.safeParse({ actuals: [{ label: 'ocean', currency: 'USD', actualCost: '1.00' }] })),
    ).toEqual([{ path: 'actuals.0', message: expect.stringMatching(/budgetLineId.*or \{ unbudgeted: true, label/) }]);
    expect(
      issues(
        ActualsBody.safeParse({
          actuals: [
            { budgetLineId: 'L1', currency: 'USD', actualCost: '1.00' },
            { budgetLineId: 'L1', currency: 'USD', actualCost: '2.00' },
          ],
        }),
      ),
    ).toEqual([{ path: 'actuals.1.budgetLineId', message: expect.stringMatching(/L1 is given twice/) }]);
    expect(
      ActualsBody.safeParse({
        actuals: [{ unbudgeted: true, label: 'demurrage', currency: 'USD', actualCost: '1.00' }],
      }).success,
    ).toBe(true);
  });

  it('an amount beyond 14 integer digits, or a per-currency sum beyond the limit, is refused', () => {
    expect(
      ActualsBody.safeParse({ actuals: [{ budgetLineId: 'L1', currency: 'USD', actualCost: '100000000000000' }] })
        .success,
    ).toBe(false);
    const sum = ActualsBody.safeParse({
      actuals: [
        { budgetLineId: 'L1', currency: 'USD', actualCost: '60000000000000' },
        { unbudgeted: true, label: 'demurrage', currency: 'USD', actualCost: '60000000000000' },
      ],
    });
    expect(issues(sum)).toEqual([
      { path: 'actuals', message: expect.stringMatching(/USD total of actualCost exceeds/) },
    ]);
  });
});

describe('one date and one month schema with a stated range', () => {
  it(`accepts ${DATE_RANGE.min} … ${DATE_RANGE.max}, refuses outside and unreal dates`, () => {
    for (const ok of ['1900-01-01', '2026-02-28', '2024-02-29', '2999-12-31'])
      expect(isoDate.safeParse(ok).success).toBe(true);
    for (const bad of [
      '0000-01-01',
      '0001-01-01',
      '1899-12-31',
      '3000-01-01',
      '9999-12-31',
      '2026-02-30',
      '2026-13-01',
      '26-01-01',
      '2026-1-1',
    ])
      expect(isoDate.safeParse(bad).success, bad).toBe(false);
  });

  it('months 1900-01 … 2999-12', () => {
    for (const ok of ['1900-01', '2026-11', '2999-12']) expect(yearMonth.safeParse(ok).success).toBe(true);
    for (const bad of ['0000-01', '1899-12', '3000-01', '9999-12', '2026-00', '2026-13', '2026-1'])
      expect(yearMonth.safeParse(bad).success, bad).toBe(false);
  });

  it('date and time: the date in range, a real time, an optional zone', () => {
    for (const ok of ['2026-12-01T09:00', '2026-12-01T23:59:59', '2026-12-01T09:00Z', '2026-12-01T09:00+08:00'])
      expect(isoLocalDateTime.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      '0000-01-01T09:00',
      '2026-12-01T24:00',
      '2026-12-01T09:00garbage',
      '2026-02-30T09:00',
      '2026-12-01',
    ])
      expect(isoLocalDateTime.safeParse(bad).success, bad).toBe(false);
  });
});

describe('answers show amounts with their currency’s digits', () => {
  it('unit prices: currency digits; per-cent rates: 4 decimals; never a digit lost', () => {
    expect(formatUnitPrice('350.0000', 'per_shipment', 'CNY')).toBe('350.00');
    expect(formatUnitPrice('350', 'per_40hq', 'USD')).toBe('350.00');
    expect(formatUnitPrice('50000.0000', 'per_shipment', 'JPY')).toBe('50000');
    expect(formatUnitPrice('0.3', 'percent_of_value', 'USD')).toBe('0.3000');
    expect(formatUnitPrice('12.3450', 'per_kg', 'CNY')).toBe('12.345');
  });
});
