/**
 * The prospects pipeline 潛在客戶 in the desk (issue 14 §3.2.1–§3.2.4): a salesperson takes a prospective
 * customer in as a lead, moves it through contacted and appointment, is refused negotiating until the risk
 * assessment 風險評估 is recorded from its form, then negotiates; another prospect is marked lost with its
 * reason, shown in the pipeline and on the customer card (stage, assessment, history, link). Commerce sees
 * the assessment in the review context of the customer's quote (made over HTTP); an auditor reads the
 * prospect with no write button. axe on each screen, screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDesk,
  expectAccessible,
  newPage,
  pickOption,
  pickerShows,
  pickTeamSalesperson,
  screenshot,
  signInDev,
  startDesk,
} from '../support/browser';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import type { Stack } from '../support/stack';
import { ok } from '../support/http';

let s: Stack;
let browser: Browser;
let custA: string;
let custB: string;
let prospectId: number;
let lostId: number;
// As long as the page's default (test/support/browser.ts): a write on a loaded machine may take that long.
const WAIT = { timeout: 45_000 };
const REASONS = '新客戶，年柜量大 new customer, large volume';

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  await lockStandardTariff(s);
  custA = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
  custB = (await ok(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }), 201)).customerNo;
  lostId = (await ok(s.http('POST', '/prospects', { as: 'sales', body: { customerNo: custB } }), 201)).id;
}, 240_000);
afterAll(() => closeDesk(s, browser));

/** The stage tag of the prospect page, once it reads `text`. */
const stageIs = (page: Page, text: string) =>
  expect.poll(() => page.getByTestId('prospect-stage').innerText(), WAIT).toContain(text);

