import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { signedContract } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let contractNo: string;

beforeAll(async () => {
  s = await startStack();
  ({ contractNo } = await signedContract(s));
});
afterAll(async () => s?.close());

const step = async (as: string, jobNo: string, name: string, body?: Record<string, unknown>) => {
  const res = await s.http('POST', `/jobs/${jobNo}/steps/${name}`, { as, ...(body ? { body } : {}) });
  expect(res.status, `${as} ${name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  return res.body;
};

describe('shipment follow-up over HTTP', () => {
  it('an import job goes from L/C opened to its containers at the factory, through a customs exception, to receivables', async () => {
    const created = await s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo,
        direction: 'import',
        containers: { type: '40HQ', count: 2, numbers: ['MSCU1234566'] },
        cargo: '手機配件 phone accessories',
        portOfLoading: 'Los Angeles',
        portOfDischarge: '鹽田 Yantian',
        vessel: 'EVER GIVEN',
        voyage: '026E',
        urgent: true,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const job = created.body;
    expect(job.stages).toEqual(['payment', 'sea_freight', 'customs', 'transport', 'billing']);
    expect(job.waiting).toEqual([
      {
        step: 'payment.prepayment_received',
        labelZh: '預付款到帳',
        labelEn: 'Prepayment received',
        roles: ['finance'],
      },
    ]);
    const no = job.jobNo as string;

    expect((await s.http('POST', `/jobs/${no}/steps/sea.booked`, { as: 'ocean' })).status).toBe(409);
    expect((await s.http('POST', `/jobs/${no}/steps/payment.prepayment_received`, { as: 'ocean' })).status).toBe(403);
    await step('finance', no, 'payment.prepayment_received');
    expect((await step('finance', no, 'payment.lc_opened')).stage).toBe('sea_freight');
    await step('ocean', no, 'sea.booked');
    expect((await step('ocean', no, 'sea.loaded')).stage).toBe('customs');

    await step('customs', no, 'customs.declared', { inspectionRequired: true });
    const raised = await s.http('POST', `/jobs/${no}/exceptions`, {
      as: 'customs',
      body: {
        stage: 'customs',
        type: 'customs_anomaly',
        description: '品名與申報不符 description mismatch',
        customerNotified: true,
        remedy: '補充資料 supplementary documents',
      },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    const exceptionId = raised.body.exceptions[0].id as number;
    await step('customs', no, 'customs.inspected');
    const blocked = await s.http('POST', `/jobs/${no}/steps/customs.released`, { as: 'customs' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toContain('open exception');
    const resolved = await s.http('POST', `/jobs/${no}/exceptions/${exceptionId}/resolve`, {
      as: 'customs',
      body: { resolution: '已補件放行 documents supplied' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.exceptions[0]).toMatchObject({ status: 'resolved', resolvedBy: 'customs' });
    const released = await step('customs', no, 'customs.released');
    expect(released.stage).toBe('transport');
    // The step's name is the job step table's, sent with the step (the desk keeps no copy).
    expect(released.waiting).toEqual([
      {
        step: 'transport.documents_printed',
        labelZh: '放行打單',
        labelEn: 'Released and documents printed',
        roles: ['operations'],
      },
    ]);

    await step('operations', no, 'transport.documents_printed');
    await step('operations', no, 'transport.delivery_arranged', {
      deliveryDate: '2099-01-02',
      deliveryPlace: '東莞工廠 Dongguan',
    });
    const dispatched = await step('operations', no, 'transport.order_dispatched');
    expect(dispatched.waiting.map((w: { container: string }) => w.container)).toEqual(['C1', 'C2']);
    for (const c of ['C1', 'C2']) {
      await step('dispatch', no, 'transport.truck_assigned', {
        container: c,
        truck: '粵B12345',
        driver: '王師傅',
        driverPhone: '138 0000 0000',
      });
      await step('dispatch', no, 'transport.picked_up', { container: c });
      await step('operations', no, 'transport.arrived', { container: c, customerConfirmed: true });
    }
    await step('operations', no, 'transport.unloaded', { container: 'C1' });
    const atBilling = await step('operations', no, 'transport.unloaded', { container: 'C2' });
    expect(atBilling.stage).toBe('billing');
    expect(atBilling.containers.map((c: { arrivedAt: string | null }) => c.arrivedAt !== null)).toEqual([true, true]);

    await step('settlement', no, 'billing.reconciled');
    // The billing dialog's preview: what billing raises with these charges, from the billing activity's own
    // function (db/job-billing.repository.ts); nothing is stored, and only the billing step's roles ask.
    const charges = [{ label: '關稅 import duty', currency: 'CNY', amount: '12000.00' }];
    const preview = (as: string, body: unknown) => s.http('POST', `/jobs/${no}/billing-preview`, { as, body });
    const byAuditor = await preview('auditor', { charges });
    expect([byAuditor.status, byAuditor.body.details?.reason]).toEqual([403, 'read_only']);
    expect((await preview('operations', { charges })).status).toBe(403);
    const badDigits = await preview('settlement', { charges: [{ label: 'x', currency: 'JPY', amount: '1.50' }] });
    expect(badDigits.status).toBe(400);
    const seen = await preview('settlement', { charges });
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({
      jobNo: no,
      billable: true,
      paymentTerms: { kind: 'monthly_statement', days: 15, source: 'standard' },
      billed: [],
    });
    expect(await s.db.selectFrom('receivables').select('id').where('job_no', '=', no).execute()).toEqual([]);
    // Totals per currency, never across currencies.
    const p = seen.body as {
      lines: {
        label: string;
        source: string;
        currency: string;
        amount: string;
        invoiceDate: string;
        dueDate: string;
      }[];
      totals: { currency: string; amount: string }[];
    };
    expect(p.totals.map((t) => t.currency).sort()).toEqual([...new Set(p.lines.map((l) => l.currency))].sort());
    const cents = (c: string) =>
      p.lines.filter((l) => l.currency === c).reduce((n, l) => n + Math.round(Number(l.amount) * 100), 0);
    for (const t of p.totals) expect(Math.round(Number(t.amount) * 100), t.currency).toBe(cents(t.currency));
    expect(p.lines.find((l) => l.source === 'actual_charge')).toMatchObject({ currency: 'CNY', amount: '12000.00' });
    const done = await step('settlement', no, 'billing.receivables_raised', { charges });
    expect(done.status).toBe('completed');
    // What billing raised is the preview: the same lines, amounts, invoice and due dates.
    const raisedRows = await s.db
      .selectFrom('receivables')
      .select(['label', 'source', 'currency', 'amount', 'invoice_date', 'due_date'])
      .where('job_no', '=', no)
      .orderBy('id')
      .execute();
    expect(
      raisedRows.map((r) => ({
        label: r.label,
        source: r.source,
        currency: r.currency.trim(),
        amount: formatMoney(r.amount, r.currency.trim() as Currency),
        invoiceDate: r.invoice_date,
        dueDate: r.due_date,
      })),
    ).toEqual(p.lines);
    // Once billed, nothing more to raise; what was billed is listed with its totals.
    const after = await preview('settlement', {});
    expect(after.body).toMatchObject({ billable: false, lines: [], totals: [], billedTotals: p.totals });
    expect(after.body.billed).toHaveLength(p.lines.length);
    expect(done.receivables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'service', currency: 'USD', amount: '4900.00' }),
        // Issue 10 #10: the L/C line (0.15 % of value) is billed, here on the value the contract was priced on.
        expect.objectContaining({ source: 'service', currency: 'USD', amount: '150.00' }),
        expect.objectContaining({ source: 'fee_item', label: '碼頭操作費 terminal handling', amount: '850.00' }),
        expect.objectContaining({ source: 'actual_charge', label: '關稅 import duty', amount: '12000.00' }),
      ]),
    );
    // Service lines are named by their service type's label, never its key (ocean_freight, customs_declaration).
    const services = done.receivables.filter((r: { source: string }) => r.source === 'service');
    expect(services.map((r: { label: string }) => r.label.split(' ')[0])).toEqual(
      expect.arrayContaining(['海運', '報關', '信用證']),
    );
    for (const r of services) expect(r.label).not.toMatch(/^[a-z_]+ /);
    // The timeline names its steps, stages and people (domain/labels.ts; display names of the users).
    expect(done.timeline[0]).toMatchObject({
      action: 'job.created',
      actionLabel: { zh: '開立作業', en: 'Job opened' },
      actorName: expect.any(String),
    });
    expect(done.timeline.find((e: { action: string }) => e.action === 'customs.released')).toMatchObject({
      actionLabel: { zh: '放行', en: 'Released' },
      fromStateLabel: { zh: '通關', en: 'Customs' },
    });
    expect(done.ownerName).toEqual(expect.any(String));
    expect(done.exceptions[0]).toMatchObject({ raisedByName: expect.any(String) });
    const notices = await s.db.selectFrom('notifications').selectAll().where('record_id', '=', no).execute();
    expect(notices.map((n) => n.kind)).toEqual(['customer_delivery_notice']);
    expect(notices[0]!.body).toContain('2099-01-02');
    const actions = done.timeline.map((t: { action: string }) => t.action);
    expect(actions[0]).toBe('job.created');
    expect(actions).toContain('exception.raised');
    expect(actions).toContain('exception.resolved');
  });

  it('a manager completes a stage over its open exception with an override, and the override is recorded', async () => {
    const created = await s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo,
        direction: 'import',
        containers: { type: '40HQ', count: 1 },
        cargo: '配件',
        portOfLoading: 'Los Angeles',
        portOfDischarge: 'Yantian',
      },
    });
    const no = created.body.jobNo as string;
    await step('finance', no, 'payment.prepayment_received');
    await s.http('POST', `/jobs/${no}/exceptions`, {
      as: 'finance',
      body: {
        stage: 'payment',
        type: 'payment_anomaly',
        description: '信用證條款不符 L/C discrepancy',
        customerNotified: true,
      },
    });
    expect((await s.http('POST', `/jobs/${no}/steps/payment.lc_opened`, { as: 'finance' })).status).toBe(409);
    expect(
      (await s.http('POST', `/jobs/${no}/steps/payment.lc_opened`, { as: 'sales', body: { override: true } })).status,
    ).toBe(403);
    const overridden = await step('gm', no, 'payment.lc_opened', {
      override: true,
      comment: '客戶已書面確認 customer confirmed in writing',
    });
    expect(overridden.stage).toBe('sea_freight');
    expect(overridden.timeline.at(-1)).toMatchObject({
      action: 'payment.lc_opened',
      actorRole: 'gm',
      changes: { override: 'stage completed over an open exception' },
    });
    expect(overridden.exceptions[0].status).toBe('open');
  });
});

describe('what may I do now: actions and reason codes', () => {
  const open = async () => {
    const r = await s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo,
        direction: 'import',
        containers: { type: '40HQ', count: 2 },
        cargo: '配件',
        portOfLoading: 'Los Angeles',
        portOfDischarge: 'Yantian',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.jobNo as string;
  };
  type Action = {
    step: string;
    method: string;
    path: string;
    labelZh: string;
    labelEn: string;
    allowed: boolean;
    reason?: string;
    container?: string;
    override?: boolean;
    exceptionId?: number;
  };
  const actionsOf = async (as: string, no: string): Promise<Action[]> => {
    const r = await s.http('GET', `/jobs/${no}`, { as });
    expect(r.status).toBe(200);
    return r.body.actions;
  };

  it('GET /jobs/{no} lists each role’s steps with route, labels and the reason when refused; the refusal of the same step carries the same reason', async () => {
    const no = await open();
    expect(await actionsOf('finance', no)).toEqual(
      expect.arrayContaining([
        {
          step: 'steps/payment.prepayment_received',
          method: 'POST',
          path: `/jobs/${no}/steps/payment.prepayment_received`,
          labelZh: '預付款到帳',
          labelEn: 'Prepayment received',
          commentRequired: false,
          allowed: true,
        },
        expect.objectContaining({ step: 'exceptions', path: `/jobs/${no}/exceptions`, allowed: true }),
      ]),
    );
    const ocean = await actionsOf('ocean', no);
    expect(ocean).toContainEqual(
      expect.objectContaining({ step: 'steps/sea.booked', allowed: false, reason: 'out_of_order' }),
    );
    const early = await s.http('POST', `/jobs/${no}/steps/sea.booked`, { as: 'ocean' });
    expect([early.status, early.body.details.reason]).toEqual([409, 'out_of_order']);
    expect(await actionsOf('auditor', no)).toEqual([]);
    const byAuditor = await s.http('POST', `/jobs/${no}/steps/payment.prepayment_received`, { as: 'auditor' });
    expect([byAuditor.status, byAuditor.body.details.reason]).toEqual([403, 'read_only']);
    const wrongRole = await s.http('POST', `/jobs/${no}/steps/payment.prepayment_received`, { as: 'ocean' });
    expect([wrongRole.status, wrongRole.body.details.reason]).toEqual([403, 'role_not_allowed']);

    await step('finance', no, 'payment.prepayment_received');
    const raised = await s.http('POST', `/jobs/${no}/exceptions`, {
      as: 'finance',
      body: {
        stage: 'payment',
        type: 'payment_anomaly',
        description: '信用證不符 L/C discrepancy',
        customerNotified: false,
      },
    });
    const id = raised.body.exceptions[0].id as number;
    expect(raised.body.actions).toContainEqual(
      expect.objectContaining({ step: 'steps/payment.lc_opened', allowed: false, reason: 'open_exception' }),
    );
    expect(raised.body.actions).toContainEqual(
      expect.objectContaining({
        step: `exceptions/${id}/resolve`,
        path: `/jobs/${no}/exceptions/${id}/resolve`,
        allowed: true,
      }),
    );
    const blocked = await s.http('POST', `/jobs/${no}/steps/payment.lc_opened`, { as: 'finance' });
    expect([blocked.status, blocked.body.details.reason]).toEqual([409, 'open_exception']);
    // Another stage's role may raise, but not follow up or resolve this one.
    expect(await actionsOf('ocean', no)).toContainEqual(
      expect.objectContaining({ step: `exceptions/${id}/progress`, allowed: false, reason: 'role_not_allowed' }),
    );
    const notTheirs = await s.http('POST', `/jobs/${no}/exceptions/${id}/resolve`, {
      as: 'ocean',
      body: { resolution: 'x' },
    });
    expect([notTheirs.status, notTheirs.body.details.reason]).toEqual([403, 'role_not_allowed']);
    // The GM may complete the stage over it: the action says so, with override.
    const gm = await actionsOf('gm', no);
    expect(gm).toContainEqual(
      expect.objectContaining({ step: 'steps/payment.lc_opened', override: true, allowed: true }),
    );
    await step('gm', no, 'payment.lc_opened', { override: true });
  });

  it('driven only by the actions it lists: every allowed action is accepted, every refused one answers its reason, to completion', async () => {
    const no = await open();
    const roles = ['finance', 'ocean', 'customs', 'operations', 'dispatch', 'settlement', 'sales'];
    for (let turn = 0; turn < 60; turn++) {
      const job = (await s.http('GET', `/jobs/${no}`, { as: 'operations' })).body;
      if (job.status === 'completed') break;
      let next: { as: string; action: Action } | undefined;
      for (const as of roles) {
        for (const a of await actionsOf(as, no)) {
          if (!a.step.startsWith('steps/')) continue;
          if (a.allowed) next ??= { as, action: a };
          else {
            const r = await s.http('POST', a.path, { as, body: a.container ? { container: a.container } : {} });
            expect(r.status, `${as} ${a.step}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(403);
            expect(r.body.details.reason, `${as} ${a.step}`).toBe(a.reason);
          }
        }
      }
      expect(next, `nothing allowed at ${job.stage}`).toBeDefined();
      const body = {
        ...(next!.action.container ? { container: next!.action.container } : {}),
        ...(next!.action.step === 'steps/transport.delivery_arranged' ? { deliveryDate: '2099-01-02' } : {}),
      };
      await step(next!.as, no, next!.action.step.slice('steps/'.length), body);
    }
    expect((await s.http('GET', `/jobs/${no}`, { as: 'operations' })).body.status).toBe('completed');
  });
});
