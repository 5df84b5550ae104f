/**
 * Customer visits and the success diary in the desk (issue 14): a salesperson records a planned visit with
 * the customer's service record beside the form and a follow-up that lands in the inbox, then submits the
 * day's diary pre-filled by the system; the sales manager reads it in the team view and comments, and the
 * salesperson sees the comment. The sales manager reads the team's visit plans, records and reports, one
 * salesperson picked (kept in the URL), with no step to take; the GM reads another team's. axe on each
 * screen, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plusDays } from '../../domain/calendar';
import { weekStartOf } from '../../domain/visit';
import {
  expectAccessible,
  newPage,
  pickOption,
  pickerShows,
  pickTeamSalesperson,
  screenshot,
  signInDev,
  WRITE_WAIT_MS,
  startDesk,
  closeDesk,
} from '../support/browser';
import { newCustomer, signedContract, today } from '../support/fixtures';
import type { Stack } from '../support/stack';
import { businessDateTime } from '../../lib/dates';

let s: Stack;
let browser: Browser;
let customerNo: string;
let visitId: number;
const WAIT = { timeout: WRITE_WAIT_MS };

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  customerNo = (await signedContract(s)).customerNo;
  // Today is a working day whatever the date the test runs on (the admin's override).
  await s.http('PUT', `/calendar/days/${today()}`, { as: 'admin', body: { working: true, name: 'test' } });
  const v = await s.http('POST', '/visits', {
    as: 'sales',
    body: {
      customerNo,
      plannedAt: businessDateTime(new Date()).replace(' ', 'T'),
      purpose: '月度拜訪 monthly visit',
      questions: '月結條件 monthly terms',
    },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  visitId = v.body.id;
}, 240_000);
afterAll(() => closeDesk(s, browser));

describe('visits and the success diary', { timeout: 240_000 }, () => {
  it('a salesperson records a visit (the follow-up lands in the inbox) and submits the pre-filled diary', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.getByTestId('nav-visits').click();
    await page.getByRole('heading', { name: /客戶訪問周計劃表 Weekly visit plan/ }).waitFor(WAIT);
    await page
      .getByRole('link', { name: new RegExp(customerNo) })
      .first()
      .waitFor(WAIT);
    // A new visit starts at 10:00 on the next working day (the API's defaultPlannedAt), never "now".
    const plan = (await s.http('GET', `/visit-plans/${weekStartOf(today())}`, { as: 'sales' })).body;
    expect(plan.defaultPlannedAt).toMatch(/T10:00$/);
    expect(plan.defaultPlannedAt.slice(0, 10) > today()).toBe(true);
    const plannedInput = page.locator('input[data-testid="visit-planned-at"], [data-testid="visit-planned-at"] input');
    await expect.poll(() => plannedInput.first().inputValue(), WAIT).toBe(plan.defaultPlannedAt.replace('T', ' '));
    await expectAccessible(page, 'visit plan');
    await screenshot(page, 'visit-plan');
    // An empty form shows its field errors and raises no page error (an uncaught validateFields did).
    await page.getByTestId('visit-create').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor(WAIT);
    expect(page.errors).toEqual([]);

    await page
      .getByRole('link', { name: new RegExp(customerNo) })
      .first()
      .click();
    await page.getByTestId('service-record').waitFor(WAIT);
    await page.getByTestId('record-submit').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor(WAIT);
    expect(page.errors).toEqual([]);
    // The visit was planned for now: it took place at its planned time unless the salesperson says otherwise.
    const planned = (await s.http('GET', `/visits/${visitId}`, { as: 'sales' })).body.plannedAt as string;
    const plannedLocal = businessDateTime(new Date(planned));
    const visitedInput = page.locator('input[data-testid="record-visitedAt"], [data-testid="record-visitedAt"] input');
    await expect.poll(() => visitedInput.first().inputValue(), WAIT).toBe(plannedLocal);
    await page.getByTestId('record-metWith').fill('李經理 Manager Li');
    await page.getByTestId('record-billing').fill('要月結 wants monthly billing');
    await page.getByTestId('followup-add').click();
    await page.getByTestId('followup-action-0').fill('寄送月結方案 send the proposal');
    await page.getByTestId('followup-due-0').click();
    await page.keyboard.type(plusDays(today(), 3));
    await page.keyboard.press('Enter');
    await expectAccessible(page, 'visit record form');
    await screenshot(page, 'visit-record');
    await page.getByTestId('record-submit').click();
    await page.getByTestId('visit-record').waitFor(WAIT);
    expect(await page.getByTestId('visit-status').innerText()).toContain('已拜訪 Visited');
    expect(await page.getByTestId('visit-visited-at').innerText()).toBe(plannedLocal);
    const stored = (await s.http('GET', `/visits/${visitId}`, { as: 'sales' })).body;
    expect(stored.visitedAt).toBe(planned);
    expect(stored.followUps).toEqual([
      expect.objectContaining({
        action: '寄送月結方案 send the proposal',
        ownerId: 'sales',
        dueOn: plusDays(today(), 3),
      }),
    ]);

    await page.getByTestId('nav-inbox').click();
    await page.getByText('寄送月結方案 send the proposal').first().waitFor(WAIT);

    await page.getByTestId('nav-diary').click();
    const prefill = page.getByTestId('diary-prefill');
    await prefill.getByText(new RegExp(`拜訪 ${customerNo}`)).waitFor(WAIT);
    await page.getByTestId('diary-todayWork').fill('拜訪李經理，談月結 visited Manager Li about monthly billing');
    await page.getByTestId('diary-tomorrowPlan').fill('寄送月結方案 send the proposal');
    await expectAccessible(page, 'diary');
    await page.getByTestId('diary-submit').click();
    await page.getByTestId('diary-submitted').waitFor(WAIT);
    await screenshot(page, 'diary');
    const diary = (await s.http('GET', `/diaries/${today()}`, { as: 'sales' })).body;
    expect(diary.submitted).toBe(true);
    expect(diary.prefill.visits.map((v: { id: number }) => v.id)).toContain(visitId);

    // Another visit planned in the form: the week field shows its ISO week; the time is typed YYYY-MM-DD HH:mm
    // (tomorrow: a time in the past is refused); the page then shows the week the visit fell in.
    const tomorrow = plusDays(today(), 1);
    await page.getByTestId('nav-visits').click();
    await page.getByTestId('plan-week-week').waitFor(WAIT);
    expect(await page.getByTestId('plan-week-week').innerText()).toMatch(/\d{4}-W\d{2}/);
    await pickOption(page, '客戶 Customer', customerNo);
    const plannedAt = page.getByTestId('visit-planned-at');
    await plannedAt.click();
    await plannedAt.fill(`${tomorrow} 16:45`);
    await plannedAt.press('Enter');
    await page.getByTestId('visit-purpose').fill('再訪 second visit');
    await page.getByTestId('visit-create').click();
    const second = page.getByRole('row', { name: /再訪 second visit/ });
    await second.waitFor(WAIT);
    expect(await second.innerText()).toContain(`${tomorrow} 16:45`);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('the sales manager sees the diary in the team view and comments; the salesperson reads the comment', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.getByTestId('nav-diary').click();
    await page.getByTestId('team-diaries').waitFor(WAIT);
    await page.getByTestId(`open-sales-${today()}`).click();
    await page.getByTestId('diary-card').getByText('拜訪李經理，談月結').waitFor(WAIT);
    await page.getByTestId('diary-comment').fill('方案先給我看 show me the proposal first');
    await page.getByTestId('diary-comment-send').click();
    await page.getByTestId('diary-comments').getByText('方案先給我看').waitFor(WAIT);
    await expectAccessible(page, 'team diaries');
    await screenshot(page, 'diary-team');

    await page.getByTestId('nav-visit-reports').click();
    await page.getByTestId('weekly-report').waitFor(WAIT);
    await page
      .getByTestId('weekly-report')
      .getByText(/陳志明|sales/)
      .first()
      .waitFor(WAIT);
    await expectAccessible(page, 'visit reports');
    await page.close();

    const sales = await newPage(browser);
    await signInDev(sales, s.baseUrl, 'sales');
    await sales.getByTestId('nav-diary').click();
    await sales.getByTestId('diary-comments').getByText('方案先給我看').waitFor(WAIT);
    await sales.close();
  });

  it('the sales manager reads the team’s plans, records and reports by salesperson (kept in the URL), read only; the GM all', async () => {
    // Another team's visit next week: never in this manager's sight, in the GM's.
    const theirs = (await s.http('POST', '/customers', { as: 'sales_b', body: newCustomer() })).body.customerNo;
    const nextWeek = plusDays(weekStartOf(today()), 7);
    const other = await s.http('POST', '/visits', {
      as: 'sales_b',
      body: { customerNo: theirs, plannedAt: `${nextWeek}T10:00`, purpose: '新客拜訪 first visit' },
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);

    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales_manager');
    await page.getByTestId('nav-visits').click();
    const ours = page.getByTestId('team-plan-sales');
    // The recorded visit with whom was met, read only: no planning form, no submit.
    await ours.getByText('李經理 Manager Li').waitFor(WAIT);
    expect(await ours.getByRole('link', { name: new RegExp(customerNo) }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('team-plan-sales_b').count()).toBe(0);
    expect(await page.getByTestId('visit-create').count()).toBe(0);
    expect(await page.getByTestId('plan-submit').count()).toBe(0);
    // The picker offers the team only: 陳志明 (sales), not 趙雅婷 (sales_b); 陳志明 picked.
    await pickTeamSalesperson(page, WAIT);
    await expectAccessible(page, 'team visit plans');
    await screenshot(page, 'visit-plans-team');
    // Reloaded, the pick stays.
    await page.reload();
    await pickerShows(page, /業務員 Salesperson/, '陳志明 Chen Zhiming', WAIT);
    await ours.getByText('李經理 Manager Li').waitFor(WAIT);

    // The visit opens read only: the record, no step button.
    await ours
      .getByRole('link', { name: new RegExp(customerNo) })
      .first()
      .click();
    await page.getByTestId('visit-record').waitFor(WAIT);
    expect(await page.locator('[data-testid^="action-"]').count()).toBe(0);
    expect(await page.getByTestId('record-submit').count()).toBe(0);

    // The reports, narrowed to the salesperson from the URL; the tab is kept too.
    await page.goto(`${s.baseUrl}/desk/visit-reports?ownerId=sales`);
    await page.getByTestId('weekly-report').getByText('陳志明').first().waitFor(WAIT);
    await pickerShows(page, /業務員 Salesperson/, '陳志明 Chen Zhiming', WAIT);
    await page.getByRole('tab', { name: /本月未拜訪客戶/ }).click();
    await page.waitForURL(/tab=not-visited/, WAIT);
    expect(page.url()).toMatch(/ownerId=sales(&|$)/);
    await page.getByTestId('not-visited').waitFor(WAIT);
    expect(await page.getByTestId('not-visited').getByText(theirs).count()).toBe(0);
    await expectAccessible(page, 'team visit reports');
    expect(page.errors).toEqual([]);
    await page.close();

    const gm = await newPage(browser);
    await signInDev(gm, s.baseUrl, 'gm');
    await gm.goto(`${s.baseUrl}/desk/visits?week=${nextWeek}&ownerId=sales_b`);
    await gm.getByTestId('team-plan-sales_b').getByText('新客拜訪 first visit').waitFor(WAIT);
    expect(await gm.getByTestId('team-plan-sales').count()).toBe(0);
    await gm.goto(`${s.baseUrl}/desk/visit-reports?tab=not-visited&ownerId=sales_b`);
    await gm.getByTestId('not-visited').getByText(theirs).waitFor(WAIT);
    expect(gm.errors).toEqual([]);
    await gm.close();
  });
});
