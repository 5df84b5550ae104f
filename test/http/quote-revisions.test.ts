/**
 * Revisions, smart re-approval and tariff-line validity over HTTP (issue 10 items 5, 6, 7): a re-priced
 * resubmission after a return is a new revision and the earlier one keeps its lines; an amendment keeps
 * the approvals whose inputs did not change and the chain skips them (segregation of duties still
 * holds); a tariff line outside its validity cannot be quoted, re-priced or amended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, customsLine, newCustomer, oceanLine, today, transportLine } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let customerNo: string;

beforeAll(async () => {
  s = await startStack();
  // Line 1 always valid; line 2 valid until yesterday; line 3 valid from next month; line 4 valid today only.
  const created = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: {
      title: '有效期 validity',
      effectiveFrom: today(),
      lines: [
        oceanLine(),
        customsLine({ validFrom: addDays(today(), -30), validTo: addDays(today(), -1) }),
        transportLine({ validFrom: addDays(today(), 30) }),
        transportLine({ routeTo: '蘇州 Suzhou', validFrom: today(), validTo: today() }),
      ],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const no = created.body.versionNo as number;
  expect((await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' })).status).toBe(200);
  expect((await s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' })).status).toBe(200);
  const c = await s.http('POST', '/customers', { as: 'sales', body: newCustomer() });
  customerNo = c.body.customerNo;
});
afterAll(async () => s?.close());

const ocean = (quotedPrice = '2450.00', quantity = '2') => ({ tariffLineNo: 1, quotedPrice, quantity });
const brief = (b: unknown) => JSON.stringify(b).slice(0, 400);

const step = async (as: string, no: string, path: string, body?: unknown) => {
  const res = await s.http(path === 'lines' ? 'PUT' : 'POST', `/quotes/${no}/${path}`, {
    as,
    ...(body !== undefined ? { body } : {}),
  });
  expect(res.status, `${as} ${path}: ${brief(res.body)}`).toBe(200);
  return res.body;
};
const draft = async (lines: unknown[] = [ocean()]) => {
  const res = await s.http('POST', '/quotes', {
    as: 'sales',
    body: { customerNo, validUntil: addDays(today(), 30), lines },
  });
  expect(res.status, brief(res.body)).toBe(201);
  return res.body.quoteNo as string;
};
const internalQuote = {
  feeItems: [{ name: '文件費 documentation', currency: 'CNY', amount: '300.00', payer: 'company' }],
  project: { projectName: '出口 export' },
};

/** A quote at the GM's contract approval, every earlier approval granted. */
async function atContractApproval(): Promise<string> {
  const no = await draft();
  await step('sales', no, 'submit');
  await step('commerce', no, 'approve');
  await step('sales', no, 'confirm');
  await step('commerce', no, 'internal-quote', internalQuote);
  await step('gm', no, 'budget-approve');
  await step('commerce', no, 'contract', { clauseChanges: [] });
  const q = await step('marketing_manager', no, 'contract-review');
  expect(q.status).toBe('contract_approval');
  return no;
}

