/**
 * Delegation, the whole kind (issues 13, 14): whoever holds a sales manager's (or the GM's) delegation takes the
 * delegator's steps on the delegator's behalf — within the delegator's sight (their team), audited with
 * `onBehalfOf` — and only while the delegation runs; segregation of duties binds the delegate as it binds the
 * delegator; the record's `actions` and `GET /me` offer the delegate exactly what the routes accept.
 *
 * People: `sales` (of `sales_manager`'s team) is the author; `dg_deputy` (also of that team) holds the sales
 * manager's delegation; `dg_other` (of `dg_mgr2`'s team) holds none; `dg_old` held one that has ended.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { insertDelegation } from '../../db/work-item.repository';
import { previousWorkingDay } from '../../domain/calendar';
import { periodOf, previousPeriod } from '../../domain/plan';
import { businessDateTime } from '../../lib/dates';
import { setCreditHold } from '../../db/collection-case.repository';
import { ensureCollectionScanSchedule } from '../../lib/collection-scan';
import {
  addDays,
  billedJob,
  customsLine,
  newCustomer,
  oceanLine,
  overdueReceivable,
  signedContract,
  today,
} from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
const refused = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p;
  return [r.status, r.body.details?.reason ?? r.body.error?.details?.reason ?? null];
};
const lastAudit = async (type: string, id: string) => (await listAuditForRecord(s.db, type, id)).at(-1)!;

beforeAll(async () => {
  s = await startStack();
  await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
  await s.addUser('dg_deputy', 'sales', 'sales_manager');
  await s.addUser('dg_mgr2', 'sales_manager');
  await s.addUser('dg_other', 'sales', 'dg_mgr2');
  await s.addUser('dg_old', 'sales', 'sales_manager');
  await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
  await ok(
    s.http('POST', '/delegations', {
      as: 'sales_manager',
      body: { toUser: 'dg_deputy', startsOn: today(), endsOn: addDays(today(), 2) },
    }),
    201,
  );
  // An ended delegation (it ran until yesterday): it lends nothing.
  await insertDelegation(s.db, {
    fromUser: 'sales_manager',
    toUser: 'dg_old',
    role: 'sales_manager',
    startsOn: addDays(today(), -5),
    endsOn: addDays(today(), -1),
  });
}, 240_000);
afterAll(async () => s?.close());

describe('GET /me', () => {
  it('lists the delegated role beside one’s own; an ended delegation lends none', async () => {
    expect((await ok(s.http('GET', '/me', { as: 'dg_deputy' }))).actingRoles).toEqual(['sales', 'sales_manager']);
    expect((await ok(s.http('GET', '/me', { as: 'dg_old' }))).actingRoles).toEqual(['sales']);
  });
});

describe('plans: accept and return on the delegator’s behalf', () => {
  const plan = async (as: string) =>
    ok(
      s.http('POST', '/plans', {
        as,
        body: {
          kind: 'weekly',
          period: previousPeriod('weekly', periodOf('weekly', today())),
          nextTargets: { containers: 3, money: [], newCustomers: 0, collectionRatePct: '90' },
          sections: {},
        },
      }),
      201,
    );

  it('the deputy sees, accepts and returns the team’s reports, not their own; others 404/403', async () => {
    const p = await plan('sales');
    await ok(s.http('POST', `/plans/${p.id}/submit`, { as: 'sales' }));
    const seen = await ok(s.http('GET', `/plans/${p.id}`, { as: 'dg_deputy' }));
    expect(seen.actions.filter((a: any) => a.allowed).map((a: any) => a.step)).toEqual(['accept', 'return']);
    expect((await ok(s.http('GET', `/plans/${p.id}`, { as: 'sales_manager' }))).actions.length).toBeGreaterThan(0);
    // Not in sight without (or with an ended) delegation: 404; no manager's role at all for accepting: 403.
    expect((await s.http('GET', `/plans/${p.id}`, { as: 'dg_other' })).status).toBe(404);
    expect(await refused(s.http('POST', `/plans/${p.id}/accept`, { as: 'dg_other', body: {} }))).toEqual([
      403,
      'role_not_allowed',
    ]);
    expect(await refused(s.http('POST', `/plans/${p.id}/accept`, { as: 'dg_old', body: {} }))).toEqual([
      403,
      'role_not_allowed',
    ]);
    // Another manager's team is out of the delegator's sight.
    expect((await s.http('POST', `/plans/${p.id}/accept`, { as: 'dg_mgr2', body: {} })).status).toBe(404);

    const back = await ok(
      s.http('POST', `/plans/${p.id}/return`, {
        as: 'dg_deputy',
        body: { comment: '請補充 add more' },
        headers: { 'idempotency-key': 'dg-plan-return' },
      }),
    );
    expect(back.status).toBe('returned');
    const a = await lastAudit('plan', String(p.id));
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual([
      'dg_deputy',
      'sales_manager',
      'sales_manager',
      'plan.returned',
    ]);
    await ok(s.http('POST', `/plans/${p.id}/submit`, { as: 'sales' }));
    const accepted = await ok(s.http('POST', `/plans/${p.id}/accept`, { as: 'dg_deputy', body: {} }));
    expect(accepted.status).toBe('accepted');
    expect((await lastAudit('plan', String(p.id))).on_behalf_of).toBe('sales_manager');
  });

  it('segregation of duties: the deputy may not accept their own report', async () => {
    const own = await plan('dg_deputy');
    await ok(s.http('POST', `/plans/${own.id}/submit`, { as: 'dg_deputy' }));
    const v = await ok(s.http('GET', `/plans/${own.id}`, { as: 'dg_deputy' }));
    expect(v.actions.find((a: any) => a.step === 'accept')).toMatchObject({
      allowed: false,
      reason: 'segregation_of_duties',
    });
    expect(await refused(s.http('POST', `/plans/${own.id}/accept`, { as: 'dg_deputy', body: {} }))).toEqual([
      403,
      'segregation_of_duties',
    ]);
    // The delegator themself may accept it: the bar is on the delegate (and on the delegator's own reports).
    expect((await ok(s.http('GET', `/plans/${own.id}`, { as: 'sales_manager' }))).status).toBe('submitted');
  });
});

describe('diaries: the manager’s comment on the delegator’s behalf', () => {
  const day = previousWorkingDay(today());
  it('the deputy comments on a team member’s diary, not on their own; others 404/403', async () => {
    await ok(
      s.http('PUT', `/diaries/${day}`, {
        as: 'sales',
        body: { todayWork: '拜訪 visits', tomorrowPlan: '報價 quotes' },
      }),
    );
    await ok(
      s.http('PUT', `/diaries/${day}`, {
        as: 'dg_deputy',
        body: { todayWork: '拜訪 visits', tomorrowPlan: '報價 quotes' },
      }),
    );
    const v = await ok(s.http('GET', `/diaries/${day}?ownerId=sales`, { as: 'dg_deputy' }));
    expect(v.actions.map((a: any) => a.step)).toEqual(['comments']);
    const mine = await ok(s.http('GET', `/diaries/${day}?ownerId=dg_deputy`, { as: 'dg_deputy' }));
    expect(mine.actions.map((a: any) => a.step)).toEqual([]);

    await ok(
      s.http('POST', `/diaries/${day}/comments`, {
        as: 'dg_deputy',
        body: { ownerId: 'sales', comment: '很好 good' },
      }),
    );
    const a = await lastAudit('diary', `sales:${day}`);
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual([
      'dg_deputy',
      'sales_manager',
      'sales_manager',
      'diary.commented',
    ]);
    const body = { ownerId: 'sales', comment: 'x' };
    expect(await refused(s.http('POST', `/diaries/${day}/comments`, { as: 'dg_other', body }))).toEqual([
      403,
      'role_not_allowed',
    ]);
    expect(await refused(s.http('POST', `/diaries/${day}/comments`, { as: 'dg_old', body }))).toEqual([
      403,
      'role_not_allowed',
    ]);
    expect((await s.http('POST', `/diaries/${day}/comments`, { as: 'dg_mgr2', body })).status).toBe(404);
    expect(
      await refused(
        s.http('POST', `/diaries/${day}/comments`, { as: 'dg_deputy', body: { ownerId: 'dg_deputy', comment: 'x' } }),
      ),
    ).toEqual([403, 'segregation_of_duties']);
  });
});

describe('container-volume budgets: a team member’s on the delegator’s behalf', () => {
  const month = today().slice(0, 7);
  it('the deputy sets a team member’s budget (audited on behalf) and their own as themself; others 403', async () => {
    const put = (as: string, ownerId: string) =>
      s.http('PUT', `/container-volume-budgets/${month}`, { as, body: { budgetContainers: 7, ownerId } });
    await ok(put('dg_deputy', 'sales'));
    const a = await lastAudit('container_volume_budget', `sales:${month}`);
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_deputy', 'sales_manager', 'sales_manager']);
    await ok(put('dg_deputy', 'dg_deputy'));
    const own = await lastAudit('container_volume_budget', `dg_deputy:${month}`);
    expect([own.actor_role, own.on_behalf_of]).toEqual(['sales', null]);
    expect(await refused(put('dg_other', 'sales'))).toEqual([403, 'out_of_sight']);
    expect(await refused(put('dg_old', 'sales'))).toEqual([403, 'out_of_sight']);
    expect(await refused(put('dg_deputy', 'dg_other'))).toEqual([403, 'out_of_sight']);
  });
});

describe('visit follow-ups: the owner’s, closed by whoever holds the owner’s delegation', () => {
  it('the deputy closes the sales manager’s follow-up on their behalf; others 403', async () => {
    const customerNo = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
    const visit = await ok(
      s.http('POST', '/visits', {
        as: 'sales',
        body: { customerNo, plannedAt: businessDateTime(new Date()).replace(' ', 'T'), purpose: '拜訪 visit' },
      }),
      201,
    );
    const recorded = await ok(
      s.http('POST', `/visits/${visit.id}/record`, {
        as: 'sales',
        body: {
          metWith: '李經理 Manager Li',
          followUps: [{ action: '經理拜訪 the manager calls', ownerId: 'sales_manager', dueOn: addDays(today(), 3) }],
        },
      }),
    );
    const id = recorded.followUps[0].id;
    const done = (as: string) => s.http('POST', `/visit-follow-ups/${id}/done`, { as, body: {} });
    expect(await refused(done('dg_old'))).toEqual([404, null]);
    expect(await refused(done('dg_other'))).toEqual([404, null]);
    expect(await refused(done('sales'))).toEqual([403, 'not_owner']);
    const closed = await ok(done('dg_deputy'));
    expect(closed.doneAt).not.toBeNull();
    const a = await lastAudit('visit_follow_up', String(id));
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_deputy', 'sales_manager', 'sales_manager']);
  });
});

/**
 * The GM's delegation (issue 13, the whole kind): `dg_gmdep` (ocean: no ledger, no tariff drafts of its own) holds
 * the GM's delegation and takes the GM's steps on the GM's behalf, reading what they need; `ocean` (the same role,
 * no delegation), `dg_gmold` (an ended one) and
 * `dg_gmrev` (a revoked one) are refused 403; `dg_gmcom` (commerce, also the GM's delegate) is barred by
 * segregation of duties from approving what they submitted or proposed.
 */
