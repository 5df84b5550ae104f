/**
 * Plans and summaries 計劃與總結 over HTTP: a salesperson's monthly report shows the month's actuals from
 * the records made here next to the targets; submitted to the sales manager, returned with a comment,
 * revised, accepted; each step audited, idempotent, in the inbox; overdue and late from the calendar.
 */
import { addWorkingDays } from '../../domain/calendar';
import { businessToday, endOfBusinessDay } from '../../lib/dates';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPeriodsOf, dueDateOf, periodOf, periodRange } from '../../domain/plan';
import { addDays, billedJob, signedContract, today } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { Decimal, formatMoney } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let contract: { contractNo: string; quoteNo: string; customerNo: string };
const month = today().slice(0, 7);
const targets = (containers: number) => ({
  containers,
  money: [
    { currency: 'CNY', revenue: '100000.00', margin: '20000.00' },
    { currency: 'USD', revenue: '5000.00', margin: '1000.00' },
  ],
  newCustomers: 2,
  collectionRatePct: '95',
});
const monthly = (over: Record<string, unknown> = {}) => ({
  kind: 'monthly',
  period: month,
  targets: targets(4),
  nextTargets: targets(6),
  sections: {
    marketAnalysis: '東莞電子業出口回升 Dongguan electronics exports recovering',
    receivablesPlan: '月底前收回 by month end',
  },
  ...over,
});
const keyed = (key: string) => ({ headers: { 'idempotency-key': key } });

beforeAll(async () => {
  s = await startStack();
  // The seeded people joined long ago: no report is asked of anyone for a period before they joined (domain/rhythm.ts).
  await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
  contract = await signedContract(s);
  await billedJob(s, contract.contractNo, '12000.00');
}, 240_000);
afterAll(async () => s?.close());

