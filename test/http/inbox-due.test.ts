/**
 * Every inbox item carries a due time from a stated rule (issues 11/13/14; README "INBOX_SLA_*"): one item of every
 * record type the inbox can return (`INBOX_RECORD_TYPES` of api/inbox.ts — a new type fails this file until it is
 * created here with its rule) and of every quote state whose turn is someone's, each checked against its rule: the
 * working-day settings (`QUOTE_SLA_*`, `INBOX_SLA_*`, all given in working days here, each a different number so a
 * mix-up shows) or the record's own deadline. The inbox orders overdue first by the same rule as its flag.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_RECORD_TYPES, type InboxRecordType } from '../../api/inbox';
import { createActivities } from '../../activities/index';
import { dueAtOf } from '../../db/due-time';
import { findOpenWorkItem } from '../../db/work-item.repository';
import type { WorkItemRow } from '../../db/work-item.table';
import { QUOTE_STATUSES } from '../../domain/quote';
import { ensureCollectionScanSchedule } from '../../lib/collection-scan';
import { readAppConfig } from '../../lib/config';
import { businessDateTime, businessToday, endOfBusinessDay } from '../../lib/dates';
import { quoteStatusFacts } from '../../machines/quote.machine';
import {
  addDays,
  billedJob,
  customsLine,
  lockStandardTariff,
  newCustomer,
  oceanLine,
  overdueReceivable,
  QUOTE_STEPS_TO_SIGNATURE,
  signedContract,
  today,
} from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

/** Each working-day setting a different number of working days. */
const ENV = {
  QUOTE_SLA_COMMERCE_REVIEW: '1wd',
  QUOTE_SLA_INTERNAL_QUOTE: '2wd',
  QUOTE_SLA_BUDGET_REVIEW: '3wd',
  QUOTE_SLA_CONTRACT_DRAFTING: '4wd',
  QUOTE_SLA_CONTRACT_REVIEW: '5wd',
  QUOTE_SLA_CONTRACT_APPROVAL: '6wd',
  QUOTE_SLA_PRICE_APPROVAL: '7wd',
  INBOX_SLA_QUOTE_DRAFT: '8wd',
  INBOX_SLA_QUOTE_CUSTOMER: '9wd',
  INBOX_SLA_QUOTE_SIGNATURE: '10wd',
  INBOX_SLA_QUOTE_COSTS: '11wd',
  INBOX_SLA_TARIFF: '12wd',
  INBOX_SLA_TARIFF_CHANGE: '13wd',
  INBOX_SLA_COLLECTION_ESCALATION: '14wd',
  INBOX_SLA_DISPUTE_RESOLVE: '15wd',
  INBOX_SLA_PLAN_REVIEW: '16wd',
  INBOX_SLA_WRITE_OFF: '17wd',
  INBOX_SLA_WRITE_OFF_REVISE: '18wd',
  INBOX_SLA_STATEMENT_ANSWER: '19wd',
  COLLECTION_REMIND_EVERY: '1h',
  COLLECTION_ESCALATE_AFTER: '3s',
  COLLECTION_DECISION_DUE: '1h',
};
const wd = (setting: keyof typeof ENV) => Number(/^(\d+)wd$/.exec(ENV[setting])![1]);

/** The working-day setting of each quote state whose turn is someone's. */
const QUOTE_DUE: Record<string, keyof typeof ENV> = {
  draft: 'INBOX_SLA_QUOTE_DRAFT',
  pending_price_approval: 'QUOTE_SLA_PRICE_APPROVAL',
  commerce_review: 'QUOTE_SLA_COMMERCE_REVIEW',
  awaiting_customer: 'INBOX_SLA_QUOTE_CUSTOMER',
  internal_quote: 'QUOTE_SLA_INTERNAL_QUOTE',
  budget_review: 'QUOTE_SLA_BUDGET_REVIEW',
  contract_drafting: 'QUOTE_SLA_CONTRACT_DRAFTING',
  contract_review: 'QUOTE_SLA_CONTRACT_REVIEW',
  contract_approval: 'QUOTE_SLA_CONTRACT_APPROVAL',
  contract_issued: 'INBOX_SLA_QUOTE_SIGNATURE',
  signed: 'INBOX_SLA_QUOTE_COSTS',
};

let s: Stack;
let scheduleId: string;
const config = readAppConfig({ ...process.env, NODE_ENV: 'test', ...ENV });

