/**
 * Who may open, see and move a shipment job, over real HTTP: role checks on every job route, another
 * salesperson's jobs and contracts out of sight, unsigned contracts, input errors with field paths,
 * idempotent retries, an export job's path and a contract without transport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_JOB_STEPS, stageSteps } from '../../machines/job.machine';
import { ROLES, type Role } from '../../machines/roles';
import { addDays, newCustomer, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
/** Contracts of `sales` (L/C, ocean, customs, transport), of another salesperson, without transport, and not yet signed. */
let mine: { contractNo: string; customerNo: string };
let theirs: { contractNo: string; customerNo: string };
let noTransport: { contractNo: string; customerNo: string };
let unsigned: { contractNo: string; customerNo: string };

const brief = (body: unknown) => JSON.stringify(body).slice(0, 300);
const MANAGERS: Role[] = ['sales_manager', 'marketing_manager', 'gm'];
const RAISERS: Role[] = [
  'sales',
  'finance',
  'ocean',
  'customs',
  'operations',
  'dispatch',
  'warehouse',
  'settlement',
  'sales_manager',
  'marketing_manager',
  'gm',
];
const OPENERS: Role[] = ['sales', 'operations', 'commerce'];

/** Tariff lines of the tariff signedContract locks: 1 ocean freight, 2 customs, 3 transport, 4 L/C. */
const LINES: Record<number, { tariffLineNo: number; quotedPrice: string; quantity: string }> = {
  1: { tariffLineNo: 1, quotedPrice: '2450.00', quantity: '2' },
  2: { tariffLineNo: 2, quotedPrice: '350.00', quantity: '2' },
  3: { tariffLineNo: 3, quotedPrice: '1800.00', quantity: '2' },
  4: { tariffLineNo: 4, quotedPrice: '0.1500', quantity: '100000.00' },
};

/** A contract of `owner` for a new customer, on the given tariff lines, signed unless told otherwise. */
async function contractOf(
  owner: string,
  lineNos: number[],
  o: { sign?: boolean } = {},
): Promise<{ contractNo: string; customerNo: string }> {
  const customer = await s.http('POST', '/customers', { as: owner, body: newCustomer() });
  expect(customer.status, brief(customer.body)).toBe(201);
  const customerNo = customer.body.customerNo as string;
  const q = await s.http('POST', '/quotes', {
    as: owner,
    body: { customerNo, validUntil: addDays(today(), 30), lines: lineNos.map((n) => LINES[n]) },
  });
  expect(q.status, brief(q.body)).toBe(201);
  const steps: [string, string, unknown?][] = [
    [owner, 'submit'],
    ['commerce', 'approve'],
    [owner, 'confirm'],
    ['commerce', 'internal-quote', { feeItems: [], project: { projectName: '測試 test' } }],
    ['gm', 'budget-approve'],
    ['commerce', 'contract', { clauseChanges: [] }],
    ['marketing_manager', 'contract-review'],
    ['gm', 'contract-approve'],
    ...(o.sign === false ? [] : [[owner, 'sign'] as [string, string]]),
  ];
  let contractNo = '';
  for (const [as, path, body] of steps) {
    const r = await s.http('POST', `/quotes/${q.body.quoteNo}/${path}`, {
      as,
      ...(body !== undefined ? { body } : {}),
    });
    expect(r.status, `${as} ${path}: ${brief(r.body)}`).toBe(200);
    contractNo = r.body.contractNo ?? contractNo;
  }
  expect(contractNo).not.toBe('');
  return { contractNo, customerNo };
}

const jobBody = (contractNo: string, over: Record<string, unknown> = {}) => ({
  contractNo,
  direction: 'import',
  containers: { type: '40HQ', count: 2 },
  cargo: '手機配件 phone accessories',
  portOfLoading: 'Los Angeles',
  portOfDischarge: '鹽田 Yantian',
  ...over,
});

async function openJob(contractNo: string, over: Record<string, unknown> = {}, as = 'sales') {
  const r = await s.http('POST', '/jobs', { as, body: jobBody(contractNo, over) });
  expect(r.status, brief(r.body)).toBe(201);
  return r.body as {
    jobNo: string;
    stages: string[];
    waiting: { step: string; roles: string[]; container?: string }[];
    stage: string | null;
    status: string;
  };
}

async function step(
  as: string,
  jobNo: string,
  name: string,
  body?: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  return s.http('POST', `/jobs/${jobNo}/steps/${name}`, {
    as,
    ...(body ? { body } : {}),
    ...(headers ? { headers } : {}),
  });
}

/** Takes the step the job waits for, by the first of its roles, until the job reaches `untilStage` or completes; returns the steps taken. */
async function drive(jobNo: string, untilStage?: string): Promise<{ taken: string[]; detail: any }> {
  let detail = (await s.http('GET', `/jobs/${jobNo}`, { as: 'operations' })).body;
  const taken: string[] = [];
  while (detail.status !== 'completed' && detail.stage !== untilStage) {
    const due = detail.waiting[0];
    const r = await step(due.roles[0], jobNo, due.step, due.container ? { container: due.container } : undefined);
    expect(r.status, `${due.step}: ${brief(r.body)}`).toBe(200);
    taken.push(due.step);
    detail = r.body;
  }
  return { taken, detail };
}

const auditOf = (jobNo: string) =>
  s.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'idempotency_key'])
    .where('record_type', '=', 'job')
    .where('record_id', '=', jobNo)
    .orderBy('id')
    .execute();
