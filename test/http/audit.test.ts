import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateLabel } from '../../domain/labels';
import { AUDITED_RECORD_TYPES, RECORD_TYPE_LABELS } from '../../domain/record-types';
import { businessDateTime, businessTimeZone } from '../../lib/dates';
import { completeQuoteChain, lockStandardTariff, newCustomer } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let quoteNo: string;

beforeAll(async () => {
  s = await startStack();
  await lockStandardTariff(s);
  const customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
  quoteNo = await completeQuoteChain(s, customerNo);
  // A step the workflow's validator refuses: the quote is finished.
  await s.http('POST', `/quotes/${quoteNo}/approve`, { as: 'commerce' });
});
afterAll(async () => s?.close());

const customerOf = async (no: string): Promise<string> =>
  (await s.http('GET', `/quotes/${no}`, { as: 'auditor' })).body.customerNo as string;

describe('an auditor', () => {
  it('reads the history of every record type the audit log holds (try-out s13: a statement’s or receipt’s history was a zod enum dump)', async () => {
    const month = businessDateTime(new Date()).slice(0, 7);
    // A record id with a colon and an underscore: the monthly sheet's budget is `owner:month`.
    expect(
      (await s.http('PUT', `/container-volume-budgets/${month}`, { as: 'sales', body: { budgetContainers: 4 } }))
        .status,
    ).toBe(200);
    const types = (
      await sql<{ record_type: string; record_id: string }>`
        select distinct on (record_type) record_type, record_id from audit_log order by record_type, id`.execute(s.db)
    ).rows;
    expect(types.map((t) => t.record_type)).toEqual(
      expect.arrayContaining(['quote', 'customer', 'container_volume_budget']),
    );
    for (const t of types) {
      expect(AUDITED_RECORD_TYPES, t.record_type).toContain(t.record_type);
      expect(RECORD_TYPE_LABELS[t.record_type], t.record_type).toBeDefined();
      const res = await s.http('GET', `/audit/records/${t.record_type}/${encodeURIComponent(t.record_id)}/history`, {
        as: 'auditor',
      });
      expect(res.status, `${t.record_type} ${t.record_id}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(
        (res.body.entries as { source: string }[]).some((e) => e.source === 'audit'),
        t.record_type,
      ).toBe(true);
    }
    // A type the log never holds is a 400 naming the field, not a history.
    expect((await s.http('GET', '/audit/records/invoice/1/history', { as: 'auditor' })).status).toBe(400);
  });

  it('reads one merged history of a completed quote: audit rows, workflow updates, activities, with a Web UI link', async () => {
    const res = await s.http('GET', `/audit/records/quote/${quoteNo}/history`, { as: 'auditor' });
    expect(res.status).toBe(200);
    expect(res.body.temporalUiUrl).toContain(encodeURIComponent(res.body.workflowId));
    const entries = res.body.entries as { at: string; source: string; kind: string; summary: string }[];
    const sources = new Set(entries.map((e) => e.source));
    expect(sources).toEqual(new Set(['audit', 'workflow']));
    expect(entries.filter((e) => e.source === 'audit').map((e) => e.kind)).toContain('contract.approved');
    expect(entries.some((e) => e.kind === 'workflow_execution_update_accepted')).toBe(true);
    expect(entries.some((e) => e.kind === 'activity_task_scheduled' && e.summary.includes('recordQuoteStep'))).toBe(
      true,
    );
    expect(entries.some((e) => e.kind === 'timer_started')).toBe(true);
    expect([...entries].map((e) => e.at)).toEqual([...entries].map((e) => e.at).sort());
    // Each workflow event named in both languages for an auditor — two different texts, no raw key or handler
    // name in them (those stay in kind / summary / detail).
    const workflow = (
      entries as unknown as { source: string; kind: string; label: { zh: string; en: string } }[]
    ).filter((e) => e.source === 'workflow');
    for (const e of workflow) {
      expect(e.label.zh, e.kind).not.toBe(e.label.en);
      expect(e.label.zh, e.kind).toMatch(/[\u4e00-\u9fff]/);
      expect(`${e.label.zh} ${e.label.en}`, e.kind).not.toMatch(/[a-z]+_[a-z_]+|recordQuoteStep/);
    }
    expect(workflow.find((e) => e.kind === 'workflow_execution_started')?.label).toEqual({
      zh: '流程已啟動',
      en: 'Process started',
    });
    expect(workflow.find((e) => e.kind === 'workflow_execution_update_accepted')?.label).toEqual({
      zh: '步驟請求已通過檢查並接受',
      en: 'Step request checked and accepted',
    });
  });

  it('sees steps the workflow refused, with who tried and why', async () => {
    const q = await s.http('GET', '/quotes?limit=1', { as: 'sales' });
    expect(q.status).toBe(200);
    // A live quote whose commerce review is refused by segregation of duties is not reachable by role;
    // a finished quote refuses in the API before Temporal, so refuse in the validator: submit twice.
    const created = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo: q.body.items[0].customerNo,
        validUntil: '2099-01-01',
        lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
      },
    });
    const no = created.body.quoteNo;
    await s.http('POST', `/quotes/${no}/submit`, { as: 'sales' });
    const again = await s.http('POST', `/quotes/${no}/submit`, { as: 'sales' });
    expect(again.status).toBe(409);
    const res = await s.http('GET', `/audit/records/quote/${no}/history`, { as: 'auditor' });
    const refused = res.body.entries.find((e: { source: string }) => e.source === 'rejection');
    expect(refused).toMatchObject({ kind: 'quote.submitted.refused', detail: { actorId: 'sales', code: 'conflict' } });
  });

  it('measures how long each step took, across quotes and for one quote', async () => {
    const all = await s.http('GET', '/audit/step-durations?recordType=quote', { as: 'auditor' });
    expect(all.status).toBe(200);
    const gm = all.body.steps.find((x: { step: string }) => x.step === 'budget_review');
    // Each state by the name the audit log gives it (domain/labels.ts), never the raw key alone.
    expect(gm).toMatchObject({ completed: 1, stepLabel: stateLabel('quote', 'budget_review') });
    for (const x of all.body.steps) expect(x.stepLabel.zh).not.toBe(x.step);
    expect(gm.avgMs).toBeGreaterThanOrEqual(0);
    const one = await s.http('GET', `/audit/step-durations?recordType=quote&recordId=${quoteNo}`, { as: 'auditor' });
    const steps = one.body.stays.map((x: { step: string }) => x.step);
    expect(steps).toEqual([
      'draft',
      'commerce_review',
      'draft',
      'commerce_review',
      'awaiting_customer',
      'internal_quote',
      'budget_review',
      'contract_drafting',
      'contract_review',
      'contract_approval',
      'contract_issued',
      'signed',
      'costed',
    ]);
    expect(one.body.stays.at(-1).open).toBe(true);
    expect(one.body.stays[0].stepLabel).toEqual({ zh: '草稿', en: 'Draft' });
  });

  it('searches the log and exports it as CSV that Excel reads as UTF-8, and as JSON', async () => {
    const found = await s.http('GET', `/audit?recordType=quote&recordId=${quoteNo}&role=gm`, { as: 'auditor' });
    expect(found.body.items.map((i: { action: string }) => i.action)).toEqual(['budget.approved', 'contract.approved']);
    // Keys come with their names: the actor's display name, the event's and the states' labels (domain/labels.ts).
    await s.db.updateTable('users').set({ display_name: '陳總 GM Chen' }).where('id', '=', 'gm').execute();
    const named = await s.http('GET', `/audit?recordType=quote&recordId=${quoteNo}&role=gm`, { as: 'auditor' });
    expect(named.body.items[0]).toMatchObject({
      actorName: '陳總 GM Chen',
      actionLabel: { zh: '核准成本預算', en: 'Approve cost budget' },
      fromStateLabel: { zh: '成本預算審批', en: 'Cost budget review' },
      toStateLabel: { zh: '合同編輯', en: 'Contract drafting' },
    });
    const res = await fetch(`${s.baseUrl}/audit/export?recordType=quote&recordId=${quoteNo}`, {
      headers: { authorization: `Bearer ${await s.token('auditor')}` },
    });
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split('\r\n');
    // `at` in business time as the screen shows it, the zone named in the header; the UTC instant beside.
    expect(lines[0]).toBe(
      `id,at (${businessTimeZone()}),atUtc,actorId,actorName,actorRole,onBehalfOf,onBehalfOfName,recordType,recordId,action,actionLabel,fromState,fromStateLabel,toState,toStateLabel,comment,changes,rowHash`,
    );
    const [, at, atUtc] = lines[1]!.split(',');
    expect(at).toBe(businessDateTime(new Date(atUtc!), { seconds: true }));
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(lines).toHaveLength(1 + 13);
    expect(text).toContain('請調整 please adjust');
    // A comment that a spreadsheet would run as a formula is exported as text (leading apostrophe).
    const other = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo: await customerOf(quoteNo),
        validUntil: '2099-01-01',
        lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
      },
    });
    const formula = '=HYPERLINK("http://example.invalid","click"), -1';
    expect(
      (
        await s.http('POST', `/quotes/${other.body.quoteNo}/cancel`, {
          as: 'sales_manager',
          body: { comment: formula },
        })
      ).status,
    ).toBe(200);
    const cancelled = await fetch(`${s.baseUrl}/audit/export?recordType=quote&recordId=${other.body.quoteNo}`, {
      headers: { authorization: `Bearer ${await s.token('auditor')}` },
    });
    const rows = (await cancelled.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows.at(-1)).toContain(`,"'=HYPERLINK(""http://example.invalid"",""click""), -1",`);
    const json = await s.http('GET', `/audit/export?format=json&recordType=quote&recordId=${quoteNo}`, {
      as: 'auditor',
    });
    expect(json.body).toHaveLength(13);
    expect((await s.http('GET', '/audit', { as: 'gm' })).status).toBe(403);
  });

  it('finds an actor by display name as well as by login, and refuses a range whose To is before its From', async () => {
    await s.db.updateTable('users').set({ display_name: '陳志明 Chen Zhiming' }).where('id', '=', 'sales').execute();
    const byLogin = await s.http('GET', `/audit?actorId=sales&recordId=${quoteNo}`, { as: 'auditor' });
    expect(byLogin.body.total).toBeGreaterThan(0);
    for (const name of ['陳志明', 'chen zhiming']) {
      const byName = await s.http('GET', `/audit?actorId=${encodeURIComponent(name)}&recordId=${quoteNo}`, {
        as: 'auditor',
      });
      expect(byName.body.total, name).toBe(byLogin.body.total);
    }
    const csv = await fetch(`${s.baseUrl}/audit/export?actorId=${encodeURIComponent('陳志明')}&recordId=${quoteNo}`, {
      headers: { authorization: `Bearer ${await s.token('auditor')}` },
    });
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(1 + byLogin.body.total);
    for (const path of ['/audit', '/audit/export']) {
      const reversed = await s.http('GET', `${path}?from=2026-12-31&to=2026-01-01`, { as: 'auditor' });
      expect(reversed.status, path).toBe(400);
      expect(reversed.body.details.fields).toEqual([{ path: 'querystring.to', message: 'must not be before from' }]);
    }
  });

  it('finds the chain intact, and the database refuses to change or delete audit rows', async () => {
    const v = await s.http('GET', '/audit/verify', { as: 'auditor' });
    expect(v.body).toMatchObject({ intact: true });
    expect(v.body.rows).toBeGreaterThan(15);
    await expect(sql`update audit_log set comment = 'rewritten'`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(s.db)).rejects.toThrow(/append-only/);
  });

  it('sees verification fail at the row someone edited behind the application’s back', async () => {
    const row = await s.db
      .selectFrom('audit_log')
      .select('id')
      .where('record_id', '=', quoteNo)
      .where('action', '=', 'budget.approved')
      .executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(s.db);
    await sql`update audit_log set comment = 'approved in a hurry' where id = ${row.id}`.execute(s.db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(s.db);
    const v = await s.http('GET', '/audit/verify', { as: 'auditor' });
    expect(v.body).toMatchObject({ intact: false, brokenAtId: row.id, reason: 'content_changed' });
  });
});
