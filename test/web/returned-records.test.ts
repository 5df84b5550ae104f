/**
 * A returned record says so at the top of its page (issue 11 try-out: a quote returned by commerce looked
 * like a plain draft, the reason only at the bottom of the history): who returned it, when, their comment,
 * and what to do next — for a quote returned by commerce, a cost budget returned by the GM, a tariff returned
 * by the GM and a plan returned by the sales manager. Resubmitting ends the banner. axe on the banner pages.
 */
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import { closeDesk, expectAccessible, newPage, screenshot, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;

beforeAll(async () => {
  ({ s, browser } = await startDesk({ NODE_ENV: 'development' }));
  // The seeded people joined long ago: a plan may be written for this month.
  await sql`update users set created_at = '2025-01-01T00:00:00Z'`.execute(s.db);
  await lockStandardTariff(s);
  customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo as string;
}, 180_000);
afterAll(() => closeDesk(s, browser));

async function as(login: string): Promise<Page & { errors: string[] }> {
  const page = await newPage(browser);
  await signInDev(page, s.baseUrl, login);
  return page;
}

async function post(as: string, path: string, body?: unknown) {
  const r = await s.http('POST', path, { as, ...(body !== undefined ? { body } : {}) });
  expect(r.status, `${as} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

const nameOf = async (id: string) =>
  (await s.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirstOrThrow()).display_name;

async function newQuote(): Promise<string> {
  const created = await post('sales', '/quotes', {
    customerNo,
    validUntil: addDays(today(), 30),
    lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '2' }],
  });
  return created.quoteNo as string;
}

describe('a returned record says so at the top of its page', { timeout: 240_000 }, () => {
  it('a quote returned by commerce: who, when, the comment and the salesperson’s next steps; gone once resubmitted', async () => {
    const no = await newQuote();
    await post('sales', `/quotes/${no}/submit`);
    await post('commerce', `/quotes/${no}/return`, { comment: '海運價請再確認 please check the ocean price' });

    const page = await as('sales');
    await page.goto(`${s.baseUrl}/desk/quotes/${no}`);
    const banner = page.getByTestId('returned-banner');
    await banner.waitFor();
    // At the top: above the lines, not at the bottom with the history.
    const bannerTop = (await banner.boundingBox())!.y;
    expect(bannerTop).toBeLessThan((await page.getByTestId('quote-lines').boundingBox())!.y);
    const text = await banner.innerText();
    expect(text).toMatch(/^已退回 Returned · /);
    expect(text).toContain(await nameOf('commerce'));
    expect(text).toContain('商務 Commerce');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(await page.getByTestId('returned-comment').innerText()).toContain(
      '海運價請再確認 please check the ocean price',
    );
    expect(await page.getByTestId('returned-next').innerText()).toMatch(/提交審核.*Submit for review/);
    await expectAccessible(page, 'quote-returned');
    await screenshot(page, 'quote-returned');

    // Commerce sees whose turn it is.
    const reviewer = await as('commerce');
    await reviewer.goto(`${s.baseUrl}/desk/quotes/${no}`);
    expect(await reviewer.getByTestId('returned-next').innerText()).toMatch(/業務員.*Salesperson/);

    // Resubmitted: no longer returned.
    await post('sales', `/quotes/${no}/submit`);
    await page.reload();
    await page.getByTestId('quote-status').getByText('商務審核').waitFor();
    expect(await page.getByTestId('returned-banner').count()).toBe(0);
    expect(page.errors).toEqual([]);
    expect(reviewer.errors).toEqual([]);
  });

  it('a cost budget returned by the GM: commerce sees the GM’s return and re-enters the internal quote', async () => {
    const no = await newQuote();
    await post('sales', `/quotes/${no}/submit`);
    await post('commerce', `/quotes/${no}/approve`);
    await post('sales', `/quotes/${no}/confirm`);
    await post('commerce', `/quotes/${no}/internal-quote`, {
      feeItems: [],
      project: { projectName: '出口 export' },
    });
    await post('gm', `/quotes/${no}/budget-return`, { comment: '運費成本偏高 freight cost too high' });
    const page = await as('commerce');
    await page.goto(`${s.baseUrl}/desk/quotes/${no}`);
    const banner = page.getByTestId('returned-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/^已退回 Returned · /);
    expect(await banner.innerText()).toContain(await nameOf('gm'));
    expect(await page.getByTestId('returned-comment').innerText()).toContain('運費成本偏高 freight cost too high');
    expect(await page.getByTestId('returned-next').innerText()).toMatch(/內部報價.*Internal quote/);
    expect(page.errors).toEqual([]);
  });

  it('a tariff returned by the GM', async () => {
    const created = await post('commerce', '/tariffs', {
      title: '退回測試 returned',
      effectiveFrom: addDays(today(), 60),
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
    });
    const versionNo = String(created.versionNo);
    await post('commerce', `/tariffs/${versionNo}/submit`);
    await post('gm', `/tariffs/${versionNo}/return`, { comment: '報關價偏低 customs price too low' });
    const page = await as('commerce');
    await page.goto(`${s.baseUrl}/desk/tariffs/${versionNo}`);
    const banner = page.getByTestId('returned-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain(await nameOf('gm'));
    expect(await page.getByTestId('returned-comment').innerText()).toContain('報關價偏低 customs price too low');
    expect(await page.getByTestId('returned-next').innerText()).toMatch(/Revise as asked/);
    await expectAccessible(page, 'tariff-returned');
    expect(page.errors).toEqual([]);
  });

  it('a plan returned by the sales manager', async () => {
    const targets = {
      containers: 4,
      money: [{ currency: 'CNY', revenue: '100000.00', margin: '20000.00' }],
      newCustomers: 2,
      collectionRatePct: '95',
    };
    const plan = await post('sales', '/plans', {
      kind: 'monthly',
      period: today().slice(0, 7),
      targets,
      nextTargets: targets,
      sections: { marketAnalysis: '市場 market', receivablesPlan: '收款 receivables' },
    });
    await post('sales', `/plans/${plan.id}/submit`);
    await post('sales_manager', `/plans/${plan.id}/return`, { comment: '請補充客戶分析 add the customer analysis' });
    const page = await as('sales');
    await page.goto(`${s.baseUrl}/desk/plans/${plan.id}`);
    const banner = page.getByTestId('returned-banner');
    await banner.waitFor();
    // 「已退回 Returned · name · time」: the step's own label (退回 Return) is not repeated after the status.
    expect(await banner.innerText()).toMatch(
      new RegExp(`^已退回 Returned · ${await nameOf('sales_manager')}.* · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}`),
    );
    expect(await banner.innerText()).not.toContain('Returned: ');
    expect(await page.getByTestId('returned-comment').innerText()).toContain(
      '請補充客戶分析 add the customer analysis',
    );
    await page.getByTestId('returned-next').waitFor();
    expect(page.errors).toEqual([]);
  });
});
