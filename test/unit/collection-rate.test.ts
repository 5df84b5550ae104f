/**
 * The collection rate 回款率 (domain/collection-rate.ts): collected ÷ due × 100, half-even to 2 decimals, none
 * when nothing fell due; a month's period and its boundaries; target met exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectionPeriod,
  collectionRatePct,
  formatPct,
  PERCENT_PATTERN,
  targetMet,
} from '../../domain/collection-rate';
import { actualsOf } from '../../domain/plan';

describe('collectionRatePct', () => {
  it('is collected ÷ due × 100, half-even to 2 decimals', () => {
    expect(collectionRatePct('1500.00', '600.00')).toBe('40.00');
    expect(collectionRatePct('3', '1')).toBe('33.33');
    expect(collectionRatePct('3', '2')).toBe('66.67');
    // 1 ÷ 8 = 12.5 % exactly; 1 ÷ 1600 = 0.0625 % → 0.06
    expect(collectionRatePct('8', '1')).toBe('12.50');
    expect(collectionRatePct('1600', '1')).toBe('0.06');
    expect(collectionRatePct('100000', '1.25')).toBe('0.00'); // 0.00125 % → 0.00
    expect(collectionRatePct('400', '0.1')).toBe('0.02'); // 0.025 % → half-even 0.02
    expect(collectionRatePct('400', '0.3')).toBe('0.08'); // 0.075 % → half-even 0.08
  });

  it('is none when nothing (or less than nothing) fell due, 0.00 when nothing was collected, above 100 when more was', () => {
    expect(collectionRatePct('0', '0')).toBeNull();
    expect(collectionRatePct('0.00', '15.00')).toBeNull();
    expect(collectionRatePct('-10.00', '0')).toBeNull();
    expect(collectionRatePct('10.00', '0')).toBe('0.00');
    expect(collectionRatePct('10.00', '10.00')).toBe('100.00');
    expect(collectionRatePct('10.00', '12.00')).toBe('120.00');
  });

  it('is exact for any amounts (property): within half a hundredth of a per cent of collected ÷ due × 100', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 16n }), fc.bigInt({ min: 0n, max: 10n ** 16n }), (due, coll) => {
        // Amounts in cents: due / 100 and coll / 100.
        const cents = (v: bigint) => `${v / 100n}.${String(v % 100n).padStart(2, '0')}`;
        const r = collectionRatePct(cents(due), cents(coll))!;
        expect(r).toMatch(/^\d+\.\d{2}$/);
        const hundredths = BigInt(r.replace('.', ''));
        // |r − coll ÷ due × 100| ≤ 0.005  ⇔  |hundredths × due − coll × 10000| × 2 ≤ due
        const diff = hundredths * due - coll * 10000n;
        expect((diff < 0n ? -diff : diff) * 2n <= due).toBe(true);
      }),
    );
  });

  it('is the plans’ formula too (actualsOf sums per currency, never across currencies)', () => {
    const a = actualsOf([
      {
        containersDelivered: 0,
        money: new Map(),
        newCustomer: 0,
        collection: new Map([
          ['CNY', { due: '1000.00', collected: '400.00' }],
          ['USD', { due: '0', collected: '0' }],
        ]),
      },
      {
        containersDelivered: 0,
        money: new Map(),
        newCustomer: 0,
        collection: new Map([['CNY', { due: '500.00', collected: '200.00' }]]),
      },
    ]);
    expect(a.collection).toEqual([
      { currency: 'CNY', due: '1500.00', collected: '600.00', ratePct: '40.00' },
      { currency: 'USD', due: '0.00', collected: '0.00', ratePct: null },
    ]);
  });
});

describe('collectionPeriod', () => {
  it('a past month: its first to its last day, not partial (28, 29, 30 and 31-day months)', () => {
    expect(collectionPeriod('2026-02', '2026-11-30')).toEqual({
      month: '2026-02',
      from: '2026-02-01',
      end: '2026-02-28',
      to: '2026-02-28',
      partial: false,
    });
    expect(collectionPeriod('2024-02', '2026-11-30')?.to).toBe('2024-02-29');
    expect(collectionPeriod('2026-04', '2026-11-30')?.to).toBe('2026-04-30');
    expect(collectionPeriod('2026-12', '2027-01-01')?.to).toBe('2026-12-31');
  });

  it('the current month: up to today (partial), on its last day complete; a month not begun: none', () => {
    expect(collectionPeriod('2026-11', '2026-11-01')).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-01',
      partial: true,
    });
    expect(collectionPeriod('2026-11', '2026-11-29')).toMatchObject({ to: '2026-11-29', partial: true });
    expect(collectionPeriod('2026-11', '2026-11-30')).toMatchObject({ to: '2026-11-30', partial: false });
    expect(collectionPeriod('2026-12', '2026-11-30')).toBeNull();
  });
});

describe('targets', () => {
  it('0–100 with at most 2 decimals; shown with 2; met when the rate is at least the target, exactly', () => {
    for (const ok of ['0', '95', '95.5', '95.55', '100', '100.0', '100.00'])
      expect(PERCENT_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['-1', '100.01', '101', '95.555', '1e2', ' 95', '95.', '.5', ''])
      expect(PERCENT_PATTERN.test(bad), bad).toBe(false);
    expect(formatPct('95.5')).toBe('95.50');
    expect(formatPct('100')).toBe('100.00');
    expect(targetMet('95.00', '95.00')).toBe(true);
    expect(targetMet('94.99', '95.00')).toBe(false);
    expect(targetMet(null, '95.00')).toBeNull();
    expect(targetMet('95.00', null)).toBeNull();
  });
});
