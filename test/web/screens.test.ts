/**
 * The desk's screens in Chromium against the real stack, each as the role that uses it: customers
 * (search, create with the number issued, the card, a status change), tariffs (versions, the draft line
 * editor validating as one types, submit and approve through the buttons from `actions`, a change
 * proposal's side-by-side diff approved by the marketing manager), delegations (create, list, revoke).
 * axe on every screen, a screenshot of each, and each reached from the navigation by keyboard.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, customsLine, lockStandardTariff, oceanLine, today } from '../support/fixtures';
import { expectAccessible, newPage, pickOption, screenshot, signInDev, startDesk, closeDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let lockedNo: number;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  lockedNo = await lockStandardTariff(s);
});
afterAll(() => closeDesk(s, browser));

/** Tabs from the top of the page until the navigation link named `name` has focus, then Enter. */
async function openByKeyboard(page: Page, name: RegExp): Promise<void> {
  await page.locator('body').focus();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document
          .activeElement?.textContent ?? '',
    );
    if (name.test(focused)) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`no focusable element named ${name} within 40 tabs`);
}

describe('customers 客戶', { timeout: 180_000 }, () => {
  it('a salesperson creates a customer (number issued) and finds it; commerce makes it formal on the card', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await openByKeyboard(page, /客戶 Customers/);
    await page.getByRole('heading', { name: /客戶 Customers/ }).waitFor();
    await page.getByTestId('customer-new').click();
    const name = `深圳市前海物流有限公司 ${Date.now()}`;
    await page.getByTestId('customer-fullName').fill(name);
    await page.getByTestId('customer-address').fill('深圳市南山區前海路 1 號');
    await page.getByTestId('customer-phone').fill('0755-8888 0000');
    await page.getByTestId('customer-contact').fill('陳小姐');
    await page.getByRole('button', { name: /建立 Create/ }).click();
    await page.waitForURL(/\/desk\/customers\/C\d{4}-\d{5}$/);
    const customerNo = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: new RegExp(customerNo) }).waitFor();
    expect(await page.getByTestId('customer-status').innerText()).toContain('預備');
    // A salesperson has no status control.
    expect(await page.getByTestId('status-send').count()).toBe(0);

    await page.goto(`${s.baseUrl}/desk/customers`);
    await page.getByTestId('customer-search').locator('input').fill('前海物流');
    await page.getByTestId('customer-search').locator('input').press('Enter');
    await page.getByRole('link', { name: customerNo }).waitFor();
    await expectAccessible(page, 'customers');
    await screenshot(page, 'customers');

    const commerce = await newPage(browser);
    await signInDev(commerce, s.baseUrl, 'commerce');
    await commerce.goto(`${s.baseUrl}/desk/customers/${customerNo}`);
    await pickOption(commerce, /狀態變更 Status change/, '轉為正式 Make formal');
    await commerce.getByTestId('status-send').click();
    await commerce.getByTestId('customer-status').filter({ hasText: '正式' }).waitFor();
    await expectAccessible(commerce, 'customer-card');
    await screenshot(commerce, 'customer-card');
    // Now formal: the card offers what the rule allows from here (actions), not "Make formal" again; a change that
    // needs a reason says so before anything is sent.
    const options = commerce.getByTestId('status-event').locator('option:not([value=""])');
    await expect.poll(() => options.allTextContents(), { timeout: 10_000 }).toEqual(['暫停 Suspend', '終止 Terminate']);
    await pickOption(commerce, /狀態變更 Status change/, '暫停 Suspend');
    await commerce.getByTestId('status-send').click();
    await commerce.getByTestId('status-error').filter({ hasText: '此變更須填寫說明' }).waitFor();
    await commerce.getByTestId('customer-status').filter({ hasText: '正式' }).waitFor();
    expect(page.errors.concat(commerce.errors)).toEqual([]);
  });
});