describe('the GM’s delegate: credit limits, payment terms, tariff and tariff-change approvals', () => {
  let contractNo = '';
  let customerNo = '';
  let revokedId = 0;
  let endedId = 0;
  beforeAll(async () => {
    await s.addUser('dg_gmdep', 'ocean');
    await s.addUser('dg_gmold', 'ocean');
    await s.addUser('dg_gmrev', 'ocean');
    await s.addUser('dg_gmcom', 'commerce');
    await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
    const give = (toUser: string) =>
      ok(
        s.http('POST', '/delegations', { as: 'gm', body: { toUser, startsOn: today(), endsOn: addDays(today(), 2) } }),
        201,
      );
    await give('dg_gmdep');
    await give('dg_gmcom');
    revokedId = (await give('dg_gmrev')).id;
    await ok(s.http('POST', `/delegations/${revokedId}/revoke`, { as: 'gm' }));
    endedId = (
      await insertDelegation(s.db, {
        fromUser: 'gm',
        toUser: 'dg_gmold',
        role: 'gm',
        startsOn: addDays(today(), -5),
        endsOn: addDays(today(), -1),
      })
    ).id;
    ({ contractNo, customerNo } = await signedContract(s));
  }, 240_000);

  const refusedAll = async (send: (as: string) => Promise<{ status: number; body: any }>) => {
    for (const as of ['ocean', 'dg_gmold', 'dg_gmrev'])
      expect([as, ...(await refused(send(as)))]).toEqual([as, 403, 'role_not_allowed']);
  };

  it('revoking an already revoked or an ended delegation is refused 409 wrong_state; GET /me lends nothing then', async () => {
    expect(await refused(s.http('POST', `/delegations/${revokedId}/revoke`, { as: 'gm' }))).toEqual([
      409,
      'wrong_state',
    ]);
    expect(await refused(s.http('POST', `/delegations/${endedId}/revoke`, { as: 'gm' }))).toEqual([409, 'wrong_state']);
    for (const as of ['dg_gmold', 'dg_gmrev'])
      expect((await ok(s.http('GET', '/me', { as }))).actingRoles).toEqual(['ocean']);
    expect((await ok(s.http('GET', '/me', { as: 'dg_gmdep' }))).actingRoles).toEqual(['ocean', 'gm']);
  });

  it('sets a credit limit on the GM’s behalf (audited so); others 403', async () => {
    const put = (as: string) =>
      s.http('PUT', `/customers/${customerNo}/credit-limits/CNY`, { as, body: { amount: '50000.00' } });
    await refusedAll(put);
    // The read the step needs: the customer's credit, in the GM's sight.
    expect((await s.http('GET', `/customers/${customerNo}/credit`, { as: 'ocean' })).status).toBe(403);
    await ok(s.http('GET', `/customers/${customerNo}/credit`, { as: 'dg_gmdep' }));
    const v = await ok(put('dg_gmdep'));
    expect(v.limits.find((l: any) => l.currency === 'CNY').limit).toBe('50000.00');
    const a = await lastAudit('customer_credit', customerNo);
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual(['dg_gmdep', 'gm', 'gm', 'credit.limit_set']);
  });

  it('sets a contract’s payment terms on the GM’s behalf (audited so); others 403', async () => {
    const put = (as: string) =>
      s.http('PUT', `/contracts/${contractNo}/payment-terms`, { as, body: { kind: 'days_after_invoice', days: 45 } });
    await refusedAll(put);
    expect((await ok(put('dg_gmdep'))).days).toBe(45);
    const a = await lastAudit('contract', contractNo);
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual([
      'dg_gmdep',
      'gm',
      'gm',
      'contract.payment_terms_set',
    ]);
  });

  const submittedTariff = async (as: string) => {
    const t = await ok(
      s.http('POST', '/tariffs', {
        as: 'commerce',
        body: { title: '委託 delegated', effectiveFrom: addDays(today(), 30), lines: [oceanLine(), customsLine()] },
      }),
      201,
    );
    await ok(s.http('POST', `/tariffs/${t.versionNo}/submit`, { as }));
    return t.versionNo as number;
  };

  it('approves a tariff on the GM’s behalf: reads the draft, is offered the step; others 403/404; SoD binds', async () => {
    const no = await submittedTariff('commerce');
    const seen = await ok(s.http('GET', `/tariffs/${no}`, { as: 'dg_gmdep' }));
    expect(seen.actions.filter((a: any) => a.allowed).map((a: any) => a.step)).toEqual(['approve', 'return']);
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'ocean' })).status).toBe(404);
    await refusedAll((as) => s.http('POST', `/tariffs/${no}/approve`, { as }));
    expect((await ok(s.http('POST', `/tariffs/${no}/approve`, { as: 'dg_gmdep' }))).status).toBe('locked');
    const a = await lastAudit('tariff', String(no));
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_gmdep', 'gm', 'gm']);
    // The GM's delegate who submitted the draft may not approve it.
    const own = await submittedTariff('dg_gmcom');
    expect(await refused(s.http('POST', `/tariffs/${own}/approve`, { as: 'dg_gmcom' }))).toEqual([
      403,
      'segregation_of_duties',
    ]);
  });

  it('approves a tariff change on the GM’s behalf; others 403; SoD binds the proposer', async () => {
    const base = (await ok(s.http('GET', '/tariffs/in-force', { as: 'commerce' }))).versionNo;
    const proposed = async (as: string) => {
      const c = await ok(
        s.http('POST', '/tariff-changes', {
          as,
          body: {
            baseVersionNo: base,
            reason: '運價上漲 carriers raised rates',
            effectiveFrom: addDays(today(), 7),
            lines: [oceanLine({ price: '2650.00', budgetCost: '2300.00' }), customsLine()],
          },
        }),
        201,
      );
      await ok(s.http('POST', `/tariff-changes/${c.changeId}/approve`, { as: 'marketing_manager', body: {} }));
      return c.changeId as number;
    };
    const id = await proposed('sales');
    const seen = await ok(s.http('GET', `/tariff-changes/${id}`, { as: 'dg_gmdep' }));
    expect(seen.actions.filter((a: any) => a.allowed).map((a: any) => a.step)).toEqual(['approve', 'reject']);
    expect((await s.http('GET', `/tariff-changes/${id}`, { as: 'ocean' })).status).toBe(404);
    await refusedAll((as) => s.http('POST', `/tariff-changes/${id}/approve`, { as }));
    expect((await ok(s.http('POST', `/tariff-changes/${id}/approve`, { as: 'dg_gmdep' }))).status).toBe('approved');
    const a = await lastAudit('tariff_change', String(id));
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_gmdep', 'gm', 'gm']);
    const own = await proposed('dg_gmcom');
    expect(await refused(s.http('POST', `/tariff-changes/${own}/approve`, { as: 'dg_gmcom' }))).toEqual([
      403,
      'segregation_of_duties',
    ]);
  });
});