beforeAll(async () => {
  s = await startStack({ env: ENV });
  // The salespeople joined long ago: the rhythm's deadlines apply to them.
  await sql`update users set created_at = '2025-01-01T00:00:00Z' where role = 'sales'`.execute(s.db);
}, 240_000);
afterAll(async () => {
  if (scheduleId)
    await s?.client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch(() => undefined);
  await s?.close();
});

const ok = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBeLessThan(300);
  return r.body;
};

async function eventually<T>(read: () => Promise<T>, until: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (until(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** The end of the n-th working day after the business date of `since` (the rule of `<n>wd`). */
const workingDayDue = async (n: number, since: Date) => dueAtOf(s.db, { workingDays: n }, since);
/** Whether an instant is the end of some business day (a deadline day's end). */
const endOfADay = (iso: string) => endOfBusinessDay(businessToday(new Date(Date.parse(iso) - 1))) === iso;

const seen = new Map<InboxRecordType, Set<string>>();
/** The record's open item: there, with a due, the due its rule gives; noted as seen. */
async function checkItem(recordType: InboxRecordType, recordId: string, expected: (i: WorkItemRow) => Promise<string>) {
  const item = await findOpenWorkItem(s.db, recordType, recordId);
  expect(item, `${recordType} ${recordId}: no open item`).toBeDefined();
  expect(item!.due_at, `${recordType} ${recordId} ${item!.step}: no due`).not.toBeNull();
  expect(item!.due_at!.toISOString(), `${recordType} ${recordId} ${item!.step}`).toBe(await expected(item!));
  seen.set(recordType, new Set([...(seen.get(recordType) ?? []), item!.step]));
  // Its label as the inbox shows it to the step's role: `中文 English`.
  const listed = (
    (await ok(s.http('GET', `/inbox?limit=200&recordType=${recordType}`, { as: item!.role }))).items as any[]
  ).find((i) => i.recordId === recordId);
  expect(listed, `${recordType} ${recordId}: not in the ${item!.role}'s inbox`).toBeDefined();
  expect(listed.stepLabel, `${recordType} ${recordId} ${item!.step}: label in zh-Hant`).toMatch(/\p{Script=Han}/u);
  expect(listed.stepLabel, `${recordType} ${recordId} ${item!.step}: label in English`).toMatch(/[A-Za-z]{3,}/);
  return item!;
}
const bySetting = (setting: keyof typeof ENV) => (i: WorkItemRow) => workingDayDue(wd(setting), i.since);

describe('every inbox item has a due time from its rule', { timeout: 300_000 }, () => {
  it('quotes: every state whose turn is someone’s, through the whole chain', async () => {
    await lockStandardTariff(s);
    const customerNo = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }))).customerNo;
    const quote = async (quotedPrice: string) =>
      (
        await ok(
          s.http('POST', '/quotes', {
            as: 'sales',
            body: {
              customerNo,
              validUntil: addDays(today(), 30),
              lines: [
                { tariffLineNo: 1, quotedPrice, quantity: '2' },
                { tariffLineNo: 2, quotedPrice: '350.00', quantity: '2' },
              ],
            },
          }),
        )
      ).quoteNo as string;
    const checkQuote = async (no: string) => {
      const item = await checkItem('quote', no, (i) => bySetting(QUOTE_DUE[i.step]!)(i));
      // The quote's step bar shows the same due.
      expect((await ok(s.http('GET', `/quotes/${no}`, { as: 'gm' }))).dueAt).toBe(item.due_at!.toISOString());
    };
    // Beyond the salesperson's price authority: the marketing manager's approval first.
    const cheap = await quote('1500.00');
    await ok(s.http('POST', `/quotes/${cheap}/submit`, { as: 'sales' }));
    await checkQuote(cheap);

    const no = await quote('2400.00');
    await checkQuote(no);
    for (const [as, path, body] of QUOTE_STEPS_TO_SIGNATURE) {
      await ok(s.http('POST', `/quotes/${no}/${path}`, { as, ...(body !== undefined ? { body } : {}) }));
      await checkQuote(no);
    }
    // Every quote state with a role was met, and each has its setting.
    const withRole = QUOTE_STATUSES.filter((st) => quoteStatusFacts(st).role !== null);
    expect([...seen.get('quote')!].sort()).toEqual([...withRole].sort());
    expect(Object.keys(QUOTE_DUE).sort()).toEqual([...withRole].sort());
  });

  it('tariff versions and tariff changes', async () => {
    const base = await ok(
      s.http('POST', '/tariffs', {
        as: 'commerce',
        body: { title: 'due base', effectiveFrom: today(), lines: [oceanLine(), customsLine()] },
      }),
    );
    await ok(s.http('POST', `/tariffs/${base.versionNo}/submit`, { as: 'commerce' }));
    await checkItem('tariff', String(base.versionNo), bySetting('INBOX_SLA_TARIFF'));
    await ok(s.http('POST', `/tariffs/${base.versionNo}/return`, { as: 'gm', body: { comment: '再議 again' } }));
    await checkItem('tariff', String(base.versionNo), bySetting('INBOX_SLA_TARIFF'));
    await ok(s.http('POST', `/tariffs/${base.versionNo}/submit`, { as: 'commerce' }));
    await ok(s.http('POST', `/tariffs/${base.versionNo}/approve`, { as: 'gm' }));
    const change = await ok(
      s.http('POST', '/tariff-changes', {
        as: 'sales',
        body: {
          baseVersionNo: base.versionNo,
          reason: '運價上漲 carriers raised rates',
          effectiveFrom: addDays(today(), 7),
          lines: [oceanLine({ price: '2650.00', budgetCost: '2300.00' }), customsLine()],
        },
      }),
    );
    const changeId = String(change.changeId);
    await checkItem('tariff_change', changeId, bySetting('INBOX_SLA_TARIFF_CHANGE'));
    await ok(s.http('POST', `/tariff-changes/${changeId}/approve`, { as: 'marketing_manager' }));
    await checkItem('tariff_change', changeId, bySetting('INBOX_SLA_TARIFF_CHANGE'));
  });

  it('plans, rhythm reminders and escalations, visits', async () => {
    const plan = await ok(
      s.http('POST', '/plans', {
        as: 'sales',
        body: {
          kind: 'monthly',
          period: today().slice(0, 7),
          nextTargets: { containers: 3, money: [], newCustomers: 0, collectionRatePct: '90' },
          sections: {},
        },
      }),
    );
    const planDue = (
      await sql<{
        due_at: Date;
      }>`select due_at from plans where id = ${plan.id}`.execute(s.db)
    ).rows[0]!.due_at.toISOString();
    await checkItem('plan', String(plan.id), async () => planDue); // plan.write: the report's due time
    await ok(s.http('POST', `/plans/${plan.id}/submit`, { as: 'sales' }));
    await checkItem('plan', String(plan.id), bySetting('INBOX_SLA_PLAN_REVIEW'));

    // The rhythm's runs (the activity the Schedules run): yesterday's diary and last week's report are missing.
    const acts = createActivities({ db: s.db, config });
    await acts.sendRhythmReminders({ deadline: 'diary', at: new Date().toISOString() });
    await acts.sendRhythmReminders({ deadline: 'weekly', at: new Date().toISOString() });
    const rhythm = await s.db
      .selectFrom('work_items')
      .select(['record_type', 'record_id'])
      .where('closed_at', 'is', null)
      .where('owner_id', '=', 'sales')
      .where('record_type', 'in', ['diary_reminder', 'plan_reminder', 'plan_escalation'])
      .execute();
    // The end of the missed deadline's day.
    for (const r of rhythm)
      await checkItem(r.record_type as InboxRecordType, r.record_id, async (i) => {
        expect(endOfADay(i.due_at!.toISOString()), `${r.record_type} due ${i.due_at!.toISOString()}`).toBe(true);
        expect(i.due_at!.getTime()).toBeLessThanOrEqual(Date.now());
        return i.due_at!.toISOString();
      });

    const customerNo = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }))).customerNo;
    const visit = await ok(
      s.http('POST', '/visits', {
        as: 'sales',
        body: {
          customerNo,
          plannedAt: businessDateTime(new Date()).replace(' ', 'T'),
          purpose: '月度拜訪 monthly visit',
        },
      }),
    );
    const dueOn = addDays(today(), 3);
    const recorded = await ok(
      s.http('POST', `/visits/${visit.id}/record`, {
        as: 'sales',
        body: {
          metWith: '李經理 Manager Li',
          followUps: [{ action: '寄送報價 send the quote', ownerId: 'sales', dueOn }],
        },
      }),
    );
    await checkItem('visit_follow_up', String(recorded.followUps[0].id), async () => endOfBusinessDay(dueOn));
    // The re-confirm reminder the visit's workflow opens the day before (the activity it runs): due at the visit.
    const later = await ok(
      s.http('POST', '/visits', {
        as: 'sales',
        body: { customerNo, plannedAt: `${addDays(today(), 9)}T10:00`, purpose: '續約 renewal' },
      }),
    );
    await acts.openVisitReminder({
      visitId: later.id,
      customerNo,
      ownerId: 'sales',
      plannedAt: later.plannedAt,
    });
    await checkItem('visit_reminder', String(later.id), async () => new Date(later.plannedAt).toISOString());
  });

  it('collection cases, their escalation, the collection call and disputes', async () => {
    const { contractNo, customerNo } = await signedContract(s);
    const jobNo = await billedJob(s, contractNo);
    await overdueReceivable(s.db, { jobNo, customerNo, contractNo, currency: 'CNY', amount: '5000.00', daysAgo: 40 });
    scheduleId = await ensureCollectionScanSchedule(s.client, { ...s.temporalConfig, everyMs: 2000 });
    const caseOf = async () =>
      (await ok(s.http('GET', `/collection-cases?customerNo=${customerNo}`, { as: 'finance' }))).items[0];
    const opened = await eventually(caseOf, (c) => c !== undefined);
    // The salesperson's proposal: due when the case escalates (COLLECTION_ESCALATE_AFTER after it opened).
    const caseDue = (await ok(s.http('GET', `/collection-cases/${opened.caseId}`, { as: 'sales' }))).dueAt;
    await checkItem('collection_case', String(opened.caseId), async () => caseDue);
    await eventually(
      () => findOpenWorkItem(s.db, 'collection_escalation', String(opened.caseId)),
      (i) => i !== undefined,
    );
    await checkItem('collection_escalation', String(opened.caseId), bySetting('INBOX_SLA_COLLECTION_ESCALATION'));

    const plannedOn = addDays(today(), 2);
    await ok(s.http('PUT', `/customers/${customerNo}/collection-plan`, { as: 'sales', body: { plannedOn } }));
    await eventually(
      () => findOpenWorkItem(s.db, 'collection_plan', customerNo),
      (i) => i !== undefined,
    );
    await checkItem('collection_plan', customerNo, async () => endOfBusinessDay(plannedOn));

    const st = await ok(
      s.http('POST', '/statements', {
        as: 'finance',
        body: { customerNo, periodFrom: addDays(today(), -60), periodTo: today() },
      }),
    );
    await ok(s.http('POST', `/statements/${st.id}/send`, { as: 'finance', body: {} }));
    const lineNo = st.sections[0].lines[0].lineNo;
    const disputed = await ok(
      s.http('POST', `/statements/${st.id}/dispute`, {
        as: 'sales',
        body: { lines: [{ lineNo, amount: '100.00', reason: '重複收費 charged twice' }] },
      }),
    );
    const line = disputed.sections.flatMap((x: any) => x.lines).find((l: any) => l.lineNo === lineNo);
    await checkItem('dispute', String(line.dispute.id), bySetting('INBOX_SLA_DISPUTE_RESOLVE'));
    // Its last dispute resolved: the statement awaits the customer's answer again, in the sender's inbox.
    await ok(
      s.http('POST', `/disputes/${line.dispute.id}/resolve`, {
        as: 'sales',
        body: { outcome: 'customer_pays', resolution: '客戶同意付款 the customer pays' },
      }),
    );
    await checkItem('statement', String(st.id), bySetting('INBOX_SLA_STATEMENT_ANSWER'));
  });

  it('write-offs: the GM’s decision (and a delegate’s of the GM), proposed or resubmitted; the decision closes it', async () => {
    const { contractNo, customerNo } = await signedContract(s);
    const jobNo = await billedJob(s, contractNo);
    const { receivableId } = await overdueReceivable(s.db, {
      jobNo,
      customerNo,
      contractNo,
      currency: 'USD',
      amount: '1234.50',
      daysAgo: 100,
    });
    await s.addUser('gm_delegate', 'sales_manager');
    await s.addUser('wo_sales2', 'sales');
    const w = await ok(
      s.http('POST', '/write-offs', {
        as: 'sales',
        body: { receivableId, amount: '1234.5', reason: '客戶已歇業 customer closed down' },
      }),
    );
    await checkItem('write_off', String(w.id), bySetting('INBOX_SLA_WRITE_OFF'));
    const itemOf = async (as: string) =>
      ((await ok(s.http('GET', '/inbox?limit=200&recordType=write_off', { as }))).items as any[]).find(
        (i) => i.recordId === String(w.id),
      );
    const gmItem = await itemOf('gm');
    expect(gmItem).toMatchObject({
      step: 'write_off.decide',
      role: 'gm',
      customerNo,
      ownerId: 'sales',
      amount: [{ currency: 'USD', amount: '1234.50' }],
      overdue: false,
    });
    expect(gmItem.stepLabel).toContain('USD 1,234.50');
    expect(await itemOf('sales')).toBeUndefined();
    expect(await itemOf('gm_delegate')).toBeUndefined();
    // The GM delegates the role: the delegate has the item, and decides on the GM's behalf.
    await ok(
      s.http('POST', '/delegations', {
        as: 'gm',
        body: { toUser: 'gm_delegate', startsOn: today(), endsOn: addDays(today(), 1) },
      }),
    );
    expect(await itemOf('gm_delegate')).toMatchObject({ step: 'write_off.decide', dueAt: gmItem.dueAt });
    const seenByDelegate = await ok(s.http('GET', `/write-offs/${w.id}`, { as: 'gm_delegate' }));
    expect(seenByDelegate.actions.map((a: any) => [a.step, a.allowed])).toEqual([
      ['approve', true],
      ['return', true],
      ['refuse', true],
    ]);
    await ok(
      s.http('POST', `/write-offs/${w.id}/return`, {
        as: 'gm_delegate',
        body: { comment: '請附破產證明 attach proof' },
      }),
    );
    // Returned: the proposer's item to revise and resubmit it, due INBOX_SLA_WRITE_OFF_REVISE; the GM's is gone.
    const revise = await checkItem('write_off', String(w.id), bySetting('INBOX_SLA_WRITE_OFF_REVISE'));
    expect(revise).toMatchObject({ step: 'write_off.revise', role: 'sales', owner_id: 'sales' });
    expect(await itemOf('sales')).toMatchObject({
      step: 'write_off.revise',
      stepLabel: '壞賬核銷被退回，待修改重提 USD 1,234.50 Write-off returned: revise and resubmit',
      amount: [{ currency: 'USD', amount: '1234.50' }],
    });
    expect(await itemOf('gm')).toBeUndefined();
    expect(await itemOf('wo_sales2')).toBeUndefined();
    const returned = await sql<{ actor_id: string; on_behalf_of: string | null }>`select actor_id, on_behalf_of
      from audit_log where record_type = 'write_off' and record_id = ${String(w.id)} and action = 'write_off.returned'`.execute(
      s.db,
    );
    expect(returned.rows).toEqual([{ actor_id: 'gm_delegate', on_behalf_of: 'gm' }]);
    // Resubmitted: waiting for the GM again, due from the resubmission.
    await ok(
      s.http('POST', `/write-offs/${w.id}/resubmit`, {
        as: 'sales',
        body: { amount: '1000.00', reason: '附破產公告 with the bankruptcy notice' },
      }),
    );
    const again = await checkItem('write_off', String(w.id), bySetting('INBOX_SLA_WRITE_OFF'));
    expect(again.step).toBe('write_off.decide');
    expect(await itemOf('sales')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(again.summary)).totals).toEqual([{ currency: 'USD', amount: '1000.00' }]);
    await ok(s.http('POST', `/write-offs/${w.id}/approve`, { as: 'gm', body: {} }));
    expect(await findOpenWorkItem(s.db, 'write_off', String(w.id))).toBeUndefined();
    expect(await itemOf('gm')).toBeUndefined();
  });

  it('met every record type the inbox can return', () => {
    expect([...seen.keys()].sort()).toEqual([...INBOX_RECORD_TYPES].sort());
  });

  it('lists overdue first by the same rule as its flag: a due passed counts, marked by a timer or not', async () => {
    // The rhythm's items are due at the end of a day already gone; nothing marked them overdue.
    const page = (await ok(s.http('GET', '/inbox?limit=100', { as: 'sales' }))).items as {
      overdue: boolean;
      dueAt: string | null;
      recordType: string;
    }[];
    expect(page.some((i) => i.recordType === 'diary_reminder' && i.overdue)).toBe(true);
    for (const i of page)
      expect(i.overdue, JSON.stringify(i)).toBe(i.dueAt !== null && Date.parse(i.dueAt) <= Date.now());
    const firstOnTime = page.findIndex((i) => !i.overdue);
    expect(page.slice(firstOnTime === -1 ? page.length : firstOnTime).every((i) => !i.overdue)).toBe(true);
    const onTime = page.filter((i) => !i.overdue).map((i) => i.dueAt!);
    expect(onTime).toEqual([...onTime].sort());
    const filtered = (await ok(s.http('GET', '/inbox?limit=100&overdue=true', { as: 'sales' }))).items;
    expect(filtered.length).toBe(page.filter((i) => i.overdue).length);
  });
});
