/**
 * The prospects pipeline 客戶開發 (issue 14, §3.2.1–§3.2.4) over real HTTP on the dev server: a salesperson's
 * prospective customer as a lead, the stage steps with `actions`, the risk assessment 風險評估 needed before
 * negotiating and shown to commerce in the quote's review context, `signed` set by the contract signature,
 * lost with a reason and reopened; who sees what; audit, idempotency and 4xx that change nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, completeQuoteChain, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
let custA: string;
let custB: string;
let theirs: string;
let formal: string;

const refused = async (p: Promise<{ status: number; body: any }>, status: number, reason?: string) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body).slice(0, 600)).toBe(status);
  if (reason) expect(r.body.details?.reason).toBe(reason);
  return r.body;
};
const keyed = (key: string) => ({ 'idempotency-key': key });
const customer = async (as: string) =>
  (await ok(s.http('POST', '/customers', { as, body: newCustomer() }), 201)).customerNo as string;
const assessment = {
  businessScope: '電子元件進出口 electronic components import and export',
  yearsTrading: 12,
  annualContainers: 300,
  financialStanding: '註冊資本 500 萬，無負債 capital 5 M, no debts',
  paymentHistory: '供應商推薦：準時付款 supplier reference: pays on time',
  riskLevel: 'medium',
  reasons: '新客戶，量大 new customer, large volume',
};
const steps = (p: any) => p.actions.map((a: any) => `${a.step}:${a.allowed ? 'yes' : a.reason}`);
const prospectRows = async (id: number) =>
  (
    await sql<{
      stage: string;
    }>`select stage from prospects where id = ${id}`.execute(s.db)
  ).rows;
const auditOf = async (id: number) =>
  (
    await sql<{
      action: string;
      actor_role: string;
    }>`select action, actor_role from audit_log where record_type = 'prospect' and record_id = ${String(id)} order by id`.execute(
      s.db,
    )
  ).rows;

beforeAll(async () => {
  s = await startStack();
  await lockStandardTariff(s);
  custA = await customer('sales');
  custB = await customer('sales');
  theirs = await customer('sales_b');
  formal = await customer('sales');
  await ok(s.http('POST', `/customers/${formal}/status`, { as: 'commerce', body: { event: 'customer.formalized' } }));
});
afterAll(async () => s?.close());

describe('the prospects pipeline', () => {
  let id: number;

  it('a salesperson takes a prospective customer in as a lead, once; bad input changes nothing', async () => {
    const body = { customerNo: custA, source: '展會 trade fair', note: '華南展會認識 met at the fair' };
    await refused(s.http('POST', '/prospects', { as: 'auditor', body }), 403, 'read_only');
    await refused(s.http('POST', '/prospects', { as: 'sales_manager', body }), 403, 'role_not_allowed');
    await refused(s.http('POST', '/prospects', { as: 'sales', body: { ...body, stage: 'signed' } }), 400);
    await refused(s.http('POST', '/prospects', { as: 'sales', body: { customerNo: theirs } }), 404);
    await refused(s.http('POST', '/prospects', { as: 'sales', body: { customerNo: formal } }), 422, 'not_prospective');
    expect((await sql`select 1 from prospects`.execute(s.db)).rows).toEqual([]);

    const created = await ok(s.http('POST', '/prospects', { as: 'sales', body, headers: keyed('p-create-1') }), 201);
    id = created.id;
    expect(created).toMatchObject({
      customerNo: custA,
      ownerId: 'sales',
      stage: 'lead',
      stageLabel: { zh: '潛在客戶', en: 'Lead' },
      source: body.source,
      riskAssessment: null,
      riskLevel: null,
    });
    expect(steps(created)).toEqual(['contact:yes', 'risk-assessment:yes', 'lose:yes']);
    expect(created.actions.find((a: any) => a.step === 'lose')).toMatchObject({ commentRequired: true });
    const again = await ok(s.http('POST', '/prospects', { as: 'sales', body, headers: keyed('p-create-1') }));
    expect(again.id).toBe(id);
    await refused(s.http('POST', '/prospects', { as: 'sales', body: { customerNo: custA } }), 409, 'duplicate');
    await refused(
      s.http('POST', '/prospects', { as: 'sales', body: { customerNo: custB }, headers: keyed('p-create-1') }),
      422,
    );
    expect(await auditOf(id)).toEqual([{ action: 'prospect.created', actor_role: 'sales' }]);
  });

  it('moves stage by stage; negotiating needs the risk assessment; each step audited and idempotent', async () => {
    await refused(s.http('POST', `/prospects/${id}/negotiate`, { as: 'sales' }), 409, 'wrong_state');
    await ok(s.http('POST', `/prospects/${id}/contact`, { as: 'sales', headers: keyed('p-contact') }));
    await ok(s.http('POST', `/prospects/${id}/contact`, { as: 'sales', headers: keyed('p-contact') }));
    const met = await ok(s.http('POST', `/prospects/${id}/appointment`, { as: 'sales', body: {} }));
    expect(met.stage).toBe('appointment');
    expect(steps(met)).toEqual(['negotiate:risk_assessment_required', 'risk-assessment:yes', 'lose:yes']);
    await refused(s.http('POST', `/prospects/${id}/negotiate`, { as: 'sales' }), 422, 'risk_assessment_required');

    // A bad assessment is refused at the field and stores nothing.
    for (const bad of [
      { ...assessment, riskLevel: 'extreme' },
      { ...assessment, yearsTrading: -1 },
      { ...assessment, reasons: '' },
      { ...assessment, extra: 1 },
      { ...assessment, businessScope: 'a\u202eb' },
    ])
      await refused(s.http('POST', `/prospects/${id}/risk-assessment`, { as: 'sales', body: bad }), 400);
    await refused(s.http('POST', `/prospects/${id}/risk-assessment`, { as: 'sales_b', body: assessment }), 404);
    await refused(
      s.http('POST', `/prospects/${id}/risk-assessment`, { as: 'auditor', body: assessment }),
      403,
      'read_only',
    );
    expect((await sql`select 1 from prospect_risk_assessments`.execute(s.db)).rows).toEqual([]);

    const assessed = await ok(
      s.http('POST', `/prospects/${id}/risk-assessment`, { as: 'sales', body: assessment, headers: keyed('p-risk') }),
    );
    await ok(
      s.http('POST', `/prospects/${id}/risk-assessment`, { as: 'sales', body: assessment, headers: keyed('p-risk') }),
    );
    expect(assessed.riskAssessment).toMatchObject({
      businessScope: assessment.businessScope,
      yearsTrading: 12,
      annualContainers: 300,
      financialStanding: assessment.financialStanding,
      paymentHistory: assessment.paymentHistory,
      riskLevel: 'medium',
      riskLevelLabel: { zh: '中風險', en: 'Medium risk' },
      reasons: assessment.reasons,
      assessedBy: 'sales',
    });
    expect(assessed.assessments).toBe(1);
    expect(steps(assessed)[0]).toBe('negotiate:yes');

    const negotiating = await ok(
      s.http('POST', `/prospects/${id}/negotiate`, { as: 'sales', headers: keyed('p-neg') }),
    );
    expect(negotiating.stage).toBe('negotiating');
    await ok(s.http('POST', `/prospects/${id}/negotiate`, { as: 'sales', headers: keyed('p-neg') }));
    expect(await auditOf(id)).toEqual([
      { action: 'prospect.created', actor_role: 'sales' },
      { action: 'prospect.contacted', actor_role: 'sales' },
      { action: 'prospect.appointment_made', actor_role: 'sales' },
      { action: 'prospect.assessed', actor_role: 'sales' },
      { action: 'prospect.negotiating', actor_role: 'sales' },
    ]);
    expect(negotiating.history.map((h: any) => h.actionLabel.zh)).toContain('開始洽談');
  });

  it('lost with a reason, then reopened; a step of another’s prospect is 404 and of the wrong stage 409', async () => {
    const other = await ok(s.http('POST', '/prospects', { as: 'sales', body: { customerNo: custB } }), 201);
    await refused(s.http('POST', `/prospects/${other.id}/lose`, { as: 'sales', body: {} }), 400);
    await refused(s.http('POST', `/prospects/${other.id}/lose`, { as: 'sales', body: { comment: '  ' } }), 400);
    await refused(s.http('POST', `/prospects/${other.id}/contact`, { as: 'sales_b' }), 404);
    await refused(s.http('POST', `/prospects/${other.id}/reopen`, { as: 'sales' }), 409, 'wrong_state');
    expect(await prospectRows(other.id)).toEqual([{ stage: 'lead' }]);
    const lost = await ok(
      s.http('POST', `/prospects/${other.id}/lose`, { as: 'sales', body: { comment: '價格太高 price too high' } }),
    );
    expect(lost).toMatchObject({ stage: 'lost', lostReason: '價格太高 price too high' });
    expect(steps(lost)).toEqual(['reopen:yes']);
    const reopened = await ok(s.http('POST', `/prospects/${other.id}/reopen`, { as: 'sales' }));
    expect(reopened).toMatchObject({ stage: 'contacted', lostReason: null });
    await refused(s.http('POST', '/prospects/999999/contact', { as: 'sales' }), 404);
    await refused(s.http('POST', '/prospects/abc/contact', { as: 'sales' }), 400);
  });

  it('owner sees own, the sales manager the team, marketing manager / GM / auditors all, others nothing', async () => {
    const mine = await ok(s.http('GET', '/prospects', { as: 'sales' }));
    expect(mine.items.map((p: any) => p.customerNo).sort()).toEqual([custA, custB].sort());
    expect(mine.byStage.find((b: any) => b.stage === 'negotiating')).toMatchObject({ count: 1 });
    // The pipeline's own create action: for the salesperson, whom POST /prospects lets in; nobody else.
    expect(mine.actions).toEqual([expect.objectContaining({ step: 'create', method: 'POST', path: '/prospects' })]);
    for (const as of ['sales_manager', 'gm', 'auditor'])
      expect((await ok(s.http('GET', '/prospects', { as }))).actions, as).toEqual([]);
    const filtered = await ok(s.http('GET', '/prospects?stage=negotiating', { as: 'sales_manager' }));
    expect(filtered).toMatchObject({ total: 1, items: [{ id, riskLevel: 'medium', ownerName: expect.any(String) }] });
    expect((await ok(s.http('GET', `/prospects?q=${encodeURIComponent(custB)}`, { as: 'gm' }))).total).toBe(1);
    for (const as of ['marketing_manager', 'gm', 'auditor'])
      expect((await ok(s.http('GET', `/prospects/${id}`, { as }))).actions, as).toEqual([]);
    for (const as of ['sales_b', 'sales_manager_b']) {
      await refused(s.http('GET', `/prospects/${id}`, { as }), 404);
      expect((await ok(s.http('GET', '/prospects', { as }))).items).toEqual([]);
    }
    await refused(s.http('GET', '/prospects', { as: 'commerce' }), 403);
    await refused(s.http('GET', '/prospects?stage=won', { as: 'sales' }), 400);
    await refused(s.http('POST', `/prospects/${id}/lose`, { as: 'auditor', body: { comment: 'x' } }), 403, 'read_only');
  });

  it('commerce sees the assessment in the review context; the first contract’s signature sets the prospect signed', async () => {
    const draft = async (customerNo: string) =>
      (
        await ok(
          s.http('POST', '/quotes', {
            as: 'sales',
            body: {
              customerNo,
              validUntil: addDays(today(), 30),
              lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
            },
          }),
          201,
        )
      ).quoteNo as string;
    const ctx = await ok(s.http('GET', `/quotes/${await draft(custA)}/review-context`, { as: 'commerce' }));
    expect(ctx.riskAssessment).toMatchObject({ riskLevel: 'medium', yearsTrading: 12, reasons: assessment.reasons });
    expect(ctx.riskAssessmentMissing).toBe(false);
    expect(ctx.prospect).toMatchObject({ id, stage: 'negotiating' });
    const none = await ok(s.http('GET', `/quotes/${await draft(custB)}/review-context`, { as: 'commerce' }));
    expect(none).toMatchObject({ riskAssessment: null, riskAssessmentMissing: true });

    await completeQuoteChain(s, custA);
    const signed = await ok(s.http('GET', `/prospects/${id}`, { as: 'sales' }));
    expect(signed).toMatchObject({ stage: 'signed', customerStatus: 'formal', actions: [] });
    expect(signed.quotes.some((q: any) => q.contractNo && q.signedOn)).toBe(true);
    expect(signed.history.at(-1)).toMatchObject({ action: 'prospect.signed', actorRole: 'system', toState: 'signed' });
    expect((await auditOf(id)).filter((a) => a.action === 'prospect.signed')).toHaveLength(1);
    await refused(s.http('POST', `/prospects/${id}/lose`, { as: 'sales', body: { comment: 'x' } }), 409, 'wrong_state');

    // The customer card shows where the customer came from: its prospect, stage and risk assessment in short.
    for (const as of ['sales', 'sales_manager', 'gm', 'auditor']) {
      const card = await ok(s.http('GET', `/customers/${custA}`, { as }));
      expect(card.prospect, as).toMatchObject({
        id,
        stage: 'signed',
        stageLabel: { zh: expect.any(String), en: expect.any(String) },
        riskAssessment: { riskLevel: 'medium', reasons: assessment.reasons, riskLevelLabel: { en: 'Medium risk' } },
      });
      // Its audited history, oldest first, with names and labels: the stage changes up to the signature.
      expect(
        card.prospect.history.map((h: any) => h.action),
        as,
      ).toEqual([
        'prospect.created',
        'prospect.contacted',
        'prospect.appointment_made',
        'prospect.assessed',
        'prospect.negotiating',
        'prospect.signed',
      ]);
      expect(card.prospect.history.at(-1), as).toMatchObject({
        fromState: 'negotiating',
        toState: 'signed',
        toStateLabel: { zh: expect.any(String), en: expect.any(String) },
      });
    }
    // Commerce reads the customer but not the pipeline: no prospect to link to; a customer never in it has none.
    expect((await ok(s.http('GET', `/customers/${custA}`, { as: 'commerce' }))).prospect).toBeNull();
    expect((await ok(s.http('GET', `/customers/${formal}`, { as: 'sales' }))).prospect).toBeNull();
    const reopened = (await ok(s.http('GET', `/customers/${custB}`, { as: 'sales' }))).prospect;
    expect(reopened).toMatchObject({ stage: 'contacted', riskAssessment: null, lostReason: null });
    // Lost and reopened: the reason stays in the history.
    expect(reopened.history.find((h: any) => h.action === 'prospect.lost')).toMatchObject({
      toState: 'lost',
      comment: '價格太高 price too high',
      actorName: expect.any(String),
    });
  });

  it('a manager filters by salesperson in sight (counts follow); out of sight is empty; a salesperson cannot widen', async () => {
    const other = await ok(s.http('POST', '/prospects', { as: 'sales_b', body: { customerNo: theirs } }), 201);
    const counts = (l: any) => Object.fromEntries(l.byStage.map((b: any) => [b.stage, b.count]));
    const owners = (l: any) => [...new Set(l.items.map((p: any) => p.ownerId))];

    const team = await ok(s.http('GET', '/prospects', { as: 'sales_manager' }));
    expect(team.salespeople.map((p: any) => p.id)).toEqual(['sales']);
    expect(team.salespeople[0].name).toEqual(expect.any(String));
    const all = await ok(s.http('GET', '/prospects', { as: 'gm' }));
    expect(all.salespeople.map((p: any) => p.id)).toEqual(expect.arrayContaining(['sales', 'sales_b']));
    expect((await ok(s.http('GET', '/prospects', { as: 'sales' }))).salespeople).toEqual([]);

    const one = await ok(s.http('GET', '/prospects?ownerId=sales_b', { as: 'gm' }));
    expect(one).toMatchObject({ total: 1, items: [{ id: other.id, ownerId: 'sales_b' }] });
    expect(counts(one)).toMatchObject({ lead: 1, contacted: 0, negotiating: 0, signed: 0 });
    const own = await ok(s.http('GET', '/prospects?ownerId=sales', { as: 'gm' }));
    expect(owners(own)).toEqual(['sales']);
    expect(own.total + one.total).toBe(all.total);
    expect(counts(own).lead).toBe(counts(all).lead - 1);

    // Out of the manager's sight, or a salesperson naming another: an empty answer, counts all nought.
    const outOfSight: [string, string][] = [
      ['sales_manager', 'sales_b'],
      ['sales', 'sales_b'],
      ['sales_b', 'sales'],
      ['sales_manager', 'nobody'],
    ];
    for (const [as, ownerId] of outOfSight) {
      const none = await ok(s.http('GET', `/prospects?ownerId=${ownerId}`, { as }));
      expect(none, `${as} ${ownerId}`).toMatchObject({ total: 0, items: [] });
      expect(Object.values(counts(none)).every((n) => n === 0)).toBe(true);
    }
    expect((await ok(s.http('GET', '/prospects?ownerId=sales', { as: 'sales_manager' }))).total).toBe(team.total);
    await refused(s.http('GET', `/prospects?ownerId=${'x'.repeat(200)}`, { as: 'gm' }), 400);
  });
});
