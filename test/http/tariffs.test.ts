import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';
import { addDays, customsLine, oceanLine, today } from '../support/fixtures';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  await s.addUser('gm2', 'gm');
  await s.addUser('commerce2', 'commerce');
});
afterAll(async () => s?.close());

const draft = (key?: string, over: Record<string, unknown> = {}) =>
  s.http('POST', '/tariffs', {
    as: 'commerce',
    body: {
      title: '2026 標準報價 standard tariff',
      effectiveFrom: today(),
      lines: [oceanLine(), customsLine()],
      ...over,
    },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

describe('standard tariff over HTTP', () => {
  it('commerce drafts, submits, the GM approves and the version is locked and in force', async () => {
    const created = await draft();
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', pendingRole: 'commerce', draftedBy: 'commerce' });
    expect(created.body.lines).toHaveLength(2);
    expect(created.body.lines[0]).toMatchObject({
      price: '2450.00',
      currency: 'USD',
      serviceTypeLabel: '海運 Ocean freight',
    });
    const no = created.body.versionNo as number;

    const submitted = await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce', body: {} });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'pending_gm', pendingRole: 'gm', submittedBy: 'commerce' });
    const asGm = (await s.http('GET', `/tariffs/${no}`, { as: 'gm' })).body;
    expect(asGm.actions.map((a: { step: string; allowed: boolean }) => [a.step, a.allowed])).toEqual([
      ['approve', true],
      ['return', true],
    ]);

    const approved = await s.http('POST', `/tariffs/${no}/approve`, {
      as: 'gm',
      body: { comment: '同意 agreed' },
      headers: { 'idempotency-key': 'final-approve' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'locked', approvedBy: 'gm', pendingRole: null });
    expect(approved.body.history.map((h: { action: string }) => h.action)).toEqual([
      'tariff.drafted',
      'tariff.submitted',
      'tariff.approved',
    ]);

    const inForce = await s.http('GET', '/tariffs/in-force', { as: 'sales' });
    expect(inForce.status).toBe(200);
    expect(inForce.body.versionNo).toBe(no);

    // The final step replayed with its key, after the process has finished: the same answer, nothing new.
    const replay = await s.http('POST', `/tariffs/${no}/approve`, {
      as: 'gm',
      body: { comment: '同意 agreed' },
      headers: { 'idempotency-key': 'final-approve' },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.history).toHaveLength(3);

    const edit = await s.http('PUT', `/tariffs/${no}/lines`, {
      as: 'commerce',
      body: { lines: [oceanLine({ price: '1.00' })] },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('conflict');
  });

  it('the GM returns a version with a comment, commerce edits and resubmits', async () => {
    const no = (await draft()).body.versionNo;
    await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
    const noComment = await s.http('POST', `/tariffs/${no}/return`, { as: 'gm', body: {} });
    expect(noComment.status).toBe(400);
    const returned = await s.http('POST', `/tariffs/${no}/return`, {
      as: 'gm',
      body: { comment: '價格太低 price too low' },
    });
    expect(returned.body).toMatchObject({ status: 'draft', pendingRole: 'commerce' });
    const edited = await s.http('PUT', `/tariffs/${no}/lines`, {
      as: 'commerce',
      body: { lines: [oceanLine({ price: '2600.00' })], title: 'revised' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'revised', status: 'draft' });
    expect(edited.body.lines).toHaveLength(1);
    expect(edited.body.lines[0].price).toBe('2600.00');
  });

  it('a retried create with the same Idempotency-Key returns the same draft', async () => {
    const a = await draft('create-key-1');
    const b = await draft('create-key-1');
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.versionNo).toBe(a.body.versionNo);
    expect(b.body.history).toHaveLength(1);
  });

  it('a retried step with the same Idempotency-Key is applied once', async () => {
    const no = (await draft()).body.versionNo;
    const headers = { 'idempotency-key': 'submit-once' };
    const first = await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce', headers });
    const again = await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce', headers });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.history.filter((h: { action: string }) => h.action === 'tariff.submitted')).toHaveLength(1);
  });

  it('the wrong role gets 403 and nothing changes', async () => {
    const no = (await draft()).body.versionNo;
    const bySales = await s.http('POST', `/tariffs/${no}/submit`, { as: 'sales' });
    expect(bySales.status).toBe(403);
    expect(bySales.body.details.reason).toBe('role_not_allowed');
    const approveDraft = await s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' });
    expect(approveDraft.status).toBe(409);
    expect(approveDraft.body.details.reason).toBe('wrong_state');
    const asCommerce = (await s.http('GET', `/tariffs/${no}`, { as: 'commerce' })).body;
    expect(
      asCommerce.actions.filter((a: { allowed: boolean }) => a.allowed).map((a: { step: string }) => a.step),
    ).toEqual(['lines', 'submit', 'discard']);
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'gm' })).body.actions).toEqual([]);
    // Discarding ends the draft for good: the desk confirms it first; submitting does not.
    const byStep = Object.fromEntries(
      asCommerce.actions.map((a: { step: string; confirm: boolean }) => [a.step, a.confirm]),
    );
    expect(byStep).toEqual({ lines: false, submit: false, discard: true });
    const createBySales = await s.http('POST', '/tariffs', {
      as: 'sales',
      body: { title: 'x', effectiveFrom: today(), lines: [oceanLine()] },
    });
    expect(createBySales.status).toBe(403);
    const detail = await s.http('GET', `/tariffs/${no}`, { as: 'commerce' });
    expect(detail.body.status).toBe('draft');
    expect(detail.body.history).toHaveLength(1);
  });

  it('a fresh system starts with an empty draft: submitting it is refused (422 no_lines), lines make it submittable', async () => {
    const created = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: { title: '首份原始報價 first tariff', effectiveFrom: today() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.lines).toEqual([]);
    const no = created.body.versionNo as number;
    // The submit button is drawn disabled with its reason; the step itself answers 422 and changes nothing.
    expect(created.body.actions.find((a: { step: string }) => a.step === 'submit')).toMatchObject({
      allowed: false,
      reason: 'no_lines',
    });
    const refused = await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
    expect(refused.status).toBe(422);
    expect(refused.body.details.reason).toBe('no_lines');
    expect(refused.body.message).toMatch(/empty draft.*草稿沒有價目/);
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'commerce' })).body).toMatchObject({
      status: 'draft',
      history: [expect.anything()],
    });
    const filled = await s.http('PUT', `/tariffs/${no}/lines`, { as: 'commerce', body: { lines: [oceanLine()] } });
    expect(filled.status, JSON.stringify(filled.body)).toBe(200);
    expect(filled.body.actions.find((a: { step: string }) => a.step === 'submit').allowed).toBe(true);
    // A draft may be emptied again, and is then refused again.
    const emptied = await s.http('PUT', `/tariffs/${no}/lines`, { as: 'commerce', body: { lines: [] } });
    expect(emptied.status).toBe(200);
    expect((await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' })).body.details.reason).toBe('no_lines');
    await s.http('PUT', `/tariffs/${no}/lines`, { as: 'commerce', body: { lines: [oceanLine(), customsLine()] } });
    const submitted = await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('pending_gm');
  });

  it('salespeople do not see drafts', async () => {
    const no = (await draft()).body.versionNo;
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'sales' })).status).toBe(404);
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'auditor' })).status).toBe(200);
  });

  it('bad input gets a clear 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ title: 'x', effectiveFrom: today(), lines: [oceanLine({ price: '-5' })] }, 'body.lines.0.price'],
      [
        { title: 'x', effectiveFrom: today(), lines: [oceanLine({ serviceType: 'teleport' })] },
        'body.lines.0.serviceType',
      ],
      [{ title: 'x', effectiveFrom: today(), lines: [oceanLine({ price: 2450 })] }, 'body.lines.0.price'],
      [{ title: 'x', effectiveFrom: today(), lines: [oceanLine({ price: '10.123' })] }, 'body.lines.0.price'],
      [{ title: 'x', effectiveFrom: today(), lines: [oceanLine()], status: 'locked' }, 'body.status'],
      [{ title: 'x'.repeat(201), effectiveFrom: today(), lines: [oceanLine()] }, 'body.title'],
      [{ title: 'x', effectiveFrom: '2026-02-30', lines: [oceanLine()] }, 'body.effectiveFrom'],
      [{ title: 'x', effectiveFrom: today(), lines: [oceanLine(), oceanLine()] }, 'body.lines.1'],
      [{ title: 'x', effectiveFrom: today(), lines: 'none' }, 'body.lines'],
    ];
    for (const [body, path] of cases) {
      const res = await s.http('POST', '/tariffs', { as: 'commerce', body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.code).toBe('bad_request');
      expect(res.body.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
  });

  it('two GMs approving at the same moment: one succeeds, the other gets 409', async () => {
    const no = (await draft()).body.versionNo;
    await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
    const results = await Promise.all([
      s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' }),
      s.http('POST', `/tariffs/${no}/approve`, { as: 'gm2' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = await s.http('GET', `/tariffs/${no}`, { as: 'gm' });
    expect(detail.body.history.filter((h: { action: string }) => h.action === 'tariff.approved')).toHaveLength(1);
  });

  it('a later version takes over from its effective date; the earlier one keeps its dates', async () => {
    const future = addDays(today(), 30);
    const no = (await draft(undefined, { effectiveFrom: future })).body.versionNo;
    await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
    await s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' });
    const then = await s.http('GET', `/tariffs/in-force?date=${future}`, { as: 'sales' });
    expect(then.body.versionNo).toBe(no);
    const now = await s.http('GET', `/tariffs/in-force?date=${today()}`, { as: 'sales' });
    expect(now.body.versionNo).not.toBe(no);
    expect(now.body.effectiveTo).toBe(future);
  });
});
