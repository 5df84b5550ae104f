/**
 * Statements 對帳單 and disputes 爭議 in the desk (issue 13): finance draws a statement of a billed
 * customer for the month and marks it sent; the salesperson records that the customer disputes one line
 * (with its reason); that line's dispute case appears on the dispute list, where a note is added; the
 * undisputed lines keep their collection going (the customer stays on the collection schedule with the
 * disputed amount left out). axe on each screen, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../db/user.repository';
import { billedJob, signedContract } from '../support/fixtures';
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

describe('statements 對帳單 and disputes 爭議', { timeout: 240_000 }, () => {
  it('a disputed line becomes a dispute case; the undisputed lines stay in collection', async () => {
    const finance = await newPage(browser);
    await signInDev(finance, s.baseUrl, 'finance');
    await finance.getByTestId('nav-statements').click();
    await finance.getByRole('heading', { name: /對帳單 Statements/ }).waitFor();
    await finance.getByTestId('draw-customer').fill(customerNo);
    await finance.getByTestId('draw-submit').click();
    await finance.getByRole('heading', { name: new RegExp(`對帳單 Statement ST-\\d+.*${customerNo}`) }).waitFor();
    await finance.getByTestId('statement-lines-CNY').getByText('關稅 duty').waitFor();
    const statementId = Number(/statements\/(\d+)/.exec(finance.url())![1]);
    const drawn = (await s.http('GET', `/statements/${statementId}`, { as: 'finance' })).body;
    const lines = drawn.sections.flatMap((sec: { lines: { lineNo: number; label: string }[] }) => sec.lines);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const duty = lines.find((l: { label: string }) => l.label === '關稅 duty');
    await expectAccessible(finance, 'statement');
    await finance.getByTestId('action-send').click();
    await finance.getByTestId('statement-status').getByText('已寄出 Sent').waitFor();
    const pdf = await s.http('GET', `/statements/${statementId}/statement.pdf`, { as: 'finance' });
    expect(pdf.status).toBe(200);
    expect(finance.errors).toEqual([]);

    // The salesperson records the customer's answer: line «duty» disputed, the rest not.
    const sales = await newPage(browser);
    await signInDev(sales, s.baseUrl, 'sales');
    await sales.goto(`${s.baseUrl}/desk/statements/${statementId}`);
    await sales.getByTestId('action-dispute').click();
    await sales.getByTestId(`dispute-line-${duty.lineNo}`).check();
    await sales.getByTestId(`dispute-reason-${duty.lineNo}`).fill('關稅金額不符 duty amount disputed');
    await expectAccessible(sales, 'dispute form');
    await sales.getByTestId('step-submit').click();
    await sales.getByTestId('statement-status').getByText('有爭議 Disputed').waitFor();
    await sales.getByTestId(`line-dispute-${duty.lineNo}`).waitFor();
    await screenshot(sales, 'statement');

    await sales.getByTestId('nav-disputes').click();
    const row = sales.getByTestId('disputes').getByRole('row').filter({ hasText: '關稅金額不符 duty amount disputed' });
    await row.getByTestId('action-notes').click();
    await sales.getByTestId('dispute-note').fill('已請客戶提供報關單 asked for the customs entry');
    await sales.getByTestId('step-submit').click();
    await row.getByText('已請客戶提供報關單 asked for the customs entry').waitFor();
    await expectAccessible(sales, 'disputes');
    await screenshot(sales, 'disputes');

    // Undisputed lines keep their collection going: the customer stays on the schedule, the duty left out.
    const schedule = (await s.http('GET', '/collections/schedule', { as: 'sales' })).body;
    const cny = schedule.items.find(
      (r: { customerNo: string; currency: string }) => r.customerNo === customerNo && r.currency === 'CNY',
    );
    expect(cny.disputed).toBe('12000.00');
    expect(Number(cny.outstanding)).toBeGreaterThan(0);
    await sales.getByTestId('nav-collections').click();
    await sales.getByTestId('collection-schedule').getByText(customerNo).first().waitFor();
    expect(sales.errors).toEqual([]);
  });
});
