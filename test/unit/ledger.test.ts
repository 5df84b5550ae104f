/** The ledger's arithmetic (domain/ledger.ts) and payment terms (domain/payment-terms.ts): properties and boundaries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agingBuckets,
  bucketOf,
  daysPastDue,
  isPastDue,
  planAllocations,
  planCorrection,
  receivableStanding,
  sumAsOf,
  validAgingEdges,
  type OpenReceivable,
} from '../../domain/ledger';
import { addCalendarDays, dueDateOf, statementDateOf } from '../../domain/payment-terms';
import { Decimal } from '../../lib/money';
import type { Currency } from '../../machines/catalog';

/** Minor units (bigint) → an exact amount with 2 decimals. */
const D = (minor: bigint) => new Decimal(minor.toString()).div(100);

const currency = fc.constantFrom<Currency>('CNY', 'USD', 'JPY');
const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });

describe('allocation', () => {
  const scenario = fc.record({
    receiptCurrency: currency,
    unallocated: amount,
    receivables: fc.array(
      fc.record({ currency, outstanding: amount, other: fc.boolean(), invoiceDay: fc.integer({ min: 0, max: 40 }) }),
      { minLength: 1, maxLength: 8 },
    ),
    requests: fc.array(fc.record({ pick: fc.nat(), amount: fc.bigInt({ min: -5n, max: 10n ** 12n }) }), {
      maxLength: 8,
    }),
  });

  it('never creates or loses money: the credit spent equals what the receivables lose, none goes below zero, nothing beyond the credit', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const recs = new Map<number, OpenReceivable>(
          sc.receivables.map((r, i) => [
            i + 1,
            {
              id: i + 1,
              jobNo: `J-${i + 1}`,
              label: '海運費',
              customerNo: r.other ? 'C-OTHER' : 'C-1',
              currency: r.currency,
              invoiceDate: addCalendarDays('2026-01-01', r.invoiceDay),
              outstanding: D(r.outstanding),
            },
          ]),
        );
        const requests = sc.requests.map((q) => ({
          receivableId: (q.pick % (recs.size + 1)) + 1,
          amount: D(q.amount),
        }));
        const receipt = {
          id: 1,
          customerNo: 'C-1',
          currency: sc.receiptCurrency,
          receivedOn: '2026-01-20',
          unallocated: D(sc.unallocated),
        };
        const plan = planAllocations(receipt, recs, requests, '2026-01-20');
        if ('problem' in plan) return; // refused: nothing is written
        const spent = requests.reduce((a, r) => a.plus(r.amount), new Decimal(0));
        const entriesSum = plan.entries.reduce((a, e) => a.plus(e.amount), new Decimal(0));
        expect(entriesSum.eq(spent.neg())).toBe(true); // what the receipt gives is exactly what the receivables lose
        expect(spent.lte(receipt.unallocated)).toBe(true);
        const after = new Map([...recs].map(([id, r]) => [id, r.outstanding]));
        for (const e of plan.entries) {
          const r = recs.get(e.receivableId)!;
          expect(e.amount.lt(0)).toBe(true);
          expect(r.currency).toBe(receipt.currency);
          expect(r.customerNo).toBe(receipt.customerNo);
          expect(e.entryDate >= r.invoiceDate && e.entryDate >= '2026-01-20').toBe(true);
          after.set(e.receivableId, after.get(e.receivableId)!.plus(e.amount));
        }
        for (const v of after.values()) expect(v.gte(0)).toBe(true);
        // Conservation: what the receivables lose in total is exactly what the receipt's credit loses.
        const total = (m: Map<number, Decimal>) => [...m.values()].reduce((a, b) => a.plus(b), new Decimal(0));
        const before = total(new Map([...recs].map(([id, r]) => [id, r.outstanding])));
        const creditAfter = receipt.unallocated.minus(spent);
        expect(before.minus(total(after)).eq(receipt.unallocated.minus(creditAfter))).toBe(true);
        expect(creditAfter.gte(0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses another customer’s or currency’s receivable, a receivable twice, zero, more than outstanding, more than the credit', () => {
    const rec = (id: number, over: Partial<OpenReceivable> = {}): [number, OpenReceivable] => [
      id,
      {
        id,
        jobNo: `J-${id}`,
        label: '海運費',
        customerNo: 'C-1',
        currency: 'CNY',
        invoiceDate: '2026-01-01',
        outstanding: D(1000n),
        ...over,
      },
    ];
    const recs = new Map([rec(1), rec(2, { currency: 'USD' }), rec(3, { customerNo: 'C-2' })]);
    const receipt = {
      id: 9,
      customerNo: 'C-1',
      currency: 'CNY' as Currency,
      receivedOn: '2026-01-05',
      unallocated: D(1500n),
    };
    const problem = (reqs: { receivableId: number; amount: bigint }[]) => {
      const p = planAllocations(
        receipt,
        recs,
        reqs.map((r) => ({ ...r, amount: D(r.amount) })),
        '2026-01-05',
      );
      return 'problem' in p ? p.problem.field : null;
    };
    expect(problem([{ receivableId: 2, amount: 1n }])).toBe('allocations.0.receivableId');
    expect(problem([{ receivableId: 3, amount: 1n }])).toBe('allocations.0.receivableId');
    expect(problem([{ receivableId: 4, amount: 1n }])).toBe('allocations.0.receivableId');
    expect(
      problem([
        { receivableId: 1, amount: 1n },
        { receivableId: 1, amount: 1n },
      ]),
    ).toBe('allocations.1.receivableId');
    expect(problem([{ receivableId: 1, amount: 0n }])).toBe('allocations.0.amount');
    expect(problem([{ receivableId: 1, amount: 1001n }])).toBe('allocations.0.amount');
    // Named as people know it (job · item), never by its id; the amount as text prints money.
    const over = planAllocations(receipt, recs, [{ receivableId: 1, amount: D(1001n) }], '2026-01-05');
    expect('problem' in over && over.problem.message).toMatch(/J-1 · 海運費/);
    expect('problem' in over && over.problem.message).not.toMatch(/receivable 1\b/);
    const usd = planAllocations(receipt, recs, [{ receivableId: 2, amount: D(1n) }], '2026-01-05');
    expect('problem' in usd && usd.problem.message).toContain('receivable J-2 · 海運費 is in USD');
    expect(problem([{ receivableId: 1, amount: 1000n }])).toBeNull();
    const small = { ...receipt, unallocated: D(999n) };
    expect('problem' in planAllocations(small, recs, [{ receivableId: 1, amount: D(1000n) }], '2026-01-05')).toBe(true);
  });

  it('outstanding is the sum of the entries dated on or before the as-of date', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
            day: fc.integer({ min: 0, max: 60 }),
          }),
        ),
        fc.integer({ min: 0, max: 60 }),
        (es, asOfDay) => {
          const entries = es.map((e) => ({ amount: D(e.amount), entryDate: addCalendarDays('2026-03-01', e.day) }));
          const asOf = addCalendarDays('2026-03-01', asOfDay);
          const expected = es.filter((e) => e.day <= asOfDay).reduce((a, e) => a + e.amount, 0n);
          expect(sumAsOf(entries, asOf).eq(D(expected))).toBe(true);
          expect(sumAsOf(entries).eq(D(es.reduce((a, e) => a + e.amount, 0n)))).toBe(true);
        },
      ),
    );
  });
});

