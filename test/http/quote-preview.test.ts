/**
 * POST /quotes/preview — the quote builder's live pricing: the same discount, below-cost and
 * beyond-authority judgement as a saved quote, nothing stored, and every bad line a clear 4xx.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, lockStandardTariff, oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;

beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => s?.close());

const preview = (lines: unknown, as = 'sales') => s.http('POST', '/quotes/preview', { as, body: { lines } });

describe('quote preview', () => {
  it('needs a tariff in force (422), then prices lines with totals per currency and flags, saving nothing', async () => {
    const none = await preview([{ tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' }]);
    expect(none.status).toBe(422);
    await lockStandardTariff(s);
    const before = await sql<{ n: string }>`select count(*) as n from quotes`.execute(s.db);

    const r = await preview([
      { tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' }, // 2.04 % off: within the 5 % authority
      { tariffLineNo: 2, quotedPrice: '150.00', quantity: '3' }, // below the budgeted cost 200, 57.14 % off
      { tariffLineNo: 3, quotedPrice: '1800.00', quantity: '1' },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      authorityPct: expect.stringMatching(/^5(\.0+)?$/),
      needsPriceApproval: true,
      belowCost: true,
    });
    expect(
      r.body.lines.map((l: { discountPct: string; belowCost: boolean; outsideAuthority: boolean; amount: string }) => [
        l.amount,
        l.discountPct,
        l.belowCost,
        l.outsideAuthority,
      ]),
    ).toEqual([
      ['4800.00', '2.04', false, false],
      ['450.00', '57.14', true, true],
      ['1800.00', '0.00', false, false],
    ]);
    expect(r.body.totals).toEqual([
      { currency: 'USD', amount: '4800.00' },
      { currency: 'CNY', amount: '2250.00' },
    ]);
    const after = await sql<{ n: string }>`select count(*) as n from quotes`.execute(s.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses what a quote would refuse: digits, whole containers, unknown lines, other roles', async () => {
    const digits = await preview([{ tariffLineNo: 1, quotedPrice: '2400.001', quantity: '2' }]);
    expect(digits.status).toBe(400);
    const whole = await preview([{ tariffLineNo: 1, quotedPrice: '2400.00', quantity: '1.5' }]);
    expect(whole.status).toBe(400);
    expect(whole.body.details.fields[0].path).toBe('body.lines.0.quantity');
    const unknown = await preview([{ tariffLineNo: 99, quotedPrice: '1.00', quantity: '1' }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.details.fields[0].path).toBe('body.lines.0.tariffLineNo');
    expect((await preview([{ tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' }], 'commerce')).status).toBe(403);
    // A quote's own version prices the same; a version that is not locked is refused.
    const own = await s.http('POST', '/quotes/preview', {
      as: 'sales',
      body: { tariffVersionNo: 1, lines: [{ tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' }] },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.tariffVersionNo).toBe(1);
    const draft = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: { title: 'draft', effectiveFrom: addDays(today(), 10), lines: [oceanLine()] },
    });
    const notLocked = await s.http('POST', '/quotes/preview', {
      as: 'sales',
      body: {
        tariffVersionNo: draft.body.versionNo,
        lines: [{ tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' }],
      },
    });
    expect(notLocked.status).toBe(422);
  });
});
