/**
 * Two desk forms in Debian's Chromium against the whole stack: the admin publishes the next version of
 * the standard contract terms on the reference-data page (and a publication based on a version that is
 * no longer the latest is refused with the API's message, nothing published); settlement enters a signed
 * contract's actual costs against its budget lines (L<n> quote lines, F<n> fee items), prefilled with the
 * budget, plus an unbudgeted cost, and the cost sheet shows each against its line. axe on both screens.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedContract, today } from '../support/fixtures';
import { closeDesk, expectAccessible, newPage, screenshot, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let contract: { contractNo: string; quoteNo: string; customerNo: string };

beforeAll(async () => {
  ({ s, browser } = await startDesk({ NODE_ENV: 'development' }));
  contract = await signedContract(s);
}, 180_000);
afterAll(() => closeDesk(s, browser));

async function as(login: string): Promise<Page & { errors: string[] }> {
  const page = await newPage(browser);
  await signInDev(page, s.baseUrl, login);
  return page;
}

describe('contract terms: the admin publishes the next version', { timeout: 180_000 }, () => {
  it('publishes v2 from v1 with a changed clause; a stale publication is refused and nothing is published', async () => {
    const before = (await s.http('GET', '/contract-templates', { as: 'admin' })).body.items as { version: number }[];
    const v1 = Math.max(...before.map((x) => x.version));
    const page = await as('admin');
    await page.goto(`${s.baseUrl}/desk/contract-templates`);
    await page.getByTestId('template-card').waitFor();
    await expectAccessible(page, 'contract-templates');

    await page.getByTestId('template-new').click();
    let modal = page.locator('.ant-modal').filter({ has: page.getByTestId('template-publish') });
    await modal.waitFor();
    await page
      .getByTestId('clause-text-0')
      .fill('雙方同意依本合同條款辦理 Both parties agree to these terms, revised.');
    await page.getByTestId('template-publish').click();
    await modal.waitFor({ state: 'detached' });
    await page
      .getByTestId('template-card')
      .getByText(`v${v1 + 1}`, { exact: true })
      .waitFor();
    await page.getByTestId('template-card').getByText('Both parties agree to these terms, revised.').waitFor();
    const after = (await s.http('GET', '/contract-templates', { as: 'admin' })).body.items as {
      version: number;
      latest: boolean;
    }[];
    expect(after.find((x) => x.latest)?.version).toBe(v1 + 1);
    await screenshot(page, 'contract-templates');

    // Stale: the form is based on v2 while another admin publishes v3 first.
    await page.getByTestId('template-new').click();
    modal = page.locator('.ant-modal').filter({ has: page.getByTestId('template-publish') });
    await modal.waitFor();
    const latest = (await s.http('GET', `/contract-templates/${v1 + 1}`, { as: 'admin' })).body;
    const rival = await s.http('POST', '/contract-templates', {
      as: 'admin',
      body: {
        basedOnVersion: v1 + 1,
        title: latest.title,
        clauses: [...latest.clauses, { no: '99', title: '附則 Final', text: '另一位管理員 another admin' }],
      },
    });
    expect(rival.status, JSON.stringify(rival.body)).toBe(201);
    await page.getByTestId('clause-text-0').fill('這一版不應發佈 This one must not be published.');
    await page.getByTestId('template-publish').click();
    await modal.getByText(new RegExp(`Version ${v1 + 2} is the latest`)).waitFor();
    const final = (await s.http('GET', '/contract-templates', { as: 'admin' })).body.items as { version: number }[];
    expect(Math.max(...final.map((x) => x.version))).toBe(v1 + 2);
    expect(JSON.stringify(final)).not.toContain('This one must not be published');
    expect(page.errors).toEqual([]);
  });
});

describe('cost accounting: settlement enters actual costs against the budget lines', { timeout: 240_000 }, () => {
  it('prefills every budget line, takes a changed actual and an unbudgeted cost, and the sheet shows each', async () => {
    const quote = (await s.http('GET', `/quotes/${contract.quoteNo}`, { as: 'settlement' })).body;
    const lines = quote.internalQuote.budget.lines as { id: string; currency: string; cost: string }[];
    expect(lines.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'F1']);

    const page = await as('settlement');
    await page.goto(`${s.baseUrl}/desk/quotes/${contract.quoteNo}`);
    await page.getByTestId('action-costs').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // One row per budget line, by its id, prefilled with the budgeted cost.
    for (const [i, l] of lines.entries()) {
      await dialog.getByTestId(`actual-${i}`).getByText(`${l.id} · `).waitFor();
      expect(await dialog.getByLabel(`實際成本 Actual cost ${i + 1}`).inputValue()).toBe(l.cost);
    }
    await dialog.getByLabel('實際成本 Actual cost 1').fill('9999.00');
    await dialog.getByRole('button', { name: /新增預算外費用/ }).click();
    const n = lines.length + 1;
    await dialog.getByLabel(`項目 Item ${n}`).fill('滯港費 demurrage');
    await dialog.getByLabel(`實際成本 Actual cost ${n}`).fill('1200.00');
    await expectAccessible(page, 'quote-costs-form');
    await page.getByTestId('step-submit').click();
    await page.getByTestId('action-costs').waitFor({ state: 'detached' });

    const costed = (await s.http('GET', `/quotes/${contract.quoteNo}`, { as: 'settlement' })).body;
    expect(costed.status).toBe('costed');
    const sheet = costed.costAccounting.lines as { budgetLineId: string | null; label: string; actualCost: string }[];
    expect(sheet.find((l) => l.budgetLineId === 'L1')?.actualCost).toBe('9999.00');
    for (const l of lines.slice(1)) expect(sheet.find((x) => x.budgetLineId === l.id)?.actualCost, l.id).toBe(l.cost);
    expect(sheet.find((l) => l.budgetLineId === null)).toMatchObject({
      label: '滯港費 demurrage',
      actualCost: '1200.00',
    });
    // The page shows the sheet beside the budget: each line and each currency's total, budget vs actual vs
    // variance, with separators and the currency's digits (it showed only the budget: issue 11, try-out).
    const grouped = (amount: string) =>
      amount.replace(/^(-?)(\d+)/, (_, sign: string, int: string) => sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    const costs = page.getByTestId('cost-accounting');
    await costs.waitFor();
    await costs.getByText('成本核算（實際與預算） Cost accounting (actual against budget)').waitFor();
    const l1 = costs
      .getByTestId('cost-accounting-lines')
      .locator('tr', { hasText: sheet.find((l) => l.budgetLineId === 'L1')!.label });
    expect(await l1.innerText()).toContain('9,999.00');
    const demurrage = costs.getByTestId('cost-accounting-lines').locator('tr', { hasText: '滯港費 demurrage' });
    expect(await demurrage.innerText()).toMatch(/預算外 Unbudgeted[\s\S]*1,200\.00/);
    const totals = costed.costAccounting.totals as {
      currency: string;
      budgetCost: string;
      actualCost: string;
      variance: string;
    }[];
    expect(totals.length).toBeGreaterThan(0);
    for (const total of totals) {
      const row = (
        await costs.getByTestId('cost-accounting-totals').locator('tr', { hasText: total.currency }).innerText()
      ).replace(/\s+/g, ' ');
      for (const amount of [total.budgetCost, total.actualCost, total.variance])
        expect(row, total.currency).toContain(`${total.currency} ${grouped(amount)}`);
    }
    expect(await costs.getByTestId('cost-accounting-totals').innerText()).toMatch(/差異 Variance/);
    await expectAccessible(page, 'quote-costed');
    await screenshot(page, 'quote-costed');
    expect(page.errors).toEqual([]);
  });
});

describe('a tariff waiting for the GM is in the GM’s inbox', { timeout: 120_000 }, () => {
  it('the inbox row opens the version in one click', async () => {
    const created = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: {
        title: '待核 pending',
        effectiveFrom: today(),
        lines: [
          {
            serviceType: 'customs_declaration',
            industry: 'electronics',
            commodity: 'phones',
            routeFrom: 'Yantian',
            routeTo: 'Dongguan',
            unit: 'per_shipment',
            currency: 'CNY',
            price: '350.00',
            budgetCost: '200.00',
          },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const no = String(created.body.versionNo);
    expect((await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' })).status).toBe(200);
    const page = await as('gm');
    await page.goto(`${s.baseUrl}/desk/inbox`);
    const link = page.getByTestId(`inbox-open-${no}`);
    await link.waitFor();
    expect(await page.locator('tr', { has: link }).innerText()).toContain('待總經理審批');
    await link.click();
    await page.waitForURL(`**/desk/tariffs/${no}`);
    await page.getByTestId('action-approve').waitFor();
    expect(page.errors).toEqual([]);
  });
});

describe('the cost side only for its readers (api/quotes/budget-access.ts)', { timeout: 180_000 }, () => {
  it('the warehouse reads the costed quote and its tariff with no cost column, budget or cost sheet; the GM with them', async () => {
    const q = (await s.http('GET', `/quotes/${contract.quoteNo}`, { as: 'gm' })).body;
    const versionNo = q.tariffVersionNo as number;
    const costSide = /預算成本|成本預算|成本核算/;
    const open = async (login: string) => {
      const page = await as(login);
      await page.goto(`${s.baseUrl}/desk/quotes/${contract.quoteNo}`);
      await page.getByTestId('quote-lines').locator('tbody tr').first().waitFor();
      const quote = {
        headers: await page.getByTestId('quote-lines').locator('th').allInnerTexts(),
        budgetPdf: await page.getByTestId('pdf-cost-budget').count(),
        costSheet: await page.getByTestId('cost-accounting').count(),
      };
      await screenshot(page, `quote-for-${login}`);
      await page.goto(`${s.baseUrl}/desk/tariffs/${versionNo}`);
      await page.getByTestId('tariff-standing').waitFor();
      await page.locator('tbody tr').first().waitFor();
      const tariffHeaders = await page.locator('th').allInnerTexts();
      return { page, quote, tariffHeaders };
    };
    const gm = await open('gm');
    expect(gm.quote.headers.filter((h) => costSide.test(h))).toHaveLength(1);
    // The cost sheet once settlement entered the actual costs (the test above; alone, the quote is not costed yet).
    expect([gm.quote.budgetPdf, gm.quote.costSheet]).toEqual([1, q.costAccounting ? 1 : 0]);
    expect(gm.tariffHeaders.filter((h) => costSide.test(h))).toHaveLength(1);

    const warehouse = await open('warehouse');
    expect(warehouse.quote).toEqual({
      headers: expect.arrayContaining([expect.stringMatching(/報價/)]),
      budgetPdf: 0,
      costSheet: 0,
    });
    expect(warehouse.quote.headers.filter((h) => costSide.test(h))).toEqual([]);
    expect(warehouse.tariffHeaders.filter((h) => costSide.test(h))).toEqual([]);
    expect(warehouse.tariffHeaders.length).toBeGreaterThan(5);
    expect(warehouse.page.errors).toEqual([]);
  });
});
