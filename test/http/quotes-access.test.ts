/**
 * Who may see and move a quote, over real HTTP: role and ownership checks on every step, team
 * visibility, price authority, the inbox, delegation, and the ways a quote ends or is amended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRoles } from '../../machines/permission';
import { quoteMachine, type QuoteEventType } from '../../machines/quote.machine';
import { BACK_OFFICE_ROLES, ROLES } from '../../machines/roles';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;

beforeAll(async () => {
  // Price approval falls due after two seconds here, so overdue items appear without waiting a day.
  s = await startStack({ env: { QUOTE_SLA_PRICE_APPROVAL: '2s' } });
  await s.addUser('sales2', 'sales', 'sales_manager');
  await s.addUser('sales3', 'sales');
  await s.addUser('commerce2', 'commerce');
  await lockStandardTariff(s);
});
afterAll(async () => s?.close());

interface HistoryEntry {
  action: string;
  actorId: string;
  actorRole: string;
  onBehalfOf: string | null;
}

/** Line 1 of the standard tariff (ocean freight, tariff 2450.00, budgeted cost 2100.00). */
const atTariff = { tariffLineNo: 1, quotedPrice: '2450.00', quantity: '10' };
/** 18 % below the tariff and below the budgeted cost. */
const deepDiscount = { tariffLineNo: 1, quotedPrice: '2000.00', quantity: '10' };

const internalQuote = {
  feeItems: [{ name: '文件費 documentation', currency: 'CNY', amount: '300.00', payer: 'company' }],
  project: { projectName: '華南電子出口美國 US export' },
};

/**
 * The step table of api/quotes/advance-quote.ts: each route, the machine event it sends and a body that
 * passes validation, so that a refusal is about the caller and not the request's shape.
 */
const STEP_ROUTES: { method: 'POST' | 'PUT'; path: string; event: QuoteEventType; body: unknown }[] = [
  { method: 'PUT', path: 'lines', event: 'quote.revised', body: { lines: [atTariff] } },
  { method: 'POST', path: 'submit', event: 'quote.submitted', body: { comment: 'ok' } },
  { method: 'POST', path: 'price-approve', event: 'price.approved', body: { comment: 'ok' } },
  { method: 'POST', path: 'price-return', event: 'price.returned', body: { comment: 'too cheap' } },
  { method: 'POST', path: 'approve', event: 'review.approved', body: { comment: 'ok' } },
  { method: 'POST', path: 'return', event: 'review.returned', body: { comment: 'check the freight' } },
  { method: 'POST', path: 'confirm', event: 'customer.confirmed', body: { comment: 'ok' } },
  { method: 'POST', path: 'refuse', event: 'customer.refused', body: { comment: 'too expensive' } },
  { method: 'POST', path: 'withdraw', event: 'quote.withdrawn', body: { comment: 'ok' } },
  { method: 'POST', path: 'cancel', event: 'quote.cancelled', body: { comment: 'project stopped' } },
  { method: 'POST', path: 'amend', event: 'quote.amended', body: { lines: [atTariff], comment: 'new volume' } },
  { method: 'POST', path: 'internal-quote', event: 'internal.submitted', body: internalQuote },
  { method: 'POST', path: 'budget-approve', event: 'budget.approved', body: { comment: 'ok' } },
  { method: 'POST', path: 'budget-return', event: 'budget.returned', body: { comment: 'margin too thin' } },
  { method: 'POST', path: 'contract', event: 'contract.drafted', body: { clauseChanges: [] } },
  { method: 'POST', path: 'contract-review', event: 'contract.reviewed', body: { comment: 'ok' } },
  { method: 'POST', path: 'contract-return', event: 'contract.returned', body: { comment: 'clause 4' } },
  { method: 'POST', path: 'contract-approve', event: 'contract.approved', body: { comment: 'ok' } },
  { method: 'POST', path: 'sign', event: 'contract.signed', body: { signedOn: today() } },
  {
    method: 'POST',
    path: 'costs',
    event: 'costs.recorded',
    body: { actuals: [{ budgetLineId: 'L1', currency: 'USD', actualCost: '1.00' }] },
  },
];

