/**
 * Customer visits and the success diary (issue 14) over real HTTP on the dev server: the week's plan and
 * its submission, the durable re-confirm reminder (workflow visit-reminder-<id>), the visit record with
 * the customer's service record and follow-ups in the inbox, the weekly report, customers not visited
 * this month, and the pre-filled diary with the manager's team view and comments. Ownership, audit,
 * idempotency and 4xx on bad input throughout.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plusDays } from '../../domain/calendar';
import { weekStartOf } from '../../domain/visit';
import { businessDateTime } from '../../lib/dates';
import { billedJob, newCustomer, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
let contract: { contractNo: string; quoteNo: string; customerNo: string };
let jobNo: string;
let openJobNo: string;
let otherCustomer: string;

const refused = async (p: Promise<{ status: number; body: any }>, status: number, reason?: string) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body).slice(0, 600)).toBe(status);
  if (reason) expect(r.body.details?.reason).toBe(reason);
  return r.body;
};
const keyed = (key: string) => ({ 'idempotency-key': key });
/** An instant as business-local `YYYY-MM-DDTHH:mm`. */
const local = (d: Date) => businessDateTime(d).replace(' ', 'T');

async function eventually<T>(read: () => Promise<T>, until: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (until(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

const nextMonday = () => plusDays(weekStartOf(today()), 7);

beforeAll(async () => {
  s = await startStack();
  // The seeded people joined long ago: no diary is asked of anyone for a day before they joined (domain/rhythm.ts).
  await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
  contract = await signedContract(s);
  jobNo = await billedJob(s, contract.contractNo);
  openJobNo = (
    await ok(
      s.http('POST', '/jobs', {
        as: 'sales',
        body: {
          contractNo: contract.contractNo,
          direction: 'import',
          containers: { type: '40HQ', count: 2 },
          cargo: '家具 furniture',
          portOfLoading: 'Los Angeles',
          portOfDischarge: 'Yantian',
        },
      }),
      201,
    )
  ).jobNo;
  otherCustomer = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
  // Today and yesterday are working days whatever the date the test runs on (the admin's overrides).
  for (const day of [plusDays(today(), -1), today()])
    await ok(s.http('PUT', `/calendar/days/${day}`, { as: 'admin', body: { working: true, name: 'test' } }));
});
afterAll(async () => s?.close());

describe('the weekly visit plan', () => {
  it('plans visits of own customers (idempotent), submits the week once and in time, and refuses bad input', async () => {
    const body = {
      customerNo: contract.customerNo,
      plannedAt: `${nextMonday()}T10:00`,
      purpose: '介紹新航線 new route',
      questions: '月結條件 monthly terms',
      material: '公司簡介 company profile',
    };
    const v = await ok(s.http('POST', '/visits', { as: 'sales', body, headers: keyed('plan-1') }), 201);
    expect(v).toMatchObject({ status: 'planned', weekStart: nextMonday(), customerNo: contract.customerNo });
    expect(v.statusLabel).toEqual({ zh: '已計劃', en: 'Planned' });
    expect(v.actions.map((a: any) => a.step)).toEqual(['appointment', 'record', 'cancel']);
    const again = await ok(s.http('POST', '/visits', { as: 'sales', body, headers: keyed('plan-1') }));
    expect(again.id).toBe(v.id);
    expect((await sql<{ n: number }>`select count(*)::int as n from visits`.execute(s.db)).rows[0]!.n).toBe(1);

    await refused(s.http('POST', '/visits', { as: 'sales', body: { ...body, purpose: 'a\u202Eb' } }), 400);
    await refused(s.http('POST', '/visits', { as: 'sales', body: { ...body, plannedAt: '2026-13-01T10:00' } }), 400);
    await refused(s.http('POST', '/visits', { as: 'sales', body: { ...body, ownerId: 'sales_b' } }), 400);
    await refused(s.http('POST', '/visits', { as: 'sales_b', body }), 404);
    await refused(s.http('POST', '/visits', { as: 'sales_manager', body }), 403, 'role_not_allowed');
    await refused(s.http('POST', '/visits', { as: 'auditor', body }), 403, 'read_only');
    await refused(
      s.http('POST', '/visits', {
        as: 'sales',
        body: { ...body, appointmentConfirmedAt: `${plusDays(today(), 30)}T09:00` },
      }),
      422,
    );
    // A visit is planned for a time to come: yesterday, or ten minutes ago, is refused with a zh+en message.
    for (const plannedAt of [`${plusDays(today(), -1)}T10:00`, local(new Date(Date.now() - 10 * 60_000))]) {
      const past = await refused(
        s.http('POST', '/visits', { as: 'sales', body: { ...body, plannedAt } }),
        422,
        'in_past',
      );
      expect(past.details.field).toBe('plannedAt');
      expect(past.message).toMatch(/拜訪時間不可早於現在.*in the past/);
    }
    expect((await sql<{ n: number }>`select count(*)::int as n from visits`.execute(s.db)).rows[0]!.n).toBe(1);

    await refused(
      s.http('POST', `/visit-plans/${plusDays(nextMonday(), 1)}/submit`, { as: 'sales' }),
      422,
      'not_week_start',
    );
    await refused(
      s.http('POST', `/visit-plans/${plusDays(nextMonday(), 7)}/submit`, { as: 'sales' }),
      422,
      'empty_plan',
    );
    const plan = await ok(
      s.http('POST', `/visit-plans/${nextMonday()}/submit`, { as: 'sales', headers: keyed('sub-1') }),
    );
    expect(plan).toMatchObject({ week: nextMonday(), ownerId: 'sales', onTime: true });
    expect(plan.visits.map((x: any) => x.id)).toEqual([v.id]);
    await ok(s.http('POST', `/visit-plans/${nextMonday()}/submit`, { as: 'sales', headers: keyed('sub-1') }));
    await refused(s.http('POST', `/visit-plans/${nextMonday()}/submit`, { as: 'sales' }), 409, 'already_submitted');

    // The manager reads the team's plan; another team and other salespeople see nothing.
    // Moving the visit into the past on the phone is refused the same way, and changes nothing.
    await refused(
      s.http('POST', `/visits/${v.id}/appointment`, {
        as: 'sales',
        body: { plannedAt: `${plusDays(today(), -2)}T09:00` },
      }),
      422,
      'in_past',
    );
    expect((await ok(s.http('GET', `/visits/${v.id}`, { as: 'sales' }))).plannedAt).toBe(v.plannedAt);

    const read = await ok(s.http('GET', `/visit-plans/${nextMonday()}?ownerId=sales`, { as: 'sales_manager' }));
    expect(read.submittedAt).not.toBeNull();
    expect(read.visits[0].actions).toEqual([]);
    await refused(
      s.http('GET', `/visit-plans/${nextMonday()}?ownerId=sales`, { as: 'sales_manager_b' }),
      403,
      'out_of_sight',
    );
    await refused(s.http('GET', `/visits/${v.id}`, { as: 'sales_b' }), 404);
    await refused(s.http('GET', `/visits/${v.id}`, { as: 'commerce' }), 403);
    await ok(s.http('GET', `/visits/${v.id}`, { as: 'auditor' }));
    const audit = await sql<{ action: string }>`select action from audit_log
      where record_type in ('visit', 'visit_plan') order by id`.execute(s.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['visit.planned', 'visit_plan.submitted']);
  });

  it('a week that began before its author joined is never overdue; one they had joined by is, before submitting', async () => {
    const week = weekStartOf(today());
    try {
      // Joined the day after the week's Monday (the try-out: W49 from 30 Nov, a user created on 1 Dec).
      await sql`update users set created_at = ${`${plusDays(week, 1)}T02:00:00Z`}::timestamptz where id = 'sales_b'`.execute(
        s.db,
      );
      const fresh = await ok(s.http('GET', `/visit-plans/${week}`, { as: 'sales_b' }));
      expect(fresh).toMatchObject({ submittedAt: null, onTime: null, overdue: false });
      await sql`update users set created_at = '2025-01-01T00:00:00Z' where id = 'sales_b'`.execute(s.db);
      const old = await ok(s.http('GET', `/visit-plans/${week}`, { as: 'sales_b' }));
      expect(old).toMatchObject({ submittedAt: null, overdue: true });
      // The submitted plan of next week is not overdue.
      expect((await ok(s.http('GET', `/visit-plans/${nextMonday()}`, { as: 'sales' }))).overdue).toBe(false);
    } finally {
      await sql`update users set created_at = '2025-01-01T00:00:00Z' where id = 'sales_b'`.execute(s.db);
    }
  });
});

describe('the re-confirm reminder (workflow visit-reminder-<id>)', () => {
  const items = async (id: number) =>
    (await ok(s.http('GET', '/inbox?recordType=visit_reminder', { as: 'sales' }))).items.filter(
      (i: any) => i.recordId === String(id),
    );

  it('waits while the visit is far, lands in the inbox and the outbox the day before, and closes when re-confirmed', async () => {
    const v = await ok(
      s.http('POST', '/visits', {
        as: 'sales',
        body: {
          customerNo: otherCustomer,
          plannedAt: `${plusDays(today(), 10)}T15:00`,
          purpose: '回訪 follow-up visit',
          appointmentConfirmedAt: local(new Date()),
        },
      }),
      201,
    );
    expect(v.reconfirmNeeded).toBe(true);
    const handle = s.client.workflow.getHandle(`${s.temporalConfig.workflowIdPrefix}visit-reminder-${v.id}`);
    await eventually(
      async () => (await handle.describe()).status.name,
      (st) => st === 'RUNNING',
    );
    expect(await items(v.id)).toEqual([]);

    // Booked three days ago for tomorrow: the day before is today, so the reminder lands at once.
    const tomorrow = `${plusDays(today(), 1)}T10:00`;
    await ok(
      s.http('POST', `/visits/${v.id}/appointment`, {
        as: 'sales',
        body: { confirmedAt: local(new Date(Date.now() - 3 * 86_400_000)), plannedAt: tomorrow },
      }),
    );
    const [item] = await eventually(
      () => items(v.id),
      (x) => x.length === 1,
    );
    expect(item).toMatchObject({ step: 'visit.reconfirm', role: 'sales', ownerId: 'sales', customerNo: otherCustomer });
    const notice = await sql<{ recipient_id: string }>`select recipient_id from notifications
      where kind = 'visit_reconfirm_due' and record_id = ${String(v.id)}`.execute(s.db);
    expect(notice.rows.map((r) => r.recipient_id)).toEqual(['sales']);

    // Re-confirmed on the phone now (within two days of the visit): the item closes and the reminder ends.
    const done = await ok(s.http('POST', `/visits/${v.id}/appointment`, { as: 'sales', body: {} }));
    expect(done.reconfirmNeeded).toBe(false);
    await eventually(
      () => items(v.id),
      (x) => x.length === 0,
    );
    expect(await handle.result()).toEqual({ outcome: 'reconfirmed' });
  });
});

describe('the visit record', () => {
  let visitId: number;

  it('shows the customer’s service record while writing', async () => {
    const v = await ok(
      s.http('POST', '/visits', {
        as: 'sales',
        body: { customerNo: contract.customerNo, plannedAt: local(new Date()), purpose: '月度拜訪 monthly visit' },
      }),
      201,
    );
    visitId = v.id;
    const detail = await ok(s.http('GET', `/visits/${visitId}`, { as: 'sales' }));
    expect(detail.serviceRecord.lastVisitedOn).toBeNull();
    expect(detail.serviceRecord.openJobs.map((j: any) => j.jobNo)).toEqual([openJobNo]);
    expect(detail.serviceRecord.openJobs[0]).toMatchObject({ containers: '2 × 40HQ' });
    const receivables = detail.serviceRecord.receivables as { currency: string; outstanding: string }[];
    expect(receivables.length).toBeGreaterThan(0);
    for (const r of receivables) expect(r.outstanding).toMatch(/^-?\d+(\.\d{2})?$/);
    const raised = await ok(
      s.http('POST', `/jobs/${openJobNo}/exceptions`, {
        as: 'finance',
        body: { stage: 'payment', type: 'payment_anomaly', description: '少付 short paid', customerNotified: false },
      }),
    );
    const exceptionId = raised.exceptions.at(-1).id;
    const withException = await ok(s.http('GET', `/visits/${visitId}`, { as: 'sales_manager' }));
    expect(withException.serviceRecord.openExceptions.map((e: any) => e.id)).toContain(exceptionId);
    expect(withException.actions).toEqual([]);
  });

  it('records what the customer said; follow-ups land in their owners’ inboxes and close when done', async () => {
    const body = {
      metWith: '李經理 Manager Li',
      documents: '提單寄送慢 B/L arrives late',
      customs: '滿意 satisfied',
      billing: '要月結 wants monthly billing',
      quoting: '海運費偏高 ocean freight high',
      volumeAndPlans: '明年每月 20 柜 20 containers a month next year',
      othersStanding: '同業某公司拖欠貨款 a peer pays late',
      followUps: [
        { action: '寄送月結方案 send monthly billing proposal', ownerId: 'sales', dueOn: plusDays(today(), 3) },
        { action: '審批特價 approve special rate', ownerId: 'sales_manager', dueOn: plusDays(today(), 5) },
      ],
    };
    await refused(
      s.http('POST', `/visits/${visitId}/record`, {
        as: 'sales',
        body: { ...body, followUps: [{ action: 'x', ownerId: 'sales_b', dueOn: today() }] },
      }),
      422,
      'follow_up_owner',
    );
    await refused(s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body: { ...body, metWith: ' ' } }), 400);
    for (const visitedAt of [`${plusDays(today(), 1)}T10:00`, local(new Date(Date.now() + 10 * 60_000))])
      await refused(
        s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body: { ...body, visitedAt } }),
        422,
        'in_future',
      );
    await refused(
      s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body: { ...body, visitedAt: '2026-11-31T10:00' } }),
      400,
    );
    await refused(
      s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body: { ...body, visitedOn: today() } }),
      400,
    );
    await refused(s.http('POST', `/visits/${visitId}/record`, { as: 'sales_b', body }), 404);
    const recorded = await ok(
      s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body, headers: keyed('rec-1') }),
    );
    // Visited at the planned time by default (the visit was planned for now).
    const planned = await ok(s.http('GET', `/visits/${visitId}`, { as: 'sales' }));
    expect(recorded).toMatchObject({ status: 'recorded', visitedAt: planned.plannedAt, visitedOn: today() });
    expect(recorded.record).toMatchObject({ metWith: '李經理 Manager Li', billing: '要月結 wants monthly billing' });
    expect(recorded.followUps).toHaveLength(2);
    expect(recorded.actions).toEqual([]);
    // The same request again answers the record; another one is refused by the state.
    const again = await ok(s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body, headers: keyed('rec-1') }));
    expect(again.followUps).toHaveLength(2);
    await refused(s.http('POST', `/visits/${visitId}/record`, { as: 'sales', body }), 409, 'wrong_state');
    await refused(s.http('POST', `/visits/${visitId}/cancel`, { as: 'sales', body: { comment: 'x' } }), 409);

    const inbox = async (as: string) =>
      (await ok(s.http('GET', '/inbox?recordType=visit_follow_up', { as }))).items as any[];
    const mine = await inbox('sales');
    const [own, managers] = recorded.followUps;
    expect(mine.map((i) => i.recordId)).toContain(String(own.id));
    const mgr = await inbox('sales_manager');
    expect(mgr.map((i) => i.recordId)).toContain(String(managers.id));
    expect(mgr.find((i) => i.recordId === String(managers.id))).toMatchObject({
      role: 'sales_manager',
      customerNo: contract.customerNo,
    });
    expect((await inbox('sales_manager_b')).map((i) => i.recordId)).not.toContain(String(managers.id));
    expect((await inbox('sales_b')).map((i) => i.recordId)).not.toContain(String(own.id));

    await refused(s.http('POST', `/visit-follow-ups/${managers.id}/done`, { as: 'sales', body: {} }), 403, 'not_owner');
    await refused(s.http('POST', `/visit-follow-ups/${own.id}/done`, { as: 'sales_b', body: {} }), 404);
    const closed = await ok(
      s.http('POST', `/visit-follow-ups/${own.id}/done`, {
        as: 'sales',
        body: { note: '已寄 sent' },
        headers: keyed('fu-1'),
      }),
    );
    expect(closed.doneAt).not.toBeNull();
    await ok(
      s.http('POST', `/visit-follow-ups/${own.id}/done`, {
        as: 'sales',
        body: { note: '已寄 sent' },
        headers: keyed('fu-1'),
      }),
    );
    await refused(s.http('POST', `/visit-follow-ups/${own.id}/done`, { as: 'sales', body: {} }), 409, 'wrong_state');
    expect((await inbox('sales')).map((i) => i.recordId)).not.toContain(String(own.id));
    await ok(s.http('POST', `/visit-follow-ups/${managers.id}/done`, { as: 'sales_manager', body: {} }));
    expect((await inbox('sales_manager')).map((i) => i.recordId)).not.toContain(String(managers.id));

    const audit = await sql<{ action: string; n: number }>`select action, count(*)::int as n from audit_log
      where record_type in ('visit', 'visit_follow_up') and (record_id = ${String(visitId)} or action = 'visit.follow_up_done')
      group by action order by action`.execute(s.db);
    const recordedAudit = await sql<{ changes: any }>`select changes from audit_log
      where record_type = 'visit' and record_id = ${String(visitId)} and action = 'visit.recorded'`.execute(s.db);
    expect(recordedAudit.rows[0]!.changes.visitedAt).toBe(planned.plannedAt);
    expect(audit.rows).toEqual([
      { action: 'visit.follow_up_done', n: 2 },
      { action: 'visit.planned', n: 1 },
      { action: 'visit.recorded', n: 1 },
    ]);
  });

  it('the weekly report is generated from the week’s visits; customers not visited this month are listed', async () => {
    const week = weekStartOf(today());
    const report = await ok(s.http('GET', `/visit-reports/weekly/${week}`, { as: 'sales_manager' }));
    const row = report.owners.find((o: any) => o.ownerId === 'sales');
    expect(row).toMatchObject({ recorded: 1, followUps: 2, openFollowUps: 0, customersVisited: [contract.customerNo] });
    expect((await ok(s.http('GET', `/visit-reports/weekly/${week}`, { as: 'sales_b' }))).owners).toEqual([
      expect.objectContaining({ ownerId: 'sales_b', planned: 0 }),
    ]);
    await refused(s.http('GET', `/visit-reports/weekly/${plusDays(week, 2)}`, { as: 'sales' }), 422, 'not_week_start');

    const notVisited = await ok(s.http('GET', '/visit-reports/not-visited', { as: 'sales' }));
    const nos = notVisited.customers.map((c: any) => c.customerNo);
    expect(nos).toContain(otherCustomer);
    expect(nos).not.toContain(contract.customerNo);
    expect(notVisited.month).toBe(today().slice(0, 7));
    expect((await ok(s.http('GET', '/visit-reports/not-visited', { as: 'sales_b' }))).customers).toEqual([]);
    const last = await ok(
      s.http('GET', `/visit-reports/not-visited?month=${plusDays(`${today().slice(0, 7)}-01`, 32).slice(0, 7)}`, {
        as: 'sales_manager',
      }),
    );
    expect(last.customers.find((c: any) => c.customerNo === contract.customerNo)?.lastVisitedOn).toBe(today());
    await refused(s.http('GET', '/visit-reports/not-visited?month=2026-13', { as: 'sales' }), 400);
  });

  it('a visit counts in the week it took place (visitedAt), whatever week it was planned in', async () => {
    const customerNo = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
    const plannedAt = `${plusDays(nextMonday(), 1)}T10:00`;
    const v = await ok(
      s.http('POST', '/visits', { as: 'sales', body: { customerNo, plannedAt, purpose: '提前拜訪 visited early' } }),
      201,
    );
    // Planned next week: recorded without a time it would be visited in the future.
    const body = { metWith: '王總 Mr Wang' };
    const early = await refused(s.http('POST', `/visits/${v.id}/record`, { as: 'sales', body }), 422, 'in_future');
    expect(early.details.field).toBe('visitedAt');
    const lastWeek = plusDays(today(), -7);
    const recorded = await ok(
      s.http('POST', `/visits/${v.id}/record`, {
        as: 'sales',
        body: { ...body, visitedAt: `${lastWeek}T11:30` },
        headers: keyed('rec-early'),
      }),
    );
    expect(recorded).toMatchObject({ weekStart: plusDays(nextMonday(), 0), visitedOn: lastWeek });
    expect(businessDateTime(new Date(recorded.visitedAt))).toBe(`${lastWeek} 11:30`);
    const audit = await sql<{ changes: any }>`select changes from audit_log
      where record_type = 'visit' and record_id = ${String(v.id)} and action = 'visit.recorded'`.execute(s.db);
    expect(audit.rows[0]!.changes.visitedAt).toBe(recorded.visitedAt);

    const report = async (week: string) =>
      (await ok(s.http('GET', `/visit-reports/weekly/${week}?ownerId=sales`, { as: 'sales_manager' }))).owners[0];
    const then = await report(weekStartOf(lastWeek));
    expect(then.customersVisited).toContain(customerNo);
    expect(then.visits.map((x: any) => x.id)).toContain(v.id);
    const planWeek = await report(nextMonday());
    expect(planWeek.visits.map((x: any) => x.id)).not.toContain(v.id);
    expect(planWeek.customersVisited).not.toContain(customerNo);
  });
});