describe('tariffs 原始報價', { timeout: 180_000 }, () => {
  it('commerce edits a draft with validation as one types, submits it; the GM approves it — every step a button from actions', async () => {
    const created = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: { title: '2027 標準報價 draft', effectiveFrom: addDays(today(), 10), lines: [oceanLine(), customsLine()] },
    });
    expect(created.status).toBe(201);
    const no = created.body.versionNo as number;

    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'commerce');
    await openByKeyboard(page, /原始報價 Tariffs/);
    await page.getByRole('link', { name: `V${no}` }).waitFor();
    await page.getByRole('link', { name: `V${lockedNo}` }).waitFor();
    expect(await page.locator('tr', { has: page.getByRole('link', { name: `V${lockedNo}` }) }).innerText()).toContain(
      '生效中',
    );
    await expectAccessible(page, 'tariffs');
    await screenshot(page, 'tariffs');

    await page.getByRole('link', { name: `V${no}` }).click();
    await page.getByTestId('line-0-price').waitFor();
    // USD has two decimals: three are refused as typed, and saving is blocked until fixed.
    await page.getByTestId('line-0-price').fill('2500.123');
    await page.getByTestId('line-0-price-error').waitFor();
    expect(await page.getByTestId('lines-save').isDisabled()).toBe(true);
    await page.getByTestId('line-0-price').fill('2500.00');
    await page.getByTestId('line-0-price-error').waitFor({ state: 'detached' });
    await expectAccessible(page, 'tariff-draft-editor');
    await screenshot(page, 'tariff-draft-editor');
    await page.getByTestId('lines-save').click();
    await page.getByTestId('tariff-saved').waitFor();
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'commerce' })).body.lines[0].price).toMatch(/^2500\.00(00)?$/);

    // Excel: a sheet with a bad row is refused whole, its row and column listed; a good one replaces the lines.
    const sheet = async (lines: Record<string, unknown>[]) => {
      const book = new ExcelJS.Workbook();
      const ws = book.addWorksheet('V');
      ws.addRow(Object.keys(oceanLine()));
      for (const l of lines) ws.addRow(Object.values(l));
      return { name: 'lines.xlsx', mimeType: XLSX, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
    };
    const upload = page.getByTestId('tariff-import').locator('input[type=file]');
    await upload.setInputFiles(await sheet([oceanLine(), customsLine({ currency: 'XYZ' })]));
    const rows = page.getByTestId('tariff-import-rows');
    await rows.getByText('currency').waitFor();
    expect(await rows.locator('tbody tr').first().innerText()).toMatch(/^3\s+幣別 Currency/);
    await expectAccessible(page, 'tariff-import-errors');
    await screenshot(page, 'tariff-import-errors');
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'commerce' })).body.lines[0].price).toMatch(/^2500\.00/);
    await upload.setInputFiles(await sheet([oceanLine({ price: '2600.00' }), customsLine()]));
    await page.getByTestId('tariff-import-done').waitFor();
    await page.getByTestId('tariff-import-rows').waitFor({ state: 'detached' });
    expect(await page.getByTestId('line-0-price').inputValue()).toMatch(/^2600\.00/);
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'commerce' })).body.lines[0].price).toMatch(/^2600\.00/);

    await page.getByTestId('action-submit').click();
    await page.getByTestId('tariff-standing').filter({ hasText: '待總經理審批' }).waitFor();
    // Commerce has no approve button.
    expect(await page.getByTestId('action-approve').count()).toBe(0);

    const gm = await newPage(browser);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.goto(`${s.baseUrl}/desk/tariffs/${no}`);
    await gm.getByTestId('action-approve').click();
    // Approving locks the version for good: the desk asks first.
    await gm.getByTestId('step-irreversible').waitFor();
    await gm.getByTestId('step-submit').click();
    await gm.getByTestId('tariff-standing').filter({ hasText: '待生效' }).waitFor();
    await expectAccessible(gm, 'tariff-locked');
    expect((await s.http('GET', `/tariffs/${no}`, { as: 'gm' })).body.status).toBe('locked');
    expect(page.errors.concat(gm.errors)).toEqual([]);
  });

  it('a change proposal shows its diff side by side; the marketing manager approves it through the button', async () => {
    const base = (await s.http('GET', `/tariffs/${lockedNo}`, { as: 'sales' })).body;
    const lines = base.lines.map((l: Record<string, unknown>) => {
      const { lineNo: _n, serviceTypeLabel: _s, ...rest } = l;
      // Stored amounts come back with 4 decimals; the API takes a currency's 2.
      return Object.fromEntries(
        Object.entries(rest)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, k === 'price' || k === 'budgetCost' ? Number(v).toFixed(2) : v]),
      );
    });
    lines[0].price = '2600.00';
    lines.pop();
    const proposed = await s.http('POST', '/tariff-changes', {
      as: 'sales',
      body: { baseVersionNo: lockedNo, reason: '旺季運價上調 peak season', effectiveFrom: addDays(today(), 5), lines },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const id = proposed.body.changeId as number;

    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'marketing_manager');
    await page.goto(`${s.baseUrl}/desk/tariff-changes/${id}`);
    const diff = page.getByTestId('change-diff');
    await diff.getByText('修改 Changed').waitFor();
    await diff.getByText('刪除 Removed').waitFor();
    expect(await diff.innerText()).toContain('2600.00');
    // Fields and units by their labels, never their keys (try-out s13: 「serviceType: …」「unit: per_40hq」).
    const text = await diff.innerText();
    expect(text).toContain('預算成本 Budget cost');
    for (const key of ['serviceType:', 'budgetCost:', 'routeFrom:', 'per_40hq', 'per_20gp'])
      expect(text).not.toContain(key);
    await expectAccessible(page, 'tariff-change');
    await screenshot(page, 'tariff-change');
    await page.getByTestId('action-approve').click();
    await page.getByTestId('change-status').filter({ hasText: '待總經理審批' }).waitFor();
    expect(page.errors).toEqual([]);
  });
});