describe('aging buckets', () => {
  it.each([
    [-5, 'not_due'],
    [0, 'not_due'], // due on the as-of date itself: not yet overdue
    [1, 'd1_30'],
    [30, 'd1_30'],
    [31, 'd31_60'],
    [60, 'd31_60'],
    [61, 'd61_90'],
    [90, 'd61_90'],
    [91, 'over_90'],
    [5000, 'over_90'],
  ])('%i days past due → %s', (days, key) => {
    expect(bucketOf(days)).toBe(key);
    expect(agingBuckets().map((b) => b.key)).toContain(key);
  });

  it('days past due are calendar days of the business calendar, across month and leap-year ends', () => {
    expect(daysPastDue('2026-01-31', '2026-01-31')).toBe(0);
    expect(daysPastDue('2026-01-31', '2026-03-02')).toBe(30);
    expect(daysPastDue('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysPastDue('2026-03-28', '2026-03-30')).toBe(2); // no DST in the arithmetic
  });

  it('overdue (isPastDue: write-offs, collection) is exactly "not in the not_due bucket": from the day after the due day', () => {
    expect(isPastDue('2026-01-31', '2026-01-30')).toBe(false);
    expect(isPastDue('2026-01-31', '2026-01-31')).toBe(false); // the due day itself
    expect(isPastDue('2026-01-31', '2026-02-01')).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.constantFrom([30, 60, 90], [15, 45], [7]), (d, edges) => {
        const asOf = addCalendarDays('2026-03-01', d);
        expect(isPastDue('2026-03-01', asOf)).toBe(bucketOf(daysPastDue('2026-03-01', asOf), edges) !== 'not_due');
      }),
    );
  });

  it('configurable edges give their buckets, every day in exactly one', () => {
    const edges = [15, 45];
    expect(agingBuckets(edges).map((b) => b.key)).toEqual(['not_due', 'd1_15', 'd16_45', 'over_45']);
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 400 }), (d) => {
        const b = agingBuckets(edges).find((x) => x.key === bucketOf(d, edges))!;
        expect(b.fromDays === null || d >= b.fromDays).toBe(true);
        expect(b.toDays === null || d <= b.toDays).toBe(true);
      }),
    );
    expect(validAgingEdges([30, 60, 90])).toBe(true);
    expect(validAgingEdges([60, 30])).toBe(false);
    expect(validAgingEdges([0, 30])).toBe(false);
    expect(validAgingEdges([])).toBe(false);
  });
});