const rejectionsOf = (jobNo: string) =>
  s.db
    .selectFrom('step_rejections')
    .select(['actor_id', 'event'])
    .where('record_type', '=', 'job')
    .where('record_id', '=', jobNo)
    .execute();

/** Roles that record a step, over every stage, direction and payment method. */
function recorders(name: string): Set<Role> {
  const roles = new Set<Role>();
  for (const stage of ['payment', 'sea_freight', 'customs', 'transport', 'warehousing', 'billing'] as const) {
    for (const d of ['import', 'export'] as const)
      for (const p of ['lc', 'tt'] as const)
        for (const x of stageSteps(stage, d, p)) if (x.step === name) x.roles.forEach((r) => roles.add(r));
  }
  return roles;
}

beforeAll(async () => {
  s = await startStack();
  await s.addUser('sales_manager2', 'sales_manager');
  await s.addUser('sales2', 'sales', 'sales_manager2');
  mine = await signedContract(s);
  theirs = await contractOf('sales2', [1, 2, 3, 4]);
  noTransport = await contractOf('sales', [1, 2, 4]);
  unsigned = await contractOf('sales', [1, 2], { sign: false });
});
afterAll(async () => s?.close());

describe('every job route has an access rule here', () => {
  it('lists the routes this file covers', () => {
    const routes = s.app.routeTable
      .filter((r) => r.url.startsWith('/jobs') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.sort()).toEqual(
      [
        'GET /jobs',
        'GET /jobs/:jobNo',
        'POST /jobs',
        // The billing step's roles only, auditors 403 read_only, nothing saved: tested in jobs.test.ts.
        'POST /jobs/:jobNo/billing-preview',
        // Its roles, team and auditor refusals are tested in credit-control.test.ts.
        'POST /jobs/:jobNo/credit-override',
        'POST /jobs/:jobNo/exceptions',
        'POST /jobs/:jobNo/exceptions/:exceptionId/progress',
        'POST /jobs/:jobNo/exceptions/:exceptionId/resolve',
        'POST /jobs/:jobNo/steps/:step',
      ].sort(),
    );
  });

  it('no job route answers without a token', async () => {
    const job = await openJob(mine.contractNo);
    for (const [method, path, body] of [
      ['GET', '/jobs', undefined],
      ['GET', `/jobs/${job.jobNo}`, undefined],
      ['POST', '/jobs', jobBody(mine.contractNo)],
      ['POST', `/jobs/${job.jobNo}/steps/payment.prepayment_received`, {}],
      [
        'POST',
        `/jobs/${job.jobNo}/exceptions`,
        { stage: 'payment', type: 'other', description: 'x', customerNotified: false },
      ],
      ['POST', `/jobs/${job.jobNo}/exceptions/1/resolve`, { resolution: 'x' }],
      ['POST', `/jobs/${job.jobNo}/exceptions/1/progress`, { note: 'x' }],
      ['POST', `/jobs/${job.jobNo}/credit-override`, { reason: 'x' }],
      ['POST', `/jobs/${job.jobNo}/billing-preview`, {}],
    ] as const) {
      expect((await s.http(method, path, body === undefined ? {} : { body })).status, `${method} ${path}`).toBe(401);
    }
  });
});