describe('credit-hold override: a sales manager’s delegate, in the delegator’s sight', () => {
  it('the deputy overrides for a team member’s contract on the manager’s behalf; others 403/404', async () => {
    const { contractNo, customerNo } = await signedContract(s);
    await s.db
      .transaction()
      .execute((trx) =>
        setCreditHold(trx, { customerNo, onHold: true, reason: '逾期 overdue', caseId: null, by: 'gm' }),
      );
    const send = (as: string) =>
      s.http('POST', `/contracts/${contractNo}/credit-override`, { as, body: { reason: '老客戶 long-standing' } });
    expect(await refused(send('dg_other'))).toEqual([403, 'role_not_allowed']);
    expect(await refused(send('dg_old'))).toEqual([403, 'role_not_allowed']);
    expect((await send('dg_mgr2')).status).toBe(404);
    await ok(send('dg_deputy'), 201);
    const a = await lastAudit('customer_credit', customerNo);
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual([
      'dg_deputy',
      'sales_manager',
      'sales_manager',
      'credit.hold_overridden',
    ]);
  });
});

describe('collection cases: the sales manager’s delegate proposes, the GM’s delegate decides', () => {
  let caseId = 0;
  let scheduleId = '';
  beforeAll(async () => {
    const { contractNo, customerNo } = await signedContract(s);
    const jobNo = await billedJob(s, contractNo);
    await overdueReceivable(s.db, { jobNo, customerNo, contractNo, currency: 'CNY', amount: '5000.00', daysAgo: 40 });
    scheduleId = await ensureCollectionScanSchedule(s.client, { ...s.temporalConfig, everyMs: 2000 });
    const end = Date.now() + 60_000;
    while (!caseId && Date.now() < end) {
      const b = await ok(s.http('GET', `/collection-cases?customerNo=${customerNo}`, { as: 'sales' }));
      caseId = b.items[0]?.caseId ?? 0;
      if (!caseId) await new Promise((r) => setTimeout(r, 400));
    }
    expect(caseId).toBeGreaterThan(0);
    // Its workflow answers once it runs: the salesperson is offered the proposal then.
    while (Date.now() < end) {
      const d = await ok(s.http('GET', `/collection-cases/${caseId}`, { as: 'sales' }));
      if (d.actions.length) break;
      await new Promise((r) => setTimeout(r, 400));
    }
  }, 240_000);
  afterAll(async () => {
    await s.client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch(() => undefined);
  });

  it('the deputy proposes for a team member’s case on the manager’s behalf; others 404; the GM’s delegate approves', async () => {
    const url = (step: string) => `/collection-cases/${caseId}/${step}`;
    const body = { kind: 'legal_action', note: '委外催收 to the lawyers' };
    const seen = await ok(s.http('GET', url('').slice(0, -1), { as: 'dg_deputy' }));
    expect(seen.actions.filter((a: any) => a.allowed).map((a: any) => a.step)).toEqual(['propose']);
    for (const as of ['dg_other', 'dg_old', 'dg_mgr2'])
      expect([as, (await s.http('POST', url('propose'), { as, body })).status]).toEqual([as, 404]);
    await ok(s.http('POST', url('propose'), { as: 'dg_deputy', body }));
    const a = await lastAudit('collection_case', String(caseId));
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_deputy', 'sales_manager', 'sales_manager']);

    for (const as of ['ocean', 'dg_gmold', 'dg_gmrev'])
      expect([as, ...(await refused(s.http('POST', url('approve'), { as, body: {} })))]).toEqual([
        as,
        403,
        'role_not_allowed',
      ]);
    const decided = await ok(s.http('GET', url('').slice(0, -1), { as: 'dg_gmdep' }));
    expect(decided.actions.filter((x: any) => x.allowed).map((x: any) => x.step)).toContain('approve');
    await ok(s.http('POST', url('approve'), { as: 'dg_gmdep', body: {} }));
    const g = await lastAudit('collection_case', String(caseId));
    expect([g.actor_id, g.actor_role, g.on_behalf_of]).toEqual(['dg_gmdep', 'gm', 'gm']);
  });
});

