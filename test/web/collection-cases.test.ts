/**
 * Abnormal collection 異常收款 in the desk (issue 13 §3.4.4): a receivable left unpaid 40 days past due
 * opens a case (the Temporal Schedule's scan, every 2 s here) that reminds the salesperson and escalates
 * to their sales manager (seconds here). The salesperson finds it on the worklist /desk/collection-cases
 * and on the customer's ledger, proposes a payment plan in two instalments; the GM opens it from the
 * inbox and approves it (a confirmed step); the case's history shows reminders, escalation, proposal
 * and decision with who did them. An auditor reads the case without a single write button. axe on each
 * screen, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollectionScanSchedule } from '../../lib/collection-scan';
import { addDays, billedCustomer, overdueReceivable, today } from '../support/fixtures';
import { closeDesk, DESK_ENV, expectAccessible, newPage, screenshot, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;
let scheduleId: string;
let caseId: number;
let receivableId: number;

const WAIT = { timeout: 60_000, interval: 500 };

beforeAll(async () => {
  ({ s, browser } = await startDesk({
    ...DESK_ENV,
    COLLECTION_REMIND_EVERY: '4s',
    COLLECTION_ESCALATE_AFTER: '10s',
    COLLECTION_DECISION_DUE: '1h',
  }));
  const billed = await billedCustomer(s); // billed today: not yet due
  customerNo = billed.customerNo;
  ({ receivableId } = await overdueReceivable(s.db, {
    jobNo: billed.jobNo,
    customerNo,
    contractNo: billed.contractNo,
    currency: 'CNY',
    amount: '12345.67',
    daysAgo: 40,
  }));
  scheduleId = await ensureCollectionScanSchedule(s.client, { ...s.temporalConfig, everyMs: 2000 });
}, 240_000);
afterAll(async () => {
  await s?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await closeDesk(s, browser);
});

const detail = async (as = 'sales') => (await s.http('GET', `/collection-cases/${caseId}`, { as })).body;

describe('abnormal collection cases 異常收款案件', { timeout: 300_000 }, () => {
  it('the salesperson proposes a payment plan on the escalated case; the GM approves it; the history shows it', async () => {
    // The scan opens the case; without a proposal it is reminded, then escalated (seconds here).
    await expect
      .poll(async () => {
        const list = (await s.http('GET', `/collection-cases?customerNo=${customerNo}`, { as: 'sales' })).body;
        caseId = list.items?.[0]?.caseId;
        return list.items?.[0]?.status;
      }, WAIT)
      .toBe('escalated');

    const sales = await newPage(browser);
    await signInDev(sales, s.baseUrl, 'sales');
    await sales.getByTestId('nav-collection-cases').click();
    await sales.getByRole('heading', { name: /異常收款案件 Abnormal collection cases/ }).waitFor();
    const row = sales.getByTestId('collection-cases').getByRole('row').filter({ hasText: customerNo });
    await row.getByText('CNY 12,345.67').waitFor();
    await row.getByText('已升級至業務經理 Escalated to the sales manager').waitFor();
    await row.getByRole('cell', { name: '40', exact: true }).waitFor();
    await expectAccessible(sales, 'collection cases');
    await screenshot(sales, 'collection-cases');

    // The customer's ledger links to the open case.
    await sales.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
    await sales.getByTestId(`ledger-case-${caseId}`).click();
    await sales.getByRole('heading', { name: new RegExp(`異常收款案件 Abnormal collection case ${caseId}`) }).waitFor();
    await sales.getByTestId('case-receivables').getByText('CNY 12,345.67').waitFor();
    const history = sales.getByTestId('case-history');
    await history.getByRole('cell', { name: '升級至業務經理 Escalated to the sales manager', exact: true }).waitFor();
    await history.getByRole('cell', { name: '提醒業務員 Salesperson reminded', exact: true }).first().waitFor();

    // The proposal: a payment plan in two instalments (the first prefilled with all that is past due).
    await sales.getByTestId('action-propose').click();
    await sales.getByTestId('proposal-kind-payment_plan').click();
    await sales.getByTestId('proposal-note').fill('客戶同意分兩期付款 two instalments agreed with the customer');
    const first = sales.getByTestId('installment-amount-0');
    expect(await first.inputValue()).toBe('12345.67');
    await first.fill('6000.00');
    await sales.getByTestId('add-installment').click();
    const second = sales.getByTestId('installment-date-1');
    await second.click();
    await second.fill(addDays(today(), 60));
    await second.press('Enter');
    await sales.getByTestId('installment-amount-1').fill('6345.67');
    await sales.getByTestId('installments-total').getByText('CNY 12,345.67').waitFor();
    await expectAccessible(sales, 'proposal form');
    await screenshot(sales, 'collection-case-proposal');
    await sales.getByTestId('step-submit').click();
    await sales.getByTestId('case-status').getByText('待總經理決定 Awaiting the GM’s decision').waitFor();
    await sales.getByTestId('case-installments').getByText('CNY 6,345.67').waitFor();
    // Nothing for the proposer to do now; the GM decides.
    expect(await sales.getByTestId('action-bar').getByRole('button').count()).toBe(0);
    const proposed = await detail();
    expect(proposed.proposal).toMatchObject({
      kind: 'payment_plan',
      installments: [
        { date: addDays(today(), 30), amount: '6000.00' },
        { date: addDays(today(), 60), amount: '6345.67' },
      ],
    });
    expect(sales.errors).toEqual([]);

    // The GM opens the case from the inbox and approves it: an irreversible step, confirmed first.
    const gm = await newPage(browser);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.locator(`a[href="/desk/collection-cases/${caseId}"]`).first().click();
    await gm.getByTestId('case-status').getByText('待總經理決定 Awaiting the GM’s decision').waitFor();
    await gm.getByTestId('action-reject').waitFor();
    await gm.getByTestId('action-approve').click();
    await gm.getByTestId('step-irreversible').waitFor();
    await gm.getByTestId('step-comment').fill('同意分期 plan agreed');
    await gm.getByTestId('step-submit').click();
    await gm.getByTestId('case-status').getByText('已決定，跟進收款 Decided; following up').waitFor();
    await gm.getByTestId('case-decision').getByText('已核准 Approved').waitFor();
    const decided = await detail('gm');
    const approval = decided.history.find((h: { action: string }) => h.action === 'case.approved');
    expect(approval).toMatchObject({ actorId: 'gm', comment: '同意分期 plan agreed' });
    const approvedRow = gm.getByTestId('case-history').getByRole('row').filter({ hasText: '同意分期 plan agreed' });
    await approvedRow.getByText(approval.actorName).waitFor();
    const proposal = decided.history.find((h: { action: string }) => h.action === 'case.proposed');
    await gm
      .getByTestId('case-history')
      .getByRole('row')
      .filter({ hasText: proposal.actorName })
      .filter({ hasText: '待總經理決定' })
      .waitFor();
    expect(await gm.getByTestId('action-bar').getByRole('button').count()).toBe(0);
    await expectAccessible(gm, 'collection case decided');
    await screenshot(gm, 'collection-case-decided');
    expect(gm.errors).toEqual([]);
  });

  it('an auditor reads the case and the list without a write button', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'auditor');
    await page.getByTestId('nav-collection-cases').click();
    await page.getByRole('heading', { name: /異常收款案件 Abnormal collection cases/ }).waitFor();
    // Nothing waits for an auditor; all they may see lists the case.
    await page.getByTestId('cases-scope').getByText('全部可見 All I may see').click();
    await page.getByTestId(`case-link-${caseId}`).click();
    await page.getByTestId('case-status').getByText('已決定，跟進收款 Decided; following up').waitFor();
    await page.getByTestId('case-history').getByText('同意分期 plan agreed').waitFor();
    expect(await page.getByTestId('action-bar').getByRole('button').count()).toBe(0);
    await expectAccessible(page, 'collection case (auditor)');
    await screenshot(page, 'collection-case-auditor');
    expect(page.errors).toEqual([]);
  });

  it('a closed case (paid) shows its stage and no next-to-act line', async () => {
    const paid = await s.http('POST', '/receipts', {
      as: 'finance',
      body: {
        customerNo,
        payer: 'customer',
        currency: 'CNY',
        amount: '12345.67',
        receivedOn: today(),
        reference: `pay-${receivableId}`,
        allocations: [{ receivableId, amount: '12345.67' }],
      },
    });
    expect(paid.status).toBe(201);
    await expect.poll(async () => (await detail('gm')).status, WAIT).toBe('closed');
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/collection-cases/${caseId}`);
    const closed = await detail('gm');
    await page.getByTestId('case-status').getByText(`${closed.statusLabelZh} ${closed.statusLabelEn}`).waitFor();
    expect(await page.getByTestId('case-next').count()).toBe(0);
    expect(await page.getByText('下一步辦理人').count()).toBe(0);
    await screenshot(page, 'collection-case-closed');
    expect(page.errors).toEqual([]);
  });
});
