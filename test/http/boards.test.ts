import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysOfMonth } from '../../lib/volume';
import {
  addDays,
  customsLine,
  lcLine,
  newCustomer,
  oceanLine,
  signedContract,
  today,
  transportLine,
} from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
const TODAY = today();
const TOMORROW = addDays(TODAY, 1);
const MONTH = TODAY.slice(0, 7);

/** Jobs and exceptions of the scenario, by what they are for. */
const job = { urgentImport: '', newImport: '', exportDone: '', eastImport: '' };
const ex = { customs: 0, receivable: 0, extraCharge: 0, paymentOther: 0, resolved: 0, east: 0 };
let customerNo = '';
let eastCustomerNo = '';

const step = async (as: string, jobNo: string, name: string, body?: Record<string, unknown>) => {
  const res = await s.http('POST', `/jobs/${jobNo}/steps/${name}`, { as, ...(body ? { body } : {}) });
  expect(res.status, `${as} ${name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  return res.body;
};

const openJob = async (
  as: string,
  contractNo: string,
  direction: 'import' | 'export',
  containers: { type: string; count: number },
  urgent: boolean,
) => {
  const res = await s.http('POST', '/jobs', {
    as,
    body: {
      contractNo,
      direction,
      containers,
      cargo: '手機配件 phone accessories',
      portOfLoading: 'Los Angeles',
      portOfDischarge: '鹽田 Yantian',
      urgent,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.jobNo as string;
};

const raise = async (
  as: string,
  jobNo: string,
  body: { stage: string; type: string; description: string; customerNotified: boolean },
) => {
  const res = await s.http('POST', `/jobs/${jobNo}/exceptions`, { as, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Math.max(...res.body.exceptions.map((x: { id: number }) => x.id));
};

/** A signed contract of `owner` (a salesperson), as test/support/fixtures signedContract does for `sales`. */
async function signedContractOf(owner: string): Promise<{ contractNo: string; customerNo: string }> {
  const t = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: { title: 'with L/C', effectiveFrom: TODAY, lines: [oceanLine(), customsLine(), transportLine(), lcLine()] },
  });
  await s.http('POST', `/tariffs/${t.body.versionNo}/submit`, { as: 'commerce' });
  await s.http('POST', `/tariffs/${t.body.versionNo}/approve`, { as: 'gm' });
  const customer = (await s.http('POST', '/customers', { as: owner, body: newCustomer() })).body.customerNo as string;
  const lines = [1, 2, 3].map((n) => ({
    tariffLineNo: n,
    quotedPrice: ['2450.00', '350.00', '1800.00'][n - 1],
    quantity: '4',
  }));
  const q = await s.http('POST', '/quotes', {
    as: owner,
    body: {
      customerNo: customer,
      validUntil: addDays(TODAY, 30),
      lines: [...lines, { tariffLineNo: 4, quotedPrice: '0.1500', quantity: '100000.00' }],
    },
  });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  const steps: [string, string, unknown?][] = [
    [owner, 'submit'],
    ['commerce', 'approve'],
    [owner, 'confirm'],
    [
      'commerce',
      'internal-quote',
      {
        feeItems: [{ name: '碼頭操作費 terminal handling', currency: 'CNY', amount: '850.00', payer: 'customer' }],
        project: { projectName: '進口 import' },
      },
    ],
    ['gm', 'budget-approve'],
    ['commerce', 'contract', { clauseChanges: [] }],
    ['marketing_manager', 'contract-review'],
    ['gm', 'contract-approve'],
    [owner, 'sign'],
  ];
  let contractNo = '';
  for (const [as, path, body] of steps) {
    const r = await s.http('POST', `/quotes/${q.body.quoteNo}/${path}`, {
      as,
      ...(body !== undefined ? { body } : {}),
    });
    expect(r.status, `${as} ${path}: ${JSON.stringify(r.body)}`).toBe(200);
    contractNo = r.body.contractNo ?? contractNo;
  }
  return { contractNo, customerNo: customer };
}

const through = async (jobNo: string, steps: [string, string, Record<string, unknown>?][]) => {
  for (const [as, name, body] of steps) await step(as, jobNo, name, body);
};
const IMPORT_TO_TRANSPORT: [string, string][] = [
  ['finance', 'payment.prepayment_received'],
  ['finance', 'payment.lc_opened'],
  ['ocean', 'sea.booked'],
  ['ocean', 'sea.loaded'],
  ['customs', 'customs.declared'],
  ['customs', 'customs.released'],
  ['operations', 'transport.documents_printed'],
];

beforeAll(async () => {
  s = await startStack();
  await s.addUser('sm_east', 'sales_manager');
  await s.addUser('sales_east', 'sales', 'sm_east');
  await s.addUser('sales_west', 'sales', 'sales_manager');
  const mine = await signedContract(s);
  customerNo = mine.customerNo;
  const east = await signedContractOf('sales_east');
  eastCustomerNo = east.customerNo;

  // sales: an urgent import of two containers, one at the factory, the other on its truck's way.
  job.urgentImport = await openJob('sales', mine.contractNo, 'import', { type: '40HQ', count: 2 }, true);
  // sales: an import just received, waiting for the prepayment.
  job.newImport = await openJob('sales', mine.contractNo, 'import', { type: '40HQ', count: 1 }, false);
  // sales: an export loaded and billed: delivered, and no longer open.
  job.exportDone = await openJob('sales', mine.contractNo, 'export', { type: '40HQ', count: 1 }, false);
  // sales_east (another team): an import to be delivered tomorrow.
  job.eastImport = await openJob('sales_east', east.contractNo, 'import', { type: '40HQ', count: 1 }, false);

  await through(job.urgentImport, [
    ...IMPORT_TO_TRANSPORT,
    ['operations', 'transport.delivery_arranged', { deliveryDate: TODAY, deliveryPlace: '東莞工廠 Dongguan' }],
    ['operations', 'transport.order_dispatched'],
    [
      'dispatch',
      'transport.truck_assigned',
      { container: 'C1', truck: '粵B12345', driver: '王師傅', driverPhone: '138 0000 0000' },
    ],
    ['dispatch', 'transport.picked_up', { container: 'C1' }],
    ['operations', 'transport.arrived', { container: 'C1', customerConfirmed: true }],
    [
      'dispatch',
      'transport.truck_assigned',
      { container: 'C2', truck: '粵B67890', driver: '李師傅', driverPhone: '139 0000 0000' },
    ],
  ]);
  await through(job.exportDone, [
    ['finance', 'payment.prepayment_received'],
    ['finance', 'payment.lc_opened'],
    ['ocean', 'sea.booked'],
    ['ocean', 'sea.goods_ready'],
    ['ocean', 'sea.cut_off'],
    ['ocean', 'sea.loaded'],
    ['ocean', 'sea.departed'],
    ['customs', 'customs.declared'],
    ['customs', 'customs.released'],
    ['operations', 'transport.loading_arranged', { loadingPlace: '深圳工廠 Shenzhen', loadingTime: `${TODAY}T09:00` }],
    ['operations', 'transport.loaded'],
    ['settlement', 'billing.reconciled'],
    ['settlement', 'billing.receivables_raised'],
  ]);
  await through(job.eastImport, [
    ...IMPORT_TO_TRANSPORT,
    ['operations', 'transport.delivery_arranged', { deliveryDate: TOMORROW, deliveryPlace: '惠州工廠 Huizhou' }],
  ]);

  ex.customs = await raise('sales', job.newImport, {
    stage: 'customs',
    type: 'customs_anomaly',
    description: '品名待確認 description to confirm',
    customerNotified: true,
  });
  ex.receivable = await raise('sales', job.newImport, {
    stage: 'billing',
    type: 'receivable_anomaly',
    description: '上票未付 last invoice unpaid',
    customerNotified: false,
  });
  ex.extraCharge = await raise('operations', job.urgentImport, {
    stage: 'transport',
    type: 'unconfirmed_extra_charge',
    description: '壓夜費待確認 overnight charge to confirm',
    customerNotified: false,
  });
  ex.resolved = await raise('finance', job.newImport, {
    stage: 'payment',
    type: 'payment_anomaly',
    description: '金額不符 amount differs',
    customerNotified: false,
  });
  expect(
    (
      await s.http('POST', `/jobs/${job.newImport}/exceptions/${ex.resolved}/resolve`, {
        as: 'finance',
        body: { resolution: '已補足 paid in full' },
      })
    ).status,
  ).toBe(200);
  ex.paymentOther = await raise('finance', job.newImport, {
    stage: 'payment',
    type: 'other',
    description: '匯款人名稱不同 remitter name differs',
    customerNotified: false,
  });
  ex.east = await raise('sales_east', job.eastImport, {
    stage: 'customs',
    type: 'customs_anomaly',
    description: '查驗 inspection ordered',
    customerNotified: true,
  });
}, 300_000);
afterAll(async () => s?.close());

const get = async (as: string, path: string) => {
  const res = await s.http('GET', path, { as });
  expect(res.status, `${as} GET ${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  return res.body;
};
const jobNos = (body: { items: { jobNo: string }[] }) => body.items.map((i) => i.jobNo);
const ids = (items: { id: number }[]) => items.map((i) => i.id);

describe('order follow-up 「接單跟進表」', () => {
  it('a salesperson sees their open jobs urgent first, whom each waits on and since when, and how many are in each stage', async () => {
    const board = await get('sales', '/boards/order-follow-up');
    expect(jobNos(board)).toEqual([job.urgentImport, job.newImport]);
    expect(board.total).toBe(2);
    const [urgent, fresh] = board.items;
    // The salesperson by display name beside the id (the desk shows the name).
    const salesName = (
      await s.db.selectFrom('users').select('display_name').where('id', '=', 'sales').executeTakeFirstOrThrow()
    ).display_name;
    expect(urgent).toMatchObject({
      customerNo,
      ownerId: 'sales',
      ownerName: salesName,
      stage: 'transport',
      urgent: true,
      containerCount: 2,
      openExceptions: 1,
    });
    expect(urgent.waiting).toEqual([
      { step: 'transport.unloaded', labelZh: '卸貨', labelEn: 'Unloaded', roles: ['operations'], container: 'C1' },
      {
        step: 'transport.picked_up',
        labelZh: '提柜',
        labelEn: 'Container picked up',
        roles: ['dispatch'],
        container: 'C2',
      },
    ]);
    expect([...urgent.waitingRoles].sort()).toEqual(['dispatch', 'operations']);
    expect(fresh).toMatchObject({ stage: 'payment', urgent: false, waitingRoles: ['finance'], openExceptions: 3 });
    expect(fresh.waiting).toEqual([
      {
        step: 'payment.prepayment_received',
        labelZh: '預付款到帳',
        labelEn: 'Prepayment received',
        roles: ['finance'],
      },
    ]);
    for (const i of board.items) expect(Date.parse(i.stageSince)).toBeLessThanOrEqual(Date.now());
    expect(
      board.byStage.map((b: { stage: string; jobs: number; urgent: number }) => [b.stage, b.jobs, b.urgent]),
    ).toEqual([
      ['payment', 1, 0],
      ['sea_freight', 0, 0],
      ['customs', 0, 0],
      ['transport', 1, 1],
      ['warehousing', 0, 0],
      ['billing', 0, 0],
    ]);
  });

  it('the sheet filters by stage, salesperson and customer and pages, while the stage counts stay whole', async () => {
    expect(jobNos(await get('operations', '/boards/order-follow-up'))).toEqual([
      job.urgentImport,
      job.newImport,
      job.eastImport,
    ]);
    const payment = await get('operations', '/boards/order-follow-up?stage=payment');
    expect(jobNos(payment)).toEqual([job.newImport]);
    expect(payment.byStage.find((b: { stage: string }) => b.stage === 'transport').jobs).toBe(2);
    expect(jobNos(await get('operations', '/boards/order-follow-up?ownerId=sales_east'))).toEqual([job.eastImport]);
    expect(jobNos(await get('operations', `/boards/order-follow-up?customerNo=${customerNo}`))).toEqual([
      job.urgentImport,
      job.newImport,
    ]);
    const page = await get('operations', '/boards/order-follow-up?limit=1&offset=1');
    expect(jobNos(page)).toEqual([job.newImport]);
    expect(page.total).toBe(3);
    expect((await s.http('GET', '/boards/order-follow-up?stage=sailing', { as: 'operations' })).status).toBe(400);
    expect((await s.http('GET', '/boards/order-follow-up?limit=0', { as: 'operations' })).status).toBe(400);
  });
});

describe('deliveries 「送貨跟進表」', () => {
  it('the sheet shows the day’s and the next day’s containers per customer with truck, driver, phone and arrival', async () => {
    const board = await get('operations', '/boards/deliveries');
    expect(board.date).toBe(TODAY);
    const [day, next] = board.days;
    expect(day).toMatchObject({ date: TODAY, containers: 2 });
    expect(day.customers).toHaveLength(1);
    expect(day.customers[0]).toMatchObject({ customerNo });
    expect(day.customers[0].customerName).toContain('深圳市華南電子有限公司');
    const [c1, c2] = day.customers[0].containers;
    expect(c1).toMatchObject({
      jobNo: job.urgentImport,
      containerKey: 'C1',
      urgent: true,
      deliveryPlace: '東莞工廠 Dongguan',
      truck: '粵B12345',
      driver: '王師傅',
      driverPhone: '138 0000 0000',
      arrival: 'arrived',
      customerConfirmed: true,
      unloadedAt: null,
      lastStep: 'transport.arrived',
      lastStepLabelZh: '到廠',
      lastStepLabelEn: 'Arrived at factory',
    });
    expect(c1.arrivedAt).not.toBeNull();
    expect(c2).toMatchObject({
      containerKey: 'C2',
      truck: '粵B67890',
      driver: '李師傅',
      driverPhone: '139 0000 0000',
      arrival: 'pending',
      arrivedAt: null,
      customerConfirmed: false,
    });
    expect(next).toMatchObject({ date: TOMORROW, containers: 1 });
    expect(next.customers[0]).toMatchObject({
      customerNo: eastCustomerNo,
      containers: [
        expect.objectContaining({
          jobNo: job.eastImport,
          truck: null,
          arrival: 'pending',
          deliveryPlace: '惠州工廠 Huizhou',
        }),
      ],
    });
  });

  it('the day before shows today as its next day, and the customer filter narrows the sheet', async () => {
    const before = await get('operations', `/boards/deliveries?date=${addDays(TODAY, -1)}`);
    expect(before.days.map((d: { date: string; containers: number }) => [d.date, d.containers])).toEqual([
      [addDays(TODAY, -1), 0],
      [TODAY, 2],
    ]);
    const east = await get('operations', `/boards/deliveries?customerNo=${eastCustomerNo}`);
    expect(east.days.map((d: { containers: number }) => d.containers)).toEqual([0, 1]);
    expect((await s.http('GET', '/boards/deliveries?date=2026-02-30', { as: 'operations' })).status).toBe(400);
  });
});

describe('exceptions 「異常動態表」', () => {
  it('the sheet lists open exceptions oldest first with their age, stage, type, owner and whether the customer was told', async () => {
    const board = await get('sales', '/boards/exceptions');
    expect(ids(board.items)).toEqual([ex.customs, ex.receivable, ex.extraCharge, ex.paymentOther]);
    expect(board.total).toBe(4);
    const [customs, receivable] = board.items;
    expect(customs).toMatchObject({
      jobNo: job.newImport,
      customerNo,
      ownerId: 'sales',
      stage: 'customs',
      jobStage: 'payment',
      type: 'customs_anomaly',
      customerNotified: true,
      raisedBy: 'sales',
      ageDays: 0,
    });
    expect(customs.customerNotifiedAt).not.toBeNull();
    expect(customs.ageMs).toBeGreaterThanOrEqual(0);
    expect(customs.ageMs).toBeLessThanOrEqual(Date.parse(board.asOf) - Date.parse(customs.raisedAt));
    expect(receivable).toMatchObject({
      stage: 'billing',
      type: 'receivable_anomaly',
      customerNotified: false,
      customerNotifiedAt: null,
    });
    expect(customs.ageMs).toBeGreaterThanOrEqual(receivable.ageMs);
  });

  it('the sheet filters by stage, type and salesperson and pages; resolved exceptions are not on it', async () => {
    expect(ids((await get('sales', '/boards/exceptions?stage=customs')).items)).toEqual([ex.customs]);
    expect(ids((await get('sales', '/boards/exceptions?type=unconfirmed_extra_charge')).items)).toEqual([
      ex.extraCharge,
    ]);
    expect(ids((await get('sales', '/boards/exceptions?type=payment_anomaly')).items)).toEqual([]);
    expect(ids((await get('operations', '/boards/exceptions?ownerId=sales_east')).items)).toEqual([ex.east]);
    const page = await get('operations', '/boards/exceptions?limit=2&offset=2');
    expect(ids(page.items)).toEqual([ex.extraCharge, ex.paymentOther]);
    expect(page.total).toBe(5);
    expect((await s.http('GET', '/boards/exceptions?type=flood', { as: 'sales' })).status).toBe(400);
  });
});

describe('who sees what on the boards', () => {
  it('another salesperson sees nothing of sales’ jobs on any board', async () => {
    expect((await get('sales_west', '/boards/order-follow-up')).total).toBe(0);
    expect((await get('sales_west', '/boards/exceptions')).total).toBe(0);
    expect(
      (await get('sales_west', `/boards/deliveries?date=${addDays(TODAY, -1)}`)).days.map(
        (d: { containers: number }) => d.containers,
      ),
    ).toEqual([0, 0]);
    expect((await get('sales_west', `/boards/container-volume?from=${TODAY}&to=${TODAY}`)).rows).toEqual([]);
    const briefing = await get('sales_west', `/briefing?date=${TOMORROW}`);
    expect([
      briefing.yesterdaysOrders,
      briefing.anomalies,
      briefing.unconfirmedExtraCharges,
      briefing.todaysDeliveries.customers,
    ]).toEqual([[], [], [], []]);
    expect(jobNos(await get('sales_east', '/boards/order-follow-up'))).toEqual([job.eastImport]);
    expect(ids((await get('sales_east', '/boards/exceptions')).items)).toEqual([ex.east]);
  });

  it('naming another team’s salesperson as a filter shows nothing rather than their jobs', async () => {
    expect((await get('sales', '/boards/order-follow-up?ownerId=sales_east')).total).toBe(0);
    expect((await get('sales_manager', '/boards/exceptions?ownerId=sales_east')).total).toBe(0);
    expect((await get('sales_manager', `/boards/container-volume?from=${TODAY}&ownerId=sales_east`)).rows).toEqual([]);
  });

  it('a sales manager sees the team’s jobs and not another team’s; back office and auditors see all', async () => {
    expect(jobNos(await get('sales_manager', '/boards/order-follow-up'))).toEqual([job.urgentImport, job.newImport]);
    expect(jobNos(await get('sm_east', '/boards/order-follow-up'))).toEqual([job.eastImport]);
    expect((await get('auditor', '/boards/order-follow-up')).total).toBe(3);
    expect((await get('auditor', '/boards/exceptions')).total).toBe(5);
    expect((await get('gm', '/boards/order-follow-up')).total).toBe(3);
  });
});

/** A seeded user's display name (the boards name people by it, never by the login). */
const displayName = async (id: string) =>
  (await s.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;

describe('container volume 「柜量」', () => {
  const salesToday = {
    businessDate: TODAY,
    ownerId: 'sales',
    ownerName: '',
    ordersReceived: 3,
    containersOrdered: 4,
    containersReleased: 3,
    containersDelivered: 2,
    urgentOrders: 1,
  };
  const eastToday = {
    businessDate: TODAY,
    ownerId: 'sales_east',
    ownerName: '',
    ordersReceived: 1,
    containersOrdered: 1,
    containersReleased: 1,
    containersDelivered: 0,
    urgentOrders: 0,
  };

  it('orders, containers ordered, released and delivered (arrived at the factory, or loaded for export) and urgent orders are counted per day and salesperson', async () => {
    // The salesperson by display name beside the id (the desk's 業務員 column shows the name).
    salesToday.ownerName = await displayName('sales');
    eastToday.ownerName = await displayName('sales_east');
    expect(salesToday.ownerName).not.toBe('sales');
    const mine = await get('sales', `/boards/container-volume?from=${TODAY}&to=${TODAY}`);
    expect(mine).toMatchObject({ from: TODAY, to: TODAY, rows: [salesToday] });
    const all = await get('operations', '/boards/container-volume');
    expect(all.from).toBe(`${MONTH}-01`);
    expect(all.to).toBe(TODAY);
    expect(all.rows).toEqual([salesToday, eastToday]);
    expect(all.total).toEqual({
      ordersReceived: 4,
      containersOrdered: 5,
      containersReleased: 4,
      containersDelivered: 2,
      urgentOrders: 1,
    });
    expect((await get('sales_manager', `/boards/container-volume?to=${TODAY}`)).rows).toEqual([salesToday]);
    expect((await get('operations', `/boards/container-volume?ownerId=sales_east&from=${TODAY}`)).rows).toEqual([
      eastToday,
    ]);
    expect(
      (await get('operations', `/boards/container-volume?from=${addDays(TODAY, 1)}&to=${addDays(TODAY, 2)}`)).rows,
    ).toEqual([]);
  });

  it('a volume request with the range reversed, too long or not a date is refused', async () => {
    expect(
      (await s.http('GET', `/boards/container-volume?from=${TODAY}&to=${addDays(TODAY, -1)}`, { as: 'sales' })).status,
    ).toBe(400);
    expect(
      (await s.http('GET', `/boards/container-volume?from=${addDays(TODAY, -400)}&to=${TODAY}`, { as: 'sales' }))
        .status,
    ).toBe(400);
    expect((await s.http('GET', '/boards/container-volume?from=yesterday', { as: 'sales' })).status).toBe(400);
  });
});

describe('the monthly container-volume sheet 「月柜量進度表」', () => {
  const put = (as: string, body: unknown, key?: string, month = MONTH) =>
    s.http('PUT', `/container-volume-budgets/${month}`, {
      as,
      body,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  it('a salesperson sets their own budget, a sales manager a team member’s; each change is audited and a retry changes nothing', async () => {
    const first = await put('sales', { budgetContainers: 10 }, 'budget-sales-1');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ ownerId: 'sales', month: MONTH, budgetContainers: 10 });
    const retry = await put('sales', { budgetContainers: 10 }, 'budget-sales-1');
    expect(retry.status).toBe(200);
    expect(retry.body.budgetContainers).toBe(10);
    // The key names that request: another body with it is refused, not answered 200 with nothing done.
    const reused = await put('sales', { budgetContainers: 99 }, 'budget-sales-1');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    const byManager = await put('sales_manager', { budgetContainers: 3, ownerId: 'sales' }, 'budget-sm-1');
    expect(byManager.body).toMatchObject({ ownerId: 'sales', budgetContainers: 3 });
    expect((await put('sm_east', { budgetContainers: 5, ownerId: 'sales_east' })).status).toBe(200);
    const audit = await s.db
      .selectFrom('audit_log')
      .selectAll()
      .where('record_type', '=', 'container_volume_budget')
      .where('record_id', '=', `sales:${MONTH}`)
      .orderBy('id')
      .execute();
    expect(
      audit.map((a) => [a.actor_id, a.action, (a.changes as { budgetContainers: unknown }).budgetContainers]),
    ).toEqual([
      ['sales', 'container_volume_budget.set', { from: null, to: 10 }],
      ['sales_manager', 'container_volume_budget.set', { from: 10, to: 3 }],
    ]);
  });

  it('no one but a salesperson for themself and a sales manager for their team may set a budget', async () => {
    expect((await put('sales', { budgetContainers: 1, ownerId: 'sales_west' })).status).toBe(403);
    expect((await put('sales_manager', { budgetContainers: 1, ownerId: 'sales_east' })).status).toBe(403);
    // Someone outside the team is named as people know them — display name, never login — in zh-Hant first.
    const outside = await put('sm_east', { budgetContainers: 1, ownerId: 'sales' });
    expect([outside.status, outside.body.details.reason, outside.body.message]).toEqual([
      403,
      'out_of_sight',
      '陳志明 Chen Zhiming 不在您的團隊 陳志明 Chen Zhiming is not in your team',
    ]);
    expect((await put('sales_manager', { budgetContainers: 1, ownerId: 'nobody' })).status).toBe(403);
    for (const role of ['operations', 'gm', 'marketing_manager', 'commerce', 'auditor'])
      expect((await put(role, { budgetContainers: 1, ownerId: 'sales' })).status, role).toBe(403);
    expect((await put('sales', { budgetContainers: 1 }, undefined, '2026-13')).status).toBe(400);
    expect((await put('sales', { budgetContainers: -1 })).status).toBe(400);
    expect((await put('sales', { budgetContainers: 1.5 })).status).toBe(400);
    expect((await put('sales', { budgetContainers: 1, month: MONTH })).status).toBe(400);
    const unchanged = await s.db
      .selectFrom('container_volume_budgets')
      .selectAll()
      .where('month', '=', MONTH)
      .orderBy('owner_id')
      .execute();
    expect(unchanged.map((b) => [b.owner_id, b.budget_containers])).toEqual([
      ['sales', 3],
      ['sales_east', 5],
    ]);
  });

  it('the sheet names whose budget the caller may set, by display name: a salesperson themself, a manager the team', async () => {
    const owners = async (as: string) =>
      (await get(as, `/boards/container-volume/monthly?month=${MONTH}`)).budgetOwners;
    expect(await owners('sales')).toEqual([{ id: 'sales', name: await displayName('sales') }]);
    // The sales manager's team, not sm_east's (sales_east): the people PUT accepts from them, by name.
    expect(await owners('sales_manager')).toEqual([
      { id: 'sales', name: await displayName('sales') },
      { id: 'sales_west', name: await displayName('sales_west') },
    ]);
    expect(await owners('sm_east')).toEqual([{ id: 'sales_east', name: await displayName('sales_east') }]);
    expect(await owners('operations')).toEqual([]);
  });

  it('the sheet lists every day of the month with running totals and the delivered containers against the budget', async () => {
    const sheet = await get('sales', `/boards/container-volume/monthly?month=${MONTH}`);
    expect(sheet).toMatchObject({ month: MONTH, ownerId: 'sales', budgetContainers: 3, deliveredPercent: '66.67' });
    expect(sheet.days.map((d: { date: string }) => d.date)).toEqual(daysOfMonth(MONTH));
    const todayRow = sheet.days.find((d: { date: string }) => d.date === TODAY);
    expect(todayRow).toMatchObject({
      ordersReceived: 3,
      containersOrdered: 4,
      containersReleased: 3,
      containersDelivered: 2,
      urgentOrders: 1,
    });
    expect(todayRow.running).toEqual(sheet.total);
    expect(sheet.days.at(-1).running).toEqual({
      ordersReceived: 3,
      containersOrdered: 4,
      containersReleased: 3,
      containersDelivered: 2,
      urgentOrders: 1,
    });
    expect((await get('sales', '/boards/container-volume/monthly')).month).toBe(MONTH);
  });

  it('a manager’s sheet sums the team, back office sums the house, and a month without budget or volume is all zeros', async () => {
    expect(await get('sales_manager', `/boards/container-volume/monthly?month=${MONTH}`)).toMatchObject({
      ownerId: null,
      budgetContainers: 3,
      deliveredPercent: '66.67',
      total: { containersDelivered: 2 },
    });
    expect(await get('operations', `/boards/container-volume/monthly?month=${MONTH}`)).toMatchObject({
      budgetContainers: 8,
      deliveredPercent: '25.00',
      total: { ordersReceived: 4, containersDelivered: 2 },
    });
    expect(await get('sm_east', `/boards/container-volume/monthly?month=${MONTH}&ownerId=sales_east`)).toMatchObject({
      ownerId: 'sales_east',
      budgetContainers: 5,
      deliveredPercent: '0.00',
    });
    expect(
      await get('sales_manager', `/boards/container-volume/monthly?month=${MONTH}&ownerId=sales_east`),
    ).toMatchObject({ budgetContainers: null, deliveredPercent: null, total: { ordersReceived: 0 } });
    const leap = await get('sales', '/boards/container-volume/monthly?month=2024-02');
    expect(leap.days).toHaveLength(29);
    expect(leap).toMatchObject({
      budgetContainers: null,
      deliveredPercent: null,
      total: { ordersReceived: 0, containersDelivered: 0 },
    });
    expect((await s.http('GET', '/boards/container-volume/monthly?month=2024-2', { as: 'sales' })).status).toBe(400);
  });
});

describe('the morning briefing 「晨會報告」', () => {
  it('gives a salesperson yesterday’s orders, today’s deliveries, open customs, transport and receivable anomalies and unconfirmed extra charges in one answer', async () => {
    const morning = await get('sales', `/briefing?date=${TOMORROW}`);
    expect(morning).toMatchObject({ date: TOMORROW, yesterday: TODAY, ownerId: 'sales' });
    expect(morning.yesterdaysOrders.map((o: { jobNo: string }) => o.jobNo)).toEqual([
      job.urgentImport,
      job.newImport,
      job.exportDone,
    ]);
    expect(morning.yesterdaysOrders[2]).toMatchObject({
      ownerId: 'sales',
      ownerName: await displayName('sales'),
      direction: 'export',
      status: 'completed',
      containerCount: 1,
      customerNo,
    });
    expect(morning.todaysDeliveries).toEqual({ date: TOMORROW, containers: 0, customers: [] });
    expect(ids(morning.anomalies)).toEqual([ex.customs, ex.receivable]);
    expect(ids(morning.unconfirmedExtraCharges)).toEqual([ex.extraCharge]);

    const today = await get('sales', '/briefing');
    expect(today.date).toBe(TODAY);
    expect(today.yesterdaysOrders).toEqual([]);
    expect(
      today.todaysDeliveries.customers[0].containers.map((c: { containerKey: string; arrival: string }) => [
        c.containerKey,
        c.arrival,
      ]),
    ).toEqual([
      ['C1', 'arrived'],
      ['C2', 'pending'],
    ]);
  });

  it('a manager or back office names the salesperson whose briefing they want', async () => {
    const east = await get('operations', `/briefing?date=${TOMORROW}&ownerId=sales_east`);
    expect(east.yesterdaysOrders.map((o: { jobNo: string }) => o.jobNo)).toEqual([job.eastImport]);
    expect(east.todaysDeliveries.containers).toBe(1);
    expect(ids(east.anomalies)).toEqual([ex.east]);
    expect(east.unconfirmedExtraCharges).toEqual([]);
    const team = await get('sales_manager', `/briefing?date=${TOMORROW}`);
    expect(team.ownerId).toBeNull();
    expect(team.yesterdaysOrders).toHaveLength(3);
    expect((await s.http('GET', '/briefing?date=tomorrow', { as: 'sales' })).status).toBe(400);
  });
});

describe('the boards’ contract', () => {
  it('every board, the budget and the briefing are documented under the boards tag', async () => {
    const doc = (await s.http('GET', '/openapi.json')).body;
    const ops = [
      ['/boards/order-follow-up', 'get'],
      ['/boards/deliveries', 'get'],
      ['/boards/exceptions', 'get'],
      ['/boards/container-volume', 'get'],
      ['/boards/container-volume/monthly', 'get'],
      ['/container-volume-budgets/{month}', 'put'],
      ['/briefing', 'get'],
    ];
    for (const [path, method] of ops)
      expect(doc.paths[path!]?.[method!]?.tags, `${method} ${path}`).toEqual(['boards']);
  });
});
