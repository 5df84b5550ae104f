import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';
import { addDays, customsLine, oceanLine, today } from '../support/fixtures';

let s: Stack;
let baseNo: number;

beforeAll(async () => {
  s = await startStack();
  await s.addUser('sales2', 'sales', 'sales_manager');
  await s.addUser('mm_gm', 'gm');
  const created = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: { title: 'base', effectiveFrom: today(), lines: [oceanLine(), customsLine()] },
  });
  baseNo = created.body.versionNo;
  await s.http('POST', `/tariffs/${baseNo}/submit`, { as: 'commerce' });
  await s.http('POST', `/tariffs/${baseNo}/approve`, { as: 'gm' });
});
afterAll(async () => s?.close());

const propose = (over: Record<string, unknown> = {}, as = 'sales') =>
  s.http('POST', '/tariff-changes', {
    as,
    body: {
      baseVersionNo: baseNo,
      reason: '運價上漲 carriers raised rates',
      effectiveFrom: addDays(today(), 7),
      lines: [oceanLine({ price: '2650.00', budgetCost: '2300.00' }), customsLine()],
      ...over,
    },
  });

describe('tariff change over HTTP', () => {
  it('a salesperson proposes, the marketing manager and the GM approve, and a new locked version exists', async () => {
    const proposed = await propose();
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body).toMatchObject({
      status: 'pending_marketing_manager',
      pendingRole: 'marketing_manager',
      proposedBy: 'sales',
    });
    expect(proposed.body.diff.changed).toHaveLength(1);
    expect(proposed.body.diff.changed[0].fields).toEqual(['price', 'budgetCost']);
    expect(proposed.body.diff.unchanged).toBe(1);
    const id = proposed.body.changeId;

    const gmTooEarly = await s.http('POST', `/tariff-changes/${id}/approve`, { as: 'gm' });
    expect(gmTooEarly.status).toBe(403);
    expect(gmTooEarly.body.details.reason).toBe('role_not_allowed');
    // What each may do now: the marketing manager approves or rejects (a comment required), the proposer withdraws.
    const asMm = await s.http('GET', `/tariff-changes/${id}`, { as: 'marketing_manager' });
    expect(
      asMm.body.actions.map((a: { step: string; allowed: boolean; commentRequired: boolean }) => [
        a.step,
        a.allowed,
        a.commentRequired,
      ]),
    ).toEqual([
      ['approve', true, false],
      ['reject', true, true],
    ]);
    expect((await s.http('GET', `/tariff-changes/${id}`, { as: 'gm' })).body.actions).toEqual([]);
    expect(
      (await s.http('GET', `/tariff-changes/${id}`, { as: 'sales' })).body.actions.map((a: { step: string }) => a.step),
    ).toEqual(['withdraw']);

    const mm = await s.http('POST', `/tariff-changes/${id}/approve`, {
      as: 'marketing_manager',
      body: { comment: 'ok' },
    });
    expect(mm.status).toBe(200);
    expect(mm.body).toMatchObject({ status: 'pending_gm', marketingApprovedBy: 'marketing_manager' });

    const gm = await s.http('POST', `/tariff-changes/${id}/approve`, { as: 'gm' });
    expect(gm.status).toBe(200);
    expect(gm.body.status).toBe('approved');
    const newNo = gm.body.resultVersionNo as number;
    expect(newNo).toBeGreaterThan(baseNo);

    const version = await s.http('GET', `/tariffs/${newNo}`, { as: 'sales' });
    expect(version.body).toMatchObject({
      status: 'locked',
      sourceChangeId: id,
      basedOnVersionNo: baseNo,
      approvedBy: 'gm',
    });
    expect(version.body.lines[0].price).toBe('2650.00');

    const old = await s.http('GET', `/tariffs/${baseNo}`, { as: 'sales' });
    expect(old.body.status).toBe('locked');
    expect(old.body.effectiveTo).toBe(addDays(today(), 7));
    expect(old.body.lines[0].price).toBe('2450.00');
  });

  it('the marketing manager rejects with a reason and the change ends', async () => {
    const id = (await propose()).body.changeId;
    expect((await s.http('POST', `/tariff-changes/${id}/reject`, { as: 'marketing_manager', body: {} })).status).toBe(
      400,
    );
    const rejected = await s.http('POST', `/tariff-changes/${id}/reject`, {
      as: 'marketing_manager',
      body: { comment: '不合理 not justified' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'marketing_manager', resultVersionNo: null });
    const after = await s.http('POST', `/tariff-changes/${id}/approve`, { as: 'gm' });
    expect(after.status).toBe(409);
  });

  it('the proposer may withdraw; another salesperson may neither see nor withdraw it', async () => {
    const id = (await propose()).body.changeId;
    expect((await s.http('GET', `/tariff-changes/${id}`, { as: 'sales2' })).status).toBe(404);
    expect((await s.http('POST', `/tariff-changes/${id}/withdraw`, { as: 'sales2' })).status).toBe(404);
    // Commerce sees it but may not withdraw another's proposal: both named by display name, never by user id.
    const notTheirs = await s.http('POST', `/tariff-changes/${id}/withdraw`, { as: 'commerce' });
    expect([notTheirs.status, notTheirs.body.details.reason]).toEqual([403, 'not_owner']);
    expect(notTheirs.body.message).toMatch(
      /^「\S+」應由 陳志明 Chen Zhiming 辦理，不是 黃淑芬 Huang Shufen '.+' is for 陳志明 Chen Zhiming to take, not 黃淑芬 Huang Shufen$/,
    );
    const withdrawn = await s.http('POST', `/tariff-changes/${id}/withdraw`, { as: 'sales' });
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  it('a change can only be based on a locked version', async () => {
    const d = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: { title: 'draft', effectiveFrom: today(), lines: [oceanLine()] },
    });
    expect((await propose({ baseVersionNo: d.body.versionNo })).status).toBe(409);
    expect((await propose({ baseVersionNo: 999999 })).status).toBe(404);
  });

  it('only salespeople and commerce propose; the role is checked before anything is written', async () => {
    const res = await propose({}, 'gm');
    expect(res.status).toBe(403);
    const list = await s.http('GET', '/tariff-changes', { as: 'gm' });
    expect(list.body.items.every((c: { proposedBy: string }) => c.proposedBy !== 'gm')).toBe(true);
    // The list names each proposer by display name, as the change page does (try-out s13: the tariffs page showed the login).
    const names = Object.fromEntries(
      (await s.db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]),
    );
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const c of list.body.items as { proposedBy: string; proposedByName: string | null }[])
      expect(c.proposedByName).toBe(names[c.proposedBy]);
  });
});
