/**
 * How records are shown to people (session 13 try-outs): the customer card's jobs by their stage's label and a link,
 * the payment terms in force (never "—" for a customer billed on the standard terms), the desk's one word for a
 * container (柜); who acted on whose behalf wherever the actor shows (a delegate: 「何嘉欣（代 李建華 on behalf of
 * Li Jianhua）」, web/src/format/actor.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf, previousPeriod } from '../../domain/plan';
import { businessDateTime } from '../../lib/dates';
import { addDays, billedCustomer, newCustomer, oceanLine, today } from '../support/fixtures';
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

describe('acting on behalf 代理', { timeout: 180_000 }, () => {
  it('the plan decision and history, the tariff header and the delegate’s inbox row name the delegator', async () => {
    // 李建華 Li Jianhua (sales_manager) lends his role to 何嘉欣 He Jiaxin (sales_manager_b, another team's manager);
    // 王國強 Wang Guoqiang (gm) lends his to her too.
    for (const as of ['sales_manager', 'gm'])
      expect(
        (
          await s.http('POST', '/delegations', {
            as,
            body: { toUser: 'sales_manager_b', startsOn: today(), endsOn: addDays(today(), 2) },
          })
        ).status,
      ).toBe(201);
    const plan = await s.http('POST', '/plans', {
      as: 'sales',
      body: {
        kind: 'weekly',
        period: previousPeriod('weekly', periodOf('weekly', today())),
        nextTargets: { containers: 3, money: [], newCustomers: 0, collectionRatePct: '90' },
        sections: {},
      },
    });
    expect(plan.status).toBe(201);
    expect((await s.http('POST', `/plans/${plan.body.id}/submit`, { as: 'sales' })).status).toBe(200);
    const tariff = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: { title: 'on behalf', effectiveFrom: addDays(today(), 1), lines: [oceanLine()] },
    });
    expect((await s.http('POST', `/tariffs/${tariff.body.versionNo}/submit`, { as: 'commerce' })).status).toBe(200);

    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager_b');
    // The inbox row of the plan she takes as Li Jianhua's delegate says so.
    await page.goto(`${s.baseUrl}/desk/inbox`);
    const planRow = page
      .getByTestId('inbox-rows')
      .locator('tr', { has: page.getByTestId(`inbox-open-${plan.body.id}`) });
    await planRow.getByTestId('on-behalf').getByText('代 李建華 on behalf of Li Jianhua').waitFor(WAIT);

    expect((await s.http('POST', `/plans/${plan.body.id}/accept`, { as: 'sales_manager_b', body: {} })).status).toBe(
      200,
    );
    await page.goto(`${s.baseUrl}/desk/plans/${plan.body.id}`);
    const ONE = '何嘉欣 He Jiaxin（代 李建華 on behalf of Li Jianhua）';
    await page.getByTestId('plan-decision').getByText(ONE, { exact: false }).waitFor(WAIT);
    expect(await page.getByTestId('plan-history').innerText()).toContain(ONE);

    const approved = await s.http('POST', `/tariffs/${tariff.body.versionNo}/approve`, { as: 'sales_manager_b' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await page.goto(`${s.baseUrl}/desk/tariffs/${tariff.body.versionNo}`);
    await page
      .locator('.ant-descriptions-item', { hasText: '核准 Approved by' })
      .getByText('何嘉欣 He Jiaxin（代 王國強 on behalf of Wang Guoqiang）')
      .waitFor(WAIT);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe('inbox rows by name 待辦', { timeout: 180_000 }, () => {
  it('a plan by kind, period and salesperson; a visit follow-up by customer, visit date and what to do', async () => {
    const period = previousPeriod('monthly', periodOf('monthly', today()));
    const plan = await s.http('POST', '/plans', {
      as: 'sales',
      body: {
        kind: 'monthly',
        period,
        nextTargets: { containers: 3, money: [], newCustomers: 0, collectionRatePct: '90' },
        sections: {},
      },
    });
    expect(plan.status).toBe(201);
    expect((await s.http('POST', `/plans/${plan.body.id}/submit`, { as: 'sales' })).status).toBe(200);
    const customer = await s.http('POST', '/customers', { as: 'sales', body: newCustomer() });
    expect(customer.status).toBe(201);
    const visit = await s.http('POST', '/visits', {
      as: 'sales',
      body: {
        customerNo: customer.body.customerNo,
        plannedAt: businessDateTime(new Date()).replace(' ', 'T'),
        purpose: '月度拜訪 monthly visit',
      },
    });
    const recorded = await s.http('POST', `/visits/${visit.body.id}/record`, {
      as: 'sales',
      body: {
        metWith: '李經理 Manager Li',
        followUps: [{ action: '寄送報價 send the quote', ownerId: 'sales', dueOn: addDays(today(), 3) }],
      },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);

    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.goto(`${s.baseUrl}/desk/inbox`);
    await expect
      .poll(() => page.getByTestId(`inbox-open-${plan.body.id}`).innerText(), WAIT)
      .toBe(`月計劃與總結 Monthly plan and summary ${period} · 陳志明 Chen Zhiming`);
    // The customer as the inbox names it (its customer column's name).
    const followUpId = String(recorded.body.followUps[0].id);
    const item = (await s.http('GET', '/inbox', { as: 'sales' })).body.items.find(
      (i: { recordId: string }) => i.recordId === followUpId,
    );
    expect(item.customerName).toContain('深圳市華南電子有限公司');
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/inbox`);
    await expect
      .poll(() => page.getByTestId(`inbox-open-${followUpId}`).innerText(), WAIT)
      .toBe(`${item.customerName} · ${today()} · 寄送報價 send the quote`);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe('visit record 客戶訪問表', { timeout: 180_000 }, () => {
  it('a follow-up due before the visit is refused under that row’s 期限 Due field, named as the form names it', async () => {
    const customer = await s.http('POST', '/customers', { as: 'sales', body: newCustomer() });
    const visit = await s.http('POST', '/visits', {
      as: 'sales',
      body: {
        customerNo: customer.body.customerNo,
        plannedAt: businessDateTime(new Date()).replace(' ', 'T'),
        purpose: '月度拜訪 monthly visit',
      },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/visits/${visit.body.id}`);
    await page.getByTestId('record-metWith').fill('李經理 Manager Li');
    await page.getByTestId('followup-add').click();
    await page.getByTestId('followup-action-0').fill('寄送報價 send the quote');
    await page.getByTestId('followup-due-0').click();
    await page.keyboard.type(addDays(today(), -1));
    await page.keyboard.press('Enter');
    await page.getByTestId('record-submit').click();
    const field = page.locator('.ant-form-item', { has: page.getByTestId('followup-due-0') });
    await field.locator('.ant-form-item-explain-error').first().waitFor(WAIT);
    expect(await field.locator('.ant-form-item-explain-error').innerText()).toBe(
      '第 1 項 期限 Follow-up 1 Due：不可早於拜訪日 must not be before the visit',
    );
    // The form's label says the same word; no alert above the form restates it.
    expect(await field.locator('label').innerText()).toBe('期限 Due');
    expect(await page.getByTestId('write-error').count()).toBe(0);
    expect((await s.http('GET', `/visits/${visit.body.id}`, { as: 'sales' })).body.status).toBe('planned');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