describe('the prospects pipeline', { timeout: 300_000 }, () => {
  it('a salesperson takes a lead in and moves it to negotiating, recording the risk assessment on the way', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.getByTestId('nav-prospects').click();
    await page.getByRole('heading', { name: /潛在客戶 Prospects/ }).waitFor(WAIT);
    await page.getByTestId(`prospect-link-${lostId}`).waitFor(WAIT);
    // A salesperson sees their own only: no salesperson filter.
    expect(await page.getByTestId('prospects-owner').count()).toBe(0);
    await expectAccessible(page, 'prospects pipeline');

    // Only custA is offered: custB is in the pipeline already.
    const customer = /預備客戶 Prospective customer/;
    const offered = page.getByRole('combobox', { name: customer }).locator('option');
    await offered.filter({ hasText: custA }).waitFor({ state: 'attached', ...WAIT });
    expect(await offered.filter({ hasText: custB }).count()).toBe(0);
    await pickOption(page, customer, custA);
    await page.getByTestId('prospect-source').fill('華南展會 trade fair');
    await page.getByTestId('prospect-create').click();
    await page.waitForURL(/\/desk\/prospects\/\d+$/, WAIT);
    prospectId = Number(/\/desk\/prospects\/(\d+)/.exec(page.url())![1]);
    await stageIs(page, '潛在客戶 Lead');
    await page.getByTestId('prospect-risk-missing').waitFor(WAIT);

    await page.getByTestId('action-contact').click();
    await stageIs(page, '已聯絡 Contacted');
    await page.getByTestId('action-appointment').click();
    await stageIs(page, '已約見 Appointment');
    // Negotiating is refused until the risk assessment is on record: no button, the reason shown.
    expect(await page.getByTestId('action-negotiate').count()).toBe(0);
    await page
      .getByTestId('refused-steps')
      .getByText(/開始洽談.*請先記錄風險評估/)
      .waitFor(WAIT);
    await expectAccessible(page, 'prospect before the assessment');

    await page.getByTestId('action-risk-assessment').click();
    const modal = page.locator('.ant-modal');
    await modal.getByTestId('risk-businessScope').fill('電子元件進出口 electronic components import and export');
    await modal.getByTestId('risk-yearsTrading').fill('12');
    await modal.getByTestId('risk-annualContainers').fill('1200');
    await modal.getByTestId('risk-financialStanding').fill('註冊資本 500 萬，無負債 capital 5 M, no debts');
    await modal.getByTestId('risk-paymentHistory').fill('供應商推薦：準時付款 supplier reference: pays on time');
    await pickOption(modal, /風險等級 Risk level/, '中風險 Medium risk');
    await modal.getByTestId('risk-reasons').fill(REASONS);
    await expectAccessible(page, 'risk assessment form');
    await screenshot(page, 'prospect-risk-form');
    await page.getByTestId('step-submit').click();
    const shown = page.getByTestId('prospect-risk');
    await shown.getByText(REASONS).waitFor(WAIT);
    expect(await shown.innerText()).toMatch(/中風險 Medium risk[\s\S]*1,200/);

    await page.getByTestId('action-negotiate').click();
    await stageIs(page, '洽談中 Negotiating');
    const history = page.getByTestId('prospect-history');
    await expect.poll(() => history.innerText(), WAIT).toMatch(/已約見 Appointment → 洽談中 Negotiating/);
    expect(await history.innerText()).toMatch(/業務員 Salesperson/);
    await page.getByTestId('prospect-new-quote').waitFor(WAIT);
    await expectAccessible(page, 'prospect negotiating');
    await screenshot(page, 'prospect');

    const stored = await ok(s.http('GET', `/prospects/${prospectId}`, { as: 'sales' }));
    expect(stored).toMatchObject({
      stage: 'negotiating',
      source: '華南展會 trade fair',
      riskAssessment: { riskLevel: 'medium', yearsTrading: 12, annualContainers: 1200, reasons: REASONS },
    });
    expect(stored.history.map((h: { action: string }) => h.action)).toEqual([
      'prospect.created',
      'prospect.contacted',
      'prospect.appointment_made',
      'prospect.assessed',
      'prospect.negotiating',
    ]);
    await page.close();
  });

  it('a prospect lost with its reason; the pipeline shows the reason and filters by stage', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/prospects/${lostId}`);
    await stageIs(page, '潛在客戶 Lead');
    await page.getByTestId('action-lose').click();
    await page.getByTestId('step-comment').fill('已選用其他貨代 chose another forwarder');
    await page.getByTestId('step-submit').click();
    await page.getByTestId('prospect-lost-reason').getByText('已選用其他貨代').waitFor(WAIT);
    await stageIs(page, '已流失 Lost');
    await page.getByTestId('action-reopen').waitFor(WAIT);

    await page.getByTestId('nav-prospects').click();
    await page.getByTestId(`lost-reason-${lostId}`).getByText('已選用其他貨代').waitFor(WAIT);
    await page.getByTestId('stage-negotiating').click();
    await page.getByTestId(`prospect-link-${prospectId}`).waitFor(WAIT);
    await expect.poll(() => page.getByTestId(`prospect-link-${lostId}`).count(), WAIT).toBe(0);
    expect(await page.getByTestId('stage-lost').innerText()).toContain('(1)');
    await expectAccessible(page, 'pipeline filtered');
    await screenshot(page, 'prospects');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('the customer card shows the prospect: stage, risk assessment, lost reason, history and a link', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.goto(`${s.baseUrl}/desk/customers/${custA}`);
    const card = page.getByTestId('customer-prospect');
    await card.getByTestId('customer-prospect-stage').getByText('洽談中 Negotiating').waitFor(WAIT);
    expect(await card.getByTestId('customer-prospect-risk').innerText()).toMatch(/中風險 Medium risk[\s\S]*新客戶/);
    await expect
      .poll(() => card.getByTestId('customer-prospect-history').innerText(), WAIT)
      .toMatch(/已約見 Appointment → 洽談中 Negotiating/);
    await expectAccessible(page, 'customer card with its prospect');
    await card.screenshot({ path: '.data/screenshots/customer-card-prospect.png' });
    await card.getByTestId('customer-prospect-link').click();
    await page.waitForURL(new RegExp(`/desk/prospects/${prospectId}$`), WAIT);
    await stageIs(page, '洽談中 Negotiating');

    // The lost one: its reason beside the stage and in the history; no assessment recorded.
    await page.goto(`${s.baseUrl}/desk/customers/${custB}`);
    await card.getByTestId('customer-prospect-lost-reason').getByText('已選用其他貨代').waitFor(WAIT);
    expect(await card.getByTestId('customer-prospect-stage').innerText()).toContain('已流失 Lost');
    expect(await card.getByTestId('customer-prospect-risk-missing').count()).toBe(1);
    expect(await card.getByTestId('customer-prospect-history').innerText()).toMatch(/→ 已流失 Lost.*已選用其他貨代/);
    expect(page.errors).toEqual([]);
    await page.close();

    // Commerce reads the customer but not the pipeline: no prospect section.
    const commerce = await newPage(browser);
    await signInDev(commerce, s.baseUrl, 'commerce');
    await commerce.goto(`${s.baseUrl}/desk/customers/${custA}`);
    await commerce.getByTestId('customer-status').waitFor(WAIT);
    expect(await commerce.getByTestId('customer-prospect').count()).toBe(0);
    await commerce.close();
  });

  it('a sales manager filters the pipeline by a salesperson of the team, kept in the URL; the counts follow', async () => {
    const theirs = (await ok(s.http('POST', '/customers', { as: 'sales_b', body: newCustomer() }), 201)).customerNo;
    const otherId = (await ok(s.http('POST', '/prospects', { as: 'sales_b', body: { customerNo: theirs } }), 201)).id;
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.getByTestId('nav-prospects').click();
    await page.getByTestId(`prospect-link-${prospectId}`).waitFor(WAIT);
    // Only the team is offered: 陳志明 (sales), not 趙雅婷 (sales_b of the other team); 陳志明 picked.
    await pickTeamSalesperson(page, WAIT);
    await page.getByTestId('stage-negotiating').click();
    await page.waitForURL(/stage=negotiating/, WAIT);
    await expectAccessible(page, 'pipeline filtered by salesperson');

    // Reloaded, the filters stay; the stage counts are the salesperson's.
    await page.reload();
    await page.getByTestId(`prospect-link-${prospectId}`).waitFor(WAIT);
    await pickerShows(page, /業務員 Salesperson/, '陳志明 Chen Zhiming', WAIT);
    expect(await page.getByTestId('stage-lost').innerText()).toContain('(1)');
    expect(await page.getByTestId(`prospect-link-${lostId}`).count()).toBe(0);

    // A salesperson out of the team's sight, named in the URL, shows nothing.
    await page.goto(`${s.baseUrl}/desk/prospects?ownerId=sales_b`);
    await expect.poll(() => page.getByTestId('stage-lead').innerText(), WAIT).toContain('(0)');
    expect(await page.getByTestId(`prospect-link-${otherId}`).count()).toBe(0);
    expect(await page.getByTestId(`prospect-link-${prospectId}`).count()).toBe(0);
    await page.close();

    // The GM sees every salesperson: the other team's prospect, its counts only.
    const gm = await newPage(browser);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.goto(`${s.baseUrl}/desk/prospects?ownerId=sales_b`);
    await gm.getByTestId(`prospect-link-${otherId}`).waitFor(WAIT);
    expect(await gm.getByTestId('stage-lead').innerText()).toContain('(1)');
    expect(await gm.getByTestId('stage-negotiating').innerText()).toContain('(0)');
    expect(await gm.getByTestId(`prospect-link-${prospectId}`).count()).toBe(0);
    expect(gm.errors).toEqual([]);
    await gm.close();
  });

  it('commerce sees the prospect’s risk assessment in the quote’s review context', async () => {
    const quote = await ok(
      s.http('POST', '/quotes', {
        as: 'sales',
        body: {
          customerNo: custA,
          validUntil: addDays(today(), 30),
          lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
        },
      }),
      201,
    );
    await ok(s.http('POST', `/quotes/${quote.quoteNo}/submit`, { as: 'sales' }));
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'commerce');
    await page.goto(`${s.baseUrl}/desk/quotes/${quote.quoteNo}`);
    const risk = page.getByTestId('review-risk-assessment');
    await risk.getByText(REASONS).waitFor(WAIT);
    expect(await risk.innerText()).toMatch(/中風險 Medium risk/);
    expect(await page.getByTestId('review-prospect-stage').innerText()).toContain('洽談中 Negotiating');
    await expectAccessible(page, 'quote review context with the risk assessment');
    await page.getByTestId('review-risk').screenshot({ path: '.data/screenshots/quote-review-risk.png' });
    await page.close();
  });

  it('an auditor reads the prospect and the pipeline with no write button', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'auditor');
    await page.getByTestId('nav-prospects').click();
    await page.getByTestId(`prospect-link-${prospectId}`).click();
    await stageIs(page, '洽談中 Negotiating');
    await page.getByTestId('prospect-risk').getByText(REASONS).waitFor(WAIT);
    await page.getByTestId('action-bar').getByText('目前沒有您可辦理的步驟').waitFor(WAIT);
    expect(
      await page.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.dataset.testid)),
    ).toEqual(['action-bar']);
    expect(await page.getByTestId('prospect-new-quote').count()).toBe(0);
    await expectAccessible(page, 'prospect as auditor');
    await page.getByTestId('nav-prospects').click();
    await page.getByTestId('prospects-table').getByText(custA).waitFor(WAIT);
    expect(await page.getByTestId('prospect-form').count()).toBe(0);
    await page.close();
  });
});
