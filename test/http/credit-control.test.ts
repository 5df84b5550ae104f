/**
 * Credit control (issue 13 §3.4.4) over HTTP: a customer on credit hold gets no new job and no delivery
 * without a manager's recorded override (reason, audited, idempotent); the job's actions say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { setCreditHold } from '../../db/collection-case.repository';
import { signedContract } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let contractNo: string;
let customerNo: string;

beforeAll(async () => {
  s = await startStack();
  ({ contractNo, customerNo } = await signedContract(s));
  await s.addUser('credit_sm2', 'sales_manager');
});
afterAll(async () => s?.close());

const brief = (b: unknown) => JSON.stringify(b).slice(0, 400);
const step = async (as: string, jobNo: string, name: string, body?: Record<string, unknown>) => {
  const res = await s.http('POST', `/jobs/${jobNo}/steps/${name}`, { as, ...(body ? { body } : {}) });
  expect(res.status, `${as} ${name}: ${brief(res.body)}`).toBe(200);
  return res.body;
};
const jobBody = () => ({
  contractNo,
  direction: 'import',
  containers: { type: '40HQ', count: 1 },
  cargo: '機械零件 machine parts',
  portOfLoading: 'Hamburg',
  portOfDischarge: '鹽田 Yantian',
});
const openJob = (headers?: Record<string, string>) =>
  s.http('POST', '/jobs', { as: 'sales', body: jobBody(), ...(headers ? { headers } : {}) });
const hold = (onHold: boolean) =>
  s.db.transaction().execute((trx) =>
    setCreditHold(trx, {
      customerNo,
      onHold,
      reason: '異常收款案 1 Collection case 1: 逾期未付',
      caseId: null,
      by: 'gm',
    }),
  );
const expectCreditHold = (res: { status: number; body: any }, scope: string) => {
  expect(res.status, brief(res.body)).toBe(409);
  expect(res.body.code).toBe('conflict');
  expect(res.body.message).toContain('信用凍結');
  expect(res.body.message).toContain('credit hold');
  expect(res.body.details).toMatchObject({
    reason: 'credit_hold',
    customerNo,
    scope,
    holdReason: expect.stringContaining('逾期未付'),
    overrideRoles: ['sales_manager', 'gm'],
  });
};

describe('a customer on credit hold', () => {
  let jobNo: string;

  beforeAll(async () => {
    // A job opened before the hold, walked to the point of delivery.
    const created = await openJob();
    expect(created.status, brief(created.body)).toBe(201);
    jobNo = created.body.jobNo;
    await step('finance', jobNo, 'payment.prepayment_received');
    await step('finance', jobNo, 'payment.lc_opened');
    await step('ocean', jobNo, 'sea.booked');
    await step('ocean', jobNo, 'sea.loaded');
    await step('customs', jobNo, 'customs.declared', { inspectionRequired: false });
    await step('customs', jobNo, 'customs.released');
    await hold(true);
  });

  it('gets no new job: 409 credit_hold naming where a manager overrides it, and nothing is opened', async () => {
    const before = await s.db.selectFrom('jobs').select('job_no').execute();
    const refused = await openJob();
    expectCreditHold(refused, 'job_open');
    expect(refused.body.details.overridePath).toBe(`/contracts/${contractNo}/credit-override`);
    expect(await s.db.selectFrom('jobs').select('job_no').execute()).toHaveLength(before.length);
  });

  it('gets no delivery: the step is refused with the reason, steps before it go on, and the job page says why', async () => {
    await step('operations', jobNo, 'transport.documents_printed');
    const refused = await s.http('POST', `/jobs/${jobNo}/steps/transport.delivery_arranged`, {
      as: 'operations',
      body: { deliveryDate: '2099-01-02', deliveryPlace: '東莞工廠 Dongguan' },
    });
    expectCreditHold(refused, 'delivery');
    expect(refused.body.details.overridePath).toBe(`/jobs/${jobNo}/credit-override`);

    const seenByOps = (await s.http('GET', `/jobs/${jobNo}`, { as: 'operations' })).body;
    expect(seenByOps.creditHold).toMatchObject({ customerNo, override: null, heldSteps: expect.any(Array) });
    expect(seenByOps.actions.find((a: any) => a.step === 'steps/transport.delivery_arranged')).toMatchObject({
      allowed: false,
      reason: 'credit_hold',
    });
    expect(seenByOps.actions.some((a: any) => a.step === 'credit-override')).toBe(false);
    const seenBySm = (await s.http('GET', `/jobs/${jobNo}`, { as: 'sales_manager' })).body;
    expect(seenBySm.actions.find((a: any) => a.step === 'credit-override')).toMatchObject({
      allowed: true,
      path: `/jobs/${jobNo}/credit-override`,
    });
  });

  it('a manager overrides the hold for the job: role and reason checked, audited once, idempotent, then the delivery goes', async () => {
    const path = `/jobs/${jobNo}/credit-override`;
    const reason = { reason: '客戶已承諾週五付款 customer promised payment on Friday' };
    expect((await s.http('POST', path, { as: 'operations', body: reason })).status).toBe(403);
    const byAuditor = await s.http('POST', path, { as: 'auditor', body: reason });
    expect(byAuditor.status).toBe(403);
    expect(byAuditor.body.details.reason).toBe('read_only');
    expect((await s.http('POST', path, { as: 'credit_sm2', body: reason })).status).toBe(404); // another team
    expect((await s.http('POST', path, { as: 'sales_manager', body: {} })).status).toBe(400);
    expect((await s.http('POST', path, { as: 'sales_manager', body: { reason: '  ' } })).status).toBe(400);
    expect(await s.db.selectFrom('credit_hold_overrides').selectAll().execute()).toHaveLength(0);

    const headers = { 'idempotency-key': 'override-job-once' };
    const first = await s.http('POST', path, { as: 'sales_manager', body: reason, headers });
    expect(first.status, brief(first.body)).toBe(200);
    expect(first.body.creditHold.override).toMatchObject({
      scope: 'delivery',
      jobNo,
      grantedBy: 'sales_manager',
      reason: reason.reason,
    });
    expect(first.body.actions.some((a: any) => a.step === 'credit-override')).toBe(false);
    const again = await s.http('POST', path, { as: 'sales_manager', body: reason, headers });
    expect(again.status).toBe(200);
    expect(again.body.creditHold.override.id).toBe(first.body.creditHold.override.id);
    const second = await s.http('POST', path, { as: 'gm', body: reason });
    expect(second.status).toBe(409);
    expect(second.body.details.reason).toBe('wrong_state');
    const audit = (await listAuditForRecord(s.db, 'customer_credit', customerNo)).filter(
      (a) => a.action === 'credit.hold_overridden',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'sales_manager', comment: reason.reason });

    const opsView = (await s.http('GET', `/jobs/${jobNo}`, { as: 'operations' })).body;
    expect(opsView.actions.find((a: any) => a.step === 'steps/transport.delivery_arranged')).toMatchObject({
      allowed: true,
    });
    await step('operations', jobNo, 'transport.delivery_arranged', {
      deliveryDate: '2099-01-02',
      deliveryPlace: '東莞工廠 Dongguan',
    });
  });

  it('a manager’s override of the contract lets exactly one new job open (a retry of that open keeps it)', async () => {
    const path = `/contracts/${contractNo}/credit-override`;
    const reason = { reason: '總經理特批 approved by the GM' };
    expect((await s.http('POST', path, { as: 'sales', body: reason })).status).toBe(403);
    expect((await s.http('POST', '/contracts/HT1999-99999/credit-override', { as: 'gm', body: reason })).status).toBe(
      404,
    );
    const headers = { 'idempotency-key': 'override-contract-once' };
    const granted = await s.http('POST', path, { as: 'gm', body: reason, headers });
    expect(granted.status, brief(granted.body)).toBe(201);
    expect(granted.body).toMatchObject({ scope: 'job_open', contractNo, used: false, grantedBy: 'gm' });
    const replay = await s.http('POST', path, { as: 'gm', body: reason, headers });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(granted.body.id);

    const openKey = { 'idempotency-key': 'open-under-override' };
    const opened = await openJob(openKey);
    expect(opened.status, brief(opened.body)).toBe(201);
    const retried = await openJob(openKey);
    expect(retried.status, brief(retried.body)).toBe(200);
    expect(retried.body.jobNo).toBe(opened.body.jobNo);
    expectCreditHold(await openJob(), 'job_open');
    const row = await s.db
      .selectFrom('credit_hold_overrides')
      .selectAll()
      .where('id', '=', granted.body.id)
      .executeTakeFirstOrThrow();
    expect(row.used_job_no).toBe(opened.body.jobNo);
  });

  it('once the hold is lifted jobs open again, and an override is refused as there is nothing to override', async () => {
    await hold(false);
    expect((await openJob()).status).toBe(201);
    const none = await s.http('POST', `/contracts/${contractNo}/credit-override`, {
      as: 'gm',
      body: { reason: 'x' },
    });
    expect(none.status).toBe(409);
    expect(none.body.details.reason).toBe('wrong_state');
  });

  it('a hold set again voids the overrides of the earlier one', async () => {
    await hold(true);
    const job = (await s.http('GET', `/jobs/${jobNo}`, { as: 'operations' })).body;
    expect(job.creditHold.override).toBeNull();
    await hold(false);
  });
});

describe('a credit limit per customer and currency', () => {
  const limitPath = (currency: string) => `/customers/${customerNo}/credit-limits/${currency}`;

  it('is set by commerce or the GM only, in the currency’s digits, audited once per request', async () => {
    const credit = (await s.http('GET', `/customers/${customerNo}/credit`, { as: 'finance' })).body;
    // The signed contract's quoted USD total (4 × 2450.00 + the L/C fee 150.00), nothing billed yet.
    expect(credit.exposure).toContainEqual({ currency: 'USD', openReceivables: '0.00', unbilledWork: '9950.00' });
    expect(credit.limits).toEqual([]);

    const body = { amount: '9950.00' };
    expect((await s.http('PUT', limitPath('USD'), { as: 'sales', body })).status).toBe(403);
    const byAuditor = await s.http('PUT', limitPath('USD'), { as: 'auditor', body });
    expect(byAuditor.status).toBe(403);
    expect(byAuditor.body.details.reason).toBe('read_only');
    expect((await s.http('PUT', limitPath('USD'), { as: 'commerce', body: { amount: '-1.00' } })).status).toBe(400);
    expect((await s.http('PUT', limitPath('JPY'), { as: 'commerce', body: { amount: '1.5' } })).status).toBe(400);
    expect((await s.http('PUT', limitPath('XXX'), { as: 'commerce', body })).status).toBe(400);
    expect(await s.db.selectFrom('credit_limits').selectAll().execute()).toEqual([]);

    const headers = { 'idempotency-key': 'limit-usd-once' };
    const set = await s.http('PUT', limitPath('USD'), { as: 'commerce', body, headers });
    expect(set.status, brief(set.body)).toBe(200);
    expect(set.body.limits).toEqual([
      expect.objectContaining({ currency: 'USD', limit: '9950.00', exposure: '9950.00', exceeded: false }),
    ]);
    expect((await s.http('PUT', limitPath('USD'), { as: 'commerce', body, headers })).status).toBe(200);
    const audit = (await listAuditForRecord(s.db, 'customer_credit', customerNo)).filter(
      (a) => a.action === 'credit.limit_set',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ currency: 'USD', amount: { from: null, to: '9950.00' } });
  });

  it('warns at quote time when exposure plus the new quote exceeds it, and at job time when exposure does (equal is within)', async () => {
    const opened = await openJob();
    expect(opened.status).toBe(201);
    expect(opened.body.creditWarnings).toEqual([]); // 9950.00 of 9950.00

    const quote = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo,
        validUntil: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
        lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
      },
    });
    expect(quote.status, brief(quote.body)).toBe(201);
    const warning = {
      currency: 'USD',
      limit: '9950.00',
      openReceivables: '0.00',
      unbilledWork: '9950.00',
      newExposure: '2450.00',
      exposure: '12400.00',
      over: '2450.00',
    };
    expect(quote.body.creditWarnings).toEqual([warning]);
    // Commerce sees the same warning in review; it does not block the quote.
    const seen = await s.http('GET', `/quotes/${quote.body.quoteNo}`, { as: 'commerce' });
    expect(seen.body.creditWarnings).toEqual([warning]);
    expect((await s.http('POST', `/quotes/${quote.body.quoteNo}/submit`, { as: 'sales' })).status).toBe(200);

    const lowered = await s.http('PUT', limitPath('USD'), { as: 'gm', body: { amount: '9000' } });
    expect(lowered.status, brief(lowered.body)).toBe(200);
    expect(lowered.body.limits[0]).toMatchObject({ limit: '9000.00', exceeded: true });
    const job = (await s.http('GET', `/jobs/${opened.body.jobNo}`, { as: 'operations' })).body;
    expect(job.creditWarnings).toEqual([
      { ...warning, limit: '9000.00', newExposure: '0.00', exposure: '9950.00', over: '950.00' },
    ]);
    const refusedJob = await openJob();
    expect(refusedJob.status).toBe(201); // a warning, never a block
    expect(refusedJob.body.creditWarnings[0]).toMatchObject({ currency: 'USD', over: '950.00' });
  });
  it('flags the inbox items of quotes whose customer would exceed its limit, beside belowCost and beyondAuthority', async () => {
    const itemsFor = async () => {
      const res = await s.http('GET', '/inbox?recordType=quote&limit=100', { as: 'commerce' });
      expect(res.status, brief(res.body)).toBe(200);
      return res.body.items.filter((i: any) => i.customerNo === customerNo);
    };
    // The submitted quote waits for commerce: 9950.00 exposure + its 2450.00 against a limit of 9000.00.
    const [item] = await itemsFor();
    expect(item).toMatchObject({
      recordType: 'quote',
      belowCost: false,
      beyondAuthority: false,
      overCreditLimit: true,
      overLimitCurrencies: ['USD'],
    });
    // Exactly at the limit is within it; above it again flags.
    await s.http('PUT', `/customers/${customerNo}/credit-limits/USD`, { as: 'gm', body: { amount: '12400.00' } });
    expect((await itemsFor())[0]).toMatchObject({ overCreditLimit: false, overLimitCurrencies: [] });
    await s.http('PUT', `/customers/${customerNo}/credit-limits/USD`, { as: 'gm', body: { amount: '12399.99' } });
    expect((await itemsFor())[0]).toMatchObject({ overCreditLimit: true, overLimitCurrencies: ['USD'] });
    // Per currency, never summed: a CNY limit below the CNY exposure of the signed work flags CNY only.
    await s.http('PUT', `/customers/${customerNo}/credit-limits/USD`, { as: 'gm', body: { amount: '99999999.00' } });
    await s.http('PUT', `/customers/${customerNo}/credit-limits/CNY`, { as: 'gm', body: { amount: '0' } });
    expect((await itemsFor())[0]).toMatchObject({ overCreditLimit: true, overLimitCurrencies: ['CNY'] });
    await s.http('PUT', `/customers/${customerNo}/credit-limits/CNY`, { as: 'gm', body: { amount: '99999999.00' } });
    expect((await itemsFor())[0]).toMatchObject({ overCreditLimit: false, overLimitCurrencies: [] });
    // Items of other customers and of other records carry the flag, false.
    const all = (await s.http('GET', '/inbox?limit=100', { as: 'gm' })).body.items;
    expect(all.every((i: any) => typeof i.overCreditLimit === 'boolean' && Array.isArray(i.overLimitCurrencies))).toBe(
      true,
    );
  });
});
