/**
 * Printed documents over HTTP (issue 10 item 11): amounts with thousands separators, times in business
 * time, approvers by display name, no margin per cent where there is no revenue. Read by text extraction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDateTime, businessToday } from '../../lib/dates';
import { completeQuoteChain, lockStandardTariff, newCustomer } from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let quoteNo: string;

beforeAll(async () => {
  // A zone far from UTC, so a UTC time or date cannot pass for business time by chance.
  process.env.BUSINESS_TIMEZONE = 'Pacific/Kiritimati';
  s = await startStack();
  await lockStandardTariff(s);
  const customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
  quoteNo = await completeQuoteChain(s, customerNo);
});
afterAll(async () => {
  delete process.env.BUSINESS_TIMEZONE;
  await s?.close();
});

const pdf = async (path: string) => {
  const res = await fetch(`${s.baseUrl}/quotes/${quoteNo}/${path}`, {
    headers: { authorization: `Bearer ${await s.token('gm')}` },
  });
  expect(res.status).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer()));
};
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('documents read like a company wrote them', () => {
  it('the cost budget sheet: thousands separators, the GM by name at business time, "—" for a fee the company bears', async () => {
    const text = await pdf('cost-budget.pdf');
    // 2 × 2400.00 USD of ocean freight.
    expect(text).toContain('4,800.00');
    expect(text).not.toContain('4800.00');
    const iq = await s.db
      .selectFrom('internal_quotes')
      .selectAll()
      .where('quote_no', '=', quoteNo)
      .executeTakeFirstOrThrow();
    expect(text).toContain('王國強WangGuoqiang');
    expect(text).toContain(businessDateTime(iq.budget_approved_at!).replace(/\s+/g, ''));
    expect(text).not.toMatch(ISO_INSTANT);
    // The documentation fee is borne by the company: revenue 0.00, no margin per cent.
    expect(text).toMatch(/文件費documentation公司Company(CNY)?0\.00300\.00-300\.00—/);
  });

  it('the contract lists its approvers by role and display name at business time; the quote sheet is dated in business time', async () => {
    const text = await pdf('contract.pdf');
    for (const name of [
      '黃淑芬HuangShufen',
      '張美玲ZhangMeiling',
      '王國強WangGuoqiang',
      '總經理Generalmanager',
      '營銷中心經理Marketingmanager',
    ])
      expect(text).toContain(name);
    expect(text).not.toMatch(ISO_INSTANT);
    const approvals = await s.db
      .selectFrom('audit_log')
      .select('occurred_at')
      .where('record_id', '=', quoteNo)
      .where('action', '=', 'contract.approved')
      .execute();
    expect(text).toContain(businessDateTime(approvals[0]!.occurred_at).replace(/\s+/g, ''));
    expect(text).toContain('4,800.00');

    const sheet = await pdf('quote-sheet.pdf');
    const rev = await s.db
      .selectFrom('quote_revisions')
      .select('created_at')
      .where('quote_no', '=', quoteNo)
      .orderBy('revision', 'desc')
      .executeTakeFirstOrThrow();
    expect(sheet).toContain(businessToday(rev.created_at));
  });
});
