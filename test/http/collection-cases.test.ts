/**
 * Abnormal collection 異常收款 (issue 13 §3.4.4) on the real dev server with short durations: the
 * Temporal Schedule's scan opens one case per customer and currency with money past due; the
 * salesperson is reminded and the case escalates to their sales manager (inbox, notices); the proposal,
 * segregation of duties (a proposer holding the GM's role by delegation may not decide), the GM's
 * rejection and approval (a credit hold set on the customer); a receipt closes the case, also one in the
 * middle of its escalation. Every step is audited, idempotent and in the inbox with its due time.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollectionScanSchedule } from '../../lib/collection-scan';
import { endOfBusinessDay } from '../../lib/dates';
import { Decimal } from '../../lib/money';
import { addDays, billedJob, overdueReceivable, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
let customerNo: string;
let contractNo: string;
let jobNo: string;
let scheduleId: string;
let cny: { receivableId: number };
let usd: { receivableId: number };
let hkd: { receivableId: number };

/** Polls `read` until `until` holds (the workflows' timers run in seconds here). */
async function eventually<T>(read: () => Promise<T>, until: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (until(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

const overdue = (currency: string, amount: string, daysAgo: number) =>
  overdueReceivable(s.db, { jobNo, customerNo, contractNo, currency, amount, daysAgo });

const cases = (as = 'finance') => ok(s.http('GET', `/collection-cases?customerNo=${customerNo}`, { as }));
const caseOf = async (currency: string) => (await cases()).items.find((c: any) => c.currency === currency);
const detail = (id: number, as = 'sales') => ok(s.http('GET', `/collection-cases/${id}`, { as }));
const inbox = (as: string) =>
  ok(s.http('GET', '/inbox?limit=100', { as })).then((b) =>
    b.items.filter((i: any) => i.recordType.startsWith('collection_')),
  );
const notices = async (caseId: number) =>
  (
    await sql<{
      recipient_id: string;
      subject: string;
      body: string;
    }>`select recipient_id, subject, body from notifications where record_type = 'collection_case' and record_id = ${String(caseId)} order by id`.execute(
      s.db,
    )
  ).rows;
const pay = (receivableId: number, currency: string, amount: string) =>
  ok(
    s.http('POST', '/receipts', {
      as: 'finance',
      body: {
        customerNo,
        payer: 'customer',
        currency,
        amount,
        receivedOn: today(),
        reference: `pay-${receivableId}`,
        allocations: [{ receivableId, amount }],
      },
    }),
    201,
  );

beforeAll(async () => {
  s = await startStack({
    env: {
      COLLECTION_REMIND_EVERY: '3s',
      COLLECTION_ESCALATE_AFTER: '10s',
      COLLECTION_DECISION_DUE: '1h',
    },
  });
  ({ contractNo, customerNo } = await signedContract(s));
  jobNo = await billedJob(s, contractNo);
  await s.addUser('sales_manager2', 'sales_manager');
  await s.addUser('sales2', 'sales', 'sales_manager2');
  // Billed today: nothing is past due yet. Three old invoices are: CNY 40 days, USD 5 days, HKD 120 days.
  cny = await overdue('CNY', '5000.00', 40);
  usd = await overdue('USD', '800.00', 5);
  hkd = await overdue('HKD', '300.00', 120);
  scheduleId = await ensureCollectionScanSchedule(s.client, { ...s.temporalConfig, everyMs: 2000 });
}, 240_000);
afterAll(async () => {
  await s?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await s?.close();
});

describe('past due → a case per customer and currency, by the Temporal Schedule', () => {
  it('opens one case for each of CNY, USD and HKD, in the salesperson’s inbox with the escalation as due time', async () => {
    const list = await eventually(cases, (b) => b.items.length === 3);
    const c = list.items.find((x: any) => x.currency === 'CNY');
    expect(c).toMatchObject({
      customerNo,
      ownerId: 'sales',
      overdueAtOpen: '5000.00',
      oldestDueDate: addDays(today(), -40),
      overdueNow: '5000.00',
      daysPastDue: 40,
    });
    // Waiting for me: the salesperson's own cases; the GM's none yet (nothing awaits a decision).
    const mine = (as: string) => ok(s.http('GET', `/collection-cases?customerNo=${customerNo}&mine=true`, { as }));
    expect((await mine('sales')).items).toHaveLength(3);
    expect((await mine('gm')).items).toEqual([]);
    expect((await mine('finance')).items).toEqual([]);
    const d = await detail(c.caseId);
    expect(d.overdueNow).toBe('5000.00');
    expect(d.receivables).toEqual([
      expect.objectContaining({ id: cny.receivableId, daysPastDue: 40, outstanding: '5000.00' }),
    ]);
    expect(d.history[0]).toMatchObject({ action: 'case.opened', actorId: 'system', toState: 'awaiting_proposal' });
    const item = (await inbox('sales')).find((i: any) => i.recordId === String(c.caseId));
    expect(item).toMatchObject({
      step: 'collection.propose',
      role: 'sales',
      customerNo,
      amount: [{ currency: 'CNY', amount: '5000.00' }],
    });
    expect(Date.parse(item.dueAt)).toBeGreaterThan(Date.now() - 15_000);
    // The label in both languages; the mail names the customer by number and name, the amount as money reads.
    expect(item.stepLabel).toBe('待業務員提出處理建議 Awaiting the salesperson’s proposal');
    const name = (
      await sql<{ full_name: string }>`select full_name from customers where customer_no = ${customerNo}`.execute(s.db)
    ).rows[0]!.full_name;
    const opened = (await notices(c.caseId))[0]!;
    expect(opened.subject).toBe(`異常收款 Overdue: ${customerNo} ${name} CNY 5,000.00`);
    expect(opened.body).toContain(`客戶 ${customerNo} ${name} 有 CNY 5,000.00 已逾期未付`);
    expect(opened.body).toContain(`Customer ${customerNo} ${name} has CNY 5,000.00 past due`);
    // The next scans open nothing more: one open case per customer and currency.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await cases()).items).toHaveLength(3);
    // Out of sight: another team's salesperson and manager.
    expect((await s.http('GET', `/collection-cases/${c.caseId}`, { as: 'sales2' })).status).toBe(404);
    expect((await ok(s.http('GET', '/collection-cases', { as: 'sales_manager2' }))).items).toEqual([]);
  });
});

describe('reminders, escalation, proposal and the GM’s decision', () => {
  it('reminds the salesperson, then escalates to their sales manager (inbox and notice), not to another team’s', async () => {
    const c = await caseOf('CNY');
    const reminded = await eventually(
      () => detail(c.caseId),
      (d) => d.history.some((h: any) => h.action === 'case.reminded'),
    );
    expect(reminded.history.find((h: any) => h.action === 'case.reminded')).toMatchObject({ actorId: 'system' });
    expect((await notices(c.caseId)).some((n) => n.recipient_id === 'sales' && n.subject.startsWith('催收提醒'))).toBe(
      true,
    );

    const escalated = await eventually(
      () => detail(c.caseId),
      (d) => d.status === 'escalated',
    );
    expect(escalated.escalatedAt).not.toBeNull();
    // The manager's mail names the salesperson by display name, never by user id.
    const toManager = (await notices(c.caseId)).find((n) => n.recipient_id === 'sales_manager')!;
    expect(toManager.body).toContain('陳志明 Chen Zhiming 負責之客戶');
    expect(toManager.body).toContain('CNY 5,000.00');
    expect(toManager.body).not.toMatch(/\bsales\b/);
    const mgrItems = await inbox('sales_manager');
    expect(mgrItems.some((i: any) => i.recordId === String(c.caseId) && i.step === 'collection.escalated')).toBe(true);
    expect((await inbox('sales_manager2')).some((i: any) => i.recordId === String(c.caseId))).toBe(false);
    // The salesperson still has the proposal to make.
    expect(
      (await inbox('sales')).some((i: any) => i.recordId === String(c.caseId) && i.step === 'collection.propose'),
    ).toBe(true);
  });

  it('lists the proposal as an action for the salesperson and their manager only', async () => {
    const c = await caseOf('CNY');
    const steps = async (as: string) => (await detail(c.caseId, as)).actions.map((a: any) => `${a.step}:${a.allowed}`);
    expect(await steps('sales')).toEqual(['propose:true']);
    expect(await steps('sales_manager')).toEqual(['propose:true']);
    expect(await steps('gm')).toEqual([]);
    expect(await steps('auditor')).toEqual([]);
  });

  it('refuses bad proposals and other people, writing nothing', async () => {
    const c = await caseOf('CNY');
    // People's steps only: the system's reminders go on meanwhile (every 3 s here).
    const steps = async () => (await detail(c.caseId)).history.filter((h: any) => h.action !== 'case.reminded').length;
    const before = await steps();
    const propose = (as: string, body: unknown) =>
      s.http('POST', `/collection-cases/${c.caseId}/propose`, { as, body });
    expect((await propose('sales', { kind: 'payment_plan', note: 'x' })).status).toBe(400); // no instalments
    expect(
      (await propose('sales', { kind: 'payment_plan', note: 'x', installments: [{ date: today(), amount: '1.001' }] }))
        .status,
    ).toBe(400); // CNY has 2 digits
    expect(
      (
        await propose('sales', {
          kind: 'payment_plan',
          note: 'x',
          installments: [{ date: addDays(today(), -1), amount: '1.00' }],
        })
      ).status,
    ).toBe(422); // in the past
    // Parts never exceed their whole: instalments together more than the overdue amount now (422, field named).
    const overdue = new Decimal((await detail(c.caseId)).overdueNow);
    const tooMuch = await propose('sales', {
      kind: 'payment_plan',
      note: 'x',
      installments: [
        { date: addDays(today(), 10), amount: overdue.minus('1.00').toFixed(2) },
        { date: addDays(today(), 40), amount: '1.01' },
      ],
    });
    expect([tooMuch.status, tooMuch.body.details?.field], JSON.stringify(tooMuch.body)).toEqual([422, 'installments']);
    expect(
      (
        await propose('sales', {
          kind: 'payment_plan',
          note: 'x',
          installments: [{ date: addDays(today(), 10), amount: overdue.plus('0.01').toFixed(2) }],
        })
      ).status,
    ).toBe(422);
    expect(
      (await propose('sales', { kind: 'write_off', note: 'x', installments: [{ date: today(), amount: '1.00' }] }))
        .status,
    ).toBe(400);
    expect((await propose('sales', { kind: 'barter', note: 'x' })).status).toBe(400);
    expect((await propose('sales2', { kind: 'legal_action', note: 'x' })).status).toBe(404);
    const auditor = await propose('auditor', { kind: 'legal_action', note: 'x' });
    expect([auditor.status, auditor.body.details.reason]).toEqual([403, 'read_only']);
    const finance = await propose('finance', { kind: 'legal_action', note: 'x' });
    expect([finance.status, finance.body.details.reason]).toEqual([403, 'role_not_allowed']);
    const gmApprove = await s.http('POST', `/collection-cases/${c.caseId}/approve`, { as: 'gm', body: {} });
    expect([gmApprove.status, gmApprove.body.details.reason]).toEqual([409, 'wrong_state']);
    expect(await steps()).toBe(before);
  });

  it('a proposer holding the GM’s role by delegation may not decide; the GM rejects with a comment, then approves a credit hold', async () => {
    const c = await caseOf('CNY');
    const url = (step: string) => `/collection-cases/${c.caseId}/${step}`;
    const plan = {
      kind: 'payment_plan',
      note: '客戶同意分兩期 two instalments agreed',
      installments: [
        { date: addDays(today(), 10), amount: '2500.00' },
        { date: addDays(today(), 40), amount: '2500.00' },
      ],
    };
    const key = { 'idempotency-key': `propose-${c.caseId}` };
    const proposed = await ok(s.http('POST', url('propose'), { as: 'sales_manager', body: plan, headers: key }));
    expect(proposed).toMatchObject({ status: 'pending_decision', proposedBy: 'sales_manager', pendingRole: 'gm' });
    const gmMine = await ok(s.http('GET', `/collection-cases?customerNo=${customerNo}&mine=true`, { as: 'gm' }));
    expect(gmMine.items.map((x: any) => x.caseId)).toEqual([c.caseId]);
    expect(proposed.proposal).toMatchObject({
      kind: 'payment_plan',
      labelEn: 'Payment plan',
      installments: plan.installments,
    });
    // A retry with the same key answers the same, applied once.
    const again = await ok(s.http('POST', url('propose'), { as: 'sales_manager', body: plan, headers: key }));
    expect(again.history.filter((h: any) => h.action === 'case.proposed')).toHaveLength(1);
    const gmItem = (await inbox('gm')).find((i: any) => i.recordId === String(c.caseId));
    expect(gmItem).toMatchObject({ step: 'collection.decide', role: 'gm' });
    expect(Date.parse(gmItem.dueAt)).toBeGreaterThan(Date.now() + 50 * 60_000); // COLLECTION_DECISION_DUE 1h
    expect((await inbox('sales')).some((i: any) => i.recordId === String(c.caseId))).toBe(false);

    // Waiting for me includes what waits on a delegator: before the GM's delegation not the sales manager's, after it is.
    const mineOf = async (as: string) =>
      (await ok(s.http('GET', `/collection-cases?customerNo=${customerNo}&mine=true`, { as }))).items.map(
        (x: any) => x.caseId,
      );
    expect(await mineOf('sales_manager')).not.toContain(c.caseId);
    expect((await s.http('GET', `/collection-cases/${c.caseId}`, { as: 'sales2' })).status).toBe(404);
    const toSales2 = await ok(
      s.http('POST', '/delegations', {
        as: 'gm',
        body: { toUser: 'sales2', startsOn: today(), endsOn: addDays(today(), 1) },
      }),
      201,
    );
    // A delegate of another team sees the case in the GM's sight and in "waiting for me", and its decide steps.
    expect(await mineOf('sales2')).toEqual([c.caseId]);
    const delegateView = await ok(s.http('GET', `/collection-cases/${c.caseId}`, { as: 'sales2' }));
    expect(delegateView.actions.find((a: any) => a.step === 'approve')).toMatchObject({ allowed: true });
    await ok(s.http('POST', `/delegations/${toSales2.id}/revoke`, { as: 'gm' }));
    expect(await mineOf('sales2')).toEqual([]);

    // The GM delegates their role to the sales manager who proposed: the proposer still may not decide.
    await ok(
      s.http('POST', '/delegations', {
        as: 'gm',
        body: { toUser: 'sales_manager', startsOn: today(), endsOn: addDays(today(), 1) },
      }),
      201,
    );
    expect(await mineOf('sales_manager')).toContain(c.caseId);
    const mine = await detail(c.caseId, 'sales_manager');
    expect(mine.actions.find((a: any) => a.step === 'approve')).toMatchObject({
      allowed: false,
      reason: 'segregation_of_duties',
      confirm: true, // an approval applies the proposal for good
    });
    const sod = await s.http('POST', url('approve'), { as: 'sales_manager', body: {} });
    expect([sod.status, sod.body.details.reason]).toEqual([403, 'segregation_of_duties']);
    const noComment = await s.http('POST', url('reject'), { as: 'gm', body: { comment: ' ' } });
    expect(noComment.status).toBe(400);

    const rejected = await ok(s.http('POST', url('reject'), { as: 'gm', body: { comment: '分期太長 too long' } }));
    expect(rejected).toMatchObject({ status: 'escalated', decision: 'rejected', decidedBy: 'gm' });
    expect(
      (await inbox('sales')).some((i: any) => i.recordId === String(c.caseId) && i.step === 'collection.propose'),
    ).toBe(true);

    await ok(
      s.http('POST', url('propose'), { as: 'sales', body: { kind: 'credit_hold', note: '停止放貨 stop releasing' } }),
    );
    const approved = await ok(s.http('POST', url('approve'), { as: 'gm', body: { comment: '同意 agreed' } }));
    expect(approved).toMatchObject({ status: 'decided', decision: 'approved', decidedBy: 'gm', pendingRole: null });
    expect(approved.creditHold).toMatchObject({ onHold: true, setBy: 'gm' });
    expect(approved.actions).toEqual([]);
    expect(approved.history.find((h: any) => h.action === 'case.approved')).toMatchObject({
      actorName: expect.any(String),
      actionLabel: expect.objectContaining({ zh: expect.any(String) }),
    });
    expect((await inbox('gm')).some((i: any) => i.recordId === String(c.caseId))).toBe(false);
    const holdAudit = await sql<{ action: string }>`select action from audit_log
      where record_type = 'customer_credit' and record_id = ${customerNo}`.execute(s.db);
    expect(holdAudit.rows.map((r) => r.action)).toEqual(['credit.hold_set']);
    const steps = approved.history.map((h: any) => h.action).filter((a: string) => a !== 'case.reminded');
    expect(steps).toEqual([
      'case.opened',
      'case.escalated',
      'case.proposed',
      'case.rejected',
      'case.proposed',
      'case.approved',
    ]);
  });

  it('closes itself when the money is in (paid → closed), and answers a later step 409', async () => {
    const c = await caseOf('CNY');
    await pay(cny.receivableId, 'CNY', '5000.00');
    const closed = await eventually(
      () => detail(c.caseId),
      (d) => d.status === 'closed',
    );
    expect(closed).toMatchObject({ closedReason: 'paid', overdueNow: '0.00', receivables: [], actions: [] });
    expect(closed.history.at(-1)).toMatchObject({ action: 'case.settled', actorId: 'system', toState: 'closed' });
    expect((await inbox('sales')).some((i: any) => i.recordId === String(c.caseId))).toBe(false);
    const late = await s.http('POST', `/collection-cases/${c.caseId}/propose`, {
      as: 'sales',
      body: { kind: 'legal_action', note: 'x' },
    });
    expect([late.status, late.body.details.reason]).toEqual([409, 'wrong_state']);
  });

  it('a payment arriving in the middle of the escalation closes that case too', async () => {
    const c = await caseOf('USD');
    await eventually(
      () => detail(c.caseId),
      (d) => d.status === 'escalated',
    );
    await pay(usd.receivableId, 'USD', '800.00');
    const closed = await eventually(
      () => detail(c.caseId),
      (d) => d.status === 'closed',
    );
    expect(closed.history.map((h: any) => h.action)).toContain('case.escalated');
    expect(closed.history.at(-1).action).toBe('case.settled');
    expect((await inbox('sales_manager')).some((i: any) => i.recordId === String(c.caseId))).toBe(false);
    const closedList = await ok(s.http('GET', `/collection-cases?customerNo=${customerNo}&open=false`, { as: 'gm' }));
    expect(closedList.items.map((x: any) => x.status)).toEqual(['closed', 'closed']);
  });

  it('an approved write-off is handed to the ledger’s write-off process; its approval closes the case', async () => {
    const c = await caseOf('HKD');
    const url = (step: string) => `/collection-cases/${c.caseId}/${step}`;
    const byManager = await s.http('POST', url('propose'), {
      as: 'sales_manager',
      body: { kind: 'write_off', note: '客戶已倒閉 customer went bankrupt' },
    });
    expect([byManager.status, byManager.body.details.reason]).toEqual([403, 'role_not_allowed']);
    await ok(s.http('POST', url('propose'), { as: 'sales', body: { kind: 'write_off', note: '客戶已倒閉 bankrupt' } }));
    const decided = await ok(s.http('POST', url('approve'), { as: 'gm', body: {} }));
    expect(decided.status).toBe('decided');
    expect(decided.writeOffNote).toContain('write-off process');
    const handed = decided.history.find((h: any) => h.action === 'case.write_off_handed_over');
    expect(handed.changes.writeOffs).toEqual([
      expect.objectContaining({ receivableId: hkd.receivableId, amount: '300.00' }),
    ]);
    const writeOffId = handed.changes.writeOffs[0].writeOffId;
    const w = await ok(s.http('GET', `/write-offs/${writeOffId}`, { as: 'gm' }));
    expect(w).toMatchObject({ status: 'proposed', proposedBy: 'sales', amount: '300.00' });
    await ok(s.http('POST', `/write-offs/${writeOffId}/approve`, { as: 'gm', body: {} }));
    const closed = await eventually(
      () => detail(c.caseId),
      (d) => d.status === 'closed',
    );
    expect(closed.overdueNow).toBe('0.00');
  });
});

describe('the durable call reminder of the collection plan (workflow collection-plan-<customerNo>)', () => {
  const planItems = async () =>
    (await ok(s.http('GET', '/inbox?recordType=collection_plan', { as: 'sales' }))).items.filter(
      (i: any) => i.recordId === customerNo,
    );
  const handle = () => s.client.workflow.getHandle(`${s.temporalConfig.workflowIdPrefix}collection-plan-${customerNo}`);

  it('waits while the planned date is more than 3 days away, puts the call in the inbox and the outbox when the window opens, and closes it when the call is recorded', async () => {
    await ok(
      s.http('PUT', `/customers/${customerNo}/collection-plan`, {
        as: 'sales',
        body: { plannedOn: addDays(today(), 10) },
      }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect((await handle().describe()).status.name).toBe('RUNNING');
    expect(await planItems()).toEqual([]);

    // Re-planned inside the window: the timer is re-armed and fires at once.
    await ok(
      s.http('PUT', `/customers/${customerNo}/collection-plan`, {
        as: 'sales',
        body: { plannedOn: addDays(today(), 2) },
      }),
    );
    const [item] = await eventually(planItems, (items) => items.length === 1);
    expect(item).toMatchObject({ step: 'collection.call', role: 'sales', ownerId: 'sales', customerNo });
    expect(item.dueAt).toBe(endOfBusinessDay(addDays(today(), 2)));
    const notice = await sql<{ recipient_id: string }>`select recipient_id from notifications
      where kind = 'collection_call_due' and record_id = ${customerNo}`.execute(s.db);
    expect(notice.rows.map((r) => r.recipient_id)).toEqual(['sales']);

    await ok(
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'sales',
        body: { outcome: '客戶答應月底付款 pays at month end' },
      }),
      201,
    );
    await eventually(planItems, (items) => items.length === 0);
    expect(await handle().result()).toEqual({ outcome: 'called' });
  });
});
