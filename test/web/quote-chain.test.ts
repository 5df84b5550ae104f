/**
 * The quote-to-contract chain in a real browser, every step through the desk's buttons as each role
 * (signing out and in through the development sign-in): the builder's live pricing and warnings, a
 * commerce return with a comment, a revision, approval, customer confirmation, internal quote, GM
 * budget approval, contract, review, GM approval → contract number, signature. Plus: another
 * salesperson sees nothing of the quote, a role without the step sees no button for it, a stale tab
 * shows the API's refusal; axe on each screen, screenshots, keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { lockStandardTariff, newCustomer } from '../support/fixtures';
import type { Stack } from '../support/stack';
import { closeDesk, expectAccessible, newPage, screenshot, signInDev, startDesk } from '../support/browser';

let s: Stack;
let browser: Browser;

beforeAll(async () => {
  ({ s, browser } = await startDesk({ NODE_ENV: 'development' }));
  // The second sales team (in the demo seed too): sales_b reports to sales_manager_b.
  await s.addUser('sales_manager_b', 'sales_manager');
  await s.addUser('sales_b', 'sales', 'sales_manager_b');
  await lockStandardTariff(s);
});
afterAll(() => closeDesk(s, browser));

/** Signs the page out (the header's button) and in again as `login` through the picker. */
async function switchTo(page: Page, login: string, quoteNo?: string) {
  console.log(`${new Date().toISOString()} as ${login}`);
  const signOut = page.getByRole('button', { name: /登出 Sign out/ });
  if (await signOut.isVisible().catch(() => false)) {
    await signOut.click();
    await page.getByTestId(`sign-in-${login}`).waitFor();
  }
  await signInDev(page, s.baseUrl, login);
  if (quoteNo) await openQuote(page, quoteNo);
}

async function openQuote(page: Page, quoteNo: string) {
  await page.goto(`${s.baseUrl}/desk/quotes/${quoteNo}`);
  await page.getByRole('heading', { name: new RegExp(quoteNo) }).waitFor();
  await page.getByTestId('action-bar').waitFor();
}