describe('a monthly plan and summary', () => {
  let id: number;

  it('a salesperson starts it: due by the 5th of next month on the calendar, actuals from the system next to the targets', async () => {
    const r = await s.http('POST', '/plans', { as: 'sales', body: monthly(), ...keyed('plan-create-1') });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({
      kind: 'monthly',
      period: month,
      status: 'draft',
      statusLabel: { zh: '草稿', en: 'Draft' },
      ownerId: 'sales',
      dueOn: dueDateOf('monthly', month),
      overdue: false,
      late: false,
      editable: true,
      decision: null,
    });
    expect(r.body.actions.map((a: { step: string; allowed: boolean }) => [a.step, a.allowed])).toEqual([
      ['submit', true],
    ]);
    // Actuals: the job's container delivered today, the contract signed today (a new customer), and revenue and
    // margin on one basis — the receivables billed today: revenue = what the ledger says was invoiced, margin =
    // that × the margin ÷ revenue of the contract's GM-approved budget in the currency (invoiced − its budgeted
    // cost). The contract is for 4 containers and one is billed: not the whole contract's budgeted margin.
    const { actuals } = r.body;
    expect(actuals.containers).toBe(1);
    expect(actuals.newCustomers).toBe(1);
    const ledger = await s.http('GET', `/receivables?customerNo=${contract.customerNo}`, { as: 'sales' });
    const invoiced = new Map<string, Decimal>();
    for (const rec of ledger.body.items as { currency: string; amount: string }[])
      invoiced.set(rec.currency, (invoiced.get(rec.currency) ?? new Decimal(0)).plus(rec.amount));
    const quote = await s.http('GET', `/quotes/${contract.quoteNo}`, { as: 'sales' });
    const budget = new Map(
      (quote.body.internalQuote.budget.totals as { currency: Currency; revenue: string; margin: string }[]).map((t) => [
        t.currency,
        t,
      ]),
    );
    expect(actuals.money.map((m: { currency: string }) => m.currency).sort()).toEqual([...invoiced.keys()].sort());
    for (const m of actuals.money as { currency: Currency; revenue: string; margin: string }[]) {
      expect(m.revenue, m.currency).toBe(formatMoney(invoiced.get(m.currency)!, m.currency));
      const b = budget.get(m.currency)!;
      expect(m.margin, m.currency).toBe(
        formatMoney(invoiced.get(m.currency)!.times(b.margin).div(b.revenue), m.currency),
      );
      expect(m.margin, `${m.currency}: a quarter of the contract is billed`).not.toBe(b.margin);
    }
    expect(invoiced.get('CNY')!.gte(12_000)).toBe(true);
    // A target in a currency nothing was invoiced in: 0 in its digits, never "no figure".
    for (const c of r.body.comparison as { measure: string; currency: string | null; actual: string | null }[])
      if (c.measure === 'revenue' || c.measure === 'margin')
        expect(c.actual, `${c.measure} ${c.currency}`).not.toBeNull();
    if (!invoiced.has('USD'))
      expect(
        r.body.comparison.find(
          (c: { measure: string; currency: string }) => c.measure === 'revenue' && c.currency === 'USD',
        ),
      ).toMatchObject({ target: '5000.00', actual: '0.00', pctOfTarget: '0.00', actualNote: null });
    const containers = r.body.comparison.find((c: { measure: string }) => c.measure === 'containers');
    expect(containers).toMatchObject({ target: '4', actual: '1', pctOfTarget: '25.00' });
    const cny = r.body.comparison.find(
      (c: { measure: string; currency: string }) => c.measure === 'revenue' && c.currency === 'CNY',
    );
    expect(cny.target).toBe('100000.00');
    expect(cny.actual).toBe(actuals.money.find((m: { currency: string }) => m.currency === 'CNY').revenue);
    expect(r.body.history.map((h: { action: string }) => h.action)).toEqual(['plan.drafted']);

    // A credit note 貸項 today is a lower price: revenue and margin both fall by its amount (the cost stays).
    const rec = (ledger.body.items as { id: number; currency: string }[]).find((x) => x.currency === 'CNY')!;
    const note = await s.http('POST', `/receivables/${rec.id}/entries`, {
      as: 'finance',
      body: { kind: 'credit_note', amount: '100.00', reason: '折讓 discount agreed' },
    });
    expect(note.status).toBe(201);
    const after = (await s.http('GET', `/plans/${id}`, { as: 'sales' })).body.actuals.money as {
      currency: string;
      revenue: string;
      margin: string;
    }[];
    const before = (actuals.money as { currency: string; revenue: string; margin: string }[]).find(
      (m) => m.currency === 'CNY',
    )!;
    expect(after.find((m) => m.currency === 'CNY')).toEqual({
      currency: 'CNY',
      revenue: formatMoney(new Decimal(before.revenue).minus(100), 'CNY'),
      margin: formatMoney(new Decimal(before.margin).minus(100), 'CNY'),
    });
  });

  it('sets the collection rate against the sales manager’s target of the month once one is set, else the plan’s own', async () => {
    const rateRows = async () =>
      (await s.http('GET', `/plans/${id}`, { as: 'sales' })).body.comparison.filter(
        (c: { measure: string }) => c.measure === 'collectionRate',
      ) as { target: string | null; targetSource: string | null }[];
    const before = await rateRows();
    expect(before.length).toBeGreaterThan(0);
    for (const r of before) expect(r).toMatchObject({ target: '95.00', targetSource: 'plan' });
    const set = await s.http('PUT', `/collection-targets/${month}/sales`, {
      as: 'sales_manager',
      body: { targetPct: '90' },
      ...keyed('plan-target-1'),
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    for (const r of await rateRows()) expect(r).toMatchObject({ target: '90.00', targetSource: 'manager' });
    // The other measures keep the plan's own targets.
    const containers = (await s.http('GET', `/plans/${id}`, { as: 'sales' })).body.comparison[0];
    expect(containers).toMatchObject({ measure: 'containers', target: '4', targetSource: 'plan' });
  });

  it('the same request again answers the plan made first; a second report of the period is 409', async () => {
    const again = await s.http('POST', '/plans', { as: 'sales', body: monthly(), ...keyed('plan-create-1') });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id);
    const dup = await s.http('POST', '/plans', { as: 'sales', body: monthly() });
    expect(dup.status).toBe(409);
    expect(dup.body.details).toMatchObject({ reason: 'duplicate', planId: id });
    // The plan is named by its kind and period, in zh-Hant first — not by its internal id.
    expect(dup.body.message).toBe(
      `您的「月計劃與總結 ${month}」已存在 Your Monthly plan and summary ${month} exists already`,
    );
  });

  it('is in the author’s inbox, due when the report is due', async () => {
    const inbox = await s.http('GET', '/inbox?recordType=plan', { as: 'sales' });
    expect(inbox.body.items).toEqual([
      expect.objectContaining({ recordId: String(id), step: 'plan.write', role: 'sales', ownerId: 'sales' }),
    ]);
    // The salesperson's sales manager sees it too (as every item of the team); another team's does not.
    expect((await s.http('GET', '/inbox?recordType=plan', { as: 'sales_manager' })).body.items).toEqual([
      expect.objectContaining({ recordId: String(id), step: 'plan.write' }),
    ]);
    expect((await s.http('GET', '/inbox?recordType=plan', { as: 'sales_manager_b' })).body.items).toEqual([]);
  });

  it('others: another team’s manager and salesperson see nothing, commerce may not read, auditors read only', async () => {
    for (const as of ['sales_b', 'sales_manager_b'])
      expect((await s.http('GET', `/plans/${id}`, { as })).status, as).toBe(404);
    expect((await s.http('GET', '/plans', { as: 'sales_b' })).body.items).toEqual([]);
    expect((await s.http('GET', `/plans/${id}`, { as: 'commerce' })).status).toBe(403);
    const audited = await s.http('GET', `/plans/${id}`, { as: 'auditor' });
    expect(audited.status).toBe(200);
    expect(audited.body.actions).toEqual([]);
    expect(audited.body.editable).toBe(false);
    const refused = await s.http('POST', `/plans/${id}/submit`, { as: 'auditor' });
    expect(refused.status).toBe(403);
    expect(refused.body.details.reason).toBe('read_only');
    expect((await s.http('POST', `/plans/${id}/accept`, { as: 'sales_manager_b' })).status).toBe(404);
  });

  it('the author submits it; the manager returns it with a comment (none: 400); it goes back to the author', async () => {
    const submitted = await s.http('POST', `/plans/${id}/submit`, { as: 'sales', ...keyed('plan-submit-1') });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect(submitted.body.editable).toBe(false);
    expect((await s.http('POST', `/plans/${id}/accept`, { as: 'sales' })).status).toBe(403);
    const mine = await s.http('GET', '/inbox?recordType=plan', { as: 'sales_manager' });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        recordId: String(id),
        step: 'plan.review',
        role: 'sales_manager',
        // INBOX_SLA_PLAN_REVIEW (default 2wd): the end of the 2nd working day from the submission, business time zone.
        dueAt: endOfBusinessDay(addWorkingDays(businessToday(), 2)),
      }),
    ]);
    expect((await s.http('GET', '/inbox?recordType=plan', { as: 'sales_manager_b' })).body.items).toEqual([]);
    const asManager = await s.http('GET', `/plans/${id}`, { as: 'sales_manager' });
    expect(asManager.body.actions.map((a: { step: string }) => a.step)).toEqual(['accept', 'return']);
    expect(asManager.body.actions.find((a: { step: string }) => a.step === 'return').commentRequired).toBe(true);

    expect((await s.http('POST', `/plans/${id}/return`, { as: 'sales_manager', body: {} })).status).toBe(400);
    const returned = await s.http('POST', `/plans/${id}/return`, {
      as: 'sales_manager',
      body: { comment: '請補充應收帳款計劃 add the receivables plan' },
      ...keyed('plan-return-1'),
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({
      status: 'returned',
      decision: { by: 'sales_manager', comment: '請補充應收帳款計劃 add the receivables plan' },
    });
    const back = await s.http('GET', '/inbox?recordType=plan', { as: 'sales' });
    expect(back.body.items).toEqual([expect.objectContaining({ recordId: String(id), step: 'plan.revise' })]);
    // A retry of the return is answered from the record and applies nothing twice.
    const retry = await s.http('POST', `/plans/${id}/return`, {
      as: 'sales_manager',
      body: { comment: '請補充應收帳款計劃 add the receivables plan' },
      ...keyed('plan-return-1'),
    });
    expect(retry.status).toBe(200);
    expect(retry.body.history.filter((h: { action: string }) => h.action === 'plan.returned')).toHaveLength(1);
  });

  it('the author revises and resubmits; the manager accepts; nothing more can happen to it', async () => {
    const edited = await s.http('PUT', `/plans/${id}`, {
      as: 'sales',
      body: monthly({
        period: undefined,
        sections: { receivablesPlan: '三家客戶 15 日前回款 three customers pay by the 15th' },
      }),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.sections).toEqual({ receivablesPlan: '三家客戶 15 日前回款 three customers pay by the 15th' });
    expect(
      (
        await s.http('PUT', `/plans/${id}`, {
          as: 'sales',
          body: { ...monthly(), period: undefined, kind: 'weekly', sections: {} },
        })
      ).status,
    ).toBe(422);
    expect((await s.http('POST', `/plans/${id}/submit`, { as: 'sales' })).status).toBe(200);
    const accepted = await s.http('POST', `/plans/${id}/accept`, { as: 'sales_manager', ...keyed('plan-accept-1') });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.actions).toEqual([]);
    expect(
      (await s.http('POST', `/plans/${id}/accept`, { as: 'sales_manager', ...keyed('plan-accept-1') })).status,
    ).toBe(200);
    const again = await s.http('POST', `/plans/${id}/return`, { as: 'sales_manager', body: { comment: 'late' } });
    expect(again.status).toBe(409);
    expect(again.body.details.reason).toBe('wrong_state');
    expect(
      (await s.http('PUT', `/plans/${id}`, { as: 'sales', body: { ...monthly(), period: undefined } })).status,
    ).toBe(409);
    expect((await s.http('GET', '/inbox?recordType=plan', { as: 'sales_manager' })).body.items).toEqual([]);
    const history = (await s.http('GET', `/plans/${id}`, { as: 'sales' })).body.history;
    expect(history.map((h: { action: string; actorName: string | null }) => h.action)).toEqual([
      'plan.drafted',
      'plan.submitted',
      'plan.returned',
      'plan.updated',
      'plan.submitted',
      'plan.accepted',
    ]);
    expect(history[2].actionLabel).toEqual({ zh: '退回', en: 'Return' });
  });
});

