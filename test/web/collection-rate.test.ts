/**
 * Collection rate 回款率 in the desk (issue 13 §2.2.6): the sales manager sees the team's rate per currency and
 * sets a salesperson's target from the row's `actions`; the salesperson sees their own rate and the target,
 * with no button. axe on each screen.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, newPage, screenshot, signInDev, startDesk, closeDesk } from '../support/browser';
import { signedContract, today } from '../support/fixtures';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
const month = today().slice(0, 7);

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  const { contractNo, customerNo } = await signedContract(s);
  const job = await s.http('POST', '/jobs', {
    as: 'sales',
    body: {
      contractNo,
      direction: 'import',
      containers: { type: '40HQ', count: 1 },
      cargo: 'collection rate',
      portOfLoading: 'Los Angeles',
      portOfDischarge: 'Yantian',
    },
  });
  expect(job.status).toBe(201);
  // A receivable falling due today (this month), a quarter of it paid today.
  const r = await s.db
    .insertInto('receivables')
    .values({
      job_no: job.body.jobNo,
      customer_no: customerNo,
      contract_no: contractNo,
      label: '服務 service',
      source: 'service',
      currency: 'CNY',
      amount: '12000.00',
      invoice_date: today(),
      payment_terms: 'days_after_invoice+0',
      due_date: today(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('receivable_entries')
    .values({
      receivable_id: r.id,
      customer_no: customerNo,
      currency: 'CNY',
      kind: 'invoice',
      amount: '12000.00',
      entry_date: today(),
      created_by: 'system',
    })
    .execute();
  const receipt = await s.http('POST', '/receipts', {
    as: 'finance',
    body: {
      customerNo,
      payer: 'customer',
      currency: 'CNY',
      amount: '3000.00',
      receivedOn: today(),
      reference: 'collection rate',
      allocations: [{ receivableId: r.id, amount: '3000.00' }],
    },
  });
  expect(receipt.status).toBe(201);
}, 240_000);
afterAll(() => closeDesk(s, browser));

describe('the collection rate 回款率', { timeout: 180_000 }, () => {
  it('the sales manager sees the team’s rate and sets a target from the row’s actions; the salesperson reads it', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.getByTestId('nav-collection-rate').click();
    await page.getByRole('heading', { name: /回款率 Collection rate/ }).waitFor();
    const rate = page.getByTestId('rate-sales-CNY');
    await rate.getByText('25.00').waitFor();
    const row = page.locator('tr[data-row-key="sales-CNY"]');
    expect(await row.innerText()).toContain('12,000.00');
    expect(await row.innerText()).toContain('3,000.00');
    // The person's name, never the login beside it.
    expect(await row.innerText()).toContain('陳志明 Chen Zhiming');
    expect(await row.innerText()).not.toContain('(sales)');
    await expectAccessible(page, 'collection rate (sales manager)');

    await page.getByTestId('collection-target-sales').click();
    const dialog = page.getByRole('dialog');
    // A rate over 100 or with 3 decimals is named under the field (format/number.ts percentRule); nothing is sent.
    for (const [typed, message] of [
      ['101', '目標回款率 % Target rate %：不可大於 100 At most 100'],
      ['12.345', '目標回款率 % Target rate %：最多 2 位小數 At most 2 decimals'],
    ] as const) {
      await dialog.getByTestId('target-pct').fill(typed);
      await dialog.getByRole('button', { name: /儲存 Save|Save/ }).click();
      await dialog.locator('.ant-form-item-explain-error').filter({ hasText: message }).waitFor();
    }
    expect(await s.db.selectFrom('collection_targets').selectAll().execute()).toEqual([]);
    await dialog.getByTestId('target-pct').fill('30');
    await dialog.getByRole('button', { name: /儲存 Save|Save/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('target-sales').getByText('30.00').waitFor();
    await rate.getByText(/未達標|Below target/).waitFor();
    await screenshot(page, 'collection-rate-manager');
    const target = (await s.db.selectFrom('collection_targets').selectAll().execute())[0];
    expect(target).toMatchObject({ owner_id: 'sales', month, target_pct: '30.00', set_by: 'sales_manager' });

    const own = await newPage(browser);
    await signInDev(own, s.baseUrl, 'sales');
    await own.getByTestId('nav-collection-rate').click();
    await own.getByTestId('target-sales').getByText('30.00').waitFor();
    await own.getByTestId('rate-sales-CNY').getByText('25.00').waitFor();
    expect(await own.getByTestId('collection-target-sales').count()).toBe(0);
    await expectAccessible(own, 'collection rate (salesperson)');

    // The GM sees every salesperson; one with nothing falling due this month says so instead of a row of “—”.
    const gm = await newPage(browser);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.getByTestId('nav-collection-rate').click();
    await gm.getByTestId('nothing-due-sales_b').getByText('本月無到期款項').waitFor();
    await gm.getByTestId('rate-sales-CNY').getByText('25.00').waitFor();
    await expectAccessible(gm, 'collection rate (GM)');
    expect([...page.errors, ...own.errors, ...gm.errors]).toEqual([]);
  });
});
