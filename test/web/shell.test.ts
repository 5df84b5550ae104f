/**
 * The desk in a real browser against the real stack: development sign-in, the inbox shell with its
 * count badge, new work appearing without a reload, language switch, a deep link reloading into the
 * app, the API's own routes untouched by the desk's fallback, axe and screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dueAtOf } from '../../db/due-time';
import { businessToday } from '../../lib/dates';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import type { Stack } from '../support/stack';
import { closeDesk, expectAccessible, newPage, screenshot, signInDev, startDesk } from '../support/browser';

let s: Stack;
let browser: Browser;

beforeAll(async () => {
  // Commerce's review due in working days: due at the end of a day, which the inbox shows as that day's end.
  ({ s, browser } = await startDesk({ NODE_ENV: 'development', QUOTE_SLA_COMMERCE_REVIEW: '1wd' }));
});
afterAll(() => closeDesk(s, browser));

describe('the desk served by the API', { timeout: 180_000 }, () => {
  it('serves index.html at / and for desk paths that accept HTML; API paths stay JSON', async () => {
    const root = await fetch(`${s.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toContain('text/html');
    expect(root.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${s.baseUrl}/desk/customers/C2026-00001`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    // An API path asked for by a browser is still the API (401 without a token), never the app.
    const api = await fetch(`${s.baseUrl}/customers/C2026-00001`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
    const unknownApi = await fetch(`${s.baseUrl}/quotes/Q1/nothing-here`, { headers: { accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { code: string }).code).toBe('not_found');
    // Not HTML and not a file: the API's JSON 404.
    const json = await fetch(`${s.baseUrl}/desk/anything`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    const traversal = await fetch(`${s.baseUrl}/assets/..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
    const cfg = (await (await fetch(`${s.baseUrl}/client-config`)).json()) as {
      currencyDigits: Record<string, number>;
    };
    expect(cfg).toMatchObject({ devSignIn: true, oidc: null, businessTimeZone: 'Asia/Shanghai' });
    expect(cfg.currencyDigits).toMatchObject({ JPY: 0, USD: 2 });
  });

  it('signs in as a demo user, shows the inbox with its badge, and new work appears without a reload', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'commerce');
    await page.getByRole('heading', { name: /待辦 Inbox/ }).waitFor();
    expect(await page.getByTestId('inbox-badge').textContent()).toBe('0');
    await expectAccessible(page, 'inbox-empty');

    // A salesperson submits a quote: it lands in commerce's inbox, and the open page shows it.
    await lockStandardTariff(s);
    const c = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body;
    const created = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo: c.customerNo,
        validUntil: addDays(today(), 30),
        lines: [{ tariffLineNo: 1, quotedPrice: '1234567.50', quantity: '2' }],
      },
    });
    expect(created.status).toBe(201);
    expect((await s.http('POST', `/quotes/${created.body.quoteNo}/submit`, { as: 'sales' })).status).toBe(200);
    const link = page.getByTestId(`inbox-open-${created.body.quoteNo}`);
    await link.waitFor({ timeout: 15_000 });
    await page.getByTestId('inbox-badge').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
    const row = await page.locator('tr', { has: link }).innerText();
    expect(row).toContain('2,469,135.00');
    // Due at the end of the next working day: shown as that date's end of day, never as 00:00 of the day after.
    const due = await dueAtOf(s.db, { workingDays: 1 });
    expect(row).toContain(`${businessToday(new Date(Date.parse(due) - 1))} 下班前 end of day`);
    await expectAccessible(page, 'inbox');
    await screenshot(page, 'inbox');

    // English first, and back.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: /Inbox 待辦/ }).waitFor();
    await page.getByText('繁體中文', { exact: true }).click();
    await page.getByRole('heading', { name: /待辦 Inbox/ }).waitFor();

    // A deep link reloads into the app with the session of this tab.
    await page.reload();
    await page.getByRole('heading', { name: /待辦 Inbox/ }).waitFor();
    expect(page.errors).toEqual([]);
  });

  it('the sign-in picker is accessible; without a session every desk page leads to it', async () => {
    const page = await newPage(browser);
    await page.goto(`${s.baseUrl}/desk/customers`);
    await page.getByTestId('sign-in-sales').waitFor();
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    // Keyboard: Tab reaches a sign-in button and Enter signs in.
    await page.getByTestId('sign-in-sales').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('whoami').waitFor();
    expect(new URL(page.url()).pathname).toBe('/desk/customers');
    // Skip to content: the first Tab of a page lands on a visible 「跳至主要內容」 link; Enter moves focus into the
    // page's main region, so the next Tab is in the page, not in the side navigation.
    await page.reload();
    await page.getByTestId('whoami').waitFor();
    await page.keyboard.press('Tab');
    const focused = async () => ({
      testId: (await page.locator(':focus').count()) ? await page.locator(':focus').getAttribute('data-testid') : null,
      inMain: (await page.locator('main:focus, main :focus').count()) > 0,
      inNav: (await page.locator('nav :focus').count()) > 0,
    });
    expect((await focused()).testId).toBe('skip-to-main');
    const skip = page.getByTestId('skip-to-main');
    expect(await skip.innerText()).toBe('跳至主要內容 Skip to main content');
    const box = (await skip.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.height).toBeGreaterThan(10);
    await page.keyboard.press('Enter');
    expect((await focused()).inMain).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ inMain: true, inNav: false });
  });

  it('a desk link opened in a new tab stays signed in; signing out in one tab signs out the others', async () => {
    const first = await newPage(browser);
    await signInDev(first, s.baseUrl, 'finance');
    // A second tab of the same browser (a link opened with a middle click): no second sign-in.
    const second = await first.context().newPage();
    await second.goto(`${s.baseUrl}/desk/customers`);
    await second.getByTestId('whoami').waitFor();
    expect(new URL(second.url()).pathname).toBe('/desk/customers');
    await second.getByRole('button', { name: /登出 Sign out/ }).click();
    await second.getByTestId('sign-in-sales').waitFor();
    // The first tab follows without a reload.
    await first.getByTestId('sign-in-sales').waitFor();
    expect(new URL(first.url()).pathname).toBe('/desk/sign-in');
    expect([...first.errors, ...((second as typeof first).errors ?? [])]).toEqual([]);
  });
});
