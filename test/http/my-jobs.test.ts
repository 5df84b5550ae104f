/**
 * "My jobs" 「我的待辦」 on the job board for every operations role: `GET /boards/order-follow-up?mine=true`
 * keeps the open jobs with a step waiting on the caller's role (and `waitingOn=<role>` the same for any
 * role); the stage counts follow the filter. One job waits at each role's step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, customsLine, lcLine, newCustomer, oceanLine, today, transportLine } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
const OPS_ROLES = ['finance', 'ocean', 'customs', 'operations', 'dispatch', 'warehouse', 'settlement'] as const;
type OpsRole = (typeof OPS_ROLES)[number];
/** The job waiting on each role. */
const waitingOn = {} as Record<OpsRole, string>;

const warehouseLine = () => ({
  serviceType: 'warehousing',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '深圳 Shenzhen',
  routeTo: '深圳倉 Shenzhen warehouse',
  unit: 'per_shipment',
  currency: 'CNY',
  price: '500.00',
  budgetCost: '300.00',
});

async function contractWithWarehousing(): Promise<string> {
  const t = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: {
      title: 'all stages',
      effectiveFrom: today(),
      lines: [oceanLine(), customsLine(), transportLine(), lcLine(), warehouseLine()],
    },
  });
  await s.http('POST', `/tariffs/${t.body.versionNo}/submit`, { as: 'commerce' });
  await s.http('POST', `/tariffs/${t.body.versionNo}/approve`, { as: 'gm' });
  const customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
  const q = await s.http('POST', '/quotes', {
    as: 'sales',
    body: {
      customerNo,
      validUntil: addDays(today(), 30),
      lines: [
        { tariffLineNo: 1, quotedPrice: '2450.00', quantity: '4' },
        { tariffLineNo: 2, quotedPrice: '350.00', quantity: '4' },
        { tariffLineNo: 3, quotedPrice: '1800.00', quantity: '4' },
        { tariffLineNo: 4, quotedPrice: '0.1500', quantity: '100000.00' },
        { tariffLineNo: 5, quotedPrice: '500.00', quantity: '1' },
      ],
    },
  });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  let contractNo = '';
  for (const [as, path, body] of [
    ['sales', 'submit'],
    ['commerce', 'approve'],
    ['sales', 'confirm'],
    ['commerce', 'internal-quote', { feeItems: [], project: { projectName: '全程 door to door' } }],
    ['gm', 'budget-approve'],
    ['commerce', 'contract', { clauseChanges: [] }],
    ['marketing_manager', 'contract-review'],
    ['gm', 'contract-approve'],
    ['sales', 'sign'],
  ] as [string, string, unknown?][]) {
    const r = await s.http('POST', `/quotes/${q.body.quoteNo}/${path}`, { as, ...(body ? { body } : {}) });
    expect(r.status, `${as} ${path}: ${JSON.stringify(r.body)}`).toBe(200);
    contractNo = r.body.contractNo ?? contractNo;
  }
  return contractNo;
}

const PAYMENT: [string, string][] = [
  ['finance', 'payment.prepayment_received'],
  ['finance', 'payment.lc_opened'],
];
const SEA: [string, string][] = [
  ['ocean', 'sea.booked'],
  ['ocean', 'sea.goods_ready'],
  ['ocean', 'sea.cut_off'],
  ['ocean', 'sea.loaded'],
  ['ocean', 'sea.departed'],
];
const CUSTOMS: [string, string][] = [
  ['customs', 'customs.declared'],
  ['customs', 'customs.released'],
];
const TRANSPORT: [string, string, Record<string, unknown>?][] = [
  ['operations', 'transport.loading_arranged', { loadingPlace: '深圳工廠 Shenzhen', loadingTime: `${today()}T09:00` }],
  ['operations', 'transport.loaded'],
];
const WAREHOUSE: [string, string][] = [
  ['warehouse', 'warehouse.received'],
  ['warehouse', 'warehouse.released'],
];

beforeAll(async () => {
  s = await startStack();
  const contractNo = await contractWithWarehousing();
  const open = async (direction: 'import' | 'export') => {
    const res = await s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo,
        direction,
        containers: { type: '40HQ', count: 1 },
        cargo: '手機配件 phone accessories',
        portOfLoading: 'Shenzhen',
        portOfDischarge: 'Los Angeles',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.jobNo as string;
  };
  const through = async (jobNo: string, steps: [string, string, Record<string, unknown>?][]) => {
    for (const [as, name, body] of steps) {
      const r = await s.http('POST', `/jobs/${jobNo}/steps/${name}`, { as, ...(body ? { body } : {}) });
      expect(r.status, `${as} ${name}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
    }
  };
  // Export jobs stopped at each stage; an import stopped where it waits on a truck (dispatch).
  const plans: [OpsRole, 'import' | 'export', [string, string, Record<string, unknown>?][]][] = [
    ['finance', 'export', []],
    ['ocean', 'export', [...PAYMENT]],
    ['customs', 'export', [...PAYMENT, ...SEA]],
    ['operations', 'export', [...PAYMENT, ...SEA, ...CUSTOMS]],
    [
      'dispatch',
      'import',
      [
        ...PAYMENT,
        ['ocean', 'sea.booked'],
        ['ocean', 'sea.loaded'],
        ...CUSTOMS,
        ['operations', 'transport.documents_printed'],
        ['operations', 'transport.delivery_arranged', { deliveryDate: today(), deliveryPlace: '東莞工廠 Dongguan' }],
        ['operations', 'transport.order_dispatched'],
      ],
    ],
    ['warehouse', 'export', [...PAYMENT, ...SEA, ...CUSTOMS, ...TRANSPORT]],
    ['settlement', 'export', [...PAYMENT, ...SEA, ...CUSTOMS, ...TRANSPORT, ...WAREHOUSE]],
  ];
  for (const [role, direction, steps] of plans) {
    waitingOn[role] = await open(direction);
    await through(waitingOn[role], steps);
  }
}, 600_000);
afterAll(async () => s?.close());

const board = async (as: string, query: string) => {
  const res = await s.http('GET', `/boards/order-follow-up?${query}`, { as });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  return res.body as {
    items: { jobNo: string; waitingRoles: string[] }[];
    total: number;
    byStage: { stage: string; jobs: number }[];
  };
};

describe('my jobs per operations role', () => {
  it.each(OPS_ROLES)('%s: mine=true lists exactly the job waiting on %s, with its stage counted', async (role) => {
    const mine = await board(role, 'mine=true');
    expect(mine.items.map((i) => i.jobNo)).toEqual([waitingOn[role]]);
    expect(mine.items[0]!.waitingRoles).toContain(role);
    expect(mine.total).toBe(1);
    expect(mine.byStage.reduce((n, b) => n + b.jobs, 0)).toBe(1);
    // The whole board has all seven; waitingOn=<role> asked by someone else gives the same job.
    expect((await board(role, '')).total).toBe(OPS_ROLES.length);
    expect((await board('gm', `waitingOn=${role}`)).items.map((i) => i.jobNo)).toEqual([waitingOn[role]]);
  });

  it('a role nothing waits on has no jobs of its own; an unknown role is 400', async () => {
    expect((await board('commerce', 'mine=true')).items).toEqual([]);
    expect((await s.http('GET', '/boards/order-follow-up?waitingOn=captain', { as: 'operations' })).status).toBe(400);
    expect((await s.http('GET', '/boards/order-follow-up?mine=yes', { as: 'operations' })).status).toBe(400);
  });
});
