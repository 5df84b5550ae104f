/**
 * Receivables in the desk (issue 13): a billed job's receivables in the customer's ledger; finance
 * enters a partial receipt allocated to one of them and sees the outstanding amount fall and the rest
 * kept as credit; the aging lists the customer; a salesperson and an auditor see the ledger without the
 * receipt button. axe on each screen, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, billedCustomer, today } from '../support/fixtures';
import {
  expectAccessible,
  newPage,
  screenshot,
  signInDev,
  WRITE_WAIT_MS,
  startDesk,
  closeDesk,
} from '../support/browser';
import type { Stack } from '../support/stack';
import type { Locator } from 'playwright-core';

/** Types `date` (YYYY-MM-DD) into a DateInput and leaves it with Tab (Enter would also submit its form). */
async function typeDate(input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press('Tab');
}

let s: Stack;
let browser: Browser;
let customerNo: string;

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  ({ customerNo } = await billedCustomer(s));
}, 240_000);
afterAll(() => closeDesk(s, browser));

describe('receivables 應收帳款', { timeout: 180_000 }, () => {
  it('finance allocates a partial receipt to a receivable; the outstanding amount falls and the rest stays credit', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'finance');
    await page.getByTestId('nav-receivables').click();
    await page.getByRole('heading', { name: /應收帳款賬齡 Receivables aging/ }).waitFor();
    await page
      .getByRole('link', { name: new RegExp(customerNo) })
      .first()
      .click();
    await page.getByRole('heading', { name: new RegExp(`欠款臺帳 Customer ledger.*${customerNo}`) }).waitFor();
    await page.getByTestId('ledger-receivables').getByText('關稅 duty').waitFor();
    await expectAccessible(page, 'customer ledger');

    const duty = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receivables.find(
      (r: { source: string }) => r.source === 'actual_charge',
    );
    await page.getByTestId('enter-receipt').click();
    // A bad amount or a future date is named under its field before anything is sent, the field named once.
    const problemOf = (testId: string) =>
      page
        .locator('.ant-form-item', { has: page.getByTestId(testId) })
        .locator('.ant-form-item-explain-error')
        .first();
    const before = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receipts.length;
    for (const [typed, message] of [
      ['12.345', '金額 Amount：最多 2 位小數 At most 2 decimals'],
      ['-5', '金額 Amount：不可為負數 Must not be negative'],
      ['abc', '金額 Amount：請輸入數字 Enter a number'],
      ['0', '金額 Amount：須大於 0 Must be greater than 0'],
    ] as const) {
      await page.getByTestId('receipt-amount').fill(typed);
      await expect.poll(() => problemOf('receipt-amount').textContent(), { timeout: WRITE_WAIT_MS }).toBe(message);
    }
    await typeDate(page.getByTestId('receipt-date'), addDays(today(), 1));
    await expect
      .poll(() => problemOf('receipt-date').textContent(), { timeout: WRITE_WAIT_MS })
      .toBe(`收款日 Received on：不可晚於今天 must not be in the future (${today()})`);
    // Nor before the start of last year (domain/money-dates.ts, the API's rule): a typo of decades is named too.
    const earliest = `${Number(today().slice(0, 4)) - 1}-01-01`;
    await typeDate(page.getByTestId('receipt-date'), '1990-01-01');
    await expect
      .poll(() => problemOf('receipt-date').textContent(), { timeout: WRITE_WAIT_MS })
      .toBe(`收款日 Received on：不可早於去年年初 ${earliest} must not be before the start of last year (${earliest})`);
    // The reference's message names the field as its label does (try-out s13: 「銀行參考號」 vs 「參考號」).
    await page.getByTestId('receipt-reference').fill('x');
    await page.getByTestId('receipt-reference').fill('');
    const referenceLabel = await page
      .locator('.ant-form-item', { has: page.getByTestId('receipt-reference') })
      .locator('.ant-form-item-label label')
      .textContent();
    await expect
      .poll(() => problemOf('receipt-reference').textContent(), { timeout: WRITE_WAIT_MS })
      .toMatch(new RegExp(`^${referenceLabel}：`));
    await page.getByTestId('receipt-reference').fill('BANK-BAD');
    await page.getByTestId('receipt-submit').click();
    await expectAccessible(page, 'receipt form problems');
    await screenshot(page, 'receipt-problems');
    expect((await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receipts).toHaveLength(before);
    // The receipt's date is typed in the business format (DateInput), here yesterday's.
    const yesterday = addDays(today(), -1);
    await typeDate(page.getByTestId('receipt-date'), yesterday);
    expect(await page.getByTestId('receipt-date').inputValue()).toBe(yesterday);
    // Parts never exceed their whole, said before sending: an allocation beyond its receivable's outstanding
    // amount is named under its row; allocations together beyond the receipt are named at the total. Nothing is sent.
    const receiptsBefore = (await s.http('GET', '/receipts', { as: 'finance' })).body.items.length;
    await page.getByTestId('receipt-amount').fill('990000.00');
    await page.getByTestId('receipt-reference').fill('BANK-7788');
    expect(duty.outstanding).toBe('12000.00');
    await page.getByTestId(`allocate-${duty.id}`).fill('12000.01');
    const rowNo =
      (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receivables
        .filter((r: { currency: string; outstanding: string }) => r.currency === 'CNY' && Number(r.outstanding) > 0)
        .findIndex((r: { id: number }) => r.id === duty.id) + 1;
    await expect
      .poll(() => page.getByTestId(`allocate-${duty.id}-error`).textContent(), { timeout: WRITE_WAIT_MS })
      .toBe(
        `第 ${rowNo} 行 金額 Row ${rowNo} Amount：不得超過未收金額 CNY 12,000.00 Must not exceed the outstanding amount CNY 12,000.00`,
      );
    await page.getByTestId('receipt-submit').click();
    await page.getByTestId(`allocate-${duty.id}`).fill('8000.00');
    await page.getByTestId('receipt-amount').fill('7999.99');
    await expect
      .poll(() => page.getByTestId('receipt-total-error').textContent(), { timeout: WRITE_WAIT_MS })
      .toContain('合計 CNY 8,000.00，不得超過收款金額 CNY 7,999.99');
    await screenshot(page, 'receipt-parts-exceed');
    await page.getByTestId('receipt-submit').click();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.getByTestId('write-error').count()).toBe(0);
    expect((await s.http('GET', '/receipts', { as: 'finance' })).body.items.length).toBe(receiptsBefore);
    await page.getByTestId('receipt-amount').fill('10000.00');
    await page.getByTestId('receipt-reference').fill('BANK-7788');
    await page.getByTestId(`allocate-${duty.id}`).fill('8000.00');
    expect(await page.getByTestId('receipt-totals').innerText()).toContain('CNY 2,000.00');
    await expectAccessible(page, 'receipt form');
    await screenshot(page, 'receipt-entry');
    await page.getByTestId('receipt-submit').click();
    await page.getByTestId('receipt-form').waitFor({ state: 'detached' });
    await page.getByTestId('ledger-receipts').getByText('BANK-7788').waitFor();

    const after = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body;
    expect(after.receivables.find((r: { id: number }) => r.id === duty.id).outstanding).toBe('4000.00');
    expect(after.balances.find((b: { currency: string }) => b.currency === 'CNY').unallocatedCredit).toBe('2000.00');
    expect(after.receipts.find((p: { reference: string }) => p.reference === 'BANK-7788').receivedOn).toBe(yesterday);
    await page.getByTestId('ledger-receivables').getByText('CNY 4,000.00').waitFor();
    // Entries name their receivable (job · item), not a bare id.
    await page
      .getByTestId('ledger-entries')
      .getByText(/關稅 duty/)
      .first()
      .waitFor();
    expect(await page.getByTestId('outstanding-CNY').innerText()).toContain(
      after.balances
        .find((b: { currency: string }) => b.currency === 'CNY')
        .outstanding.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
    );
    await screenshot(page, 'customer-ledger');

    await page.goto(`${s.baseUrl}/desk/receivables`);
    await page.getByTestId('aging-rows').getByText(customerNo).first().waitFor();
    await expectAccessible(page, 'aging');
    await screenshot(page, 'aging');
    // As of a date before the invoice (typed into the DateInput) the customer owes nothing yet.
    const past = page.waitForResponse((r) => r.url().includes('/receivables/aging?asOf=2020-01-01') && r.ok());
    const asOf = page.getByTestId('aging-as-of');
    await asOf.click();
    await asOf.fill('2020-01-01');
    await asOf.press('Enter');
    await past;
    await expect
      .poll(() => page.getByTestId('aging-rows').innerText(), { timeout: WRITE_WAIT_MS })
      .not.toContain(customerNo);
    expect(page.errors).toEqual([]);
  });

  it('finance allocates a receipt’s unallocated credit and refunds the rest from the ledger (the receipt’s actions)', async () => {
    // A prepayment entered with no allocation: all of it stays the customer's credit.
    const ref = 'BANK-CREDIT-1';
    const entered = await s.http('POST', '/receipts', {
      as: 'finance',
      body: { customerNo, payer: 'Payer', currency: 'CNY', amount: '1000.00', receivedOn: today(), reference: ref },
    });
    expect(entered.status).toBe(201);
    const receiptId = entered.body.id as number;
    const ledgerNow = async () => (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body;
    const before = await ledgerNow();
    const target = before.receivables.find(
      (r: { currency: string; outstanding: string }) => r.currency === 'CNY' && Number(r.outstanding) >= 600,
    );
    const creditBefore = before.balances.find((b: { currency: string }) => b.currency === 'CNY');

    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'finance');
    await page.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
    await page.getByTestId('ledger-receipts').getByText(ref).waitFor();
    await page.getByTestId(`receipt-allocations-${receiptId}`).click();
    const input = page.getByTestId(`credit-allocate-${target.id}`);
    await input.waitFor();
    // Too many digits, then more than the credit: named under the row / at the total, nothing sent.
    await input.fill('600.001');
    await expect
      .poll(() => page.getByTestId(`credit-allocate-${target.id}-error`).textContent(), { timeout: WRITE_WAIT_MS })
      .toContain('最多 2 位小數 At most 2 decimals');
    if (Number(target.outstanding) > 1000) {
      await input.fill('1000.01');
      await expect
        .poll(() => page.getByTestId('allocate-total-error').textContent(), { timeout: WRITE_WAIT_MS })
        .toContain('不得超過未沖銷金額 CNY 1,000.00');
      await page.getByTestId('allocate-submit').click();
    }
    await expectAccessible(page, 'allocate credit');
    await screenshot(page, 'receipt-allocate');
    expect((await ledgerNow()).receipts.find((p: { id: number }) => p.id === receiptId).unallocated).toBe('1000.00');
    await input.fill('600.00');
    await page.getByTestId('allocate-submit').click();
    await input.waitFor({ state: 'detached' });

    // Refund: more than the credit left is named under the amount; then 400.00 goes back to the customer.
    await page.getByTestId(`receipt-refunds-${receiptId}`).click();
    const amount = page.getByTestId('refund-amount');
    await expect.poll(() => amount.inputValue(), { timeout: WRITE_WAIT_MS }).toBe('400.00');
    await amount.fill('400.01');
    await page.getByTestId('refund-submit').click();
    await page.getByText('不得超過未沖銷金額 CNY 400.00').waitFor();
    await amount.fill('400.00');
    await page.getByTestId('refund-reference').fill('REFUND-77');
    await expectAccessible(page, 'refund credit');
    await page.getByTestId('refund-submit').click();
    await amount.waitFor({ state: 'detached' });
    // No credit left: both steps refused now (disabled with the reason).
    await page.getByTestId(`receipt-refunds-${receiptId}`).and(page.locator('[disabled]')).waitFor();

    const after = await ledgerNow();
    const p = after.receipts.find((x: { id: number }) => x.id === receiptId);
    expect([p.allocated, p.refunded, p.unallocated]).toEqual(['600.00', '400.00', '0.00']);
    expect(after.receivables.find((r: { id: number }) => r.id === target.id).outstanding).toBe(
      (Number(target.outstanding) - 600).toFixed(2),
    );
    const creditAfter = after.balances.find((b: { currency: string }) => b.currency === 'CNY');
    expect(creditAfter.unallocatedCredit).toBe((Number(creditBefore.unallocatedCredit) - 1000).toFixed(2));
    expect(creditAfter.outstanding).toBe((Number(creditBefore.outstanding) - 600).toFixed(2));
    await page
      .getByTestId(`outstanding-CNY`)
      .getByText(creditAfter.outstanding.replace(/\B(?=(\d{3})+(?!\d))/g, ','))
      .waitFor();
    const audit = (await s.http('GET', `/audit?recordType=receipt&recordId=${receiptId}`, { as: 'auditor' })).body;
    expect(JSON.stringify(audit)).toContain('receipt.allocated');
    expect(JSON.stringify(audit)).toContain('receipt.refunded');
    expect(page.errors).toEqual([]);
  });

  it('a salesperson and an auditor read the ledger without a receipt or adjustment button', async () => {
    // A credit note: each currency's card lists what made its outstanding amount, so the card adds up.
    const duty = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receivables.find(
      (r: { source: string }) => r.source === 'actual_charge',
    );
    const note = await s.http('POST', `/receivables/${duty.id}/entries`, {
      as: 'finance',
      body: { kind: 'credit_note', amount: '500.00', reason: '折讓 discount agreed' },
    });
    expect(note.status).toBe(201);
    const cny = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.balances.find(
      (b: { currency: string }) => b.currency === 'CNY',
    );
    for (const login of ['sales', 'auditor']) {
      const page = await newPage(browser);
      await signInDev(page, s.baseUrl, login);
      await page.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
      await page.getByTestId('ledger-receivables').getByText('關稅 duty').waitFor();
      const card = page.getByTestId('ledger-balances');
      const parts = Object.fromEntries(
        await Promise.all(
          ['amount', 'credited', 'adjusted', 'writtenOff', 'received'].map(async (k) => {
            const el = card.getByTestId(`balance-${k}-CNY`);
            return [k, (await el.count()) ? (await el.innerText()).replace(/[^\d.-]/g, '') : '0'] as const;
          }),
        ),
      );
      expect(await card.getByTestId('balance-credited-CNY').innerText()).toMatch(/貸項 Credited/);
      expect(Number(parts.credited)).toBe(Number(cny.credited));
      expect(
        (
          Number(parts.amount) +
          Number(parts.credited) +
          Number(parts.adjusted) -
          Number(parts.writtenOff) -
          Number(parts.received)
        ).toFixed(2),
      ).toBe(cny.outstanding);
      expect(await page.getByTestId('enter-receipt').count()).toBe(0);
      expect(await page.locator('[data-testid^="adjust-"]').count()).toBe(0);
      await page.getByTestId('nav-receivables').waitFor();
    }
    // The as-of date is read from the URL, so a reload or a shared link keeps it.
    const past = await newPage(browser);
    await signInDev(past, s.baseUrl, 'auditor');
    await past.goto(`${s.baseUrl}/desk/receivables/${customerNo}?asOf=2020-01-02`);
    await past.getByRole('heading', { name: new RegExp(`欠款臺帳 Customer ledger.*${customerNo}`) }).waitFor();
    const asOfInput = past.locator('[data-testid="ledger-as-of"] input, input[data-testid="ledger-as-of"]');
    await expect.poll(() => asOfInput.inputValue(), { timeout: WRITE_WAIT_MS }).toBe('2020-01-02');
    const ops = await newPage(browser);
    await signInDev(ops, s.baseUrl, 'operations');
    expect(await ops.getByTestId('nav-receivables').count()).toBe(0);
  });

  it('the salesperson’s collection schedule ranks the customer with its reason and records a call', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.getByTestId('nav-collections').click();
    await page.getByRole('heading', { name: /收款日程 Collection schedule/ }).waitFor();
    const table = page.getByTestId('collection-schedule');
    await table.getByText(customerNo).first().waitFor();
    // The reason in both languages, like every other column.
    expect(await table.innerText()).toContain('同幣別最大額');
    expect(await table.innerText()).toContain('of the largest in CNY');
    await expectAccessible(page, 'collection schedule');
    // The row's actions: a planned date typed into its DateInput, then the call with a promise to pay.
    const planned = addDays(today(), 2);
    const plan = page.getByTestId(`plan-${customerNo}-CNY`);
    await plan.click();
    await plan.fill(planned);
    await plan.press('Enter');
    await expect
      .poll(
        async () =>
          (await s.http('GET', '/collections/schedule', { as: 'sales' })).body.items.find(
            (r: { customerNo: string; currency: string }) => r.customerNo === customerNo && r.currency === 'CNY',
          )?.plannedOn,
        { timeout: 45_000 },
      )
      .toBe(planned);
    await page.getByTestId(`call-${customerNo}-CNY`).click();
    await page.getByTestId('call-outcome').fill('下週付款 paying next week');
    // A promised amount beyond the currency's digits, or without its date, is named before anything is sent.
    const callDialog = page.getByRole('dialog');
    await page.getByRole('textbox', { name: /Promised amount/ }).fill('3,000.001');
    await page
      .getByRole('button', { name: /記錄 Record/ })
      .last()
      .click();
    await callDialog
      .locator('.ant-form-item-explain-error')
      .filter({ hasText: '金額 Amount：最多 2 位小數 At most 2 decimals' })
      .waitFor();
    await callDialog.locator('.ant-form-item-explain-error').filter({ hasText: '日期 Date：必填 required' }).waitFor();
    await page.getByRole('textbox', { name: /Promised amount/ }).fill('3000.00');
    const promised = addDays(today(), 5);
    await typeDate(page.getByTestId('call-promise-date'), promised);
    await expectAccessible(page, 'collection call');
    await page
      .getByRole('button', { name: /記錄 Record/ })
      .last()
      .click();
    await table.getByText('下週付款 paying next week').first().waitFor();
    // Amounts in running text carry thousands separators.
    await table.getByText(`CNY 3,000.00 @ ${promised}`).first().waitFor();
    await screenshot(page, 'collection-schedule');
    expect(page.errors).toEqual([]);

    // Finance reads the schedule; its rows offer finance no action, so no date field and no call button.
    const finance = await newPage(browser);
    await signInDev(finance, s.baseUrl, 'finance');
    await finance.goto(`${s.baseUrl}/desk/collections`);
    await finance.getByTestId('collection-schedule').getByText(customerNo).first().waitFor();
    await finance.getByTestId('collection-schedule').getByText(planned).first().waitFor();
    expect(await finance.locator('[data-testid^="call-"]').count()).toBe(0);
    expect(await finance.locator('[data-testid^="plan-"]').count()).toBe(0);
    expect(finance.errors).toEqual([]);
  });
  it('a salesperson proposes a write-off from the ledger; the GM approves it on the write-offs screen', async () => {
    const duty = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'sales' })).body.receivables.find(
      (r: { source: string }) => r.source === 'actual_charge',
    );
    const sales = await newPage(browser);
    await signInDev(sales, s.baseUrl, 'sales');
    await sales.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
    // Not yet due: the write-off is not offered (disabled with the reason the API gives, not_due).
    const button = sales.getByTestId(`write-off-${duty.id}`);
    await button.and(sales.locator('[disabled]')).waitFor();
    expect(await button.getAttribute('aria-label')).toContain('尚未逾期');
    const setDue = (d: string) =>
      s.db.updateTable('receivables').set({ due_date: d }).where('id', '=', duty.id).execute();
    const dueDate = duty.dueDate as string;
    await setDue(addDays(today(), -1));
    await sales.reload();
    await button.and(sales.locator(':not([disabled])')).waitFor();
    await button.click();
    await sales.getByTestId('write-off-amount').fill('100.00');
    await sales.getByTestId('write-off-reason').fill('客戶倒閉 customer insolvent');
    // Due again behind the desk's back (the page is stale): the API's refusal is shown, nothing written.
    await setDue(dueDate);
    await sales.getByTestId('write-off-submit').click();
    await sales.getByTestId('write-error').waitFor();
    const refusal = await sales.getByTestId('write-error').innerText();
    expect(refusal).toContain('尚未逾期'); // the reason (not_due), then the field with the API's message
    expect(refusal).toContain('not overdue');
    await screenshot(sales, 'write-off-not-due');
    await setDue(addDays(today(), -1));
    await sales.getByTestId('write-off-submit').click();
    // One waiting proposal per receivable: the step is then listed as refused, its button disabled.
    await sales.getByTestId(`write-off-${duty.id}`).and(sales.locator('[disabled]')).waitFor();
    expect(sales.errors).toEqual([]);

    const gm = await newPage(browser);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.getByTestId('nav-write-offs').click();
    const table = gm.getByTestId('write-offs');
    const row = table.getByRole('row').filter({ hasText: '客戶倒閉 customer insolvent' });
    await row.getByTestId('action-approve').waitFor();
    await expectAccessible(gm, 'write-offs');
    await screenshot(gm, 'write-offs');
    await row.getByTestId('action-approve').click();
    await row.waitFor({ state: 'detached' });
    await expect
      .poll(
        async () =>
          (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receivables.find(
            (r: { id: number }) => r.id === duty.id,
          ).writtenOff,
        { timeout: WRITE_WAIT_MS },
      )
      .toBe('100.00');
    expect(gm.errors).toEqual([]);
  });
});