/** Types the two dates into the delegation form's date pickers. */
async function pickDates(page: Page, from: string, to: string): Promise<void> {
  for (const [id, date] of [
    ['delegate-starts', from],
    ['delegate-ends', to],
  ] as const) {
    const input = page.getByTestId(id);
    await input.click();
    await input.fill(date);
    await input.press('Enter');
  }
}

describe('delegations 委託', { timeout: 180_000 }, () => {
  it('the GM delegates to a user for a date range, sees it listed, and revokes it', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'gm');
    await openByKeyboard(page, /委託 Delegations/);
    // The delegate is picked by name and role (GET /delegations `delegates`), not typed as an id.
    await page.getByTestId('delegate-user-search').click();
    await page.keyboard.type('營銷中心經理');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('delegate-user').locator('option:checked').textContent())
      .toContain('營銷中心經理');
    const from = addDays(today(), 1);
    const to = addDays(today(), 7);
    await pickDates(page, from, to);
    await page.getByTestId('delegate-create').click();
    // Listed by the delegate's display name, not the user id.
    const delegate = await s.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', 'marketing_manager')
      .executeTakeFirstOrThrow();
    const row = page.locator('tr', { hasText: delegate.display_name }).filter({ hasText: to });
    await row.waitFor();
    expect(await row.innerText()).toContain('未開始');
    await expectAccessible(page, 'delegations');
    await screenshot(page, 'delegations');
    const list = (await s.http('GET', '/delegations', { as: 'gm' })).body.items as {
      id: number;
      toUser: string;
      startsOn: string;
      endsOn: string;
    }[];
    const d = list.find((x) => x.toUser === 'marketing_manager' && x.endsOn === to)!;
    expect(d.startsOn).toBe(from);
    await page.getByTestId(`revoke-${d.id}`).click();
    await page
      .getByRole('button', { name: /^撤銷 Revoke$/ })
      .last()
      .click();
    await row.getByText('已撤銷').waitFor();
    // Oneself is not offered as a delegate (the API refuses it too: test/http/delegations).
    const me = await s.db.selectFrom('users').select('display_name').where('id', '=', 'gm').executeTakeFirstOrThrow();
    await page.getByTestId('delegate-user-search').fill(me.display_name);
    const offered = page.getByTestId('delegate-user').locator('option');
    await offered.filter({ hasText: '沒有相符的選項 No match' }).waitFor({ state: 'attached' });
    expect(await offered.filter({ hasText: me.display_name }).count()).toBe(0);
    await page.getByTestId('delegate-user-search').fill('');
    await offered.filter({ hasText: '營銷中心經理' }).first().waitFor({ state: 'attached' });
    expect(await offered.filter({ hasText: me.display_name }).count()).toBe(0);
    expect(page.errors).toEqual([]);
  });
});