describe('a re-priced resubmission after a return is a new revision (issue 10 item 5)', () => {
  it('commerce returns "transport too low"; the new prices are revision 2 and revision 1 keeps its lines and totals; the PDF prints revision 2', async () => {
    const no = await draft([ocean('2400.00', '2')]);
    // Editing the draft before it was ever submitted re-prices revision 1 in place.
    const edited = await step('sales', no, 'lines', { lines: [ocean('2400.00', '3')] });
    expect(edited.revision).toBe(1);
    expect(edited.revisions).toHaveLength(1);
    await step('sales', no, 'submit');
    await step('commerce', no, 'return', { comment: 'transport too low' });
    const repriced = await step('sales', no, 'lines', { lines: [ocean('2450.00', '3')] });
    expect(repriced.revision).toBe(2);
    expect(repriced.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    const [rev1, rev2] = repriced.revisions;
    expect(rev1.totals).toEqual([{ currency: 'USD', amount: '7200.00' }]);
    expect(rev1.lines[0]).toMatchObject({ quotedPrice: '2400.00', quantity: '3' });
    expect(rev2.totals).toEqual([{ currency: 'USD', amount: '7350.00' }]);
    expect(rev2.lines[0]).toMatchObject({ quotedPrice: '2450.00' });
    // A second edit in the same draft round edits revision 2 in place.
    const again = await step('sales', no, 'lines', { lines: [ocean('2450.00', '4')] });
    expect(again.revision).toBe(2);
    expect(again.revisions).toHaveLength(2);
    expect(again.revisions[0].totals).toEqual([{ currency: 'USD', amount: '7200.00' }]);
    await step('sales', no, 'submit');
    const approved = await step('commerce', no, 'approve');
    expect(approved.revision).toBe(2);
    const sheet = await fetch(`${s.baseUrl}/quotes/${no}/quote-sheet.pdf`, {
      headers: { authorization: `Bearer ${await s.token('sales')}` },
    });
    expect(sheet.status).toBe(200);
    expect(await pdfText(new Uint8Array(await sheet.arrayBuffer()))).toContain('Revision2');
  });
});

describe('smart re-approval (issue 10 item 6)', () => {
  it('an amendment at contract approval with unchanged lines keeps customer confirmation, cost budget and contract review: the chain skips them', async () => {
    const no = await atContractApproval();
    const amended = await step('sales', no, 'amend', {
      lines: [ocean()],
      comment: '延長有效期 longer validity',
      validUntil: addDays(today(), 60),
    });
    expect(amended.status).toBe('commerce_review');
    expect(amended.revision).toBe(2);
    expect(amended.amendment).toMatchObject({
      fromRevision: 1,
      changed: [],
      approvalsNeededAgain: ['commerce review'],
      approvalsKept: ['customer confirmation', 'cost budget (GM)', 'contract review (marketing manager)'],
      kept: ['customer.confirmed', 'budget.approved', 'contract.reviewed'],
    });
    const kept = amended.history.filter((h: { action: string }) => h.action === 'approval.kept');
    expect(kept.map((h: { comment: string }) => h.comment)).toEqual([
      'customer confirmation: kept from revision 1',
      'cost budget (GM): kept from revision 1',
      'contract review (marketing manager): kept from revision 1',
    ]);
    // Commerce review is asked again; then the chain goes straight to the GM's contract approval.
    const reviewed = await step('commerce', no, 'approve');
    expect(reviewed.status).toBe('contract_approval');
    expect(reviewed.internalQuote).toMatchObject({ budgetApprovedBy: 'gm' });
    const issued = await step('gm', no, 'contract-approve');
    expect(issued.status).toBe('contract_issued');
    expect(issued.contractNo).toMatch(/^HT\d{4}-\d{5}$/);
  });

  it('an amendment that changes an amount asks every approval again, in order', async () => {
    const no = await atContractApproval();
    const amended = await step('sales', no, 'amend', {
      lines: [ocean('2450.00', '3')],
      comment: '多一櫃 one more container',
    });
    expect(amended.amendment).toMatchObject({
      changed: [{ tariffLineNo: 1, fields: ['quantity'] }],
      approvalsKept: [],
      kept: [],
    });
    expect(amended.amendment.approvalsNeededAgain).toEqual([
      'commerce review',
      'customer confirmation',
      'cost budget (GM)',
      'contract review (marketing manager)',
    ]);
    expect((await step('commerce', no, 'approve')).status).toBe('awaiting_customer');
    expect((await step('sales', no, 'confirm')).status).toBe('internal_quote');
  });

  it('segregation of duties holds on the steps asked again: the GM’s delegate who reviewed as commerce may not approve the contract', async () => {
    const no = await atContractApproval();
    await step('sales', no, 'amend', { lines: [ocean()], comment: 'same prices' });
    const delegation = await s.http('POST', '/delegations', {
      as: 'gm',
      body: { toUser: 'commerce', startsOn: today(), endsOn: today() },
    });
    expect(delegation.status, brief(delegation.body)).toBe(201);
    try {
      expect((await step('commerce', no, 'approve')).status).toBe('contract_approval');
      const view = (await s.http('GET', `/quotes/${no}`, { as: 'commerce' })).body;
      expect(view.actions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ step: 'contract-approve', allowed: false, reason: 'segregation_of_duties' }),
        ]),
      );
      const refused = await s.http('POST', `/quotes/${no}/contract-approve`, { as: 'commerce' });
      expect(refused.status).toBe(403);
      expect(refused.body.details.reason).toBe('segregation_of_duties');
    } finally {
      await s.http('POST', `/delegations/${delegation.body.id}/revoke`, { as: 'gm' });
    }
    expect((await step('gm', no, 'contract-approve')).status).toBe('contract_issued');
  });
});

describe('tariff line validity (issue 10 item 7)', () => {
  it('a line whose validity ended yesterday or starts next month cannot be quoted: 422 naming the line and its validity', async () => {
    for (const [lineNo, needle] of [
      [2, `valid ${addDays(today(), -30)} to ${addDays(today(), -1)}`],
      [3, `valid ${addDays(today(), 30)} to …`],
    ] as const) {
      const res = await s.http('POST', '/quotes', {
        as: 'sales',
        body: {
          customerNo,
          validUntil: addDays(today(), 30),
          lines: [ocean(), { tariffLineNo: lineNo, quotedPrice: '100.00', quantity: '1' }],
        },
      });
      expect(res.status, brief(res.body)).toBe(422);
      expect(res.body.message).toContain(`tariff line ${lineNo} is ${needle}`);
      expect(res.body.details.fields).toEqual([expect.objectContaining({ path: 'body.lines.1.tariffLineNo' })]);
    }
    // A line valid today only may be quoted today.
    expect(
      (
        await s.http('POST', '/quotes', {
          as: 'sales',
          body: {
            customerNo,
            validUntil: addDays(today(), 30),
            lines: [{ tariffLineNo: 4, quotedPrice: '900.00', quantity: '1' }],
          },
        })
      ).status,
    ).toBe(201);
  });

  it('re-pricing a draft and amending refuse such a line too, and change nothing', async () => {
    const no = await draft();
    const repriced = await s.http('PUT', `/quotes/${no}/lines`, {
      as: 'sales',
      body: { lines: [ocean(), { tariffLineNo: 2, quotedPrice: '100.00', quantity: '1' }] },
    });
    expect(repriced.status, brief(repriced.body)).toBe(422);
    expect(repriced.body.message).toContain('tariff line 2 is valid');
    await step('sales', no, 'submit');
    await step('commerce', no, 'approve');
    const amended = await s.http('POST', `/quotes/${no}/amend`, {
      as: 'sales',
      body: { lines: [{ tariffLineNo: 3, quotedPrice: '100.00', quantity: '1' }], comment: 'add transport' },
    });
    expect(amended.status, brief(amended.body)).toBe(422);
    expect(amended.body.message).toContain('tariff line 3 is valid');
    const q = (await s.http('GET', `/quotes/${no}`, { as: 'sales' })).body;
    expect(q).toMatchObject({ status: 'awaiting_customer', revision: 1 });
    expect(q.revisions).toHaveLength(1);
  });
});
