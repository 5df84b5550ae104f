/**
 * Issue 10, items 1, 2, 9 and 14 over HTTP: money digits, amount limits, whole-number quantities and
 * date ranges are refused at entry (400 naming the field, nothing stored); an activity that fails
 * deterministically ends its step with an error answer at once, the quote keeps its state, and cancel
 * still works.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../lib/metrics';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let customerNo: string;

const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(s.db)).rows[0]!.n);

beforeAll(async () => {
  s = await startStack();
  for (const [id, role] of [
    ['sales', 'sales'],
    ['commerce', 'commerce'],
    ['gm', 'gm'],
    ['marketing_manager', 'marketing_manager'],
    ['auditor', 'auditor'],
    ['operations', 'operations'],
  ] as const)
    await s.addUser(id, role);
  await lockStandardTariff(s); // 1: ocean USD per_40hq, 2: customs CNY per_shipment, 3: transport CNY per_40hq
  customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
});
afterAll(async () => s?.close());

const createQuote = (lines: unknown[]) =>
  s.http('POST', '/quotes', { as: 'sales', body: { customerNo, validUntil: addDays(today(), 30), lines } });

describe('money and quantities at entry', () => {
  it('a CNY price with three decimals: 400 naming the field and the currency’s digits, nothing stored', async () => {
    const r = await createQuote([{ tariffLineNo: 2, quotedPrice: '480.123', quantity: '10' }]);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad_request');
    expect(r.body.details.fields).toEqual([
      { path: 'body.lines.0.quotedPrice', message: 'quotedPrice: CNY amounts have at most 2 decimals, got 480.123' },
    ]);
    expect(await count('quotes')).toBe(0);
  });

  it('99999999999999.99 × 2 CNY: 400 at entry (the line amount exceeds what storage holds), nothing stored', async () => {
    const r = await createQuote([{ tariffLineNo: 3, quotedPrice: '99999999999999.99', quantity: '2' }]);
    expect(r.status).toBe(400);
    expect(r.body.details.fields[0].path).toBe('body.lines.0.quantity');
    expect(r.body.message).toMatch(/exceeds the largest amount, 99999999999999\.9999 CNY/);
    expect(await count('quotes')).toBe(0);
  });

  it('2.5 containers: 400; whole numbers pass', async () => {
    const r = await createQuote([{ tariffLineNo: 3, quotedPrice: '1800.00', quantity: '2.5' }]);
    expect(r.status).toBe(400);
    expect(r.body.details.fields).toEqual([
      { path: 'body.lines.0.quantity', message: 'quantity: a per_40hq quantity takes whole numbers, got 2.5' },
    ]);
    expect(await count('quotes')).toBe(0);
  });

  it('a draft re-priced with a fractional container count is refused and keeps its lines', async () => {
    const created = await createQuote([{ tariffLineNo: 3, quotedPrice: '1800.00', quantity: '2' }]);
    expect(created.status).toBe(201);
    const no = created.body.quoteNo;
    const r = await s.http('PUT', `/quotes/${no}/lines`, {
      as: 'sales',
      body: { lines: [{ tariffLineNo: 3, quotedPrice: '1800.00', quantity: '1.5' }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.details.fields[0].path).toBe('body.lines.0.quantity');
    const after = await s.http('GET', `/quotes/${no}`, { as: 'sales' });
    expect(after.body.lines[0].quantity).toBe('2');
    expect(after.body.totals).toEqual([{ currency: 'CNY', amount: '3600.00' }]);
  });
});

describe('dates and months outside 1900-01-01 … 2999-12-31', () => {
  it.each([
    ['GET', '/briefing?date=0001-01-01', 'sales'],
    ['GET', '/briefing?date=9999-12-31', 'sales'],
    ['GET', '/audit?from=0001-01-01', 'auditor'],
    ['GET', '/audit?to=9999-12-31', 'auditor'],
    ['GET', '/audit/export?from=0001-01-01', 'auditor'],
    ['GET', '/boards/deliveries?date=9999-12-31', 'operations'],
    ['GET', '/boards/container-volume?from=0001-01-01', 'sales'],
    ['GET', '/boards/container-volume/monthly?month=0000-01', 'sales'],
    ['GET', '/tariffs/in-force?date=0000-01-01', 'commerce'],
  ])('%s %s → 400', async (method, path, as) => {
    const r = await s.http(method, path, { as });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.code).toBe('bad_request');
    expect(JSON.stringify(r.body.details.fields)).toMatch(/1900|2999/);
  });

  it('body dates: a month budget, a job’s ETD, a tariff line’s validity, a signature date → 400, nothing stored', async () => {
    const budget = await s.http('PUT', '/container-volume-budgets/0000-01', {
      as: 'sales',
      body: { budgetContainers: 10 },
    });
    expect(budget.status).toBe(400);
    const job = await s.http('POST', '/jobs', {
      as: 'operations',
      body: {
        contractNo: 'HT2026-00001',
        direction: 'import',
        containers: { type: '40HQ', count: 1 },
        cargo: 'c',
        portOfLoading: 'a',
        portOfDischarge: 'b',
        etd: '0000-01-01',
      },
    });
    expect(job.status).toBe(400);
    expect(job.body.details.fields).toEqual([expect.objectContaining({ path: 'body.etd' })]);
    const tariff = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: {
        title: 't',
        effectiveFrom: today(),
        lines: [
          {
            serviceType: 'transport',
            industry: 'i',
            commodity: 'c',
            routeFrom: 'a',
            routeTo: 'b',
            unit: 'per_40hq',
            currency: 'CNY',
            price: '1',
            budgetCost: '1',
            validTo: '9999-12-31',
          },
        ],
      },
    });
    expect(tariff.status).toBe(400);
    expect(tariff.body.details.fields[0].path).toBe('body.lines.0.validTo');
    const sign = await s.http('POST', '/quotes/Q2026-000001/sign', { as: 'sales', body: { signedOn: '0000-01-01' } });
    expect(sign.status).toBe(400);
    expect(await count('container_volume_budgets')).toBe(0);
    expect(await count('jobs')).toBe(0);
  });
});

describe('an activity that fails deterministically', () => {
  it('ends the step with an error answer at once; the quote stays in budget_review and cancel still works', async () => {
    const created = await createQuote([{ tariffLineNo: 2, quotedPrice: '350.00', quantity: '2' }]);
    const no = created.body.quoteNo as string;
    for (const [as, step, body] of [
      ['sales', 'submit'],
      ['commerce', 'approve'],
      ['sales', 'confirm'],
      ['commerce', 'internal-quote', { feeItems: [], project: { projectName: 'p' } }],
    ] as const) {
      const r = await s.http('POST', `/quotes/${no}/${step}`, { as, ...(body ? { body } : {}) });
      expect(r.status, `${step}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    // The settlement basis cannot be stored, as a numeric overflow would refuse it: the same error on every retry.
    await sql`create function refuse_basis() returns trigger language plpgsql as $$ begin raise exception 'numeric field overflow' using errcode = '22003'; end $$`.execute(
      s.db,
    );
    await sql`create trigger refuse_basis before insert on settlement_basis for each row execute function refuse_basis()`.execute(
      s.db,
    );
    try {
      const started = Date.now();
      const refused = await s.http('POST', `/quotes/${no}/budget-approve`, { as: 'gm' });
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.code).toBe('unprocessable');
      expect(refused.body.message).toMatch(/numeric field overflow.*SQLSTATE 22003/);
      expect(refused.body.details).toMatchObject({ reason: 'storage_data_exception', sqlState: '22003' });
      expect(Date.now() - started).toBeLessThan(20_000); // answered, not retried behind a 503
      const view = await s.http('GET', `/quotes/${no}`, { as: 'gm' });
      expect(view.body.status).toBe('budget_review');
      expect(await count('settlement_basis')).toBe(0);
      const cancelled = await s.http('POST', `/quotes/${no}/cancel`, {
        as: 'gm',
        body: { comment: 'budget cannot be stored' },
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      // Alerted: counted per activity and kind, and the step counted as refused.
      const metrics = await registry.metrics();
      expect(metrics).toMatch(/freightflow_activity_failures_total\{activity="recordQuoteStep",kind="data"\} [1-9]/);
      expect(metrics).toMatch(
        /freightflow_steps_total\{process="quote",step="budget.approved",outcome="refused"\} [1-9]/,
      );
      expect(metrics).toMatch(
        /freightflow_steps_total\{process="quote",step="quote.cancelled",outcome="accepted"\} [1-9]/,
      );
    } finally {
      await sql`drop trigger refuse_basis on settlement_basis`.execute(s.db);
      await sql`drop function refuse_basis()`.execute(s.db);
    }
  });
});