describe('opening a job', () => {
  it('only sales, operations and commerce open a job; everyone else is refused with 403 and nothing is opened', async () => {
    const before = (await s.db.selectFrom('jobs').select('job_no').execute()).length;
    for (const role of ROLES.filter((r) => !OPENERS.includes(r))) {
      const r = await s.http('POST', '/jobs', { as: role, body: jobBody(mine.contractNo) });
      expect(r.status, `${role}: ${brief(r.body)}`).toBe(403);
    }
    expect((await s.db.selectFrom('jobs').select('job_no').execute()).length).toBe(before);
    for (const role of OPENERS)
      expect((await openJob(mine.contractNo, {}, role)).stages).toEqual([
        'payment',
        'sea_freight',
        'customs',
        'transport',
        'billing',
      ]);
  });

  it('a salesperson cannot open a job on another salesperson’s contract: 404, as for a contract that does not exist', async () => {
    const before = (await s.db.selectFrom('jobs').select('job_no').execute()).length;
    const foreign = await s.http('POST', '/jobs', { as: 'sales2', body: jobBody(mine.contractNo) });
    const unknown = await s.http('POST', '/jobs', { as: 'sales2', body: jobBody('HT2099-99999') });
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(foreign.body.code).toBe(unknown.body.code);
    expect(foreign.body.message).toBe(unknown.body.message.replaceAll('HT2099-99999', mine.contractNo));
    expect(JSON.stringify(foreign.body)).not.toContain(mine.customerNo);
    expect((await s.http('POST', '/jobs', { as: 'sales', body: jobBody(theirs.contractNo) })).status).toBe(404);
    expect((await s.db.selectFrom('jobs').select('job_no').execute()).length).toBe(before);
    // Operations and the contract's own salesperson may.
    await openJob(theirs.contractNo, {}, 'operations');
    await openJob(theirs.contractNo, {}, 'sales2');
  });

  it('a job cannot be opened on a contract that is not signed yet (409)', async () => {
    for (const as of ['sales', 'operations']) {
      const r = await s.http('POST', '/jobs', { as, body: jobBody(unsigned.contractNo) });
      expect(r.status, brief(r.body)).toBe(409);
      expect(r.body.message).toContain('not signed');
    }
    expect(
      await s.db.selectFrom('jobs').select('job_no').where('contract_no', '=', unsigned.contractNo).execute(),
    ).toEqual([]);
  });

  it('a container type the contract does not price is refused (422, naming the field and the priced types); nothing is opened', async () => {
    // The contract prices ocean freight and transport per 40HQ only: a 20GP or 40GP job would be billed without them.
    const before = (await s.db.selectFrom('jobs').select('job_no').execute()).length;
    for (const type of ['20GP', '40GP']) {
      const r = await s.http('POST', '/jobs', {
        as: 'operations',
        body: jobBody(mine.contractNo, { containers: { type, count: 1 } }),
      });
      expect(r.status, brief(r.body)).toBe(422);
      const text = `柜型 ${type} 不在合同 ${mine.contractNo} 的報價內（合同報價：40HQ） Container type ${type} is not priced by contract ${mine.contractNo} (the contract prices 40HQ)`;
      expect(r.body.message).toContain(text);
      expect(r.body.details.fields).toEqual([{ path: 'body.containers.type', message: text }]);
    }
    expect((await s.db.selectFrom('jobs').select('job_no').execute()).length).toBe(before);
    // The type it prices is opened.
    await openJob(mine.contractNo, { containers: { type: '40HQ', count: 1 } }, 'operations');
  });

  it('a suspended or terminated customer gets no new job (409 naming customer and status); its job under way may finish', async () => {
    const c = await contractOf('sales', [1, 2, 3, 4]);
    const underWay = await openJob(c.contractNo);
    const headers = { 'idempotency-key': `open-closed-${Date.now()}` };
    const before = await s.http('POST', '/jobs', { as: 'sales', body: jobBody(c.contractNo), headers });
    expect(before.status, brief(before.body)).toBe(201);
    for (const [as, event, zh, en] of [
      ['commerce', 'customer.suspended', '暫停', 'suspended'],
      ['gm', 'customer.terminated', '終止', 'terminated'],
    ] as const) {
      const st = await s.http('POST', `/customers/${c.customerNo}/status`, {
        as,
        body: { event, comment: '停止合作 x' },
      });
      expect(st.status, brief(st.body)).toBe(200);
      const jobs = (await s.db.selectFrom('jobs').select('job_no').execute()).length;
      for (const opener of OPENERS) {
        const r = await s.http('POST', '/jobs', { as: opener, body: jobBody(c.contractNo) });
        expect(r.status, brief(r.body)).toBe(409);
        expect(r.body.message).toContain(`客戶 ${c.customerNo} `);
        expect(r.body.message).toContain(`已「${zh}」，不能開立新作業；進行中的作業可完成 Customer ${c.customerNo} `);
        expect(r.body.message).toContain(`is ${en}: no new jobs; jobs already under way may finish`);
        expect(r.body.details).toMatchObject({ customerNo: c.customerNo, customerStatus: en });
      }
      expect((await s.db.selectFrom('jobs').select('job_no').execute()).length).toBe(jobs);
    }
    // A retry of the job opened before answers that job; the job under way takes its next step.
    const again = await s.http('POST', '/jobs', { as: 'sales', body: jobBody(c.contractNo), headers });
    expect([again.status, again.body.jobNo]).toEqual([200, before.body.jobNo]);
    const next = underWay.waiting[0]!;
    expect((await step(next.roles[0]!, underWay.jobNo, next.step)).status).toBe(200);
  });

  it('the same request twice with one Idempotency-Key opens one job', async () => {
    const headers = { 'idempotency-key': `open-${Date.now()}` };
    const first = await s.http('POST', '/jobs', { as: 'sales', body: jobBody(mine.contractNo), headers });
    const again = await s.http('POST', '/jobs', { as: 'sales', body: jobBody(mine.contractNo), headers });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.jobNo).toBe(first.body.jobNo);
    expect((await auditOf(first.body.jobNo)).map((a) => a.action)).toEqual(['job.created']);
  });
});