describe('the success diary', () => {
  it('is pre-filled from the day’s records, submitted once per working day, read and commented by the manager', async () => {
    const day = today();
    const draft = await ok(s.http('GET', `/diaries/${day}`, { as: 'sales' }));
    expect(draft).toMatchObject({ submitted: false, workingDay: true, missing: false });
    expect(draft.actions.map((a: any) => a.step)).toEqual(['submit']);
    // Checked against what this test did today.
    expect(draft.prefill.quotes.map((q: any) => q.quoteNo)).toContain(contract.quoteNo);
    expect(draft.prefill.quotes.find((q: any) => q.quoteNo === contract.quoteNo).actions).toContain('quote.drafted');
    expect(draft.prefill.jobs.map((j: any) => j.jobNo)).toContain(jobNo);
    expect(draft.prefill.exceptions.map((e: any) => e.jobNo)).toContain(openJobNo);
    expect(draft.prefill.visits.map((v: any) => v.customerNo)).toContain(contract.customerNo);
    expect(draft.prefillLines.some((l: any) => l.zh.includes(contract.quoteNo) && l.en.includes('Quote'))).toBe(true);

    const body = { todayWork: '拜訪李經理 visited Manager Li', tomorrowPlan: '寄送月結方案 send proposal' };
    await refused(s.http('PUT', `/diaries/${plusDays(day, 1)}`, { as: 'sales', body }), 422, 'in_future');
    await refused(s.http('PUT', `/diaries/${day}`, { as: 'sales', body: { ...body, todayWork: '' } }), 400);
    await refused(s.http('PUT', `/diaries/${day}`, { as: 'sales_manager', body }), 403);
    const sent = await ok(s.http('PUT', `/diaries/${day}`, { as: 'sales', body, headers: keyed('diary-1') }));
    expect(sent).toMatchObject({ submitted: true, onTime: true, todayWork: body.todayWork, actions: [] });
    expect(sent.prefill.quotes.map((q: any) => q.quoteNo)).toContain(contract.quoteNo);
    await ok(s.http('PUT', `/diaries/${day}`, { as: 'sales', body, headers: keyed('diary-1') }));
    await refused(s.http('PUT', `/diaries/${day}`, { as: 'sales', body }), 409, 'already_submitted');

    // The manager's team view: today submitted, yesterday (a working day) flagged as missing.
    const team = await ok(s.http('GET', `/diaries?from=${plusDays(day, -1)}&to=${day}`, { as: 'sales_manager' }));
    expect(team.rows.filter((r: any) => r.ownerId === 'sales')).toEqual([
      expect.objectContaining({ ownerId: 'sales', day: plusDays(day, -1), submitted: false, missing: true }),
      expect.objectContaining({ ownerId: 'sales', day, submitted: true, missing: false }),
    ]);
    expect(team.missing).toBe(team.rows.filter((r: any) => r.missing).length);
    const otherTeam = await ok(
      s.http('GET', `/diaries?from=${plusDays(day, -1)}&to=${day}`, { as: 'sales_manager_b' }),
    );
    expect(otherTeam.rows.map((r: any) => r.ownerId)).not.toContain('sales');

    const read = await ok(s.http('GET', `/diaries/${day}?ownerId=sales`, { as: 'sales_manager' }));
    expect(read.actions.map((a: any) => a.step)).toEqual(['comments']);
    await refused(s.http('GET', `/diaries/${day}?ownerId=sales`, { as: 'sales_b' }), 404);
    const comment = { ownerId: 'sales', comment: '方案請先給我看 show me the proposal first' };
    await refused(s.http('POST', `/diaries/${day}/comments`, { as: 'sales_manager_b', body: comment }), 404);
    await refused(s.http('POST', `/diaries/${day}/comments`, { as: 'sales', body: comment }), 403);
    await refused(
      s.http('POST', `/diaries/${plusDays(day, -1)}/comments`, { as: 'sales_manager', body: comment }),
      404,
    );
    const commented = await ok(
      s.http('POST', `/diaries/${day}/comments`, { as: 'sales_manager', body: comment, headers: keyed('c-1') }),
    );
    await ok(s.http('POST', `/diaries/${day}/comments`, { as: 'sales_manager', body: comment, headers: keyed('c-1') }));
    expect(commented.comments).toHaveLength(1);
    const own = await ok(s.http('GET', `/diaries/${day}`, { as: 'sales' }));
    expect(own.comments.map((c: any) => c.comment)).toEqual([comment.comment]);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where record_type = 'diary' order by id`.execute(s.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['diary.submitted', 'diary.commented']);
  });

  it('only salespeople are diary writers: the manager is never listed as missing in his team view (§2.4.9)', async () => {
    const day = today();
    const range = `from=${plusDays(day, -7)}&to=${day}`;
    const team = await ok(s.http('GET', `/diaries?${range}`, { as: 'sales_manager' }));
    const owners = new Set(team.rows.map((r: any) => r.ownerId));
    expect(owners.has('sales')).toBe(true);
    expect(owners.has('sales_manager')).toBe(false);
    expect(team.missing).toBe(team.rows.filter((r: any) => r.missing).length);
    expect((await ok(s.http('GET', `/diaries?${range}&ownerId=sales_manager`, { as: 'sales_manager' }))).rows).toEqual(
      [],
    );
    // Auditors see every salesperson, those who wrote nothing too, and no manager.
    const all = await ok(s.http('GET', `/diaries?${range}`, { as: 'auditor' }));
    const allOwners = new Set(all.rows.map((r: any) => r.ownerId));
    expect(allOwners.has('sales_b')).toBe(true);
    expect([...allOwners].some((o) => String(o).startsWith('sales_manager'))).toBe(false);
  });
});
