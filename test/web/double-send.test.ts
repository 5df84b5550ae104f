/**
 * A write button never sends twice (issue 13): a double click on the diary's submit (a form whose validation runs
 * before the write, so both clicks reached the write — the second drew a 409 on the in-use Idempotency-Key), on a
 * quote's step without a form (ActionBar) and on a step form's OK (the return with its comment) sends one request —
 * counted with page.on('request') on the route — and no answer is an error. The one place: sendWrite
 * (web/src/api/client.ts) answers a repeat of a write on its way with the first one's promise.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../db/user.repository';
import { addDays, lockStandardTariff, signedContract, today } from '../support/fixtures';
import { launchBrowser, newPage, signInDev, WRITE_WAIT_MS } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;
const WAIT = { timeout: WRITE_WAIT_MS };

beforeAll(async () => {
  s = await startStack({ env: { NODE_ENV: 'development', RATE_LIMIT_WRITES_PER_MINUTE: '0' } });
  await seedDemoUsers(s.db);
  customerNo = (await signedContract(s)).customerNo;
  await lockStandardTariff(s);
  // Today is a working day whatever the date the test runs on (the admin's override): the diary is due.
  await s.http('PUT', `/calendar/days/${today()}`, { as: 'admin', body: { working: true, name: 'test' } });
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** Counts the page's requests `method` to a path ending in `pathEnd`, and the answers to them that are not 2xx. */
function countWrites(page: Page, method: string, pathEnd: string) {
  const seen = { requests: 0, failed: [] as string[] };
  page.on('request', (r) => {
    if (r.method() === method && new URL(r.url()).pathname.endsWith(pathEnd)) seen.requests++;
  });
  page.on('response', (r) => {
    const q = r.request();
    if (q.method() === method && new URL(r.url()).pathname.endsWith(pathEnd) && r.status() >= 300)
      seen.failed.push(`${r.status()} ${r.url()}`);
  });
  return seen;
}

describe('a double click on a write button sends one request', { timeout: 300_000 }, () => {
  it('the diary’s submit', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.getByTestId('nav-diary').click();
    await page.getByTestId('diary-todayWork').fill('拜訪李經理 visited Manager Li');
    await page.getByTestId('diary-tomorrowPlan').fill('寄送方案 send the proposal');
    const puts = countWrites(page, 'PUT', `/diaries/${today()}`);
    await page.getByTestId('diary-submit').dblclick();
    await page.getByTestId('diary-submitted').waitFor(WAIT);
    // Give a second request (had one been sent) time to show.
    await page.waitForTimeout(1000);
    expect(puts).toEqual({ requests: 1, failed: [] });
    expect(page.errors).toEqual([]);
  });

  it('a quote’s step without a form and a step form’s OK', async () => {
    const created = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo,
        validUntil: addDays(today(), 30),
        lines: [{ tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const quoteNo = created.body.quoteNo as string;

    const sales = await newPage(browser);
    await signInDev(sales, s.baseUrl, 'sales');
    await sales.goto(`${s.baseUrl}/desk/quotes/${quoteNo}`);
    const submits = countWrites(sales, 'POST', `/quotes/${quoteNo}/submit`);
    await sales.getByTestId('action-submit').dblclick();
    await sales.getByTestId('action-submit').waitFor({ state: 'detached' });
    await sales.waitForTimeout(1000);
    expect(submits).toEqual({ requests: 1, failed: [] });
    expect(sales.errors).toEqual([]);

    const commerce = await newPage(browser);
    await signInDev(commerce, s.baseUrl, 'commerce');
    await commerce.goto(`${s.baseUrl}/desk/quotes/${quoteNo}`);
    await commerce.getByTestId('action-return').click();
    await commerce.getByTestId('step-comment').fill('請調整 please adjust');
    const returns = countWrites(commerce, 'POST', `/quotes/${quoteNo}/return`);
    await commerce.getByTestId('step-submit').dblclick();
    await commerce.getByTestId('action-return').waitFor({ state: 'detached' });
    await commerce.waitForTimeout(1000);
    expect(returns).toEqual({ requests: 1, failed: [] });
    expect(commerce.errors).toEqual([]);
    const quote = (await s.http('GET', `/quotes/${quoteNo}`, { as: 'sales' })).body;
    expect(quote.status).toBe('draft');
  });
});