describe('payment terms', () => {
  it('monthly statement + N days: the month’s last day plus N; N days after invoice: the invoice date plus N', () => {
    expect(statementDateOf('2026-02-10')).toBe('2026-02-28');
    expect(statementDateOf('2028-02-01')).toBe('2028-02-29');
    expect(statementDateOf('2026-12-31')).toBe('2026-12-31');
    expect(dueDateOf('2026-02-10', { kind: 'monthly_statement', days: 15 })).toBe('2026-03-15');
    expect(dueDateOf('2026-12-05', { kind: 'monthly_statement', days: 30 })).toBe('2027-01-30');
    expect(dueDateOf('2026-01-20', { kind: 'days_after_invoice', days: 30 })).toBe('2026-02-19');
    expect(dueDateOf('2026-01-20', { kind: 'days_after_invoice', days: 0 })).toBe('2026-01-20');
  });
});

describe('corrections: credit notes, adjustments, write-offs', () => {
  const step = fc.record({
    kind: fc.constantFrom<'credit_note' | 'adjustment' | 'write_off'>('credit_note', 'adjustment', 'write_off'),
    direction: fc.constantFrom<'increase' | 'decrease'>('increase', 'decrease'),
    amount: fc.bigInt({ min: -5n, max: 10n ** 10n }),
  });

  it('never create or lose money: outstanding is always the sum of the entries, never below zero; each accepted entry moves it by exactly its amount', () => {
    fc.assert(
      fc.property(amount, fc.array(step, { maxLength: 20 }), (invoice, steps) => {
        const entries: Decimal[] = [D(invoice)];
        const sum = () => entries.reduce((a, b) => a.plus(b), new Decimal(0));
        let lowered = new Decimal(0);
        let raised = new Decimal(0);
        for (const c of steps) {
          const before = sum();
          const plan = planCorrection(before, { ...c, amount: D(c.amount) });
          if ('problem' in plan) {
            // refused: nothing written, and only for a reason the rule names
            expect(
              c.amount <= 0n ||
                (c.kind !== 'adjustment' && c.direction === 'increase') ||
                (c.direction === 'decrease' && D(c.amount).gt(before)),
            ).toBe(true);
            continue;
          }
          expect(plan.amount.abs().eq(D(c.amount))).toBe(true);
          if (plan.amount.lt(0)) lowered = lowered.plus(plan.amount.neg());
          else raised = raised.plus(plan.amount);
          entries.push(plan.amount);
          expect(sum().gte(0)).toBe(true);
        }
        // Conservation: the invoice, plus what was raised, less what was lowered, is what is outstanding.
        expect(sum().eq(D(invoice).plus(raised).minus(lowered))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a write-off or credit note of exactly the outstanding amount settles it; one minor unit more is refused', () => {
    for (const kind of ['write_off', 'credit_note'] as const) {
      const ok = planCorrection(D(1000n), { kind, direction: 'decrease', amount: D(1000n) });
      expect('amount' in ok && ok.amount.eq(D(-1000n))).toBe(true);
      const over = planCorrection(D(1000n), { kind, direction: 'decrease', amount: D(1001n) });
      expect('problem' in over && over.problem.field).toBe('amount');
      const up = planCorrection(D(1000n), { kind, direction: 'increase', amount: D(1n) });
      expect('problem' in up && up.problem.field).toBe('direction');
    }
  });
});

describe('receivableStanding', () => {
  it('is settled at nothing outstanding, overdue past the due day, part settled below the amount, else open', () => {
    expect(receivableStanding('100.00', '0', '2026-03-01', '2026-04-01')).toBe('settled');
    expect(receivableStanding('100.00', '0.01', '2026-03-01', '2026-03-02')).toBe('overdue');
    expect(receivableStanding('100.00', '40.00', '2026-03-01', '2026-03-01')).toBe('part_settled'); // the due day itself
    expect(receivableStanding('100.00', '100.00', '2026-03-01', '2026-02-01')).toBe('open');
  });
});
