/**
 * Statements 對帳單 and disputes 爭議 in the desk (issue 13): finance draws a statement of a billed
 * customer for the month and marks it sent; the salesperson records that the customer disputes one line
 * (with its reason); that line's dispute case appears on the dispute list, where a note is added; the
 * undisputed lines keep their collection going (the customer stays on the collection schedule with the
 * disputed amount left out). Finance's balance upload 餘額核對: a CSV with a bad row is refused row by
 * row; a good one shows the difference per customer and currency, which finance works with an
 * explanation. axe on each screen, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billedCustomer, today } from '../support/fixtures';
import {
  expectAccessible,
  modalSettled,
  newPage,
  screenshot,
  signInDev,
  startDesk,
  closeDesk,
} from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  ({ customerNo } = await billedCustomer(s));
}, 240_000);
afterAll(() => closeDesk(s, browser));

describe('statements 對帳單 and disputes 爭議', { timeout: 240_000 }, () => {
  it('a disputed line becomes a dispute case; the undisputed lines stay in collection', async () => {
    const finance = await newPage(browser);
    await signInDev(finance, s.baseUrl, 'finance');
    await finance.getByTestId('nav-statements').click();
    await finance.getByRole('heading', { name: /對帳單 Statements/ }).waitFor();
    await finance.getByTestId('draw-customer').fill(customerNo);
    // A period ending after today is named under 期間至 in the words of its label, before anything is sent (try-out s13).
    const drawTo = finance.getByTestId('draw-to');
    const posts: string[] = [];
    finance.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/statements') && posts.push(r.url()));
    await drawTo.click();
    await finance.keyboard.press('Control+A');
    await finance.keyboard.type('2099-12-31');
    await drawTo.press('Enter');
    await finance.getByTestId('draw-submit').click();
    await finance.getByText('不可晚於今天 must not be after today').waitFor();
    expect(posts).toEqual([]);
    await drawTo.click();
    await finance.keyboard.press('Control+A');
    await finance.keyboard.type(today());
    await drawTo.press('Enter');
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
    // Nothing ticked: said under the lines, in both languages, and nothing is sent.
    await sales.getByTestId(`dispute-line-${duty.lineNo}`).waitFor();
    await sales.getByTestId('step-submit').click();
    const tickOne = sales.getByText('請至少勾選一個項次 Tick at least one line');
    await tickOne.waitFor();
    expect(await sales.getByTestId('action-error').count()).toBe(0);
    expect((await s.http('GET', `/statements/${statementId}`, { as: 'sales' })).body.status).toBe('sent');
    // The dialog zooms in as it opens; a click during the animation can miss the box, so tick until it shows ticked.
    const tick = sales.getByTestId(`dispute-line-${duty.lineNo}`);
    await expect
      .poll(
        async () => {
          await tick.check({ timeout: 2_000 }).catch(() => undefined);
          return tick.isChecked();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await tickOne.waitFor({ state: 'detached' });
    await sales.getByTestId(`dispute-reason-${duty.lineNo}`).fill('關稅金額不符 duty amount disputed');
    await expectAccessible(sales, 'dispute form');
    await sales.getByTestId('step-submit').click();
    await sales.getByTestId('statement-status').getByText('有爭議 Disputed').waitFor();
    await sales.getByTestId(`line-dispute-${duty.lineNo}`).waitFor();
    await screenshot(sales, 'statement');

    await sales.getByTestId('nav-disputes').click();
    const row = sales.getByTestId('disputes').getByRole('row').filter({ hasText: '關稅金額不符 duty amount disputed' });
    await row.getByTestId('action-notes').click();
    await modalSettled(sales);
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
    // The schedule's row offers the salesperson its actions: the planned date and the call.
    await sales.getByTestId(`plan-${customerNo}-CNY`).waitFor();
    await sales.getByTestId(`call-${customerNo}-CNY`).waitFor();

    // The salesperson may resolve only as "the customer pays": the form offers that outcome alone.
    await sales.getByTestId('nav-disputes').click();
    await row.getByTestId('action-resolve').click();
    const outcome = sales.getByTestId('resolve-outcome');
    await outcome.click();
    const options = sales.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor();
    // Polled: the dropdown's list may still be rendering its items when the first one appears.
    await expect.poll(() => options.allInnerTexts(), { timeout: 10_000 }).toEqual(['客戶照付 Customer pays']);
    await options.first().click();
    await sales.getByTestId('resolve-resolution').fill('客戶同意照付 the customer will pay');
    await sales.getByTestId('step-submit').click();
    // Resolved, the case leaves the open list.
    await row.waitFor({ state: 'detached' });
    expect(
      (await s.http('GET', '/disputes?status=resolved', { as: 'sales' })).body.items.map(
        (d: { outcome: string }) => d.outcome,
      ),
    ).toEqual(['customer_pays']);
    // Its only dispute resolved, the statement awaits the customer's answer again: confirm is offered.
    await sales.goto(`${s.baseUrl}/desk/statements/${statementId}`);
    await sales.getByTestId('statement-status').getByText('已寄出 Sent').waitFor();
    await sales.getByTestId('action-confirm').waitFor();
    expect(sales.errors).toEqual([]);
  });

  it('finance uploads its balances (CSV); the difference per customer and currency is shown and worked', async () => {
    const balances = (await s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' })).body.balances as {
      currency: string;
      net: string;
    }[];
    const net = (c: string) => balances.find((b) => b.currency === c)!.net;
    const cnyPlus = (Number(net('CNY')) + 100).toFixed(2);
    const csv = (rows: string[]) => Buffer.from(['customerNo,currency,balance', ...rows].join('\r\n') + '\r\n');
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'finance');
    await page.getByTestId('nav-balances').click();
    await page.getByRole('heading', { name: /餘額核對 Balance check/ }).waitFor();
    const file = page.getByTestId('balance-file');
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: csv(['C9999-99999,CNY,10.00']) });
    await page.getByTestId('balance-upload').click();
    await page.getByTestId('balance-upload-rows').getByText('C9999-99999').waitFor();
    await expectAccessible(page, 'balance upload');

    await file.setInputFiles({
      name: 'books.csv',
      mimeType: 'text/csv',
      buffer: csv([`${customerNo},CNY,${cnyPlus}`, `${customerNo},USD,${net('USD')}`]),
    });
    await page.getByTestId('balance-upload').click();
    const table = page.getByTestId('balance-differences');
    const cny = table.getByRole('row').filter({ hasText: '差異待處理 Open difference' });
    await cny.getByText('CNY 100.00').waitFor();
    await table.getByRole('row').filter({ hasText: '相符 Agreed' }).getByText('USD 0.00').waitFor();
    await expectAccessible(page, 'balance differences');
    await cny.getByTestId('action-resolve').click();
    await page.getByTestId('difference-note').fill('財務多記運費 finance booked a freight charge twice');
    await page.getByTestId('step-submit').click();
    // The dialog closes when the API took it; if it stays, its message says why (named in the failure).
    await expect
      .poll(
        async () =>
          (await page.locator('.ant-modal:visible').count())
            ? await page.locator('.ant-modal:visible').innerText()
            : '',
        {
          timeout: 45_000,
        },
      )
      .toBe('');
    await table.getByText('財務多記運費 finance booked a freight charge twice').waitFor();
    await page.getByTestId('open-differences').getByText('0', { exact: true }).waitFor();
    await screenshot(page, 'balance-check');
    expect(page.errors).toEqual([]);
  });
});