describe('targets left blank', () => {
  it('are not set (null), stored and answered so, and compared with nothing — never 0', async () => {
    const none = { containers: null, money: [], newCustomers: null, collectionRatePct: null };
    const r = await s.http('POST', '/plans', {
      as: 'sales',
      body: {
        kind: 'monthly',
        period: '2025-06',
        targets: none,
        nextTargets: { ...none, containers: 3 },
        sections: {},
      },
      ...keyed('plan-blank-targets'),
    });
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(201);
    expect(r.body.targets).toEqual(none);
    expect(r.body.nextTargets).toEqual({ ...none, containers: 3 });
    const target = (measure: string) =>
      r.body.comparison.find((c: { measure: string }) => c.measure === measure)?.target;
    expect([target('containers'), target('newCustomers'), target('collectionRate')]).toEqual([null, null, null]);
    const again = (await s.http('GET', `/plans/${r.body.id}`, { as: 'sales' })).body;
    expect(again.nextTargets).toEqual({ ...none, containers: 3 });
  });
});

describe('the period a new report is for', () => {
  it('is the earliest of the salesperson’s listed deadlines still owed, so the form offers a period the list shows', async () => {
    // Joined on 30 November (a Monday): November's monthly report is not asked of them, December's is.
    // Another team's, so the team views below stay the seeded salesperson's.
    await s.addUser('sales_manager9', 'sales_manager');
    await s.addUser('sales_new', 'sales', 'sales_manager9');
    await sql`update users set created_at = '2026-11-30T02:00:00Z' where id = 'sales_new'`.execute(s.db);
    const on = async (date: string) => (await s.http('GET', `/plans/deadlines?date=${date}`, { as: 'sales_new' })).body;
    const d = await on('2026-12-01');
    const listed = (kind: string) =>
      d.items.filter((i: { ownerId: string; kind: string }) => i.ownerId === 'sales_new' && i.kind === kind);
    expect(listed('monthly').map((i: { period: string }) => i.period)).toEqual(['2026-12']);
    expect(d.defaultPeriods).toMatchObject({ monthly: '2026-12', weekly: '2026-11-30' });
    // A week owed and past its deadline stays the default until written (the earliest owed): on Monday 7 December
    // the week of 30 November is missing.
    expect((await on('2026-12-07')).defaultPeriods).toMatchObject({ weekly: '2026-11-30' });
    // Written and submitted, the next owed one is the default.
    const weekly = await s.http('POST', '/plans', {
      as: 'sales_new',
      body: { kind: 'weekly', period: '2026-11-30', nextTargets: targets(1), sections: {} },
    });
    expect(weekly.status, JSON.stringify(weekly.body)).toBe(201);
    expect((await s.http('POST', `/plans/${weekly.body.id}/submit`, { as: 'sales_new' })).status).toBe(200);
    expect((await on('2026-12-07')).defaultPeriods).toMatchObject({ weekly: '2026-12-07' });
  });

  it('with nothing owed, is the one due next: on 1–5 December (7th: the 5th is a Saturday) November’s, then December’s', async () => {
    // Joined after these dates: no deadline is listed for them, so the date's rule gives the default.
    await s.addUser('sales_later', 'sales', 'sales_manager9');
    await sql`update users set created_at = '2027-06-01T02:00:00Z' where id = 'sales_later'`.execute(s.db);
    const on = async (date: string) =>
      (await s.http('GET', `/plans/deadlines?date=${date}`, { as: 'sales_later' })).body.defaultPeriods;
    expect(await on('2026-12-01')).toEqual({ weekly: '2026-11-30', monthly: '2026-11', annual: '2026' });
    expect(await on('2026-12-07')).toMatchObject({ monthly: '2026-11' });
    expect(await on('2026-12-08')).toMatchObject({ monthly: '2026-12' });
    expect(await on('2027-01-15')).toMatchObject({ monthly: '2027-01', annual: '2026' });
    // The admin's calendar moves the deadline and the default with it: 7 December made a day off.
    const off = await s.http('PUT', '/calendar/days/2026-12-07', {
      as: 'admin',
      body: { working: false, name: '公司休假 company day off' },
      ...keyed('plan-default-off'),
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(await on('2026-12-08')).toMatchObject({ monthly: '2026-11' });
    await s.http('PUT', '/calendar/days/2026-12-07', {
      as: 'admin',
      body: { working: null },
      ...keyed('plan-default-on'),
    });
    expect(await on('2026-12-08')).toMatchObject({ monthly: '2026-12' });
    expect((await s.http('GET', '/plans/deadlines', { as: 'sales_later' })).body.defaultPeriods).toEqual(
      defaultPeriodsOf(today()),
    );
  });
});

describe('overdue and late', () => {
  it('last year’s annual report is overdue until submitted, and late once it is', async () => {
    const year = String(Number(today().slice(0, 4)) - 1);
    const r = await s.http('POST', '/plans', {
      as: 'sales',
      body: {
        kind: 'annual',
        period: year,
        nextTargets: targets(60),
        nextQuarters: [targets(12), targets(15), targets(15), targets(18)],
        sections: { analysis: '全年回顧 the year in review' },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ overdue: true, late: false, dueOn: dueDateOf('annual', year), targets: null });
    const deadlines = await s.http('GET', '/plans/deadlines', { as: 'sales_manager' });
    const row = deadlines.body.items.find(
      (d: { kind: string; period: string }) => d.kind === 'annual' && d.period === year,
    );
    expect(row).toMatchObject({
      ownerId: 'sales',
      planId: r.body.id,
      status: 'draft',
      statusLabel: { zh: '草稿', en: 'Draft' },
      overdue: true,
    });
    const current = deadlines.body.items.find(
      (d: { kind: string; period: string }) => d.kind === 'weekly' && d.period === periodOf('weekly', today()),
    );
    expect(current).toMatchObject({
      ownerId: 'sales',
      status: 'missing',
      statusLabel: { zh: '未開始', en: 'Not started' },
      planId: null,
    });
    expect(deadlines.body.items.every((d: { ownerId: string }) => d.ownerId === 'sales')).toBe(true);
    expect(deadlines.body.items.filter((d: { ownerId: string }) => d.ownerId === 'sales').length).toBe(6);
    const submitted = await s.http('POST', `/plans/${r.body.id}/submit`, { as: 'sales' });
    expect(submitted.body).toMatchObject({ status: 'submitted', overdue: false, late: true });
  });
});

describe('bad input is refused and changes nothing', () => {
  it.each([
    [
      'a week that does not start on a Monday',
      { kind: 'weekly', period: '2026-12-01', nextTargets: targets(1), sections: {} },
      400,
    ],
    [
      'an annual plan without its quarters',
      { kind: 'annual', period: '2020', nextTargets: targets(1), sections: {} },
      400,
    ],
    ['a section of another kind', monthly({ sections: { nextWeekPlan: 'x' } }), 400],
    [
      'yen with decimals',
      monthly({ nextTargets: { ...targets(1), money: [{ currency: 'JPY', revenue: '1.5', margin: '0' }] } }),
      400,
    ],
    [
      'a currency twice',
      monthly({ nextTargets: { ...targets(1), money: [targets(1).money[0], targets(1).money[0]] } }),
      400,
    ],
    ['a collection rate above 100', monthly({ nextTargets: { ...targets(1), collectionRatePct: '100.5' } }), 400],
    ['a bidirectional control in a section', monthly({ sections: { marketAnalysis: 'abc\u202Edef' } }), 400],
    ['a period not yet begun', monthly({ period: '2099-01' }), 422],
  ])('%s → %s', async (_name, body, status) => {
    const before = (await s.http('GET', '/plans', { as: 'sales' })).body.total;
    const r = await s.http('POST', '/plans', { as: 'sales', body });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect((await s.http('GET', '/plans', { as: 'sales' })).body.total).toBe(before);
  });
});

describe('the monthly sales analysis 銷售分析報告', () => {
  it('per salesperson and customer, against the previous month and the month’s targets; others see their own only', async () => {
    const plan = (await s.http('GET', `/plans?kind=monthly`, { as: 'sales' })).body.items.find(
      (p: { period: string }) => p.period === month,
    );
    const r = await s.http('GET', `/sales-analysis?month=${month}`, { as: 'sales_manager' });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.month).toBe(month);
    expect(r.body.salespeople.map((p: { ownerId: string }) => p.ownerId)).toEqual(['sales']);
    const [mine] = r.body.salespeople;
    const shown = (await s.http('GET', `/plans/${plan.id}`, { as: 'sales' })).body;
    expect(mine.actuals).toEqual(shown.actuals);
    expect(mine.planId).toBe(plan.id);
    expect(mine.vsTarget.find((c: { measure: string }) => c.measure === 'containers')).toMatchObject({
      target: '4',
      actual: '1',
    });
    expect(mine.vsPrevious.find((c: { measure: string }) => c.measure === 'containers')).toMatchObject({
      current: '1',
      previous: '0',
      change: '1',
      changePct: null,
    });
    const customer = r.body.customers.find((c: { customerNo: string }) => c.customerNo === contract.customerNo);
    expect(customer).toMatchObject({ ownerId: 'sales', actuals: { containers: 1, newCustomers: 1 } });
    expect(r.body.totals.actuals).toEqual(mine.actuals);
    const other = await s.http('GET', `/sales-analysis?month=${month}`, { as: 'sales_b' });
    expect(other.body.salespeople.map((p: { ownerId: string }) => p.ownerId)).toEqual(['sales_b']);
    expect(other.body.customers).toEqual([]);
    expect((await s.http('GET', '/sales-analysis', { as: 'commerce' })).status).toBe(403);
    expect((await s.http('GET', '/sales-analysis?month=2099-01', { as: 'gm' })).status).toBe(422);
  });

  it('exports the same figures as an Excel workbook', async () => {
    const res = await fetch(`${s.baseUrl}/sales-analysis/export.xlsx?month=${month}`, {
      headers: { authorization: `Bearer ${await s.token('gm')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`sales-analysis-${month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['業務員 Salespeople', '客戶 Customers']);
    const rows: unknown[][] = [];
    book.getWorksheet('客戶 Customers')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const containers = rows.find((r) => r[1] === contract.customerNo && String(r[3]).includes('Containers'));
    expect(containers?.slice(5, 7)).toEqual([1, 0]);
    const people: unknown[][] = [];
    book.getWorksheet('業務員 Salespeople')!.eachRow((row) => people.push((row.values as unknown[]).slice(1)));
    const target = people.find((r) => String(r[1]).includes('Containers') && String(r[0]).includes('陳志明'));
    expect(target?.slice(3, 4)).toEqual([1]);
    expect(target?.slice(7, 9)).toEqual([4, 25]);
  });

  it('counts quotes won (contract signed) and lost (refused, expired, withdrawn, cancelled) per salesperson and customer', async () => {
    const quote = async () => {
      const q = await s.http('POST', '/quotes', {
        as: 'sales',
        body: {
          customerNo: contract.customerNo,
          validUntil: addDays(today(), 30),
          lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
        },
      });
      expect(q.status, JSON.stringify(q.body)).toBe(201);
      return q.body.quoteNo as string;
    };
    const step = async (as: string, no: string, path: string, comment?: string) => {
      const r = await s.http('POST', `/quotes/${no}/${path}`, { as, ...(comment ? { body: { comment } } : {}) });
      expect(r.status, `${as} ${path} ${JSON.stringify(r.body)}`).toBe(200);
    };
    const [withdrawn, cancelled, refused] = [await quote(), await quote(), await quote()];
    await quote(); // still open: neither won nor lost
    await step('sales', withdrawn, 'withdraw', '客戶改用海運拼箱 customer moved to LCL');
    await step('sales_manager', cancelled, 'cancel', '項目停止 project stopped');
    await step('sales', refused, 'submit');
    await step('commerce', refused, 'approve');
    await step('sales', refused, 'refuse', '價格太高 too expensive');

    const r = await s.http('GET', `/sales-analysis?month=${month}`, { as: 'sales_manager' });
    expect(r.status).toBe(200);
    const expected = {
      won: 1,
      lost: 3,
      lostBy: { refused: 1, expired: 0, withdrawn: 1, cancelled: 1 },
      winRatePct: '25.00',
    };
    expect(r.body.salespeople[0].quotes).toEqual(expected);
    expect(r.body.totals.quotes).toEqual(expected);
    expect(r.body.customers.find((c: { customerNo: string }) => c.customerNo === contract.customerNo).quotes).toEqual(
      expected,
    );
    expect(r.body.lostStatusLabels.map((l: { status: string }) => l.status)).toEqual([
      'refused',
      'expired',
      'withdrawn',
      'cancelled',
    ]);
    // Another team's salesperson: none; the previous month: none of these.
    const other = await s.http('GET', `/sales-analysis?month=${month}`, { as: 'sales_b' });
    expect(other.body.totals.quotes).toEqual({
      won: 0,
      lost: 0,
      lostBy: { refused: 0, expired: 0, withdrawn: 0, cancelled: 0 },
      winRatePct: null,
    });
    const before = await s.http('GET', `/sales-analysis?month=${r.body.previousMonth}`, { as: 'sales_manager' });
    expect(before.body.totals.quotes).toMatchObject({ won: 0, lost: 0 });
  });

  it('prints the analysis as a PDF with Chinese text, quotes won and lost per salesperson and customer', async () => {
    const res = await fetch(`${s.baseUrl}/sales-analysis/export.pdf?month=${month}`, {
      headers: { authorization: `Bearer ${await s.token('sales_manager')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`sales-analysis-${month}.pdf`);
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('銷售分析報告');
    expect(text).toContain(`月份Month${month}`);
    expect(text).toContain('本團隊Team');
    // The quotes table: the salesperson's row and the total, won 1, lost 3 (refused 1, expired 0, withdrawn 1, cancelled 1).
    expect(text).toContain('陳志明ChenZhiming13101125.00%');
    expect(text).toContain('合計Total13101125.00%');
    expect(text).toContain(contract.customerNo);
    expect(text).toContain('柜量（已送達）Containersdelivered');
    expect((await s.http('GET', '/sales-analysis/export.pdf', { as: 'commerce' })).status).toBe(403);
    expect((await s.http('GET', '/sales-analysis/export.pdf?month=2099-01', { as: 'gm' })).status).toBe(422);
  });
});

describe('someone who joined today', () => {
  it('is asked for no diary, weekly or annual report of before they existed: nothing missing or overdue', async () => {
    // Joined today (created now), in the sales manager's team.
    await s.addUser('pl_new', 'sales', 'sales_manager');
    const deadlines = await s.http('GET', '/plans/deadlines', { as: 'sales_manager' });
    expect(deadlines.status).toBe(200);
    const mine = deadlines.body.items.filter((d: { ownerId: string }) => d.ownerId === 'pl_new');
    // Only periods starting today or later are listed (at most the current ones that begin today), none overdue.
    expect(mine.every((d: { overdue: boolean }) => !d.overdue)).toBe(true);
    for (const d of mine) expect(periodRange(d.kind, d.period).from >= today()).toBe(true);
    const previousAnnual = String(Number(today().slice(0, 4)) - 1);
    expect(mine.find((d: { kind: string; period: string }) => d.kind === 'annual' && d.period === previousAnnual)).toBe(
      undefined,
    );
    // The seasoned salesperson still has last year's annual report overdue: the rule is per person.
    expect(
      deadlines.body.items.some(
        (d: { ownerId: string; kind: string; period: string; overdue: boolean }) =>
          d.ownerId === 'sales' && d.kind === 'annual' && d.period === previousAnnual,
      ),
    ).toBe(true);
    const from = addDays(today(), -20);
    const diaries = await s.http('GET', `/diaries?from=${from}&to=${today()}`, { as: 'sales_manager' });
    expect(diaries.status, JSON.stringify(diaries.body)).toBe(200);
    const rows = diaries.body.rows.filter((r: { ownerId: string }) => r.ownerId === 'pl_new');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r: { missing: boolean }) => r.missing)).toEqual([]);
    // Each row says where it stands: a day before they joined is not applicable, never “due today”.
    for (const r of rows as { day: string; status: string; statusLabel: { zh: string; en: string } }[]) {
      expect(r.status).toBe(r.day === today() ? 'due_today' : 'not_applicable');
      if (r.day < today()) expect(r.statusLabel).toEqual({ zh: '不適用', en: 'Not applicable' });
    }
    // The seasoned salesperson's unwritten past days are still flagged.
    expect(
      diaries.body.rows.some((r: { ownerId: string; missing: boolean }) => r.ownerId === 'sales' && r.missing),
    ).toBe(true);
    for (const r of diaries.body.rows as { status: string; missing: boolean }[])
      expect(r.missing).toBe(r.status === 'missing');
    const day = diaries.body.days.find((d: string) => d < today());
    const one = await s.http('GET', `/diaries/${day}?ownerId=pl_new`, { as: 'sales_manager' });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.missing).toBe(false);
  });
});
