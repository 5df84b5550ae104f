/**
 * The salesperson's rhythm in the desk (issue 14): the admin gives a date off on the business calendar and
 * every role sees it. axe on each screen, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, newPage, screenshot, signInDev, startDesk, closeDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;

beforeAll(async () => {
  ({ s, browser } = await startDesk());
}, 240_000);
afterAll(() => closeDesk(s, browser));

describe('the business calendar 工作日曆', { timeout: 180_000 }, () => {
  it('the admin gives a date off; the month shows it as set by the admin', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'admin');
    await page.getByTestId('nav-calendar').click();
    await page.getByRole('heading', { name: /工作日曆 Business calendar/ }).waitFor();
    const month = (await s.http('GET', '/calendar', { as: 'admin' })).body.days as { date: string }[];
    const date = month[month.length - 1]!.date;
    // The month field takes YYYY-MM typed; anything else is named under it and the month stays.
    const monthField = page.getByTestId('calendar-month');
    await monthField.click();
    await monthField.fill('2026-13');
    await monthField.press('Tab');
    await page.getByRole('alert').filter({ hasText: '格式不符，須為 YYYY-MM' }).waitFor();
    await page.locator(`tr[data-row-key="${date}"]`).waitFor();
    await monthField.click();
    await monthField.fill(date.slice(0, 7));
    await monthField.press('Enter');
    await page.getByRole('alert').filter({ hasText: '格式不符' }).waitFor({ state: 'detached' });
    await page.getByTestId('calendar-date').click();
    await page.keyboard.type(date);
    await page.keyboard.press('Enter');
    await page.getByTestId('calendar-name').fill('盤點 stocktaking');
    await page.getByTestId('calendar-save').click();
    const row = page.locator(`tr[data-row-key="${date}"]`);
    await row.getByText('管理員設定 set by the admin').waitFor();
    expect(await row.innerText()).toContain('盤點 stocktaking');
    await expectAccessible(page, 'business calendar');
    await screenshot(page, 'calendar');
    const day = (await s.http('GET', `/calendar?from=${date}&to=${date}`, { as: 'sales' })).body.days[0];
    expect(day).toMatchObject({ working: false, source: 'override' });
  });
});
