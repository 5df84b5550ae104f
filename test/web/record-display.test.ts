/**
 * How records are shown to people (session 13 try-outs): the customer card's jobs by their stage's label and a link,
 * the payment terms in force (never "—" for a customer billed on the standard terms), the desk's one word for a
 * container (柜).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billedCustomer } from '../support/fixtures';
import { closeDesk, newPage, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let billed: { customerNo: string; jobNo: string };
const WAIT = { timeout: 30_000 };

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  billed = await billedCustomer(s);
}, 240_000);
afterAll(() => closeDesk(s, browser));

describe('customer card 客戶資料卡', { timeout: 120_000 }, () => {
  it('jobs by their stage label with a link; the payment terms in force; 柜', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.goto(`${s.baseUrl}/desk/customers/${billed.customerNo}`);
    // The billed job is complete: its stage reads 已完成 Completed, never the key `completed`.
    const jobs = page.getByTestId('customer-jobs');
    const row = jobs.locator('tr', { hasText: billed.jobNo });
    await row.waitFor(WAIT);
    expect(await row.innerText()).toContain('已完成 Completed');
    expect(await row.innerText()).not.toMatch(/\bcompleted\b/);
    // The header says 柜 as the job board and the briefing do.
    expect(await jobs.locator('thead').innerText()).toContain('柜 Containers');
    expect(await jobs.locator('thead').innerText()).not.toContain('櫃');
    // No terms of its own: the standard terms billing applies, not "—".
    expect(await page.getByTestId('customer-payment-terms').innerText()).toBe(
      '標準條款 Standard terms：月結 15 天 Monthly statement, 15 days',
    );
    // The job number leads to the job page, as the quote numbers lead to theirs.
    await row.getByRole('link', { name: billed.jobNo }).click();
    await page.waitForURL(new RegExp(`/desk/jobs/${billed.jobNo}$`), WAIT);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
