import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let customerNo: string;

beforeAll(async () => {
  s = await startStack();
  await lockStandardTariff(s);
  const c = await s.http('POST', '/customers', { as: 'sales', body: newCustomer() });
  customerNo = c.body.customerNo;
});
afterAll(async () => s?.close());

const combined = [
  { tariffLineNo: 1, quotedPrice: '2400.00', quantity: '10' },
  { tariffLineNo: 2, quotedPrice: '350.00', quantity: '10' },
  { tariffLineNo: 3, quotedPrice: '1750.00', quantity: '10' },
];

const step = async (as: string, quoteNo: string, path: string, body?: unknown, method = 'POST') => {
  const res = await s.http(method, `/quotes/${quoteNo}/${path}`, { as, ...(body !== undefined ? { body } : {}) });
  expect(res.status, `${as} ${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  return res.body;
};

describe('quote to contract over HTTP', () => {
  it('takes a combined quote through one commerce return to a signed, numbered contract and a formal customer', async () => {
    const created = await s.http('POST', '/quotes', {
      as: 'sales',
      body: { customerNo, validUntil: addDays(today(), 30), lines: combined },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const q = created.body;
    expect(q).toMatchObject({
      status: 'draft',
      revision: 1,
      needsPriceApproval: false,
      belowCost: false,
      pendingRole: 'sales',
    });
    expect(q.totals).toEqual([
      { currency: 'USD', amount: '24000.00' },
      { currency: 'CNY', amount: '21000.00' },
    ]);
    expect(q.lines[0]).toMatchObject({ tariffPrice: '2450.00', discountPct: '2.04', outsideAuthority: false });
    const no = q.quoteNo as string;

    expect((await step('sales', no, 'submit')).status).toBe('commerce_review');
    const ctx = await s.http('GET', `/quotes/${no}/review-context`, { as: 'commerce' });
    expect(ctx.body.customer.customerNo).toBe(customerNo);
    expect(ctx.body.lines).toHaveLength(3);

    expect((await step('commerce', no, 'return', { comment: '運費請再確認 check the freight' })).status).toBe('draft');
    const revised = await step(
      'sales',
      no,
      'lines',
      { lines: [{ ...combined[0], quotedPrice: '2450.00' }, combined[1], combined[2]] },
      'PUT',
    );
    expect(revised.totals[0]).toEqual({ currency: 'USD', amount: '24500.00' });
    expect((await step('sales', no, 'submit')).status).toBe('commerce_review');
    expect((await step('commerce', no, 'approve')).status).toBe('awaiting_customer');

    const sheet = await fetch(`${s.baseUrl}/quotes/${no}/quote-sheet.pdf`, {
      headers: { authorization: `Bearer ${await s.token('sales')}` },
    });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');

    expect((await step('sales', no, 'confirm')).status).toBe('internal_quote');
    const internal = await step('commerce', no, 'internal-quote', {
      feeItems: [
        { name: '碼頭操作費 terminal handling', currency: 'CNY', amount: '850.00', payer: 'customer' },
        { name: '文件費 documentation', currency: 'CNY', amount: '300.00', payer: 'company' },
      ],
      project: { projectName: '華南電子出口美國 South China Electronics US export', estimatedMonthlyContainers: 10 },
      customer: { industry: '電子 electronics', creditStanding: 'A', paymentTerms: '月結30天 monthly, 30 days' },
    });
    expect(internal.status).toBe('budget_review');
    expect(internal.internalQuote.budget.totals).toEqual([
      { currency: 'USD', revenue: '24500.00', cost: '21000.00', margin: '3500.00', marginPct: '14.29' },
      { currency: 'CNY', revenue: '21850.00', cost: '18150.00', margin: '3700.00', marginPct: '16.93' },
    ]);
    expect((await step('gm', no, 'budget-approve')).status).toBe('contract_drafting');
    const basis = await s.db.selectFrom('settlement_basis').selectAll().where('quote_no', '=', no).execute();
    expect(basis).toHaveLength(5);

    const drafted = await step('commerce', no, 'contract', {
      clauseChanges: [
        { no: '4', title: '付款與對帳 Payment', text: '雙方每月25日對帳，甲方於對帳確認後三十日內付清款項。' },
      ],
    });
    expect(drafted.status).toBe('contract_review');
    expect((await step('marketing_manager', no, 'contract-review')).status).toBe('contract_approval');
    const approved = await step('gm', no, 'contract-approve');
    expect(approved.status).toBe('contract_issued');
    expect(approved.contractNo).toMatch(new RegExp(`^HT${today().slice(0, 4)}-\\d{5}$`));

    // A signature dated after today (business time zone) is refused 422 naming signedOn; nothing moves.
    const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const future = await s.http('POST', `/quotes/${no}/sign`, { as: 'sales', body: { signedOn: tomorrow } });
    expect(future.status).toBe(422);
    expect(future.body.details.field).toBe('signedOn');
    expect((await s.http('GET', `/quotes/${no}`, { as: 'sales' })).body.status).toBe('contract_issued');
    const signed = await step('sales', no, 'sign', { signedOn: today() });
    expect(signed.status).toBe('signed');
    const customer = await s.http('GET', `/customers/${customerNo}`, { as: 'sales' });
    expect(customer.body.status).toBe('formal');
    expect(customer.body.industry).toBe('電子 electronics');

    const customerName = (customer.body.fullName as string).replace(/\s+/g, '');
    const expected: Record<string, string[]> = {
      'quote-sheet.pdf': ['初始報價單', no, customerName, '24,500.00', '21,000.00', '2,450.00', '1,750.00'],
      'cost-budget.pdf': [
        '成本預算表',
        no,
        customerName,
        '24,500.00',
        '21,000.00',
        '3,500.00',
        '21,850.00',
        '18,150.00',
        '14.29',
        '碼頭操作費',
      ],
      'contract.pdf': [
        '合同書',
        approved.contractNo,
        no,
        customerName,
        '24,500.00',
        '21,000.00',
        '雙方每月25日對帳',
        '服務範圍',
      ],
    };
    for (const [doc, needles] of Object.entries(expected)) {
      const res = await fetch(`${s.baseUrl}/quotes/${no}/${doc}`, {
        headers: { authorization: `Bearer ${await s.token('gm')}` },
      });
      expect(res.status, doc).toBe(200);
      const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
      for (const needle of needles) expect(text, `${doc} shows ${needle}`).toContain(needle);
    }

    // Budget lines carry stable ids in the view: L<lineNo> per quote line, F<n> per fee item.
    const budgetLines = (await s.http('GET', `/quotes/${no}`, { as: 'settlement' })).body.internalQuote.budget.lines;
    expect(budgetLines.map((l: { id: string }) => l.id)).toEqual(['L1', 'L2', 'L3', 'F1', 'F2']);
    expect(budgetLines[4]).toMatchObject({ id: 'F2', label: '文件費 documentation', cost: '300.00' });
    // Issue 10 #10: an unknown budget line id, or another currency than the line's, is 400 naming it; nothing stored.
    const unknown = await s.http('POST', `/quotes/${no}/costs`, {
      as: 'settlement',
      body: { actuals: [{ budgetLineId: 'F9', currency: 'CNY', actualCost: '280.00' }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.fields).toEqual([
      {
        path: 'body.actuals.0.budgetLineId',
        message: expect.stringMatching(/no line F9 \(its lines: L1, L2, L3, F1, F2\)/),
      },
    ]);
    const otherCurrency = await s.http('POST', `/quotes/${no}/costs`, {
      as: 'settlement',
      body: { actuals: [{ budgetLineId: 'F2', currency: 'USD', actualCost: '280.00' }] },
    });
    expect(otherCurrency.status).toBe(400);
    expect(otherCurrency.body.details.fields[0].path).toBe('body.actuals.0.currency');
    // The label-only form of before is refused, not matched to a zero-budget line.
    const byLabel = await s.http('POST', `/quotes/${no}/costs`, {
      as: 'settlement',
      body: { actuals: [{ label: '文件费 documentation', currency: 'CNY', actualCost: '280.00' }] },
    });
    expect(byLabel.status).toBe(400);
    expect((await s.http('GET', `/quotes/${no}`, { as: 'settlement' })).body).toMatchObject({
      status: 'signed',
      costAccounting: null,
    });
    expect(await s.db.selectFrom('cost_accountings').selectAll().where('quote_no', '=', no).execute()).toEqual([]);

    // The example: the documentation fee's actual lands on its budget line; a cost no line
    // foresaw is entered as unbudgeted and becomes its own line with budget 0.
    const costed = await step('settlement', no, 'costs', {
      actuals: [
        { budgetLineId: 'L1', currency: 'USD', actualCost: '20500.00' },
        { budgetLineId: 'F2', currency: 'CNY', actualCost: '280.00' },
        { unbudgeted: true, label: '滯箱費 demurrage', currency: 'CNY', actualCost: '500.00' },
      ],
    });
    expect(costed.status).toBe('costed');
    // The actual-vs-budget sheet is readable on the quote.
    expect(costed.costAccounting).toMatchObject({
      enteredBy: 'settlement',
      actuals: [
        { budgetLineId: 'L1', currency: 'USD', actualCost: '20500.00' },
        { budgetLineId: 'F2', currency: 'CNY', actualCost: '280.00' },
        { unbudgeted: true, label: '滯箱費 demurrage', currency: 'CNY', actualCost: '500.00' },
      ],
    });
    expect(costed.costAccounting.lines[0]).toMatchObject({
      budgetLineId: 'L1',
      label: internal.internalQuote.budget.lines[0].label,
      actualCost: '20500.00',
    });
    expect(costed.costAccounting.lines.slice(3)).toEqual([
      {
        budgetLineId: 'F1',
        label: '碼頭操作費 terminal handling',
        currency: 'CNY',
        budgetCost: '850.00',
        actualCost: '0.00',
        variance: '-850.00',
        variancePct: '-100.00',
      },
      {
        budgetLineId: 'F2',
        label: '文件費 documentation',
        currency: 'CNY',
        budgetCost: '300.00',
        actualCost: '280.00',
        variance: '-20.00',
        variancePct: '-6.67',
      },
      {
        budgetLineId: null,
        label: '滯箱費 demurrage',
        currency: 'CNY',
        budgetCost: '0.00',
        actualCost: '500.00',
        variance: '500.00',
        variancePct: '0.00',
      },
    ]);
    const notices = await s.db
      .selectFrom('notifications')
      .selectAll()
      .where('record_id', '=', no)
      .where('kind', '=', 'cost_accounting')
      .execute();
    expect(notices.map((n) => n.recipient_id)).toContain('gm');
    // The GM's mail: the quote with its customer (number and name), amounts as money reads (currency, its digits).
    expect(notices[0]!.subject).toMatch(new RegExp(`^成本核算表 Cost accounting: ${no} C\\S+ \\S`));
    expect(notices[0]!.body).toContain('預算 budget USD 21,000.00，實際 actual USD 20,500.00');

    const history = costed.history.map((h: { action: string }) => h.action);
    expect(history).toEqual([
      'quote.drafted',
      'quote.submitted',
      'review.returned',
      'quote.revised',
      'quote.submitted',
      'review.approved',
      'customer.confirmed',
      'internal.submitted',
      'budget.approved',
      'contract.drafted',
      'contract.reviewed',
      'contract.approved',
      'contract.signed',
      'costs.recorded',
    ]);
  });
});
