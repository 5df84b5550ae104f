/** Business data the tests share. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { businessToday } from '../../lib/dates';

export const today = () => businessToday();

export const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const oceanLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'ocean_freight',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '深圳 Shenzhen',
  routeTo: '洛杉磯 Los Angeles',
  unit: 'per_40hq',
  currency: 'USD',
  price: '2450.00',
  budgetCost: '2100.00',
  ...over,
});

export const customsLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'customs_declaration',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '深圳 Shenzhen',
  routeTo: '深圳 Shenzhen',
  unit: 'per_shipment',
  currency: 'CNY',
  price: '350.00',
  budgetCost: '200.00',
  ...over,
});

export const transportLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'transport',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '鹽田港 Yantian',
  routeTo: '東莞工廠 Dongguan factory',
  unit: 'per_40hq',
  currency: 'CNY',
  price: '1800.00',
  budgetCost: '1500.00',
  ...over,
});

export const newCustomer = (over: Record<string, unknown> = {}) => ({
  fullName: `深圳市華南電子有限公司 ${Math.random().toString(36).slice(2, 7)}`,
  address: '深圳市南山區科技園',
  phone: '0755-2661 0000',
  contactPerson: '李經理',
  ...over,
});

/** A locked tariff in force today with ocean freight (line 1), customs declaration (2) and transport (3). */
export async function lockStandardTariff(s: {
  http: (m: string, p: string, o?: { as?: string; body?: unknown }) => Promise<{ status: number; body: any }>;
}) {
  const created = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: {
      title: '標準報價 standard tariff',
      effectiveFrom: today(),
      lines: [oceanLine(), customsLine(), transportLine()],
    },
  });
  const no = created.body.versionNo as number;
  await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
  await s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' });
  return no;
}

type Http = (m: string, p: string, o?: { as?: string; body?: unknown }) => Promise<{ status: number; body: any }>;

/** A quote's steps from its first submission to the customer's signature: role, step route, body (a return and a
 * resubmission included, so every quote state with a role is met once). */
export const QUOTE_STEPS_TO_SIGNATURE: readonly [string, string, unknown?][] = [
  ['sales', 'submit'],
  ['commerce', 'return', { comment: '請調整 please adjust' }],
  ['sales', 'submit'],
  ['commerce', 'approve'],
  ['sales', 'confirm'],
  [
    'commerce',
    'internal-quote',
    {
      feeItems: [{ name: '文件費 documentation', currency: 'CNY', amount: '300.00', payer: 'company' }],
      project: { projectName: '出口 export' },
    },
  ],
  ['gm', 'budget-approve'],
  ['commerce', 'contract', { clauseChanges: [] }],
  ['marketing_manager', 'contract-review'],
  ['gm', 'contract-approve'],
  ['sales', 'sign'],
];

/** The whole chain `completeQuoteChain` walks: to the signature, then settlement's actual costs. */
export const QUOTE_CHAIN_STEPS: readonly [string, string, unknown?][] = [
  ...QUOTE_STEPS_TO_SIGNATURE,
  ['settlement', 'costs', { actuals: [{ budgetLineId: 'F1', currency: 'CNY', actualCost: '280.00' }] }],
];

