/**
 * The manager's side of customer visits (issue 14) over real HTTP: the team view of a week's visit plans
 * (GET /visit-plans), the weekly report and the customers not visited this month, each narrowed to one
 * salesperson by `ownerId` and offering the salespeople in the caller's sight (`salespeople`) — a sales
 * manager their team, the GM, the marketing manager and auditors all, a delegate of a sales manager that manager's team, a
 * salesperson nobody. A salesperson named out of sight is 403; the readers take no step on a visit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plusDays } from '../../domain/calendar';
import { weekStartOf } from '../../domain/visit';
import { newCustomer, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
let ours: string;
let theirs: string;
let ourVisit: number;
let theirVisit: number;
const week = plusDays(weekStartOf(today()), 7);

const refused = async (p: Promise<{ status: number; body: any }>, status: number, reason?: string) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body).slice(0, 600)).toBe(status);
  if (reason) expect(r.body.details?.reason).toBe(reason);
  return r.body;
};
const ids = (list: { id: string }[]) => list.map((p) => p.id);
const plan = (as: string, query = '') => s.http('GET', `/visit-plans?week=${week}${query}`, { as });

beforeAll(async () => {
  s = await startStack();
  ours = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
  theirs = (await ok(s.http('POST', '/customers', { as: 'sales_b', body: newCustomer() }), 201)).customerNo;
  const visit = (as: string, customerNo: string) =>
    s.http('POST', '/visits', { as, body: { customerNo, plannedAt: `${week}T10:00`, purpose: '拜訪 visit' } });
  ourVisit = (await ok(visit('sales', ours), 201)).id;
  theirVisit = (await ok(visit('sales_b', theirs), 201)).id;
  await ok(s.http('POST', `/visit-plans/${week}/submit`, { as: 'sales', body: {} }));
});
afterAll(async () => s?.close());

describe('the team view of the week’s visit plans', () => {
  it('a sales manager reads each salesperson of the team, submitted or not, read only', async () => {
    const team = await ok(plan('sales_manager'));
    expect(team.week).toBe(week);
    expect(ids(team.salespeople)).toEqual(['sales']);
    expect(team.salespeople[0]).toMatchObject({ name: expect.any(String), active: true });
    // Only salespeople: the manager himself is no plan writer.
    expect(team.plans.map((p: any) => p.ownerId)).toEqual(['sales']);
    expect(team.plans[0]).toMatchObject({ ownerId: 'sales', onTime: true, submittedAt: expect.any(String) });
    expect(team.plans[0].visits.map((v: any) => [v.id, v.customerNo, v.actions])).toEqual([[ourVisit, ours, []]]);
    // The visit page is read only for the manager: no step.
    expect((await ok(s.http('GET', `/visits/${ourVisit}`, { as: 'sales_manager' }))).actions).toEqual([]);

    const other = await ok(plan('sales_manager_b'));
    expect(ids(other.salespeople)).toEqual(['sales_b']);
    expect(other.plans).toEqual([
      expect.objectContaining({ ownerId: 'sales_b', submittedAt: null, onTime: null, visits: [expect.anything()] }),
    ]);
  });

  it('the GM, the marketing manager and auditors read every salesperson; ownerId narrows to one', async () => {
    for (const as of ['gm', 'marketing_manager', 'auditor']) {
      const all = await ok(plan(as));
      expect(ids(all.salespeople), as).toEqual(expect.arrayContaining(['sales', 'sales_b']));
      expect(
        ids(all.salespeople).some((id) => id.startsWith('sales_manager')),
        as,
      ).toBe(false);
      const owners = all.plans.map((p: any) => p.ownerId);
      expect(owners, as).toEqual(expect.arrayContaining(['sales', 'sales_b']));
      expect(
        all.plans.flatMap((p: any) => p.visits).every((v: any) => v.actions.length === 0),
        as,
      ).toBe(true);
      const one = await ok(plan(as, '&ownerId=sales_b'));
      expect(
        one.plans.map((p: any) => p.ownerId),
        as,
      ).toEqual(['sales_b']);
      expect(
        one.plans[0].visits.map((v: any) => v.id),
        as,
      ).toEqual([theirVisit]);
    }
    expect((await ok(s.http('GET', `/visits/${theirVisit}`, { as: 'gm' }))).actions).toEqual([]);
  });

  it('the marketing manager 營銷中心經理 reads visits, reports and diaries, and takes no step', async () => {
    const mm = 'marketing_manager';
    const visit = await ok(s.http('GET', `/visits/${ourVisit}`, { as: mm }));
    expect(visit).toMatchObject({ id: ourVisit, customerNo: ours, actions: [] });
    await ok(s.http('GET', `/visit-plans/${week}?ownerId=sales`, { as: mm }));
    const report = await ok(s.http('GET', `/visit-reports/weekly/${week}`, { as: mm }));
    expect(report.owners.map((o: any) => o.ownerId)).toEqual(expect.arrayContaining(['sales', 'sales_b']));
    const notVisited = await ok(s.http('GET', '/visit-reports/not-visited', { as: mm }));
    expect(notVisited.customers.map((c: any) => c.customerNo)).toEqual(expect.arrayContaining([ours, theirs]));
    await ok(s.http('GET', '/diaries', { as: mm }));
    // No writes: the salesperson's steps and the sales manager's comment stay theirs (nothing changes).
    await refused(
      s.http('POST', `/visits/${ourVisit}/record`, { as: mm, body: { metWith: '陳經理 Mr Chen' } }),
      403,
      'role_not_allowed',
    );
    await refused(
      s.http('POST', '/visits', { as: mm, body: { customerNo: ours, plannedAt: `${week}T11:00`, purpose: 'x' } }),
      403,
      'role_not_allowed',
    );
    await refused(
      s.http('POST', `/diaries/${today()}/comments`, { as: mm, body: { ownerId: 'sales', comment: 'x' } }),
      403,
      'role_not_allowed',
    );
    expect((await ok(s.http('GET', `/visits/${ourVisit}`, { as: 'sales' }))).status).toBe('planned');
  });

  it('a salesperson is offered nobody and sees their own plan only, with its steps', async () => {
    const mine = await ok(plan('sales'));
    expect(mine.salespeople).toEqual([]);
    expect(mine.plans.map((p: any) => p.ownerId)).toEqual(['sales']);
    expect(mine.plans[0].visits[0].actions.map((a: any) => a.step)).toEqual(['appointment', 'record', 'cancel']);
  });

  it('a salesperson out of sight is 403; bad input 400 / 422; other roles 403', async () => {
    await refused(plan('sales_manager', '&ownerId=sales_b'), 403, 'out_of_sight');
    await refused(plan('sales', '&ownerId=sales_b'), 403, 'out_of_sight');
    await refused(plan('sales', '&ownerId=nobody'), 403, 'out_of_sight');
    await refused(s.http('GET', `/visit-plans/${week}?ownerId=sales_b`, { as: 'sales_manager' }), 403, 'out_of_sight');
    await refused(s.http('GET', `/visit-plans?week=${plusDays(week, 1)}`, { as: 'gm' }), 422, 'not_week_start');
    await refused(s.http('GET', '/visit-plans?week=2026-13-01', { as: 'gm' }), 400);
    await refused(plan('gm', '&ownerId=nobody'), 403, 'out_of_sight');
    await refused(s.http('GET', `/visit-plans?week=${week}&ownerId=a%E2%80%AEb`, { as: 'gm' }), 400);
    await refused(s.http('GET', `/visit-plans?week=${week}&extra=1`, { as: 'gm' }), 400);
    for (const as of ['commerce', 'finance', 'operations']) await refused(plan(as), 403, 'role_not_allowed');
    // Without a week: this week's Monday.
    expect((await ok(s.http('GET', '/visit-plans', { as: 'gm' }))).week).toBe(weekStartOf(today()));
  });
});

describe('the team’s weekly report and customers not visited', () => {
  it('the weekly report lists the team’s salespeople (not the manager) and narrows by ownerId in sight', async () => {
    const report = await ok(s.http('GET', `/visit-reports/weekly/${week}`, { as: 'sales_manager' }));
    expect(ids(report.salespeople)).toEqual(['sales']);
    expect(report.owners.map((o: any) => o.ownerId)).toEqual(['sales']);
    expect(report.owners[0]).toMatchObject({ planned: 1, stillPlanned: 1, planSubmittedAt: expect.any(String) });
    await refused(
      s.http('GET', `/visit-reports/weekly/${week}?ownerId=sales_b`, { as: 'sales_manager' }),
      403,
      'out_of_sight',
    );
    const gm = await ok(s.http('GET', `/visit-reports/weekly/${week}`, { as: 'gm' }));
    expect(gm.owners.map((o: any) => o.ownerId)).toEqual(expect.arrayContaining(['sales', 'sales_b']));
    const one = await ok(s.http('GET', `/visit-reports/weekly/${week}?ownerId=sales_b`, { as: 'gm' }));
    expect(one.owners.map((o: any) => [o.ownerId, o.planned])).toEqual([['sales_b', 1]]);
  });

  it('customers not visited this month: the team’s, one salesperson’s, never another team’s', async () => {
    const team = await ok(s.http('GET', '/visit-reports/not-visited', { as: 'sales_manager' }));
    expect(ids(team.salespeople)).toEqual(['sales']);
    const nos = team.customers.map((c: any) => c.customerNo);
    expect(nos).toContain(ours);
    expect(nos).not.toContain(theirs);
    expect(team.customers.every((c: any) => c.ownerId === 'sales')).toBe(true);
    await refused(
      s.http('GET', '/visit-reports/not-visited?ownerId=sales_b', { as: 'sales_manager' }),
      403,
      'out_of_sight',
    );
    const gm = await ok(s.http('GET', '/visit-reports/not-visited?ownerId=sales_b', { as: 'gm' }));
    expect(gm.customers.map((c: any) => c.customerNo)).toContain(theirs);
    expect(gm.customers.every((c: any) => c.ownerId === 'sales_b')).toBe(true);
    expect((await ok(s.http('GET', '/visit-reports/not-visited', { as: 'sales' }))).salespeople).toEqual([]);
  });
});

describe('a delegate of a sales manager', () => {
  it('reads the delegator’s team while the delegation runs, nothing after it is revoked', async () => {
    await refused(plan('commerce'), 403, 'role_not_allowed');
    const d = await ok(
      s.http('POST', '/delegations', {
        as: 'sales_manager',
        body: { toUser: 'commerce', startsOn: today(), endsOn: plusDays(today(), 1) },
      }),
      201,
    );
    expect((await ok(s.http('GET', '/me', { as: 'commerce' }))).actingRoles).toEqual(['commerce', 'sales_manager']);
    const team = await ok(plan('commerce'));
    expect(ids(team.salespeople)).toEqual(['sales']);
    expect(team.plans.map((p: any) => p.ownerId)).toEqual(['sales']);
    expect(team.plans[0].visits.every((v: any) => v.actions.length === 0)).toBe(true);
    await refused(plan('commerce', '&ownerId=sales_b'), 403, 'out_of_sight');
    await ok(s.http('GET', `/visits/${ourVisit}`, { as: 'commerce' }));
    await refused(s.http('GET', `/visits/${theirVisit}`, { as: 'commerce' }), 404);
    expect(
      (await ok(s.http('GET', `/visit-reports/weekly/${week}`, { as: 'commerce' }))).owners.map((o: any) => o.ownerId),
    ).toEqual(['sales']);
    // A delegate reads; writing a visit stays the salesperson's.
    await refused(
      s.http('POST', `/visits/${ourVisit}/cancel`, { as: 'commerce', body: { comment: 'x' } }),
      403,
      'role_not_allowed',
    );

    await ok(s.http('POST', `/delegations/${d.id}/revoke`, { as: 'sales_manager' }));
    await refused(plan('commerce'), 403, 'role_not_allowed');
    expect((await ok(s.http('GET', '/me', { as: 'commerce' }))).actingRoles).toEqual(['commerce']);
  });
});
