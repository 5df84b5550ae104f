/**
 * Collection rate 回款率 per salesperson and month against the sales manager's target (issue 13 §2.2.6) over
 * HTTP: the month's boundaries (due on the 1st and the last day count, the day before and the day after do
 * not; a payment after the month's end does not count), per currency; targets set by the salesperson's sales
 * manager (another team's: 404) or the GM, audited and idempotent; bad input 4xx changing nothing; who reads what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { addDays, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
let customerNo: string;
let contractNo: string;
let jobNo: string;

// Last month (fully over): M; its first and last day, and the days around them.
const thisMonthFirst = `${today().slice(0, 7)}-01`;
const monthEnd = addDays(thisMonthFirst, -1);
const month = monthEnd.slice(0, 7);
const monthFirst = `${month}-01`;
const invoiced = addDays(monthFirst, -45);

async function raise(currency: string, amount: string, dueDate: string): Promise<number> {
  const r = await s.db
    .insertInto('receivables')
    .values({
      job_no: jobNo,
      customer_no: customerNo,
      contract_no: contractNo,
      label: `服務 ${currency} ${amount}`,
      source: 'service',
      currency,
      amount,
      invoice_date: invoiced,
      payment_terms: 'days_after_invoice+30',
      due_date: dueDate,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('receivable_entries')
    .values({
      receivable_id: r.id,
      customer_no: customerNo,
      currency,
      kind: 'invoice',
      amount,
      entry_date: invoiced,
      created_by: 'system',
    })
    .execute();
  return r.id;
}
const pay = (currency: string, amount: string, receivedOn: string, receivableId: number) =>
  ok(
    s.http('POST', '/receipts', {
      as: 'finance',
      body: {
        customerNo,
        payer: 'customer',
        currency,
        amount,
        receivedOn,
        reference: `ref ${receivableId} ${receivedOn}`,
        allocations: [{ receivableId, amount }],
      },
    }),
    201,
  );
const sheet = (as: string, query = `?month=${month}`) => s.http('GET', `/collection-rate${query}`, { as });
const setTarget = (as: string, ownerId: string, targetPct: unknown, key?: string, m = month) =>
  s.http('PUT', `/collection-targets/${m}/${ownerId}`, {
    as,
    body: { targetPct },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
const targets = () => s.db.selectFrom('collection_targets').selectAll().orderBy('owner_id').execute();

beforeAll(async () => {
  s = await startStack();
  ({ contractNo, customerNo } = await signedContract(s));
  await s.addUser('cr_manager2', 'sales_manager');
  await s.addUser('cr_sales2', 'sales', 'cr_manager2');
  const job = await ok(
    s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo,
        direction: 'import',
        containers: { type: '40HQ', count: 1 },
        cargo: 'collection rate',
        portOfLoading: 'Los Angeles',
        portOfDischarge: 'Yantian',
      },
    }),
    201,
  );
  jobNo = job.jobNo;
  const first = await raise('CNY', '1000.00', monthFirst); // due on the 1st: counts
  const last = await raise('CNY', '500.00', monthEnd); // due on the last day: counts
  const before = await raise('CNY', '700.00', addDays(monthFirst, -1)); // the day before: the month before
  const after = await raise('CNY', '300.00', thisMonthFirst); // the day after: this month
  const usd = await raise('USD', '200.00', addDays(monthFirst, 14));
  await pay('CNY', '600.00', monthEnd, first); // within the month: collected
  await pay('CNY', '500.00', thisMonthFirst, last); // a day late: not collected in the month
  await pay('CNY', '700.00', monthFirst, before); // a receivable of the month before: not this month's
  await pay('CNY', '300.00', thisMonthFirst, after);
  await pay('USD', '50.00', addDays(monthFirst, -10), usd); // paid early: collected
});
afterAll(async () => s?.close());

describe('GET /collection-rate', () => {
  it('per currency, collected ÷ what fell due in the month: the 1st and the last day count, the days around do not', async () => {
    const b = await ok(sheet('sales_manager'));
    expect(b).toMatchObject({ month, from: monthFirst, to: monthEnd, partial: false, timeZone: expect.any(String) });
    const mine = b.salespeople.find((p: any) => p.ownerId === 'sales');
    expect(mine.rates).toEqual([
      { currency: 'CNY', due: '1500.00', collected: '600.00', ratePct: '40.00', met: null },
      { currency: 'USD', due: '200.00', collected: '50.00', ratePct: '25.00', met: null },
    ]);
    expect(mine.target).toBeNull();
    // Another team's salesperson is not the manager's to see.
    expect(b.salespeople.map((p: any) => p.ownerId)).not.toContain('cr_sales2');
    expect(mine.actions.map((a: any) => [a.method, a.path])).toEqual([['PUT', `/collection-targets/${month}/sales`]]);
  });

  it('this month counts up to today (partial); a month not begun is 422; a bad month 400', async () => {
    const b = await ok(sheet('finance', ''));
    expect(b).toMatchObject({ month: today().slice(0, 7), from: thisMonthFirst, to: today() });
    const mine = b.salespeople.find((p: any) => p.ownerId === 'sales');
    expect(mine.rates).toEqual([{ currency: 'CNY', due: '300.00', collected: '300.00', ratePct: '100.00', met: null }]);
    const next = addDays(`${addDays(today(), 40).slice(0, 7)}-01`, 0).slice(0, 7);
    expect((await sheet('finance', `?month=${next}`)).status).toBe(422);
    for (const q of ['?month=2026-13', '?month=26-01', '?month=2026-1', '?ownerId=', '?other=1'])
      expect((await sheet('finance', q)).status, q).toBe(400);
  });

  it('salespeople read their own; sales managers their team; other ledger readers and auditors everyone; others 403', async () => {
    const own = await ok(sheet('sales'));
    expect(own.salespeople.map((p: any) => p.ownerId)).toEqual(['sales']);
    expect(own.salespeople[0].actions).toEqual([]);
    const other = await ok(sheet('cr_sales2'));
    expect(other.salespeople.map((p: any) => p.ownerId)).toEqual(['cr_sales2']);
    expect((await sheet('cr_sales2', `?month=${month}&ownerId=sales`)).status).toBe(404);
    for (const as of ['auditor', 'finance', 'commerce', 'gm']) {
      const all = await ok(sheet(as));
      expect(
        all.salespeople.map((p: any) => p.ownerId),
        as,
      ).toEqual(expect.arrayContaining(['sales', 'cr_sales2']));
    }
    expect((await ok(sheet('auditor'))).salespeople.every((p: any) => p.actions.length === 0)).toBe(true);
    expect((await ok(sheet('gm'))).salespeople.every((p: any) => p.actions.length === 1)).toBe(true);
    for (const as of ['operations', 'ocean', 'admin']) expect((await sheet(as)).status, as).toBe(403);
  });
});

describe('PUT /collection-targets/{month}/{ownerId}', () => {
  it('the sales manager sets their salesperson’s target: shown beside the rate with met, audited with from/to', async () => {
    const t = await ok(setTarget('sales_manager', 'sales', '40', 'cr-1'));
    expect(t).toMatchObject({ ownerId: 'sales', month, targetPct: '40.00', setBy: 'sales_manager' });
    const mine = (await ok(sheet('sales'))).salespeople[0];
    expect(mine.target).toMatchObject({ targetPct: '40.00', setBy: 'sales_manager' });
    expect(mine.rates.map((r: any) => [r.currency, r.met])).toEqual([
      ['CNY', true],
      ['USD', false],
    ]);
    await ok(setTarget('sales_manager', 'sales', '95.5', 'cr-2'));
    const audit = await listAuditForRecord(s.db, 'collection_target', `sales:${month}`);
    expect(audit.map((a) => [a.action, a.actor_id, a.changes])).toEqual([
      ['collection_target.set', 'sales_manager', { ownerId: 'sales', month, targetPct: { from: null, to: '40.00' } }],
      [
        'collection_target.set',
        'sales_manager',
        { ownerId: 'sales', month, targetPct: { from: '40.00', to: '95.50' } },
      ],
    ]);
  });

  it('is idempotent: a retry with the same key changes nothing and answers the target; the key with another body is 422', async () => {
    await ok(setTarget('gm', 'cr_sales2', '80', 'cr-3'));
    const again = await ok(setTarget('gm', 'cr_sales2', '80', 'cr-3'));
    expect(again.targetPct).toBe('80.00');
    expect((await listAuditForRecord(s.db, 'collection_target', `cr_sales2:${month}`)).length).toBe(1);
    const reused = await setTarget('gm', 'cr_sales2', '81', 'cr-3');
    expect([reused.status, reused.body.details?.reason]).toEqual([422, 'idempotency_key_reused']);
    expect((await targets()).find((t) => t.owner_id === 'cr_sales2')?.target_pct).toBe('80.00');
  });

  it('refuses, changing nothing: another team’s or no salesperson 404, other roles 403 (auditors read_only), bad input 400', async () => {
    const before = JSON.stringify(await targets());
    expect((await setTarget('sales_manager', 'cr_sales2', '50')).status).toBe(404);
    expect((await setTarget('gm', 'finance', '50')).status).toBe(404);
    expect((await setTarget('gm', 'nobody', '50')).status).toBe(404);
    for (const as of ['sales', 'finance', 'commerce', 'marketing_manager']) {
      const r = await setTarget(as, 'sales', '50');
      expect([r.status, r.body.details?.reason], as).toEqual([403, 'role_not_allowed']);
    }
    const auditor = await setTarget('auditor', 'sales', '50');
    expect([auditor.status, auditor.body.details?.reason]).toEqual([403, 'read_only']);
    for (const bad of ['100.01', '-1', '95.555', 'abc', '', 95, null])
      expect((await setTarget('gm', 'sales', bad)).status, String(bad)).toBe(400);
    expect((await setTarget('gm', 'sales', '50', undefined, '2026-13')).status).toBe(400);
    const extra = await s.http('PUT', `/collection-targets/${month}/sales`, {
      as: 'gm',
      body: { targetPct: '50', setBy: 'someone' },
    });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(await targets())).toBe(before);
  });
});

describe('delegation: whoever holds a sales manager’s delegation sets targets of the delegator’s team', () => {
  it('checked against the delegator’s team, audited on their behalf; not one’s own; without a delegation 403', async () => {
    await s.addUser('cr_sales3', 'sales', 'cr_manager2');
    // cr_sales2 (of cr_manager2's team) holds the sales manager's delegation: the delegator's team, not their own.
    const d = await ok(
      s.http('POST', '/delegations', {
        as: 'sales_manager',
        body: { toUser: 'cr_sales2', startsOn: today(), endsOn: addDays(today(), 1) },
      }),
      201,
    );
    const b = await ok(sheet('cr_sales2'));
    const rows = new Map(b.salespeople.map((p: any) => [p.ownerId, p]));
    expect([...rows.keys()]).toEqual(expect.arrayContaining(['sales', 'cr_sales2']));
    expect(rows.has('cr_sales3')).toBe(false); // the delegate's own team is not the delegator's
    expect((rows.get('sales') as any).actions.map((a: any) => a.path)).toEqual([`/collection-targets/${month}/sales`]);
    expect((rows.get('cr_sales2') as any).actions).toEqual([]); // never one's own target

    const t = await ok(setTarget('cr_sales2', 'sales', '66', 'cr-deleg-1'));
    expect(t).toMatchObject({ ownerId: 'sales', targetPct: '66.00', setBy: 'cr_sales2' });
    const audit = (await listAuditForRecord(s.db, 'collection_target', `sales:${month}`)).at(-1)!;
    expect([audit.actor_id, audit.actor_role, audit.on_behalf_of, audit.changes]).toEqual([
      'cr_sales2',
      'sales_manager',
      'sales_manager',
      { ownerId: 'sales', month, targetPct: { from: '95.50', to: '66.00' } },
    ]);

    const before = JSON.stringify(await targets());
    const own = await setTarget('cr_sales2', 'cr_sales2', '10');
    expect([own.status, own.body.details?.reason]).toEqual([403, 'segregation_of_duties']);
    expect((await setTarget('cr_sales2', 'cr_sales3', '10')).status).toBe(404); // another team than the delegator's
    const none = await setTarget('cr_sales3', 'sales', '10'); // no delegation
    expect([none.status, none.body.details?.reason]).toEqual([403, 'role_not_allowed']);
    expect((await ok(sheet('cr_sales3'))).salespeople.every((p: any) => p.actions.length === 0)).toBe(true);

    await ok(s.http('POST', `/delegations/${d.id}/revoke`, { as: 'sales_manager' }));
    const revoked = await setTarget('cr_sales2', 'sales', '10');
    expect([revoked.status, revoked.body.details?.reason]).toEqual([403, 'role_not_allowed']);
    expect((await ok(sheet('cr_sales2'))).salespeople.map((p: any) => p.ownerId)).toEqual(['cr_sales2']);
    expect(JSON.stringify(await targets())).toBe(before);
  });
});
