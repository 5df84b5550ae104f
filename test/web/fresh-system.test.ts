/**
 * A fresh system (no tariff, no customer) worked from the desk alone, in Chromium against the real
 * stack: commerce creates the first tariff as an empty draft (its submit disabled with the reason),
 * adds a line typed with full-width digits, imports lines from Excel, submits; the GM approves and locks
 * it after a confirmation (cancelling first changes nothing); a salesperson imports customers from Excel
 * (a bad row shown by row and field, nothing imported; fixed, imported); the quote builder refuses to
 * send lines it marks (U+2212 minus, zero, an amount the API refuses) and numbers warnings as the table
 * does; the quote's step bar is readable at 1280 px and narrower; opening a job without a signed
 * contract says so and validates without a page error. axe on each screen; Ant Design's own texts in
 * both languages; one <main>; the favicon served.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customsLine, newCustomer, oceanLine, today } from '../support/fixtures';
import { expectAccessible, newPage, pickOption, screenshot, signInDev, startDesk, closeDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  ({ s, browser } = await startDesk());
});
afterAll(() => closeDesk(s, browser));

/** An .xlsx file for an upload: a header row of `columns`, then `rows` in that order. */
async function sheet(columns: string[], rows: Record<string, unknown>[]) {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('Sheet');
  ws.addRow(columns);
  for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? null));
  return { name: 'sheet.xlsx', mimeType: XLSX, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}

/** The draft line editor's field problems as shown (`line-0-price-error` …), for a failure message. */
async function shownProblems(page: Page): Promise<string> {
  const errors = page.locator('[data-testid^="line-"][data-testid$="-error"]');
  const texts = await errors.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-testid')}: ${e.textContent}`));
  return texts.join('; ') || 'none shown';
}