/** Clicks a step button, and when the step opens a form, `fill` fills it before it is sent. */
async function act(page: Page, step: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${step}`).click();
  if (fill) {
    await fill();
    await page.getByTestId('step-submit').click();
  }
  // A step that moves the chain takes its button away; revising a draft's lines keeps it (the form closes).
  if (step === 'lines') await page.getByRole('dialog').waitFor({ state: 'hidden' });
  else await page.getByTestId(`action-${step}`).waitFor({ state: 'detached' });
}

/**
 * Presses Tab (from the top of the page when `fromTop`) until the focus is on or inside `target`, as a
 * keyboard user reaches a control; fails after 150 presses.
 */
async function tabTo(page: Page, target: Locator, fromTop = false): Promise<void> {
  type Doc = { activeElement: { blur(): void } | null };
  // Runs in the page: no closure over this file.
  if (fromTop) await page.evaluate(() => (globalThis as unknown as { document: Doc }).document.activeElement?.blur());
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    if (
      await target.evaluate((el) => {
        const active = (globalThis as unknown as { document: Doc }).document.activeElement;
        return el === active || el.contains(active as never);
      })
    )
      return;
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

const status = (page: Page) => page.getByTestId('quote-status');
const actionSteps = async (page: Page) =>
  (
    await page.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
  ).filter((x) => x !== 'action-bar' && x !== 'action-error');

describe('the quote chain in the desk', () => {
  // One retry: the whole chain runs ~3 minutes on a 2-core machine shared with the rest of the suite, and one run
  // in five CI runs has timed out waiting for a step's button to go (cause not found yet; see the closing note).
  it(
    'a combined quote goes from the builder to a signed contract, every step through the buttons',
    { retry: 1, timeout: 420_000 },
    async () => {
      const page = await newPage(browser);
      // Each step goes through Temporal and back; on a loaded machine that can take more than the default.
      page.setDefaultTimeout(40_000);
      await switchTo(page, 'sales');
      // The salesperson enters the customer on the customers screen; the API issues its number.
      await page.goto(`${s.baseUrl}/desk/customers`);
      await page.getByTestId('customer-new').click();
      const entered = newCustomer();
      await page.getByTestId('customer-fullName').fill(entered.fullName);
      await page.getByTestId('customer-address').fill(entered.address);
      await page.getByTestId('customer-phone').fill(entered.phone);
      await page.getByTestId('customer-contact').fill(entered.contactPerson);
      await page.getByRole('button', { name: /建立 Create/ }).click();
      await page.waitForURL(/\/desk\/customers\/C\d{4}-\d{5}$/);
      const customer = { customerNo: page.url().split('/').pop()! };
      await page.getByRole('heading', { name: new RegExp(customer.customerNo) }).waitFor();

      // Builder, by keyboard (Tab to each control, type, Enter): pick the customer, add ocean freight +
      // customs + transport from the tariff in force.
      await page.getByRole('link', { name: /初始報價 Quotes/ }).click();
      await page.getByTestId('new-quote').click();
      await page.getByRole('heading', { name: /新增初始報價 New quote/ }).waitFor();
      await tabTo(page, page.getByTestId('builder-customer-search'), true);
      await page.keyboard.type(customer.customerNo);
      await page.keyboard.press('Enter');
      // Filter by route, then add by keyboard.
      await tabTo(page, page.getByTestId('filter-route'));
      await page.keyboard.type('洛杉磯');
      await tabTo(page, page.getByTestId('add-tariff-line-1'));
      await page.keyboard.press('Enter');
      await page.getByTestId('line-price-0').waitFor();
      await page.getByTestId('filter-route').fill('');
      await page.getByTestId('add-tariff-line-2').click();
      await page.getByTestId('add-tariff-line-3').click();
      await tabTo(page, page.getByTestId('line-price-0'), true);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('2400.00');
      await page.getByTestId('line-quantity-0').fill('1.5');
      await page.getByText('請輸入整數 Whole numbers only').first().waitFor();
      await page.getByTestId('line-quantity-0').fill('4');
      await page.getByTestId('line-quantity-1').fill('4');
      await page.getByTestId('line-quantity-2').fill('4');
      // Warnings before submitting: below the budgeted cost (customs 200) and beyond the 5 % authority.
      await page.getByTestId('line-price-1').fill('150.00');
      await page.getByTestId('warning-below-cost').waitFor();
      await page.getByTestId('warning-beyond-authority').waitFor();
      await page.getByTestId('line-price-1').fill('350.00');
      await page.getByTestId('warning-below-cost').waitFor({ state: 'detached' });
      const totals = page.getByTestId('quote-totals');
      await totals.getByText('USD 9,600.00').waitFor();
      await totals.getByText('CNY 8,600.00').waitFor();
      expect(await page.locator('tr', { has: page.getByTestId('line-price-0') }).innerText()).toContain('2.04 %');
      await expectAccessible(page, 'quote-builder');
      await screenshot(page, 'quote-builder');
      await tabTo(page, page.getByTestId('builder-create'));
      await page.keyboard.press('Enter');
      await page.getByTestId('action-submit').waitFor();
      const quoteNo = new URL(page.url()).pathname.split('/').pop()!;
      expect(quoteNo).toMatch(/^Q\d{4}-\d{6}$/);
      expect(await status(page).innerText()).toContain('草稿');
      // The record's step button, reached and pressed by keyboard.
      await tabTo(page, page.getByTestId('action-submit'), true);
      await page.keyboard.press('Enter');
      await page.getByTestId('action-submit').waitFor({ state: 'detached' });
      await status(page).getByText('商務審核').waitFor();
      await page.getByTestId('next-actor').getByText('商務 Commerce').waitFor();

      // Another salesperson sees nothing of it, not in the list and not by its number.
      await switchTo(page, 'sales_b');
      await page.goto(`${s.baseUrl}/desk/quotes`);
      await page.getByRole('heading', { name: /初始報價 Quotes/ }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId(`quote-open-${quoteNo}`).count()).toBe(0);
      await page.goto(`${s.baseUrl}/desk/quotes/${quoteNo}`);
      await page.getByText('找不到此報價 No such quote').waitFor();

      // The GM has no step of commerce's review: no approve or return button, only the GM's own cancel.
      await switchTo(page, 'gm', quoteNo);
      expect(await actionSteps(page)).toEqual(['action-cancel']);

      // Commerce returns it with a comment; the review context is on the same page.
      await switchTo(page, 'commerce', quoteNo);
      await page.getByTestId('review-context').waitFor();
      await expectAccessible(page, 'quote-commerce-review');
      await screenshot(page, 'quote-commerce-review');
      // By keyboard: Tab to the return button, Enter opens its form, Tab to the comment, type, Tab to send.
      await tabTo(page, page.getByTestId('action-return'), true);
      await page.keyboard.press('Enter');
      await page.getByTestId('step-submit').waitFor();
      await tabTo(page, page.getByTestId('step-submit'));
      await page.keyboard.press('Enter'); // no comment yet: the form asks for one
      await page.getByText('請填寫意見 A comment is required').waitFor();
      // A hurried click beside the dialog (on its mask) does not close it (try-out s13: a GM's double click closed
      // the confirmation and nothing was sent).
      await page.mouse.click(5, 5);
      await page.waitForTimeout(400);
      expect(await page.getByTestId('step-submit').isVisible()).toBe(true);
      await tabTo(page, page.getByTestId('step-comment'));
      await page.keyboard.type('海運價請再確認 please check the ocean price');
      await tabTo(page, page.getByTestId('step-submit'));
      await page.keyboard.press('Enter');
      await status(page).getByText('草稿').waitFor();

      // The salesperson revises (a form with the line editor) and resubmits.
      await switchTo(page, 'sales', quoteNo);
      await page.getByTestId('history').getByText('海運價請再確認 please check the ocean price').waitFor();
      // People by their names, never their user ids: the salesperson and the commerce reviewer.
      const nameOf = async (id: string) =>
        (await s.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirstOrThrow())
          .display_name;
      await page
        .getByTestId('history')
        .getByText(await nameOf('commerce'))
        .first()
        .waitFor();
      await page
        .getByText(await nameOf('sales'))
        .first()
        .waitFor();
      await act(page, 'lines', async () => {
        await page.getByRole('dialog').getByTestId('line-price-0').fill('2420.00');
      });
      await page.getByTestId('revision-diff-2').getByText('#1 報價 price 2400.00 → 2420.00').waitFor();
      await act(page, 'submit');
      await status(page).getByText('商務審核').waitFor();

      // Two commerce tabs: one approves, the other (stale) is refused with the API's message.
      await switchTo(page, 'commerce', quoteNo);
      const stale = await newPage(browser);
      stale.setDefaultTimeout(40_000);
      await signInDev(stale, s.baseUrl, 'commerce');
      await openQuote(stale, quoteNo);
      await act(page, 'approve');
      await status(page).getByText('待客戶確認').waitFor();
      await stale.getByTestId('action-approve').click();
      const refusal = stale.getByTestId('action-error');
      await refusal.waitFor();
      // The refusal as the API words it, zh-Hant first with English beside (machines/refusal-text.ts), shown as it is.
      expect(await refusal.innerText()).toMatch(
        /「商務核准」不能在「待客戶確認」狀態下辦理 'Approve' is not possible while/,
      );
      // The refused tab reads the quote again: it shows the status it now has and drops the buttons it no longer has.
      await status(stale).getByText('待客戶確認').waitFor();
      await stale.getByTestId('action-approve').waitFor({ state: 'detached' });
      expect(await refusal.isVisible()).toBe(true);
      await expectAccessible(stale, 'quote-refused-step');
      await screenshot(stale, 'quote-refused-step');
      await stale.context().close();
      // Commerce has no step while the customer decides.
      expect(await actionSteps(page)).toEqual([]);

      // The customer confirms: by keyboard.
      await switchTo(page, 'sales', quoteNo);
      await page.getByTestId('action-confirm').focus();
      await page.keyboard.press('Enter');
      await status(page).getByText('內部報價').waitFor();

      await switchTo(page, 'commerce', quoteNo);
      await act(page, 'internal-quote', async () => {
        await page.getByTestId('project-name').fill('華南電子出口 export project');
        await page.getByTestId('fee-add').click();
        await page.getByTestId('fee-name-0').fill('文件費 documentation');
        await page.getByTestId('fee-amount-0').fill('300.00');
      });
      await status(page).getByText('成本預算審批').waitFor();
      await page.getByTestId('budget-card').waitFor();

      await switchTo(page, 'gm', quoteNo);
      await page.getByTestId('gm-approval').getByTestId('budget-totals').waitFor();
      await act(page, 'budget-approve');
      await status(page).getByText('合同編輯').waitFor();

      await switchTo(page, 'commerce', quoteNo);
      await act(page, 'contract', async () => {
        await page.getByTestId('clause-add').click();
        await page.getByTestId('clause-no-0').fill('5');
        await page.getByTestId('clause-title-0').fill('付款 Payment');
        await page.getByTestId('clause-text-0').fill('月結30天 Net 30 days from the invoice date');
      });
      await status(page).getByText('合同審核').waitFor();

      await switchTo(page, 'marketing_manager', quoteNo);
      await page.getByTestId('contract-card').getByText('月結30天 Net 30 days from the invoice date').waitFor();
      await act(page, 'contract-review');
      await status(page).getByText('合同審批').waitFor();

      // The GM approves contract and budget side by side → the contract number shows.
      await switchTo(page, 'gm', quoteNo);
      const approval = page.getByTestId('gm-approval');
      await approval.getByTestId('contract-card').waitFor();
      await approval.getByTestId('budget-card').waitFor();
      await expectAccessible(page, 'quote-gm-approval');
      await screenshot(page, 'quote-gm-approval');
      // The GM's approval binds the contract (its number is issued): the desk asks for confirmation first.
      await act(page, 'contract-approve', async () => {
        await page.getByTestId('step-irreversible').waitFor();
      });
      await status(page).getByText('合同已編號').waitFor();
      const contractNo = (await page.getByTestId('contract-no').innerText()).trim();
      expect(contractNo).toMatch(/^HT\d{4}-\d{5}$/);
      expect(await page.getByTestId('quote-contract-no').innerText()).toContain(contractNo);
      // The template version stays on one line beside the budget (it wrapped as "v / 1").
      const template = page.getByTestId('contract-template').first();
      expect((await template.innerText()).trim()).toMatch(/^v\d+$/);
      expect((await template.boundingBox())!.height).toBeLessThan(30);

      // The salesperson signs.
      await switchTo(page, 'sales', quoteNo);
      await act(page, 'sign', async () => {
        await page.getByTestId('signed-on').waitFor();
      });
      await status(page).getByText('已簽約').waitFor();
      const history = await page.getByTestId('history').innerText();
      for (const who of ['sales', 'commerce', 'gm', 'marketing_manager']) expect(history).toContain(await nameOf(who));
      await expectAccessible(page, 'quote-signed');
      await screenshot(page, 'quote-signed');

      // The list finds it by contract number.
      await page.goto(`${s.baseUrl}/desk/quotes`);
      await page.getByLabel('搜尋報價 Search quotes').fill(contractNo);
      await page.keyboard.press('Enter');
      await page.getByTestId(`quote-open-${quoteNo}`).waitFor();
      await expectAccessible(page, 'quote-list');
      await screenshot(page, 'quote-list');

      // And the server agrees with what the page showed.
      const final = await s.http('GET', `/quotes/${quoteNo}`, { as: 'sales' });
      expect(final.body).toMatchObject({ status: 'signed', contractNo, revision: 2 });
      expect(
        final.body.lines.map((l: { quotedPrice: string; quantity: string }) => [l.quotedPrice, l.quantity]),
      ).toEqual([
        ['2420.00', '4'],
        ['350.00', '4'],
        ['1800.00', '4'],
      ]);
      expect(page.errors).toEqual([]);
    },
  );
});
