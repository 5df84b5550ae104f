/**
 * Reference data the admin owns (issue 12, settings): the standard contract terms. The admin publishes
 * the next version (audited, idempotent, based on the latest); contracts drafted afterwards use it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { completeQuoteChain, lockStandardTariff, newCustomer } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => s?.close());

const keyed = (key: string) => ({ headers: { 'idempotency-key': key } });

describe('the standard contract terms 「標準合同條款」', () => {
  it('the admin publishes a new version once per key; stale or unchanged edits are 409; others may only read', async () => {
    const list = await s.http('GET', '/contract-templates', { as: 'admin' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { version: number; latest: boolean }) => [t.version, t.latest])).toEqual([
      [1, true],
    ]);
    const v1 = list.body.items[0];
    const clauses = v1.clauses.map((c: { no: string; title: string; text: string }) =>
      c.no === '4' ? { ...c, text: '雙方每月25日對帳，甲方於對帳確認後三十日內付清款項。' } : c,
    );
    const body = { basedOnVersion: 1, title: v1.title, clauses };

    expect((await s.http('POST', '/contract-templates', { as: 'commerce', body })).status).toBe(403);
    expect((await s.http('POST', '/contract-templates', { as: 'auditor', body })).status).toBe(403);
    expect(
      (await s.http('POST', '/contract-templates', { as: 'admin', body: { ...body, clauses: v1.clauses } })).body,
    ).toEqual({
      code: 'conflict',
      message: '與第 1 版相比沒有任何變更 Nothing changed against version 1',
      details: { reason: 'unchanged' },
    });

    const published = await s.http('POST', '/contract-templates', { as: 'admin', body, ...keyed('terms-v2') });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, latest: true });
    // A retry answers the same version and publishes nothing more.
    const retry = await s.http('POST', '/contract-templates', { as: 'admin', body, ...keyed('terms-v2') });
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(2);
    // Another admin edit based on version 1 is stale now.
    const stale = await s.http('POST', '/contract-templates', {
      as: 'admin',
      body: { ...body, title: '另一版 another' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.details).toMatchObject({ reason: 'stale_version', latestVersion: 2 });
    expect(stale.body.message).toMatch(
      /^最新版本是第 2 版（您編輯的是第 1 版）：請重新載入後再編輯 Version 2 is the latest/,
    );

    const after = await s.http('GET', '/contract-templates', { as: 'auditor' });
    expect(after.body.items.map((t: { version: number; latest: boolean }) => [t.version, t.latest])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await s.http('GET', '/contract-templates/1', { as: 'gm' })).body.clauses).toEqual(v1.clauses);
    expect((await s.http('GET', '/contract-templates/7', { as: 'gm' })).status).toBe(404);
    expect((await s.http('GET', '/contract-templates', { as: 'sales' })).status).toBe(403);

    const audit = await listAuditForRecord(s.db, 'contract_template', '2');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'contract_template.published',
      actor_id: 'admin',
      changes: { basedOnVersion: 1, clausesChanged: ['4'], clausesRemoved: [] },
    });
  });

  it('a contract drafted after the publication uses the new version', async () => {
    await lockStandardTariff(s);
    const customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
    const no = await completeQuoteChain(s, customerNo);
    expect((await s.http('GET', `/quotes/${no}`, { as: 'commerce' })).body.contract.templateVersion).toBe(2);
  });

  it('a malformed publication is 400 naming the field and changes nothing', async () => {
    const bad = await s.http('POST', '/contract-templates', {
      as: 'admin',
      body: {
        basedOnVersion: 2,
        title: 'x',
        clauses: [
          { no: '1', title: 'a', text: 'a' },
          { no: '1', title: 'b', text: 'b' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toContain('clauses');
    expect((await s.http('GET', '/contract-templates', { as: 'admin' })).body.items).toHaveLength(2);
  });
});
