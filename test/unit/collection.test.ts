/** The collection schedule's score (domain/collection.ts): factors, weights, ranking, broken promises. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditFactor,
  DEFAULT_COLLECTION_WEIGHTS,
  parseCollectionWeights,
  rankCollections,
  type CollectionCandidate,
} from '../../domain/collection';
import { Decimal } from '../../lib/money';

const row = (over: Partial<CollectionCandidate>): CollectionCandidate => ({
  customerNo: 'C1',
  currency: 'CNY',
  outstanding: new Decimal('1000.00'),
  oldestDaysPastDue: 0,
  creditStanding: null,
  jobsLastYear: 0,
  brokenPromise: false,
  ...over,
});

describe('collection score', () => {
  it('weighs amount within its currency, age up to the cap, credit and volume; shows each factor', () => {
    const ranked = rankCollections(
      [
        row({ customerNo: 'C1', outstanding: new Decimal('500.00'), oldestDaysPastDue: 45, creditStanding: 'C 差' }),
        row({ customerNo: 'C2', outstanding: new Decimal('1000.00'), oldestDaysPastDue: 0, creditStanding: 'A 良好' }),
        row({
          customerNo: 'C3',
          currency: 'USD',
          outstanding: new Decimal('10.00'),
          oldestDaysPastDue: 200,
          jobsLastYear: 4,
        }),
      ],
      DEFAULT_COLLECTION_WEIGHTS,
    );
    const by = Object.fromEntries(ranked.map((r) => [r.row.customerNo, r]));
    expect(by.C1!.factors).toEqual({ amount: 0.5, age: 0.5, credit: 1, volume: 0 });
    expect(by.C1!.score).toBe(55); // 100 × (0.4 × 0.5 + 0.3 × 0.5 + 0.2 × 1)
    expect(by.C2!.factors).toEqual({ amount: 1, age: 0, credit: 0, volume: 0 });
    // USD is compared with USD only: the one USD row is the largest of its currency.
    expect(by.C3!.factors).toEqual({ amount: 1, age: 1, credit: 0.5, volume: 1 });
    expect(ranked.map((r) => r.row.customerNo)).toEqual(['C3', 'C1', 'C2']);
  });

  it('a broken promise adds its bonus; ties go to the longer overdue', () => {
    const [a, b] = rankCollections(
      [row({ customerNo: 'C1' }), row({ customerNo: 'C2', brokenPromise: true })],
      DEFAULT_COLLECTION_WEIGHTS,
    );
    expect(a!.row.customerNo).toBe('C2');
    expect(a!.score - b!.score).toBeCloseTo(DEFAULT_COLLECTION_WEIGHTS.brokenPromiseBonus, 5);
    const tie = rankCollections(
      [row({ customerNo: 'C1', oldestDaysPastDue: -3 }), row({ customerNo: 'C2', oldestDaysPastDue: 0 })],
      DEFAULT_COLLECTION_WEIGHTS,
    );
    expect(tie.map((r) => r.row.customerNo)).toEqual(['C2', 'C1']);
  });

  it('scores stay within 0–100 (plus the bonus) and the ranking is by score', () => {
    const cand = fc.record({
      customerNo: fc.constantFrom('C1', 'C2', 'C3', 'C4'),
      currency: fc.constantFrom('CNY', 'USD'),
      outstanding: fc.integer({ min: 1, max: 10 ** 9 }).map((n) => new Decimal(n).div(100)),
      oldestDaysPastDue: fc.integer({ min: -60, max: 400 }),
      creditStanding: fc.constantFrom(null, 'A', 'B', 'C', '差', 'good', '?'),
      jobsLastYear: fc.nat(50),
      brokenPromise: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(cand, { maxLength: 12 }), (rows) => {
        const ranked = rankCollections(rows, DEFAULT_COLLECTION_WEIGHTS);
        expect(ranked).toHaveLength(rows.length);
        for (const [i, r] of ranked.entries()) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100 + (r.row.brokenPromise ? 20 : 0) + 1e-9);
          if (i > 0) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(r.score);
        }
      }),
    );
  });

  it('reads credit standings and weights from configuration', () => {
    expect(creditFactor('A').grade).toBe('good');
    expect(creditFactor('B 一般').grade).toBe('fair');
    expect(creditFactor('差').grade).toBe('poor');
    expect(creditFactor(null).grade).toBe('unknown');
    expect(parseCollectionWeights('amount=1,age=0,credit=0,volume=0')).toMatchObject({ amount: 1, age: 0 });
    expect(() => parseCollectionWeights('amount=0,age=0,credit=0,volume=0')).toThrow();
    expect(() => parseCollectionWeights('speed=3')).toThrow();
  });
});
