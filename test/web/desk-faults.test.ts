/**
 * Desk faults (session 10, H4): a date field fixed after a bad value takes the value as it is typed, so the
 * first click on the form's button lands (the error under the field does not vanish under the pointer); the
 * error states (unknown page, record not found, forbidden, network error, 5xx) in both languages with a way
 * back; the delegation form's user picker and its messages with each field named in both languages.
 * Screenshots under .data/screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../db/user.repository';
import { addDays, billedJob, signedContract, today } from '../support/fixtures';
import { expectAccessible, launchBrowser, newPage, screenshot, signInDev } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;

beforeAll(async () => {
  s = await startStack({ env: { NODE_ENV: 'development', RATE_LIMIT_WRITES_PER_MINUTE: '0' } });
  await seedDemoUsers(s.db);
  const contract = await signedContract(s);
  customerNo = contract.customerNo;
  await billedJob(s, contract.contractNo, '12000.00');
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('date fields 日期欄位', { timeout: 180_000 }, () => {
  it('a bad date fixed by typing: the first click on the form button is taken', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'finance');
    await page.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
    await page.getByTestId('enter-receipt').click();
    await page.getByTestId('receipt-amount').fill('100.00');
    await page.getByTestId('receipt-reference').fill('BANK-FIRST-CLICK');
    const date = page.getByTestId('receipt-date');
    // A bad date: named under the field.
    await date.click();
    await date.fill('2026-13-45');
    await date.press('Tab');
    const problem = page.getByRole('alert').filter({ hasText: '格式不符，須為 YYYY-MM-DD' });
    await problem.waitFor();
    await screenshot(page, 'date-field-bad');
    // Fixed by typing (no Tab, no Enter), then one click on the button: the problem is gone as the date is
    // typed, so nothing moves under the pointer and the receipt is entered.
    const yesterday = addDays(today(), -1);
    await date.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(yesterday);
    await problem.waitFor({ state: 'detached', timeout: 5_000 });
    await page.getByTestId('receipt-submit').click();
    await page.getByTestId('receipt-form').waitFor({ state: 'detached', timeout: 15_000 });
    const receipts = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receipts as {
      reference: string;
      receivedOn: string;
    }[];
    expect(receipts.find((r) => r.reference === 'BANK-FIRST-CLICK')?.receivedOn).toBe(yesterday);
    expect(page.errors).toEqual([]);
  });

  it('a date typed and the button clicked at once: the click submits the typed date', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'finance');
    await page.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
    await page.getByTestId('enter-receipt').click();
    await page.getByTestId('receipt-amount').fill('50.00');
    await page.getByTestId('receipt-reference').fill('BANK-TYPED-DATE');
    // Tomorrow: refused under the field (money cannot arrive after today).
    const date = page.getByTestId('receipt-date');
    await date.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(addDays(today(), 1));
    await page.keyboard.press('Tab');
    const future = page.getByText('不可晚於今天');
    await future.waitFor();
    const twoDaysAgo = addDays(today(), -2);
    await date.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(twoDaysAgo);
    await page.getByTestId('receipt-submit').click();
    await page.getByTestId('receipt-form').waitFor({ state: 'detached', timeout: 15_000 });
    const receipts = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.receipts as {
      reference: string;
      receivedOn: string;
    }[];
    expect(receipts.find((r) => r.reference === 'BANK-TYPED-DATE')?.receivedOn).toBe(twoDaysAgo);
    await expectAccessible(page, 'ledger after receipt');
  });
});