describe('steps and exceptions refuse the wrong role', () => {
  it('every step route refuses (403) every role that does not record that step, and nothing reaches the job', async () => {
    const job = await openJob(mine.contractNo);
    const refusedWrongly: string[] = [];
    for (const name of ALL_JOB_STEPS) {
      const may = recorders(name);
      for (const role of ROLES.filter((r) => !may.has(r))) {
        const r = await step(role, job.jobNo, name);
        if (r.status !== 403) refusedWrongly.push(`${role} ${name}: ${r.status}`);
        // A manager's override makes them a possible sender; anyone else is still refused.
        if (!MANAGERS.includes(role)) {
          const o = await step(role, job.jobNo, name, { override: true });
          if (o.status !== 403) refusedWrongly.push(`${role} ${name} with override: ${o.status}`);
        }
      }
    }
    expect(refusedWrongly).toEqual([]);
    expect((await auditOf(job.jobNo)).map((a) => a.action)).toEqual(['job.created']);
    expect(await rejectionsOf(job.jobNo)).toEqual([]);
  });

  it('the role that records a step, but not its turn, is refused with 409 and the refusal recorded', async () => {
    const job = await openJob(mine.contractNo);
    const r = await step('ocean', job.jobNo, 'sea.booked');
    expect(r.status).toBe(409);
    expect(await rejectionsOf(job.jobNo)).toEqual([{ actor_id: 'ocean', event: 'job.step' }]);
  });

  it('exceptions are raised, resolved and followed up by job roles only; a resolver must be of the stage or a manager', async () => {
    const job = await openJob(mine.contractNo);
    const body = {
      stage: 'customs',
      type: 'customs_anomaly',
      description: '品名不符 description mismatch',
      customerNotified: false,
    };
    for (const role of ROLES.filter((r) => !RAISERS.includes(r))) {
      expect((await s.http('POST', `/jobs/${job.jobNo}/exceptions`, { as: role, body })).status, role).toBe(403);
    }
    const raised = await s.http('POST', `/jobs/${job.jobNo}/exceptions`, { as: 'sales', body });
    expect(raised.status, brief(raised.body)).toBe(200);
    const id = raised.body.exceptions[0].id as number;
    for (const role of ROLES.filter((r) => !RAISERS.includes(r))) {
      expect(
        (await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/progress`, { as: role, body: { note: 'x' } }))
          .status,
        role,
      ).toBe(403);
      expect(
        (await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/resolve`, { as: role, body: { resolution: 'x' } }))
          .status,
        role,
      ).toBe(403);
    }
    for (const role of RAISERS.filter((r) => r !== 'customs' && !MANAGERS.includes(r))) {
      const r = await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/resolve`, {
        as: role,
        body: { resolution: 'x' },
      });
      expect(r.status, `${role}: ${brief(r.body)}`).toBe(403);
    }
    // Issue 10 #16: progress notes and "customer told" only by the exception's stage's roles and managers — and (session
    // 13) by the operations clerk 跟單員, who follows the job through, and by whoever raised it (here the salesperson).
    const progressOf = async (as: string) =>
      (await s.http('GET', `/jobs/${job.jobNo}`, { as })).body.actions.find(
        (a: { step: string }) => a.step === `exceptions/${id}/progress`,
      )?.allowed;
    expect([await progressOf('operations'), await progressOf('sales'), await progressOf('ocean')]).toEqual([
      true,
      true,
      false,
    ]);
    const extra = ['operations', 'sales'];
    for (const role of RAISERS.filter((r) => r !== 'customs' && !MANAGERS.includes(r) && !extra.includes(r))) {
      const r = await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/progress`, {
        as: role,
        body: { note: '已通知客戶 customer told', customerNotified: true },
      });
      expect(r.status, `${role}: ${brief(r.body)}`).toBe(403);
      expect(r.body.details.reason).toBe('role_not_allowed');
    }
    expect(
      await s.db
        .selectFrom('job_exceptions')
        .select(['progress', 'customer_notified_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ progress: [], customer_notified_at: null });
    for (const role of extra) {
      const r = await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/progress`, {
        as: role,
        body: { note: `${role} 跟進 follows up` },
        headers: { 'idempotency-key': `progress-${id}-${role}` },
      });
      expect(r.status, `${role}: ${brief(r.body)}`).toBe(200);
      // Once per key.
      await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/progress`, {
        as: role,
        body: { note: `${role} 跟進 follows up` },
        headers: { 'idempotency-key': `progress-${id}-${role}` },
      });
    }
    const noted = await s.db
      .selectFrom('job_exceptions')
      .select('progress')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(noted.progress.map((p) => p.by)).toEqual(['operations', 'sales']);
    expect((await auditOf(job.jobNo)).filter((a) => a.action === 'exception.progress').map((a) => a.actor_id)).toEqual([
      'operations',
      'sales',
    ]);
    const told = await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/progress`, {
      as: 'customs',
      body: { note: '已通知客戶 customer told', customerNotified: true },
    });
    expect(told.status, brief(told.body)).toBe(200);
    expect(told.body.exceptions[0].progress.at(-1)).toMatchObject({ by: 'customs', note: '已通知客戶 customer told' });
    expect(told.body.exceptions[0].customerNotifiedAt).not.toBeNull();
    expect(
      (
        await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/progress`, {
          as: 'gm',
          body: { note: '經理跟進 manager follows up' },
        })
      ).status,
    ).toBe(200);
    const resolved = await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/resolve`, {
      as: 'marketing_manager',
      body: { resolution: '已處理 handled' },
    });
    expect(resolved.status, brief(resolved.body)).toBe(200);
    expect(resolved.body.exceptions[0]).toMatchObject({ status: 'resolved', resolvedBy: 'marketing_manager' });
    expect(
      (
        await s.http('POST', `/jobs/${job.jobNo}/exceptions/${id}/resolve`, {
          as: 'customs',
          body: { resolution: 'again' },
        })
      ).status,
    ).toBe(409);
  });
});

describe('another salesperson’s job', () => {
  it('is not found (404) on every job route, shows in no list, and leaks nothing', async () => {
    const job = await openJob(mine.contractNo, { cargo: '機密貨物 confidential cargo' });
    const raised = await s.http('POST', `/jobs/${job.jobNo}/exceptions`, {
      as: 'sales',
      body: { stage: 'payment', type: 'other', description: '機密 secret', customerNotified: false },
    });
    const id = raised.body.exceptions[0].id as number;
    const before = await auditOf(job.jobNo);
    const unknownNo = 'J2099-999999';
    const calls = (no: string): [string, string, string, unknown][] => [
      ['sales2', 'GET', `/jobs/${no}`, undefined],
      ['sales_manager2', 'GET', `/jobs/${no}`, undefined],
      [
        'sales2',
        'POST',
        `/jobs/${no}/exceptions`,
        { stage: 'payment', type: 'other', description: 'x', customerNotified: false },
      ],
      ['sales2', 'POST', `/jobs/${no}/exceptions/${id}/resolve`, { resolution: 'x' }],
      ['sales2', 'POST', `/jobs/${no}/exceptions/${id}/progress`, { note: 'x' }],
      ['sales_manager2', 'POST', `/jobs/${no}/exceptions/${id}/resolve`, { resolution: 'x' }],
      ['sales_manager2', 'POST', `/jobs/${no}/steps/payment.prepayment_received`, { override: true }],
    ];
    const secrets = ['機密', 'confidential', mine.customerNo, mine.contractNo, 'sales'];
    const foreign = calls(job.jobNo);
    const unknown = calls(unknownNo);
    for (let i = 0; i < foreign.length; i++) {
      const [as, method, path, body] = foreign[i]!;
      const r = await s.http(method, path, { as, ...(body !== undefined ? { body } : {}) });
      const u = await s.http(method, unknown[i]![2], { as, ...(body !== undefined ? { body } : {}) });
      expect(r.status, `${as} ${method} ${path}: ${brief(r.body)}`).toBe(404);
      expect(u.status).toBe(404);
      expect(r.body).toEqual(JSON.parse(JSON.stringify(u.body).replaceAll(unknownNo, job.jobNo)));
      for (const secret of secrets) expect(JSON.stringify(r.body)).not.toContain(secret);
    }
    // A salesperson's step is refused for the role first: 403, still without the job's data.
    const salesStep = await step('sales2', job.jobNo, 'payment.prepayment_received');
    expect(salesStep.status).toBe(403);
    for (const secret of secrets.slice(0, 4)) expect(JSON.stringify(salesStep.body)).not.toContain(secret);

    for (const as of ['sales2', 'sales_manager2']) {
      const all = await s.http('GET', '/jobs?limit=100', { as });
      expect(all.status).toBe(200);
      expect(all.body.items.every((x: { ownerId: string }) => x.ownerId === 'sales2')).toBe(true);
      const byCustomer = await s.http('GET', `/jobs?customerNo=${mine.customerNo}`, { as });
      expect(byCustomer.body).toEqual({ items: [], total: 0 });
    }
    expect(await auditOf(job.jobNo)).toEqual(before);
    expect(await rejectionsOf(job.jobNo)).toEqual([]);
    // The owner's own manager sees it.
    expect((await s.http('GET', `/jobs/${job.jobNo}`, { as: 'sales_manager' })).status).toBe(200);
  });
});

describe('bad input', () => {
  const pathsOf = (r: { body: { details?: { fields?: { path: string }[] } } }) =>
    (r.body.details?.fields ?? []).map((f) => f.path);

  it('opening a job: 400 with the path of every bad field', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [
        {},
        [
          'body.contractNo',
          'body.direction',
          'body.containers',
          'body.cargo',
          'body.portOfLoading',
          'body.portOfDischarge',
        ],
      ],
      [jobBody(mine.contractNo, { direction: 'sideways' }), ['body.direction']],
      [jobBody(mine.contractNo, { containers: { type: '40HQ', count: 0 } }), ['body.containers.count']],
      [jobBody(mine.contractNo, { containers: { type: '45HQ', count: 1 } }), ['body.containers.type']],
      [
        jobBody(mine.contractNo, { containers: { type: '40HQ', count: 1, numbers: ['ABC'] } }),
        ['body.containers.numbers.0'],
      ],
      [
        jobBody(mine.contractNo, { containers: { type: '40HQ', count: 1, numbers: ['MSCU1234566', 'MSCU7654329'] } }),
        ['body.containers.numbers'],
      ],
      [jobBody(mine.contractNo, { etd: '2099-02-01', eta: '2099-01-01' }), ['body.eta']],
      [jobBody(mine.contractNo, { paymentMethod: 'cash' }), ['body.paymentMethod']],
      [jobBody(mine.contractNo, { bogus: 1 }), ['body.bogus']],
    ];
    for (const [body, paths] of cases) {
      const r = await s.http('POST', '/jobs', { as: 'sales', body });
      expect(r.status, brief(body)).toBe(400);
      expect(r.body.code).toBe('bad_request');
      expect(pathsOf(r).sort(), brief(body)).toEqual([...paths].sort());
    }
  });

  it('steps and exceptions: 400 with the path of the bad field, before anything is sent', async () => {
    const job = await openJob(mine.contractNo);
    const cases: [string, string, unknown, string[], Record<string, string>?][] = [
      ['finance', `/jobs/${job.jobNo}/steps/payment.teleported`, {}, ['params.step']],
      ['finance', `/jobs/J99/steps/payment.prepayment_received`, {}, ['params.jobNo']],
      ['dispatch', `/jobs/${job.jobNo}/steps/transport.truck_assigned`, { container: 'X1' }, ['body.container']],
      [
        'dispatch',
        `/jobs/${job.jobNo}/steps/transport.truck_assigned`,
        { container: 'C1', driverPhone: 'call me' },
        ['body.driverPhone'],
      ],
      [
        'operations',
        `/jobs/${job.jobNo}/steps/transport.delivery_arranged`,
        { deliveryDate: '2099-13-45' },
        ['body.deliveryDate'],
      ],
      [
        'settlement',
        `/jobs/${job.jobNo}/steps/billing.receivables_raised`,
        { charges: [{ label: 'duty', currency: 'CNY', amount: 'lots' }] },
        ['body.charges.0.amount'],
      ],
      ['finance', `/jobs/${job.jobNo}/steps/payment.prepayment_received`, { bogus: true }, ['body.bogus']],
      // Each step takes exactly its own facts: another step's field is unknown here.
      [
        'finance',
        `/jobs/${job.jobNo}/steps/payment.prepayment_received`,
        { charges: [{ label: 'duty', currency: 'CNY', amount: '1.00' }] },
        ['body.charges'],
      ],
      ['ocean', `/jobs/${job.jobNo}/steps/sea.booked`, { inspectionRequired: true }, ['body.inspectionRequired']],
      ['dispatch', `/jobs/${job.jobNo}/steps/transport.picked_up`, { container: 'C1', truck: 'x' }, ['body.truck']],
      [
        'operations',
        `/jobs/${job.jobNo}/steps/transport.arrived`,
        { container: 'C1', deliveryDate: '2099-01-02' },
        ['body.deliveryDate'],
      ],
      [
        'sales',
        `/jobs/${job.jobNo}/exceptions`,
        { stage: 'moon', type: 'other', description: 'x', customerNotified: false },
        ['body.stage'],
      ],
      [
        'sales',
        `/jobs/${job.jobNo}/exceptions`,
        { stage: 'payment', type: 'other' },
        ['body.description', 'body.customerNotified'],
      ],
      ['sales', `/jobs/${job.jobNo}/exceptions/abc/resolve`, { resolution: 'x' }, ['params.exceptionId']],
      ['sales', `/jobs/${job.jobNo}/exceptions/1/resolve`, {}, ['body.resolution']],
      ['sales', `/jobs/${job.jobNo}/exceptions/1/progress`, { note: '' }, ['body.note']],
      [
        'finance',
        `/jobs/${job.jobNo}/steps/payment.prepayment_received`,
        {},
        ['headers.idempotency-key'],
        { 'idempotency-key': 'no spaces allowed' },
      ],
    ];
    for (const [as, path, body, paths, headers] of cases) {
      const r = await s.http('POST', path, { as, body, ...(headers ? { headers } : {}) });
      expect(r.status, `${path} ${brief(body)}: ${brief(r.body)}`).toBe(400);
      expect(pathsOf(r).sort(), path).toEqual([...paths].sort());
    }
    expect((await auditOf(job.jobNo)).map((a) => a.action)).toEqual(['job.created']);
  });

  it('an exception for a stage the job does not have is refused (422)', async () => {
    const job = await openJob(mine.contractNo);
    const r = await s.http('POST', `/jobs/${job.jobNo}/exceptions`, {
      as: 'sales',
      body: { stage: 'warehousing', type: 'warehouse_anomaly', description: 'x', customerNotified: false },
    });
    expect(r.status).toBe(422);
    // Named at the field, so the desk shows it under 環節 Stage in both languages.
    expect(r.body.details.fields).toEqual([{ path: 'body.stage', message: 'the job has no warehousing stage' }]);
  });
});

describe('retries with one Idempotency-Key', () => {
  it('the same step twice is applied once, even when retried after the job has moved on', async () => {
    const job = await openJob(mine.contractNo);
    const headers = { 'idempotency-key': `prepay-${job.jobNo}` };
    const first = await step('finance', job.jobNo, 'payment.prepayment_received', undefined, headers);
    const again = await step('finance', job.jobNo, 'payment.prepayment_received', undefined, headers);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.waiting).toEqual([
      { step: 'payment.lc_opened', labelZh: '信用證已開', labelEn: 'L/C opened', roles: ['finance'] },
    ]);
    expect((await step('finance', job.jobNo, 'payment.lc_opened')).status).toBe(200);
    const late = await step('finance', job.jobNo, 'payment.prepayment_received', undefined, headers);
    expect(late.status).toBe(200);
    expect(late.body.stage).toBe('sea_freight');
    const audit = await auditOf(job.jobNo);
    expect(audit.map((a) => a.action)).toEqual(['job.created', 'payment.prepayment_received', 'payment.lc_opened']);
    const events = await s.db
      .selectFrom('job_events')
      .select('step')
      .where('job_no', '=', job.jobNo)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.step)).toEqual(['job.created', 'payment.prepayment_received', 'payment.lc_opened']);
  });

  it('the same step sent twice at the same moment is applied once', async () => {
    const job = await openJob(mine.contractNo);
    const headers = { 'idempotency-key': `twin-${job.jobNo}` };
    const both = await Promise.all(
      [0, 1].map(() => step('finance', job.jobNo, 'payment.prepayment_received', undefined, headers)),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect((await auditOf(job.jobNo)).map((a) => a.action)).toEqual(['job.created', 'payment.prepayment_received']);
  });

  it('the same exception raised twice is one exception', async () => {
    const job = await openJob(mine.contractNo);
    const headers = { 'idempotency-key': `raise-${job.jobNo}` };
    const body = {
      stage: 'payment',
      type: 'payment_anomaly',
      description: '未到帳 not received',
      customerNotified: true,
    };
    const first = await s.http('POST', `/jobs/${job.jobNo}/exceptions`, { as: 'finance', body, headers });
    const again = await s.http('POST', `/jobs/${job.jobNo}/exceptions`, { as: 'finance', body, headers });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.exceptions).toHaveLength(1);
    expect((await auditOf(job.jobNo)).map((a) => a.action)).toEqual(['job.created', 'exception.raised']);
  });
});

describe('paths of a job', () => {
  it('an export job loads its containers in one step pair — loading arranged, then loaded — with no import transport steps', async () => {
    const job = await openJob(mine.contractNo, { direction: 'export', containers: { type: '40HQ', count: 3 } });
    const toTransport = await drive(job.jobNo, 'transport');
    expect(toTransport.taken).toEqual([
      'payment.prepayment_received',
      'payment.lc_opened',
      'sea.booked',
      'sea.goods_ready',
      'sea.cut_off',
      'sea.loaded',
      'sea.departed',
      'customs.declared',
      'customs.released',
    ]);
    expect(toTransport.detail.waiting).toEqual([
      { step: 'transport.loading_arranged', labelZh: '安排裝貨', labelEn: 'Loading arranged', roles: ['operations'] },
    ]);
    for (const name of ['transport.documents_printed', 'transport.delivery_arranged', 'transport.loaded'])
      expect((await step('operations', job.jobNo, name)).status, name).toBe(409);
    expect((await step('dispatch', job.jobNo, 'transport.truck_assigned', { container: 'C1' })).status).toBe(409);
    const arranged = await step('operations', job.jobNo, 'transport.loading_arranged', {
      loadingTime: '2099-01-02T09:00',
      loadingPlace: '東莞工廠 Dongguan factory',
    });
    expect(arranged.status, brief(arranged.body)).toBe(200);
    expect(arranged.body.waiting).toEqual([
      { step: 'transport.loaded', labelZh: '裝貨完成', labelEn: 'Loaded', roles: ['operations'] },
    ]);
    const loaded = await step('operations', job.jobNo, 'transport.loaded');
    expect(loaded.body.stage).toBe('billing');
    expect(loaded.body.containers.map((c: { lastStep: string }) => c.lastStep)).toEqual([
      'transport.loaded',
      'transport.loaded',
      'transport.loaded',
    ]);
    expect(loaded.body.containers[0]).toMatchObject({ lastStepLabelZh: '裝貨完成', lastStepLabelEn: 'Loaded' });
    const done = await drive(job.jobNo);
    expect(done.taken).toEqual(['billing.reconciled', 'billing.receivables_raised']);
    expect(done.detail.status).toBe('completed');
    expect(await s.db.selectFrom('notifications').select('kind').where('record_id', '=', job.jobNo).execute()).toEqual(
      [],
    );
    expect((await step('settlement', job.jobNo, 'billing.reconciled')).status).toBe(409);
  });

  it('a job whose contract has no transport has no transport stage: customs is followed by billing', async () => {
    const job = await openJob(noTransport.contractNo);
    expect(job.stages).toEqual(['payment', 'sea_freight', 'customs', 'billing']);
    const raise = await s.http('POST', `/jobs/${job.jobNo}/exceptions`, {
      as: 'operations',
      body: { stage: 'transport', type: 'transport_anomaly', description: 'x', customerNotified: false },
    });
    expect(raise.status).toBe(422);
    const toCustoms = await drive(job.jobNo, 'customs');
    expect(toCustoms.taken).toEqual(['payment.prepayment_received', 'payment.lc_opened', 'sea.booked', 'sea.loaded']);
    expect((await step('customs', job.jobNo, 'customs.declared')).status).toBe(200);
    const released = await step('customs', job.jobNo, 'customs.released');
    expect(released.body.stage).toBe('billing');
    for (const name of ['transport.documents_printed', 'transport.loading_arranged'])
      expect((await step('operations', job.jobNo, name)).status, name).toBe(409);
    const done = await drive(job.jobNo);
    expect(done.detail.status).toBe('completed');
    const actions = (await auditOf(job.jobNo)).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith('transport.'))).toEqual([]);
  });
});

describe('container numbers (ISO 6346)', () => {
  const pathsOf = (r: { body: { details?: { fields?: { path: string; message: string }[] } } }) =>
    (r.body.details?.fields ?? []).map((f) => f.path);

  it('a wrong check digit, a wrong owner code or category, and the same number twice in a job are 400; nothing is opened', async () => {
    const before = (await s.db.selectFrom('jobs').select('job_no').execute()).length;
    const wrongDigit = await s.http('POST', '/jobs', {
      as: 'sales',
      body: jobBody(mine.contractNo, { containers: { type: '40HQ', count: 1, numbers: ['MSCU1234567'] } }),
    });
    expect(wrongDigit.status).toBe(400);
    expect(wrongDigit.body.details.fields).toEqual([
      { path: 'body.containers.numbers.0', message: expect.stringContaining('check digit must be 6') },
    ]);
    for (const bad of ['MSC1234566', 'MSCJ1234566', 'mscu1234566', 'MSCU123456']) {
      const r = await s.http('POST', '/jobs', {
        as: 'sales',
        body: jobBody(mine.contractNo, { containers: { type: '40HQ', count: 1, numbers: [bad] } }),
      });
      expect(r.status, bad).toBe(400);
      expect(pathsOf(r), bad).toEqual(['body.containers.numbers.0']);
    }
    const twice = await s.http('POST', '/jobs', {
      as: 'sales',
      body: jobBody(mine.contractNo, {
        containers: { type: '40HQ', count: 3, numbers: ['MSCU1234566', 'CSQU3054383', 'MSCU1234566'] },
      }),
    });
    expect(twice.status).toBe(400);
    expect(twice.body.details.fields).toEqual([
      { path: 'body.containers.numbers.2', message: 'duplicates container number 1' },
    ]);
    expect((await s.db.selectFrom('jobs').select('job_no').execute()).length).toBe(before);
  });

  it('a number on another job in progress is 422 naming the field and that job; once that job is completed the box may be used again', async () => {
    const first = await openJob(mine.contractNo, { containers: { type: '40HQ', count: 1, numbers: ['TGHU1234567'] } });
    const again = await s.http('POST', '/jobs', {
      as: 'operations',
      body: jobBody(mine.contractNo, {
        containers: { type: '40HQ', count: 2, numbers: ['OOLU1002005', 'TGHU1234567'] },
      }),
    });
    const held = `Container TGHU1234567 is on job ${first.jobNo} (C1), still in progress`;
    expect([again.status, again.body.code]).toEqual([422, 'unprocessable']);
    // The reason in zh-Hant with English beside; the field's own message stays English (the desk words it, fieldMessage).
    expect(again.body.message).toBe(`柜 TGHU1234567 已在作業 ${first.jobNo}（C1），尚未完成 ${held}`);
    // The field is the second number's: the desk shows the refusal under 柜號 Container numbers.
    expect(again.body.details).toEqual({
      containerNo: 'TGHU1234567',
      jobNo: first.jobNo,
      fields: [{ path: 'body.containers.numbers.1', message: held }],
    });
    // The same number given later, at the truck, is checked too.
    const other = await openJob(mine.contractNo, { containers: { type: '40HQ', count: 1 } });
    await drive(other.jobNo, 'transport');
    for (const name of ['transport.documents_printed', 'transport.delivery_arranged', 'transport.order_dispatched'])
      expect((await step('operations', other.jobNo, name)).status).toBe(200);
    const atTruck = await step('dispatch', other.jobNo, 'transport.truck_assigned', {
      container: 'C1',
      containerNo: 'TGHU1234567',
      truck: '粵B12345',
    });
    expect([atTruck.status, atTruck.body.details?.jobNo]).toEqual([422, first.jobNo]);
    expect(atTruck.body.details.fields).toEqual([{ path: 'body.containerNo', message: held }]);
    await drive(first.jobNo);
    expect(
      (
        await step('dispatch', other.jobNo, 'transport.truck_assigned', {
          container: 'C1',
          containerNo: 'TGHU1234567',
          truck: '粵B12345',
        })
      ).status,
    ).toBe(200);
    const reopened = await openJob(mine.contractNo, {
      containers: { type: '40HQ', count: 1, numbers: ['CSQU3054383'] },
    });
    expect(reopened.jobNo).not.toBe(first.jobNo);
  });
});

describe('planned dates: not before today (business time zone)', () => {
  it('a delivery date or a loading time before today is 422 naming the field, and nothing is recorded; today is taken', async () => {
    const yesterday = addDays(today(), -1);
    const imp = await openJob(mine.contractNo, { containers: { type: '40HQ', count: 1 } });
    await drive(imp.jobNo, 'transport');
    expect((await step('operations', imp.jobNo, 'transport.documents_printed')).status).toBe(200);
    const before = (await auditOf(imp.jobNo)).length;
    for (const deliveryDate of ['2020-01-01', yesterday]) {
      const past = await step('operations', imp.jobNo, 'transport.delivery_arranged', {
        deliveryDate,
        deliveryPlace: '東莞工廠 Dongguan',
      });
      expect([past.status, past.body.code], brief(past.body)).toEqual([422, 'unprocessable']);
      expect(past.body.details.fields).toEqual([
        { path: 'body.deliveryDate', message: `must not be before today (${today()})` },
      ]);
    }
    expect((await auditOf(imp.jobNo)).length).toBe(before);
    const ok = await step('operations', imp.jobNo, 'transport.delivery_arranged', {
      deliveryDate: today(),
      deliveryPlace: '東莞工廠 Dongguan',
    });
    expect(ok.status, brief(ok.body)).toBe(200);

    const exp = await openJob(mine.contractNo, { direction: 'export', containers: { type: '40HQ', count: 1 } });
    await drive(exp.jobNo, 'transport');
    const late = await step('operations', exp.jobNo, 'transport.loading_arranged', {
      loadingTime: `${yesterday}T23:30`,
      loadingPlace: '東莞工廠 Dongguan factory',
    });
    expect([late.status, late.body.details?.fields?.[0]?.path], brief(late.body)).toEqual([422, 'body.loadingTime']);
    const onTime = await step('operations', exp.jobNo, 'transport.loading_arranged', {
      loadingTime: `${today()}T00:00`,
      loadingPlace: '東莞工廠 Dongguan factory',
    });
    expect(onTime.status, brief(onTime.body)).toBe(200);
  });
});

describe('billing: every contracted line, on the value the job declares', () => {
  it('the L/C line (0.15 % of value) is billed on the declared cargo value; a value in another currency is 422', async () => {
    const wrong = await s.http('POST', '/jobs', {
      as: 'sales',
      body: jobBody(mine.contractNo, { declaredValue: { currency: 'CNY', amount: '1000000.00' } }),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.fields).toEqual([
      { path: 'body.declaredValue.currency', message: expect.stringContaining('USD') },
    ]);
    expect(
      (
        await s.http('POST', '/jobs', {
          as: 'sales',
          body: jobBody(mine.contractNo, { declaredValue: { currency: 'USD', amount: '1000.001' } }),
        })
      ).status,
    ).toBe(400);
    const job = await openJob(mine.contractNo, { declaredValue: { currency: 'USD', amount: '200000.00' } });
    const done = await drive(job.jobNo);
    expect(done.detail.declaredValue).toEqual({ currency: 'USD', amount: '200000.00' });
    const services = done.detail.receivables
      .filter((r: { source: string }) => r.source === 'service')
      .map((r: { currency: string; amount: string }) => `${r.currency} ${r.amount}`)
      .sort();
    // ocean 2 × 2450, customs per shipment 350, transport 2 × 1800, L/C 0.15 % × 200,000 = 300.00.
    expect(services).toEqual(['CNY 350.00', 'CNY 3600.00', 'USD 300.00', 'USD 4900.00']);
  });
});