const SALES_STEPS = STEP_ROUTES.filter((r) => eventRoles(quoteMachine, r.event).includes('sales'));
const PDFS = ['quote-sheet.pdf', 'cost-budget.pdf', 'contract.pdf'];

const brief = (body: unknown) => JSON.stringify(body).slice(0, 300);

async function customerOf(owner: string): Promise<string> {
  const res = await s.http('POST', '/customers', { as: owner, body: newCustomer() });
  expect(res.status, brief(res.body)).toBe(201);
  return res.body.customerNo as string;
}

/** A fresh customer of `owner` and a draft quote for it; returns the quote number. */
async function draftQuote(owner = 'sales', lines: unknown[] = [atTariff]): Promise<string> {
  const customerNo = await customerOf(owner);
  const res = await s.http('POST', '/quotes', {
    as: owner,
    body: { customerNo, validUntil: addDays(today(), 30), lines },
  });
  expect(res.status, brief(res.body)).toBe(201);
  return res.body.quoteNo as string;
}

/** Takes a step that must succeed; returns the quote detail. */
async function step(as: string, quoteNo: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const method = path === 'lines' ? 'PUT' : 'POST';
  const res = await s.http(method, `/quotes/${quoteNo}/${path}`, {
    as,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  expect(res.status, `${as} ${path}: ${brief(res.body)}`).toBe(200);
  return res.body;
}

const attempt = (as: string, quoteNo: string, path: string, body?: unknown) =>
  s.http(path === 'lines' ? 'PUT' : 'POST', `/quotes/${quoteNo}/${path}`, {
    as,
    ...(body !== undefined ? { body } : {}),
  });

async function awaitingCustomer(owner = 'sales'): Promise<string> {
  const no = await draftQuote(owner);
  await step(owner, no, 'submit');
  await step('commerce', no, 'approve');
  return no;
}

async function inBudgetReview(owner = 'sales'): Promise<string> {
  const no = await awaitingCustomer(owner);
  await step(owner, no, 'confirm');
  await step('commerce', no, 'internal-quote', internalQuote);
  return no;
}

const displayName = async (id: string): Promise<string> =>
  (await s.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;
const getQuote = (as: string, no: string) => s.http('GET', `/quotes/${no}`, { as });
const history = async (no: string): Promise<HistoryEntry[]> => (await getQuote('auditor', no)).body.history;
const listed = async (as: string, no: string): Promise<string[]> =>
  (await s.http('GET', `/quotes?q=${no}`, { as })).body.items.map((q: { quoteNo: string }) => q.quoteNo);

interface InboxItem {
  recordId: string;
  step: string;
  role: string;
  since: string;
  amount: { currency: string; amount: string }[];
  belowCost: boolean;
  beyondAuthority: boolean;
  ownerId: string | null;
  ownerName: string | null;
  overdue: boolean;
}
const inbox = async (as: string, query = ''): Promise<{ items: InboxItem[]; total: number }> => {
  const res = await s.http('GET', `/inbox?limit=200${query}`, { as });
  expect(res.status, brief(res.body)).toBe(200);
  return res.body;
};

type Action = {
  step: string;
  method: string;
  path: string;
  allowed: boolean;
  reason?: string;
  commentRequired: boolean;
  labelZh: string;
  labelEn: string;
};
const actionsOf = async (as: string, no: string): Promise<Action[]> => (await getQuote(as, no)).body.actions;
const allowedSteps = async (as: string, no: string) =>
  (await actionsOf(as, no))
    .filter((a) => a.allowed)
    .map((a) => a.step)
    .sort();

describe('what may I do now (actions)', () => {
  it('each caller sees the steps they may take in the quote’s state, computed by the rule that refuses', async () => {
    const no = await draftQuote('sales');
    expect(await allowedSteps('sales', no)).toEqual(['lines', 'submit', 'withdraw']);
    const submit = (await actionsOf('sales', no)).find((a) => a.step === 'submit')!;
    expect(submit).toMatchObject({
      method: 'POST',
      path: `/quotes/${no}/submit`,
      commentRequired: false,
      labelEn: 'Submit for review',
      confirm: false,
    });
    // Irreversible steps (into a final state) ask for confirmation in the desk.
    expect((await actionsOf('sales', no)).find((a) => a.step === 'withdraw')).toMatchObject({ confirm: true });
    expect(submit.labelZh).toBeTruthy();
    expect(await allowedSteps('commerce', no)).toEqual([]);
    expect(await allowedSteps('sales_manager', no)).toEqual(['cancel']);
    expect((await actionsOf('sales_manager', no)).find((a) => a.step === 'cancel')).toMatchObject({
      commentRequired: true,
      confirm: true,
    });
    expect(await actionsOf('auditor', no)).toEqual([]);

    await step('sales', no, 'submit');
    expect(await allowedSteps('commerce', no)).toEqual(['approve', 'return']);
    expect(await allowedSteps('sales', no)).toEqual(['withdraw']);
    // Every listed allowed step is accepted: commerce approves.
    await step('commerce', no, 'approve');
    expect(await allowedSteps('commerce', no)).toEqual([]);
    expect(await allowedSteps('sales', no)).toEqual(['amend', 'confirm', 'refuse', 'withdraw']);
  });

  it('a refused step carries its reason code: role, state, comment', async () => {
    const no = await draftQuote('sales');
    const byRole = await attempt('commerce', no, 'submit');
    expect(byRole.status).toBe(403);
    expect(byRole.body.details.reason).toBe('role_not_allowed');
    const byState = await attempt('commerce', no, 'approve');
    expect(byState.status).toBe(409);
    expect(byState.body.details.reason).toBe('wrong_state');
    const byAuditor = await attempt('auditor', no, 'submit');
    expect(byAuditor.status).toBe(403);
    expect(byAuditor.body.details.reason).toBe('read_only');
  });
});

describe('who may take a step', () => {
  it('the step routes under test are exactly the quote step routes the API publishes', async () => {
    const spec = await s.http('GET', '/openapi.json');
    const published = Object.entries(spec.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/quotes/{quoteNo}/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'get')
          .map((m) => `${m.toUpperCase()} ${path.slice('/quotes/{quoteNo}/'.length)}`),
      );
    expect(published.sort()).toEqual(STEP_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('every role that may not take a step is refused with 403, and the quote is untouched', async () => {
    const no = await draftQuote();
    const wrong: string[] = [];
    let calls = 0;
    for (const route of STEP_ROUTES) {
      const refused = ROLES.filter((role) => !eventRoles(quoteMachine, route.event).includes(role));
      calls += refused.length;
      const results = await Promise.all(
        refused.map(async (role) => ({
          role,
          res: await s.http(route.method, `/quotes/${no}/${route.path}`, { as: role, body: route.body }),
        })),
      );
      for (const { role, res } of results) {
        if (res.status !== 403 || res.body.code !== 'forbidden')
          wrong.push(`${role} ${route.path} → ${res.status} ${brief(res.body)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBe(256);
    const q = await getQuote('sales', no);
    expect(q.body.status).toBe('draft');
    expect(q.body.history.map((h: HistoryEntry) => h.action)).toEqual(['quote.drafted']);
  });

  it('an auditor is refused every write on customers, tariffs, quotes and delegations', async () => {
    const no = await draftQuote();
    const customerNo = (await getQuote('sales', no)).body.customerNo as string;
    const spec = await s.http('GET', '/openapi.json');
    const records = ['/customers', '/tariffs', '/tariff-changes', '/quotes', '/delegations'];
    const paths = Object.entries(spec.body.paths as Record<string, Record<string, unknown>>).filter(([path]) =>
      records.some((r) => path === r || path.startsWith(`${r}/`)),
    );
    const writes = paths.flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'get')
        .map((m) => ({
          method: m.toUpperCase(),
          path: path
            .replace('{quoteNo}', no)
            .replace('{customerNo}', customerNo)
            .replace(/\{[^}]+\}/g, '1'),
        })),
    );
    expect(writes.length).toBeGreaterThan(30);
    const results = await Promise.all(
      writes.map(async (w) => ({ ...w, res: await s.http(w.method, w.path, { as: 'auditor', body: {} }) })),
    );
    expect(results.filter((r) => r.res.status !== 403).map((r) => `${r.method} ${r.path} → ${r.res.status}`)).toEqual(
      [],
    );
    expect((await getQuote('auditor', no)).body.history).toHaveLength(1);
  });
});

describe('who may see a quote', () => {
  it('another salesperson, in the same team or in none, gets 404 for the quote, its review context, documents and steps, and does not find it', async () => {
    const no = await awaitingCustomer('sales');
    const sheet = await s.http('GET', `/quotes/${no}/quote-sheet.pdf`, { as: 'sales' });
    expect(sheet.status).toBe(200);
    for (const other of ['sales2', 'sales3']) {
      expect((await getQuote(other, no)).status, other).toBe(404);
      expect((await s.http('GET', `/quotes/${no}/review-context`, { as: other })).status, other).toBe(404);
      for (const pdf of PDFS)
        expect((await s.http('GET', `/quotes/${no}/${pdf}`, { as: other })).status, `${other} ${pdf}`).toBe(404);
      for (const route of SALES_STEPS) {
        const res = await s.http(route.method, `/quotes/${no}/${route.path}`, { as: other, body: route.body });
        expect(res.status, `${other} ${route.path}`).toBe(404);
      }
      // Steps their role never takes are refused for the role first, revealing nothing about the quote.
      expect((await attempt(other, no, 'approve')).status).toBe(403);
      const list = await s.http('GET', `/quotes?q=${no}`, { as: other });
      expect(list.body).toEqual({ items: [], total: 0 });
    }
    const after = await getQuote('sales', no);
    expect(after.body.status).toBe('awaiting_customer');
    expect(after.body.history).toHaveLength(3);
  });

  it('the sales manager sees the team’s quotes but not those of a salesperson outside the team', async () => {
    const ofSales = await draftQuote('sales');
    const ofSales2 = await draftQuote('sales2');
    const ofSales3 = await draftQuote('sales3');
    for (const no of [ofSales, ofSales2]) {
      expect((await getQuote('sales_manager', no)).status).toBe(200);
      expect((await s.http('GET', `/quotes/${no}/review-context`, { as: 'sales_manager' })).status).toBe(200);
      expect(await listed('sales_manager', no)).toEqual([no]);
    }
    expect((await getQuote('sales_manager', ofSales3)).status).toBe(404);
    expect((await s.http('GET', `/quotes/${ofSales3}/review-context`, { as: 'sales_manager' })).status).toBe(404);
    expect((await attempt('sales_manager', ofSales3, 'cancel', { comment: 'not mine' })).status).toBe(404);
    expect(await listed('sales_manager', ofSales3)).toEqual([]);
  });

  it('back office and auditors see every salesperson’s quotes', async () => {
    const ofSales = await draftQuote('sales');
    const ofSales3 = await draftQuote('sales3');
    for (const role of [...BACK_OFFICE_ROLES, 'auditor']) {
      for (const no of [ofSales, ofSales3]) {
        expect((await getQuote(role, no)).status, `${role} ${no}`).toBe(200);
        expect(await listed(role, no), role).toEqual([no]);
      }
    }
  });
});

describe('starting a quote', () => {
  it('a salesperson cannot quote another salesperson’s customer', async () => {
    const customerNo = await customerOf('sales');
    const res = await s.http('POST', '/quotes', {
      as: 'sales2',
      body: { customerNo, validUntil: addDays(today(), 30), lines: [atTariff] },
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('a suspended customer gets no new quote', async () => {
    const customerNo = await customerOf('sales');
    expect(
      (
        await s.http('POST', `/customers/${customerNo}/status`, {
          as: 'commerce',
          body: { event: 'customer.formalized' },
        })
      ).status,
    ).toBe(200);
    const suspended = await s.http('POST', `/customers/${customerNo}/status`, {
      as: 'commerce',
      body: { event: 'customer.suspended', comment: '逾期未付款 payments overdue' },
    });
    expect(suspended.body.status).toBe('suspended');
    const res = await s.http('POST', '/quotes', {
      as: 'sales',
      body: { customerNo, validUntil: addDays(today(), 30), lines: [atTariff] },
    });
    // As POST /jobs answers it: 409, the reason and the customer's status in the details, named in both languages.
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
    expect(res.body.details).toMatchObject({ reason: 'customer_status', customerNo, customerStatus: 'suspended' });
    expect(res.body.message).toContain('不能新增報價');
    expect(res.body.message).toContain('is suspended: no new quotes');
  });

  it('a quote cannot be valid only until a day already past', async () => {
    const customerNo = await customerOf('sales');
    const res = await s.http('POST', '/quotes', {
      as: 'sales',
      body: { customerNo, validUntil: addDays(today(), -1), lines: [atTariff] },
    });
    expect(res.status).toBe(422);
    expect(res.body.details.fields).toEqual([{ path: 'body.validUntil', message: 'in the past' }]);
  });

  it('a quote cannot reference a tariff line that does not exist', async () => {
    const customerNo = await customerOf('sales');
    const res = await s.http('POST', '/quotes', {
      as: 'sales',
      body: { customerNo, validUntil: addDays(today(), 30), lines: [{ ...atTariff, tariffLineNo: 99 }] },
    });
    expect(res.status, brief(res.body)).toBe(422);
    expect(res.body.code).toBe('unprocessable');
    expect(res.body.details.fields[0].path).toBe('body.lines.0.tariffLineNo');
    expect((await s.http('GET', `/quotes?customerNo=${customerNo}`, { as: 'sales' })).body.total).toBe(0);
  });
});

describe('price authority', () => {
  it('a quote more than 5 % below the tariff waits for the marketing manager before commerce may approve it', async () => {
    const no = await draftQuote('sales', [deepDiscount]);
    const submitted = await step('sales', no, 'submit');
    expect(submitted).toMatchObject({
      status: 'pending_price_approval',
      needsPriceApproval: true,
      pendingRole: 'marketing_manager',
    });
    expect(submitted.lines[0]).toMatchObject({ discountPct: '18.37', outsideAuthority: true });
    // The inbox flags it beyond the price authority (and below cost), with the salesperson's name.
    const waiting = (await inbox('marketing_manager')).items.find((i) => i.recordId === no);
    expect(waiting).toMatchObject({
      role: 'marketing_manager',
      beyondAuthority: true,
      belowCost: true,
      ownerId: 'sales',
    });
    expect(waiting!.ownerName).toBe(await displayName('sales'));
    const early = await attempt('commerce', no, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('conflict');
    expect((await step('marketing_manager', no, 'price-approve')).status).toBe('commerce_review');
    expect((await step('commerce', no, 'approve')).status).toBe('awaiting_customer');
  });

  it('a price below the budgeted cost is flagged on the quote, its lines and the reviewer’s inbox item', async () => {
    const no = await draftQuote('sales', [deepDiscount, { tariffLineNo: 2, quotedPrice: '350.00', quantity: '10' }]);
    await step('sales', no, 'submit');
    await step('marketing_manager', no, 'price-approve');
    const q = await getQuote('commerce', no);
    expect(q.body.belowCost).toBe(true);
    expect(q.body.lines.map((l: { belowCost: boolean }) => l.belowCost)).toEqual([true, false]);
    const ctx = await s.http('GET', `/quotes/${no}/review-context`, { as: 'commerce' });
    expect(ctx.body.belowCost).toBe(true);
    const item = (await inbox('commerce')).items.find((i) => i.recordId === no);
    expect(item).toMatchObject({ step: 'commerce_review', role: 'commerce', belowCost: true });
  });

  it('a salesperson with a personal authority of 25 % sends the same discount straight to commerce', async () => {
    await s.db.updateTable('users').set({ price_authority_pct: '25' }).where('id', '=', 'sales2').execute();
    try {
      const no = await draftQuote('sales2', [deepDiscount]);
      const submitted = await step('sales2', no, 'submit');
      expect(submitted).toMatchObject({ status: 'commerce_review', needsPriceApproval: false, belowCost: true });
      expect(submitted.lines[0]).toMatchObject({ discountPct: '18.37', outsideAuthority: false });
    } finally {
      await s.db.updateTable('users').set({ price_authority_pct: null }).where('id', '=', 'sales2').execute();
    }
  });
});

describe('inbox', () => {
  it('a submitted quote waits in commerce’s inbox with its amount, not in the salesperson’s; once approved it waits for the salesperson', async () => {
    const no = await draftQuote('sales');
    const before = Date.now();
    await step('sales', no, 'submit');
    const item = (await inbox('commerce')).items.find((i) => i.recordId === no);
    expect(item).toMatchObject({
      step: 'commerce_review',
      role: 'commerce',
      amount: [{ currency: 'USD', amount: '24500.00' }],
      belowCost: false,
      beyondAuthority: false,
    });
    expect(Date.parse(item!.since)).toBeGreaterThanOrEqual(before - 5_000);
    expect(Date.parse(item!.since)).toBeLessThanOrEqual(Date.now());
    expect((await inbox('sales')).items.some((i) => i.recordId === no)).toBe(false);

    await step('commerce', no, 'approve');
    expect((await inbox('commerce')).items.some((i) => i.recordId === no)).toBe(false);
    expect((await inbox('sales')).items.filter((i) => i.recordId === no)).toMatchObject([
      { step: 'awaiting_customer', role: 'sales' },
    ]);
    expect((await inbox('sales2')).items.some((i) => i.recordId === no)).toBe(false);
    expect((await inbox('sales_manager')).items.some((i) => i.recordId === no)).toBe(true);
  });

  it('an item past its due time is listed under overdue and no longer under on time', async () => {
    const no = await draftQuote('sales', [deepDiscount]);
    await step('sales', no, 'submit');
    const deadline = Date.now() + 20_000;
    let overdue = await inbox('marketing_manager', '&overdue=true');
    while (!overdue.items.some((i) => i.recordId === no) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      overdue = await inbox('marketing_manager', '&overdue=true');
    }
    expect(overdue.items.find((i) => i.recordId === no)).toMatchObject({
      step: 'pending_price_approval',
      overdue: true,
    });
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    expect((await inbox('marketing_manager', '&overdue=false')).items.some((i) => i.recordId === no)).toBe(false);
    expect((await getQuote('marketing_manager', no)).body.overdue).toBe(true);
  });

  it('the inbox pages through its items with limit and offset and reports the total', async () => {
    for (let i = 0; i < 3; i++) await step('sales', await draftQuote('sales'), 'submit');
    const all = await inbox('commerce', '&step=commerce_review');
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.items).toHaveLength(all.total);
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const res = await s.http('GET', `/inbox?step=commerce_review&limit=2&offset=${offset}`, { as: 'commerce' });
      expect(res.body.total).toBe(all.total);
      expect(res.body.items.length).toBe(Math.min(2, all.total - offset));
      paged.push(...res.body.items.map((i: InboxItem) => i.recordId));
    }
    expect(paged).toEqual(all.items.map((i) => i.recordId));
    const beyond = await s.http('GET', `/inbox?step=commerce_review&limit=2&offset=${all.total}`, { as: 'commerce' });
    expect(beyond.body).toEqual({ items: [], total: all.total });
  });
});

describe('delegation', () => {
  it('the GM’s delegate approves budgets on the GM’s behalf, never a contract they reviewed, and not after the delegation is revoked', async () => {
    const approved = await inBudgetReview();
    const waiting = await inBudgetReview();
    const created = await s.http('POST', '/delegations', {
      as: 'gm',
      body: { toUser: 'marketing_manager', startsOn: today(), endsOn: addDays(today(), 3) },
    });
    expect(created.status, brief(created.body)).toBe(201);
    expect(created.body).toMatchObject({ fromUser: 'gm', toUser: 'marketing_manager', role: 'gm', revokedAt: null });
    const delegationId = created.body.id as number;

    const budgetItems = await inbox('marketing_manager', '&step=budget_review');
    expect(budgetItems.items.map((i) => i.recordId)).toEqual(expect.arrayContaining([approved, waiting]));
    expect(budgetItems.items.every((i) => i.role === 'gm')).toBe(true);

    const q = await step('marketing_manager', approved, 'budget-approve');
    expect(q.status).toBe('contract_drafting');
    expect(q.history.at(-1)).toMatchObject({
      action: 'budget.approved',
      actorId: 'marketing_manager',
      actorRole: 'gm',
      onBehalfOf: 'gm',
      // Display names beside the ids, so the desk never shows a raw user id.
      actorName: await displayName('marketing_manager'),
      onBehalfOfName: await displayName('gm'),
    });
    expect(q.ownerName).toBe(await displayName('sales'));
    expect(q.internalQuote.budgetApprovedByName).toBe(await displayName('marketing_manager'));
    const delegations = await s.http('GET', '/delegations', { as: 'gm' });
    expect(delegations.body.items.find((d: { id: number }) => d.id === delegationId)).toMatchObject({
      fromUserName: await displayName('gm'),
      toUserName: await displayName('marketing_manager'),
    });

    await step('commerce', approved, 'contract', { clauseChanges: [] });
    // Having approved the budget as the GM's delegate, they may not also review the contract: the
    // record's actions say so before they try, with the same reason the step is refused with.
    const asDelegate = (await getQuote('marketing_manager', approved)).body;
    expect(asDelegate.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ step: 'contract-review', allowed: false, reason: 'segregation_of_duties' }),
      ]),
    );
    const ownReview = await attempt('marketing_manager', approved, 'contract-review');
    expect(ownReview.status).toBe(403);
    expect(ownReview.body.details.reason).toBe('segregation_of_duties');

    const revoked = await s.http('POST', `/delegations/${delegationId}/revoke`, { as: 'gm' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await attempt('marketing_manager', waiting, 'budget-approve');
    expect(after.status).toBe(403);
    expect(after.body.code).toBe('forbidden');
    expect((await inbox('marketing_manager', '&step=budget_review')).total).toBe(0);
    expect((await getQuote('gm', waiting)).body.status).toBe('budget_review');
  });

  it('a salesperson cannot delegate', async () => {
    const res = await s.http('POST', '/delegations', {
      as: 'sales',
      body: { toUser: 'sales2', startsOn: today(), endsOn: addDays(today(), 3) },
    });
    expect(res.status).toBe(403);
  });
});

describe('ending a quote', () => {
  it('the salesperson withdraws a quote before the customer confirms, but not after', async () => {
    const no = await draftQuote('sales');
    await step('sales', no, 'submit');
    expect((await step('sales', no, 'withdraw', { comment: '客戶改用海運拼箱 customer chose LCL' })).status).toBe(
      'withdrawn',
    );

    const confirmed = await awaitingCustomer('sales');
    await step('sales', confirmed, 'confirm');
    const late = await attempt('sales', confirmed, 'withdraw');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('conflict');
  });

  it('the salesperson records the customer’s refusal with the reason', async () => {
    const no = await awaitingCustomer('sales');
    expect((await attempt('sales', no, 'refuse', {})).status).toBe(400);
    const refused = await step('sales', no, 'refuse', { comment: '價格高於競爭對手 competitor is cheaper' });
    expect(refused.status).toBe('refused');
    expect(refused.history.at(-1)).toMatchObject({
      action: 'customer.refused',
      actorId: 'sales',
      comment: '價格高於競爭對手 competitor is cheaper',
    });
  });

  it('the sales manager cancels with a reason; the owning salesperson may not cancel', async () => {
    const no = await draftQuote('sales');
    const byOwner = await attempt('sales', no, 'cancel', { comment: 'no longer needed' });
    expect(byOwner.status).toBe(403);
    expect((await attempt('sales_manager', no, 'cancel', {})).status).toBe(400);
    const cancelled = await step('sales_manager', no, 'cancel', { comment: '客戶停業 customer closed' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({
      action: 'quote.cancelled',
      actorId: 'sales_manager',
      comment: '客戶停業 customer closed',
    });
  });

  it('a finished quote takes no more steps', async () => {
    const no = await draftQuote('sales');
    await step('sales', no, 'withdraw');
    const res = await attempt('sales', no, 'submit');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
  });
});

describe('retries and races', () => {
  it('a stale tab’s step is a 409 naming the step and the status by their labels, in zh-Hant and English', async () => {
    const no = await inBudgetReview();
    await step('gm', no, 'budget-approve');
    // The GM's other tab still shows the budget review: returning the budget now is refused.
    const stale = await attempt('gm', no, 'budget-return', { comment: '請再壓低成本 lower the costs' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'conflict',
      message:
        "「退回成本預算」不能在「合同編輯」狀態下辦理 'Return cost budget' is not possible while the record is 'Contract drafting'",
      details: {
        reason: 'wrong_state',
        status: 'contract_drafting',
        statusLabel: { zh: '合同編輯', en: 'Contract drafting' },
        step: 'budget.returned',
        stepLabel: { zh: '退回成本預算', en: 'Return cost budget' },
      },
    });
    // A finished quote names its status by its label too.
    const withdrawn = await draftQuote('sales');
    await step('sales', withdrawn, 'withdraw');
    const late = await attempt('sales', withdrawn, 'submit');
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/報價 Q\d{4}-\d{6} 已是「已撤回」.*is 'Withdrawn' and takes no more steps/);
    expect(late.body.message).not.toMatch(/withdrawn|'quote\./);
  });

  it('a step retried with the same Idempotency-Key is answered again and applied once', async () => {
    const no = await draftQuote('sales');
    const headers = { 'Idempotency-Key': `submit-${no}` };
    const first = await step('sales', no, 'submit', undefined, headers);
    const again = await step('sales', no, 'submit', undefined, headers);
    expect(first.status).toBe('commerce_review');
    expect(again.status).toBe('commerce_review');
    expect((await history(no)).filter((h) => h.action === 'quote.submitted')).toHaveLength(1);
  });

  it('when two commerce reviewers approve the same quote at the same moment, one wins and the other gets 409', async () => {
    const no = await draftQuote('sales');
    await step('sales', no, 'submit');
    const results = await Promise.all(['commerce', 'commerce2'].map((as) => attempt(as, no, 'approve')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const approvals = (await history(no)).filter((h) => h.action === 'review.approved');
    expect(approvals).toHaveLength(1);
    const winner = results.findIndex((r) => r.status === 200) === 0 ? 'commerce' : 'commerce2';
    expect(approvals[0]?.actorId).toBe(winner);
  });
});

describe('amendment', () => {
  it('an approved quote amended by its salesperson becomes revision 2 and goes back through commerce review', async () => {
    const no = await awaitingCustomer('sales');
    const amended = await step('sales', no, 'amend', {
      lines: [{ ...atTariff, quotedPrice: '2400.00' }],
      comment: '客戶每月增至15櫃 volume up to 15 containers a month',
    });
    expect(amended).toMatchObject({ status: 'commerce_review', revision: 2, pendingRole: 'commerce' });
    const q = await getQuote('sales', no);
    expect(q.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(q.body.revisions[1]).toMatchObject({
      createdBy: 'sales',
      reason: '客戶每月增至15櫃 volume up to 15 containers a month',
    });
    expect(q.body.amendment).toMatchObject({
      fromRevision: 1,
      changed: [{ tariffLineNo: 1, fields: ['quotedPrice'] }],
      added: [],
      removed: [],
    });
    expect(q.body.amendment.approvalsNeededAgain).toContain('commerce review');
    expect(q.body.lines[0]).toMatchObject({ quotedPrice: '2400.00' });
  });
});