/**
 * The remaining routes (issue 13's whole kind): customer edit, status, creation and import, statements and disputes,
 * collection plans and calls — each takes its actor by the one rule (`actorOnRecord`, api/acting.ts), so the sales
 * manager's delegate acts for the delegator's team on the delegator's behalf (audited so), never outside it.
 * `dg_opsdep` (operations: enters no customer of its own) also holds the sales manager's delegation.
 */
describe('customers: the sales manager’s delegate edits, changes status, enters and imports for the team', () => {
  let customerNo = '';
  beforeAll(async () => {
    await s.addUser('dg_opsdep', 'operations');
    await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
    await ok(
      s.http('POST', '/delegations', {
        as: 'sales_manager',
        body: { toUser: 'dg_opsdep', startsOn: today(), endsOn: addDays(today(), 2) },
      }),
      201,
    );
    await sql`update users set display_name = '杜其他 Du Qita' where id = 'dg_other'`.execute(s.db);
    customerNo = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
  });

  it('reads a team member’s customer, is offered its status steps and corrects it on the manager’s behalf', async () => {
    const card = await ok(s.http('GET', `/customers/${customerNo}`, { as: 'dg_deputy' }));
    expect(card.actions.filter((a: any) => a.allowed).map((a: any) => a.step)).toContain('customer.formalized');
    // Its own salesperson may change no status: the same rule for the card and the route.
    expect((await ok(s.http('GET', `/customers/${customerNo}`, { as: 'sales' }))).actions).toEqual([]);
    const patch = (as: string) =>
      s.http('PATCH', `/customers/${customerNo}`, {
        as,
        body: { phone: '0755-8888 0001' },
        headers: { 'idempotency-key': `dg-cust-${as}` },
      });
    for (const as of ['dg_other', 'dg_old', 'dg_mgr2']) expect([as, (await patch(as)).status]).toEqual([as, 404]);
    expect((await ok(patch('dg_deputy'))).phone).toBe('0755-8888 0001');
    expect((await ok(patch('dg_deputy'))).phone).toBe('0755-8888 0001');
    const rows = (await listAuditForRecord(s.db, 'customer', customerNo)).filter(
      (r) => r.action === 'customer.updated',
    );
    expect(rows.map((a) => [a.actor_id, a.actor_role, a.on_behalf_of])).toEqual([
      ['dg_deputy', 'sales_manager', 'sales_manager'],
    ]);
  });

  it('changes a team member’s customer’s status on the manager’s behalf; others 403/404', async () => {
    const send = (as: string) =>
      s.http('POST', `/customers/${customerNo}/status`, { as, body: { event: 'customer.formalized' } });
    expect(await refused(send('dg_other'))).toEqual([403, 'role_not_allowed']);
    expect(await refused(send('dg_old'))).toEqual([403, 'role_not_allowed']);
    expect((await send('dg_mgr2')).status).toBe(404);
    expect((await ok(send('dg_deputy'))).status).toBe('formal');
    const a = await lastAudit('customer', customerNo);
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual([
      'dg_deputy',
      'sales_manager',
      'sales_manager',
      'customer.formalized',
    ]);
  });

  it('enters a customer for a team member (own customers as themself); GET /me may agrees', async () => {
    const enter = (as: string, ownerId?: string) =>
      s.http('POST', '/customers', { as, body: { ...newCustomer(), ...(ownerId ? { ownerId } : {}) } });
    const made = await ok(enter('dg_deputy', 'sales'), 201);
    expect(made.ownerId).toBe('sales');
    const a = await lastAudit('customer', made.customerNo);
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_deputy', 'sales_manager', 'sales_manager']);
    const own = await ok(enter('dg_deputy'), 201);
    expect(own.ownerId).toBe('dg_deputy');
    expect((await lastAudit('customer', own.customerNo)).on_behalf_of).toBeNull();
    // Outside the delegator's team: named by display name, in both languages.
    const outside = await enter('dg_deputy', 'dg_other');
    expect([outside.status, outside.body.message]).toEqual([
      422,
      '杜其他 Du Qita 不在您的團隊 杜其他 Du Qita is not in your team',
    ]);
    expect(await refused(enter('dg_old', 'sales'))).toEqual([403, 'not_owner']);
    // Operations enters no customer — but the sales manager's delegate does, for the team.
    expect((await ok(s.http('GET', '/me', { as: 'dg_opsdep' }))).may.createCustomer).toBe(true);
    expect((await ok(s.http('GET', '/me', { as: 'ocean' }))).may.createCustomer).toBe(false);
    expect((await ok(enter('dg_opsdep', 'sales'), 201)).ownerId).toBe('sales');
    expect((await enter('ocean', 'sales')).status).toBe(403);
  });

  it('imports a sheet of customers for a team member on the manager’s behalf', async () => {
    const c = newCustomer();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.addRow(['客戶全稱 fullName', '地址 address', '電話 phone', '聯絡人 contactPerson', '業務員 ownerId']);
    sheet.addRow([c.fullName, c.address, c.phone, c.contactPerson, 'sales']);
    const file = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const res = await ok(s.http('POST', '/customers/import', { as: 'dg_opsdep', body: { file } }), 201);
    expect(res.created.map((x: any) => x.ownerId)).toEqual(['sales']);
    const a = await lastAudit('customer', res.created[0].customerNo);
    expect([a.actor_id, a.actor_role, a.on_behalf_of]).toEqual(['dg_opsdep', 'sales_manager', 'sales_manager']);
  });
});