describe('a fresh system, from the desk alone', { timeout: 420_000 }, () => {
  let tariffNo = 0;

  it('commerce creates the first tariff from an empty draft; the GM approves and locks it after confirming', async () => {
    const page = await newPage(browser);
    page.setDefaultTimeout(40_000);
    const favicon = await fetch(`${s.baseUrl}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toMatch(/icon/);

    await signInDev(page, s.baseUrl, 'commerce');
    await page.goto(`${s.baseUrl}/desk/tariffs`);
    await page.getByRole('heading', { name: /原始報價 Tariffs/ }).waitFor();
    // Ant Design's own texts in both languages: an empty table says so in zh-Hant and English.
    await page.locator('.ant-empty-description', { hasText: '暫無資料 No data' }).first().waitFor();
    expect(await page.locator('main').count()).toBe(1);

    await page.getByTestId('tariff-new').click();
    const start = page.getByTestId('tariff-start');
    // Nothing is in force: a copy is not offered, the draft starts empty.
    expect(await start.getByRole('radio').first().isDisabled()).toBe(true);
    expect(await start.getByRole('radio').nth(1).isChecked()).toBe(true);
    await page.getByTestId('tariff-title').fill('首份原始報價 first tariff');
    const effective = page.getByTestId('tariff-effective');
    // The business date format, not the browser's mm/dd/yyyy; the picker's own texts in both languages.
    expect(await effective.getAttribute('placeholder')).toBe('YYYY-MM-DD');
    await effective.click();
    await page.locator('.ant-picker-dropdown').getByText('今天 Today').waitFor();
    await effective.fill(today());
    await effective.press('Enter');
    await page.getByRole('button', { name: /建立 Create/ }).click();
    await page.waitForURL(/\/desk\/tariffs\/\d+$/);
    tariffNo = Number(page.url().split('/').pop());

    // The empty draft: what to do next, and submit refused with its reason.
    await page.getByTestId('tariff-empty').waitFor();
    await page.getByTestId('action-submit-disabled').waitFor();
    expect(await page.getByTestId('refused-steps').innerText()).toContain('草稿沒有價目');
    // Discarding throws the draft away: a danger button, never the primary one.
    const discard = page.getByTestId('action-discard');
    expect(await discard.getAttribute('class')).toContain('ant-btn-dangerous');
    expect(await discard.getAttribute('class')).not.toContain('ant-btn-primary');
    await expectAccessible(page, 'tariff-first-draft');
    await screenshot(page, 'tariff-first-draft');

    // One line typed in the editor; full-width digits from a Chinese input method become ASCII.
    await page.getByTestId('line-add').click();
    await pickOption(page, '服務類別 Service 1', '海運 Ocean freight');
    await page.getByTestId('line-0-industry').fill('電子 electronics');
    await page.getByTestId('line-0-commodity').fill('手機配件 phone accessories');
    await page.getByTestId('line-0-routeFrom').fill('深圳 Shenzhen');
    await page.getByTestId('line-0-routeTo').fill('洛杉磯 Los Angeles');
    await pickOption(page, '單位 Unit 1', '每40HQ櫃 per 40HQ');
    await pickOption(page, '幣別 Currency 1', 'USD');
    await page.getByTestId('line-0-price').fill('２４５０．００');
    expect(await page.getByTestId('line-0-price').inputValue()).toBe('2450.00');
    await page.getByTestId('line-0-budgetCost').fill('2100.00');
    await expect
      .poll(() => page.getByTestId('lines-save').isEnabled(), {
        timeout: 20_000,
        message: 'the line is complete, so Save is enabled',
      })
      .toBe(true)
      .catch(async (e: Error) => {
        throw new Error(`${e.message}; problems shown: ${await shownProblems(page)}`);
      });
    await page.getByTestId('lines-save').click();
    await page.getByTestId('tariff-saved').waitFor();
    await page.getByTestId('action-submit').waitFor();
    expect((await s.http('GET', `/tariffs/${tariffNo}`, { as: 'commerce' })).body.lines).toHaveLength(1);

    // Then the rate card from Excel: a bad row refuses the whole sheet, a good one replaces the lines.
    const columns = Object.keys(oceanLine());
    const transport = customsLine({
      serviceType: 'transport',
      unit: 'per_40hq',
      price: '1800.00',
      budgetCost: '1500.00',
    });
    const upload = page.getByTestId('tariff-import').locator('input[type=file]');
    await upload.setInputFiles(await sheet(columns, [oceanLine(), customsLine({ price: '－5' })]));
    const rows = page.getByTestId('tariff-import-rows');
    await rows.waitFor();
    expect(await rows.locator('tbody tr').first().innerText()).toMatch(/^3\s+價格 Price/);
    expect((await s.http('GET', `/tariffs/${tariffNo}`, { as: 'commerce' })).body.lines).toHaveLength(1);
    await upload.setInputFiles(await sheet(columns, [oceanLine(), customsLine(), transport]));
    await page.getByTestId('tariff-import-done').waitFor();
    expect((await s.http('GET', `/tariffs/${tariffNo}`, { as: 'commerce' })).body.lines).toHaveLength(3);

    await page.getByTestId('action-submit').click();
    await page.getByTestId('tariff-standing').filter({ hasText: '待總經理審批' }).waitFor();

    // The GM: approving locks the version for good, so the desk asks first; cancelling changes nothing.
    const gm = await newPage(browser);
    gm.setDefaultTimeout(40_000);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.goto(`${s.baseUrl}/desk/tariffs/${tariffNo}`);
    await gm.getByTestId('action-approve').click();
    await gm.getByTestId('step-irreversible').waitFor();
    await expectAccessible(gm, 'tariff-approve-confirm');
    await screenshot(gm, 'tariff-approve-confirm');
    await gm
      .getByRole('dialog')
      .getByRole('button', { name: /取消 Cancel/ })
      .click();
    await gm.getByRole('dialog').waitFor({ state: 'hidden' });
    expect((await s.http('GET', `/tariffs/${tariffNo}`, { as: 'gm' })).body.status).toBe('pending_gm');
    await gm.getByTestId('action-approve').click();
    await gm.getByTestId('step-submit').click();
    await gm.getByTestId('tariff-standing').filter({ hasText: '生效中' }).waitFor();
    expect((await s.http('GET', '/tariffs/in-force', { as: 'sales' })).body.versionNo).toBe(tariffNo);
    expect(page.errors.concat(gm.errors)).toEqual([]);
  });

  it('a salesperson imports customers from Excel: a bad row is shown by row and field and nothing is imported', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/customers`);
    await page.getByRole('heading', { name: /客戶 Customers/ }).waitFor();
    const columns = ['fullName', 'address', 'phone', 'contactPerson'];
    const first = newCustomer({ fullName: '東莞市長安五金有限公司' });
    const second = newCustomer({ fullName: '佛山市順德家電有限公司' });
    const upload = page.getByTestId('customers-import').locator('input[type=file]');
    await upload.setInputFiles(await sheet(columns, [first, { ...second, phone: null }]));
    const rows = page.getByTestId('customers-import-rows');
    await rows.waitFor();
    expect(await rows.locator('tbody tr').first().innerText()).toMatch(/^3\s+電話 Phone/);
    await expectAccessible(page, 'customers-import-errors');
    await screenshot(page, 'customers-import-errors');
    expect((await s.http('GET', '/customers', { as: 'sales' })).body.items).toEqual([]);

    await upload.setInputFiles(await sheet(columns, [first, second]));
    await page.getByTestId('customers-import-done').waitFor();
    await page.getByText('佛山市順德家電有限公司').waitFor();
    expect((await s.http('GET', '/customers', { as: 'sales' })).body.items).toHaveLength(2);
    expect(page.errors).toEqual([]);
  });

  it('the builder never sends a line it marks, numbers lines one way, and the quote’s step bar reads at any width', async () => {
    const page = await newPage(browser);
    page.setDefaultTimeout(40_000);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/quotes/new`);
    await page.getByRole('heading', { name: /新增初始報價 New quote/ }).waitFor();
    await page.getByTestId('builder-customer-search').click();
    await page.keyboard.type('長安五金');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#builder-customer option:checked').textContent()).toContain('長安五金');
    await page.getByTestId('add-tariff-line-1').click();
    await page.getByTestId('add-tariff-line-2').click();

    // "−100" (U+2212, as copied from a document) becomes -100 and is refused as negative; nothing is sent.
    await page.getByTestId('line-price-0').fill('−100');
    expect(await page.getByTestId('line-price-0').inputValue()).toBe('-100');
    expect(await page.getByTestId('line-price-0-error').innerText()).toContain('不可為負數 Must not be negative');
    expect(await page.getByTestId('builder-create').isDisabled()).toBe(true);
    await page.getByTestId('builder-invalid').waitFor();
    await page.getByTestId('line-price-0').fill('２４００');
    expect(await page.getByTestId('line-price-0').inputValue()).toBe('2400');
    await page.getByTestId('line-price-0-error').waitFor({ state: 'detached' });
    // A quantity of zero is marked as typed; one whose amount the API refuses is marked from the API's answer.
    await page.getByTestId('line-quantity-1').fill('0');
    expect(await page.getByTestId('line-quantity-1-error').innerText()).toContain('須大於 0');
    await page.getByTestId('line-quantity-1').fill('99999999999999');
    await page
      .getByTestId('line-quantity-1-error')
      .getByText(/金額超過上限/)
      .waitFor();
    expect(await page.getByTestId('builder-create').isDisabled()).toBe(true);
    await page.getByTestId('line-quantity-1').fill('2');
    await page.getByTestId('line-quantity-1-error').waitFor({ state: 'detached' });

    // Below cost on the table's line 2: the warning says line 2, as the table's first column does.
    await page.getByTestId('line-price-1').fill('100.00');
    const warning = page.getByTestId('warning-below-cost');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('第 2 行');
    const tableRow2 = page.locator('tr', { has: page.getByTestId('line-price-1') });
    expect((await tableRow2.locator('td').first().innerText()).trim()).toBe('2');
    expect(await page.getByTestId('builder-create').isDisabled()).toBe(false);
    await expectAccessible(page, 'quote-builder-checks');
    await screenshot(page, 'quote-builder-checks');
    await page.getByTestId('builder-create').click();
    await page.waitForURL(/\/desk\/quotes\/Q\d{4}-\d{6}$/);

    // The step bar: every step's zh-Hant and English name whole, at 1280 px and narrower.
    for (const width of [1280, 1024, 800]) {
      await page.setViewportSize({ width, height: 900 });
      const bar = page.getByTestId('chain-bar');
      await bar.waitFor();
      for (const step of await bar.locator('li').all()) {
        const box = (await step.boundingBox())!;
        // Two lines of text (zh-Hant, English) at most: never a character per line.
        expect(box.height, `${width}px: ${await step.innerText()}`).toBeLessThan(64);
        expect(box.width).toBeGreaterThanOrEqual(130);
      }
      expect(await page.getByTestId('chain-commerce_review').innerText()).toMatch(/商務審核\s+Commerce review/);
      await screenshot(page, `quote-step-bar-${width}`);
    }
    await expectAccessible(page, 'quote-step-bar');
    expect(page.errors).toEqual([]);
  });

  it('opening a job without a signed contract says so, and an empty form is refused on its fields', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/jobs`);
    await page.getByTestId('open-job').click();
    await page.getByTestId('open-job-no-contract').waitFor();
    await page.getByTestId('open-job-confirm').click();
    await page.getByText('請選擇已簽合同 Pick a signed contract').waitFor();
    // The form's own required message is bilingual too.
    await page.getByText(/貨物 Cargo：必填 required/).waitFor();
    await expectAccessible(page, 'open-job-empty');
    await screenshot(page, 'open-job-empty');
    expect(page.errors).toEqual([]);
  });
});