/** Takes a new quote of `sales` for `customerNo` through every step to `costed`; returns its number. */
export async function completeQuoteChain(s: { http: Http }, customerNo: string): Promise<string> {
  const created = await s.http('POST', '/quotes', {
    as: 'sales',
    body: {
      customerNo,
      validUntil: addDays(today(), 30),
      lines: [
        { tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' },
        { tariffLineNo: 2, quotedPrice: '350.00', quantity: '2' },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`create quote: ${created.status} ${JSON.stringify(created.body)}`);
  const no = created.body.quoteNo as string;
  for (const [as, path, body] of QUOTE_CHAIN_STEPS) {
    const r = await s.http('POST', `/quotes/${no}/${path}`, { as, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${as} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return no;
}

export const lcLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'lc',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '深圳 Shenzhen',
  routeTo: '洛杉磯 Los Angeles',
  unit: 'percent_of_value',
  currency: 'USD',
  price: '0.1500',
  budgetCost: '0.1000',
  ...over,
});

/**
 * A signed contract of `sales` covering L/C (tariff line 4), ocean freight (1), customs (2) and transport (3):
 * locks a tariff with those lines, creates a customer, and runs a quote to its signature.
 */
export async function signedContract(s: {
  http: Http;
}): Promise<{ contractNo: string; quoteNo: string; customerNo: string }> {
  const t = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: { title: 'with L/C', effectiveFrom: today(), lines: [oceanLine(), customsLine(), transportLine(), lcLine()] },
  });
  await s.http('POST', `/tariffs/${t.body.versionNo}/submit`, { as: 'commerce' });
  await s.http('POST', `/tariffs/${t.body.versionNo}/approve`, { as: 'gm' });
  const customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body
    .customerNo as string;
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
      ],
    },
  });
  if (q.status !== 201) throw new Error(`quote: ${q.status} ${JSON.stringify(q.body)}`);
  const no = q.body.quoteNo as string;
  const steps: [string, string, unknown?][] = [
    ['sales', 'submit'],
    ['commerce', 'approve'],
    ['sales', 'confirm'],
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
    ['sales', 'sign'],
  ];
  let contractNo = '';
  for (const [as, path, body] of steps) {
    const r = await s.http('POST', `/quotes/${no}/${path}`, { as, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${as} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    contractNo = r.body.contractNo ?? contractNo;
  }
  return { contractNo, quoteNo: no, customerNo };
}

/**
 * Walks an import job of one 40HQ under `contractNo` through every stage (payment, sea, customs,
 * transport, billing) and bills it with an actual charge of `charge` CNY (a receivable of its own).
 * Returns the job number. Throws on any refused step.
 */
export async function billedJob(s: { http: Http }, contractNo: string, charge = '12000.00'): Promise<string> {
  const job = await s.http('POST', '/jobs', {
    as: 'sales',
    body: {
      contractNo,
      direction: 'import',
      containers: { type: '40HQ', count: 1 },
      cargo: '手機配件 phone accessories',
      portOfLoading: 'Los Angeles',
      portOfDischarge: 'Yantian',
    },
  });
  if (job.status !== 201) throw new Error(`job: ${job.status} ${JSON.stringify(job.body)}`);
  const no = job.body.jobNo as string;
  const steps: [string, string, Record<string, unknown>?][] = [
    ['finance', 'payment.prepayment_received'],
    ['finance', 'payment.lc_opened'],
    ['ocean', 'sea.booked'],
    ['ocean', 'sea.loaded'],
    ['customs', 'customs.declared', { inspectionRequired: false }],
    ['customs', 'customs.released'],
    ['operations', 'transport.documents_printed'],
    ['operations', 'transport.delivery_arranged', { deliveryDate: addDays(today(), 1), deliveryPlace: 'Dongguan' }],
    ['operations', 'transport.order_dispatched'],
    [
      'dispatch',
      'transport.truck_assigned',
      { container: 'C1', truck: '粵B12345', driver: '王', driverPhone: '138 0000 0000' },
    ],
    ['dispatch', 'transport.picked_up', { container: 'C1' }],
    ['operations', 'transport.arrived', { container: 'C1', customerConfirmed: true }],
    ['operations', 'transport.unloaded', { container: 'C1' }],
    ['settlement', 'billing.reconciled'],
    [
      'settlement',
      'billing.receivables_raised',
      { charges: [{ label: '關稅 duty', currency: 'CNY', amount: charge }] },
    ],
  ];
  for (const [as, step, body] of steps) {
    const r = await s.http('POST', `/jobs/${no}/steps/${step}`, { as, ...(body ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${as} ${step}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return no;
}

/** A customer with a signed contract (signedContract) and one job billed on it (billedJob, `charge` CNY): their numbers. */
export async function billedCustomer(
  s: { http: Http },
  charge = '12000.00',
): Promise<{ contractNo: string; quoteNo: string; customerNo: string; jobNo: string }> {
  const contract = await signedContract(s);
  return { ...contract, jobNo: await billedJob(s, contract.contractNo, charge) };
}

/**
 * A receivable of `customerNo` on `jobNo` invoiced 60 days ago and due `daysAgo` days ago (so past due
 * when `daysAgo` > 0), with its invoice entry, written as billing writes them: the way tests make money
 * overdue without waiting for a due date. `amount` is a decimal string in `currency`'s digits. Returns its id.
 */
export async function overdueReceivable(
  db: Kysely<Database>,
  r: { jobNo: string; customerNo: string; contractNo: string; currency: string; amount: string; daysAgo: number },
): Promise<{ receivableId: number }> {
  const invoiceDate = addDays(today(), -60);
  const dueDate = addDays(today(), -r.daysAgo);
  const row = await sql<{ id: number }>`insert into receivables
      (job_no, customer_no, contract_no, label, source, currency, amount, invoice_date, payment_terms, due_date)
    values (${r.jobNo}, ${r.customerNo}, ${r.contractNo}, ${`old invoice ${r.currency}`}, 'actual_charge', ${r.currency},
      ${r.amount}, ${invoiceDate}, 'days_after_invoice+' || ${60 - r.daysAgo}, ${dueDate}) returning id`.execute(db);
  const id = row.rows[0]!.id;
  await sql`insert into receivable_entries (receivable_id, customer_no, currency, kind, amount, entry_date, created_by)
    values (${id}, ${r.customerNo}, ${r.currency}, 'invoice', ${r.amount}, ${invoiceDate}, 'settlement')`.execute(db);
  return { receivableId: id };
}