describe('statements, disputes and collection: the sales manager’s delegate works a team member’s', () => {
  let customerNo = '';
  let statementId = 0;
  beforeAll(async () => {
    const c = await signedContract(s);
    customerNo = c.customerNo;
    const jobNo = await billedJob(s, c.contractNo);
    await overdueReceivable(s.db, {
      jobNo,
      customerNo,
      contractNo: c.contractNo,
      currency: 'CNY',
      amount: '800.00',
      daysAgo: 20,
    });
    const body = { customerNo, periodFrom: addDays(today(), -90), periodTo: today() };
    statementId = (await ok(s.http('POST', '/statements', { as: 'finance', body }), 201)).id;
    await ok(s.http('POST', `/statements/${statementId}/send`, { as: 'finance', body: {} }));
  }, 240_000);

  it('the deputy records the customer’s dispute, notes and resolves it on the manager’s behalf; others 404', async () => {
    const st = await ok(s.http('GET', `/statements/${statementId}`, { as: 'dg_deputy' }));
    expect(st.actions.map((a: any) => a.step)).toEqual(['confirm', 'dispute']);
    const line = st.sections[0].lines[0];
    const dispute = { lines: [{ lineNo: line.lineNo, reason: '金額不符 amount differs' }] };
    for (const as of ['dg_other', 'dg_old', 'dg_mgr2'])
      expect([as, (await s.http('POST', `/statements/${statementId}/dispute`, { as, body: dispute })).status]).toEqual([
        as,
        404,
      ]);
    const answered = await ok(s.http('POST', `/statements/${statementId}/dispute`, { as: 'dg_deputy', body: dispute }));
    const a = await lastAudit('statement', String(statementId));
    expect([a.actor_id, a.actor_role, a.on_behalf_of, a.action]).toEqual([
      'dg_deputy',
      'sales_manager',
      'sales_manager',
      'statement.disputed',
    ]);
    const id = answered.sections[0].lines.find((l: any) => l.lineNo === line.lineNo).dispute.id;
    const d = await ok(s.http('GET', `/disputes/${id}`, { as: 'dg_deputy' }));
    expect(d.actions.map((x: any) => [x.step, x.outcomes ?? null])).toEqual([
      ['notes', null],
      ['resolve', ['customer_pays']],
    ]);
    expect((await s.http('POST', `/disputes/${id}/notes`, { as: 'dg_other', body: { note: 'x' } })).status).toBe(404);
    await ok(s.http('POST', `/disputes/${id}/notes`, { as: 'dg_deputy', body: { note: '已致電 called' } }));
    expect((await lastAudit('dispute', String(id))).on_behalf_of).toBe('sales_manager');
    const resolve = { outcome: 'customer_pays', resolution: '客戶同意付款 customer pays' };
    expect((await s.http('POST', `/disputes/${id}/resolve`, { as: 'dg_mgr2', body: resolve })).status).toBe(404);
    await ok(s.http('POST', `/disputes/${id}/resolve`, { as: 'dg_deputy', body: resolve }));
    const r = await lastAudit('dispute', String(id));
    expect([r.actor_id, r.actor_role, r.on_behalf_of, r.action]).toEqual([
      'dg_deputy',
      'sales_manager',
      'sales_manager',
      'dispute.resolved',
    ]);
    // Resolved: refused naming the case as people know it (statement, line, job · item), never its id.
    const again = await s.http('POST', `/disputes/${id}/resolve`, { as: 'dg_deputy', body: resolve });
    expect(again.status).toBe(409);
    const msg = again.body.message;
    expect(msg).toContain(`${st.statementNo} #${line.lineNo} (${line.jobNo} · ${line.label})`);
    expect(msg).toMatch(/已結案 .* is already resolved$/);
  });

  it('the deputy plans the collection and records a call with a promise on the manager’s behalf; others 404', async () => {
    const row = (await ok(s.http('GET', '/collections/schedule', { as: 'dg_deputy' }))).items.find(
      (i: any) => i.customerNo === customerNo,
    );
    expect(row.actions.map((a: any) => [a.step, a.allowed])).toEqual([
      ['collection-plan', true],
      ['collection-calls', true],
    ]);
    const plan = { plannedOn: addDays(today(), 5), note: '月底 month end' };
    const put = (as: string) => s.http('PUT', `/customers/${customerNo}/collection-plan`, { as, body: plan });
    for (const as of ['dg_other', 'dg_old', 'dg_mgr2']) expect([as, (await put(as)).status]).toEqual([as, 404]);
    expect(await refused(put('ocean'))).toEqual([403, 'role_not_allowed']);
    await ok(put('dg_deputy'));
    const p = await lastAudit('collection_plan', customerNo);
    expect([p.actor_id, p.actor_role, p.on_behalf_of]).toEqual(['dg_deputy', 'sales_manager', 'sales_manager']);
    const call = await ok(
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'dg_deputy',
        body: {
          outcome: '答應付款 will pay',
          promise: { currency: 'CNY', amount: '300.00', date: addDays(today(), 3) },
        },
      }),
      201,
    );
    const c = await lastAudit('collection_call', String(call.id));
    expect([c.actor_id, c.actor_role, c.on_behalf_of]).toEqual(['dg_deputy', 'sales_manager', 'sales_manager']);
  });
});
