/**
 * Browser tests: Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core —
 * no browser download — against a real stack whose API serves the built desk. Helpers to sign in,
 * check accessibility with axe (no serious or critical violations) and save screenshots to
 * .data/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { seedDemoUsers } from '../../db/user.repository';
import { startStack, type Stack } from './stack';

export const SCREENSHOTS = join('.data', 'screenshots');
/** Where a failed browser test leaves a picture of each page it had open (see the afterEach below). */
export const FAILURES = join('.data', 'failures');

/** The pages newPage opened in this file, still open: what a failed test's report describes. */
const openPages = new Set<Page>();

/**
 * A failed browser test says what its pages showed (the CI log is often all there is): per open page its address,
 * the open dialogs, field errors, alerts and toasts, and a full-page PNG in .data/failures/. Registered on every
 * test file that imports these helpers; a page that cannot be read (closed, crashed) is said so, never thrown.
 */
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || openPages.size === 0) return;
  mkdirSync(FAILURES, { recursive: true });
  const name = ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 60);
  let i = 0;
  for (const page of openPages) {
    i += 1;
    try {
      if (page.isClosed()) continue;
      const texts = async (selector: string) =>
        (await page.locator(selector).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
      const path = join(FAILURES, `${name}-${i}.png`);
      await page.screenshot({ path, fullPage: true, timeout: 10_000 });
      console.error(
        [
          `[browser failure] page ${i}: ${page.url()} (picture: ${path})`,
          ...(await texts('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')).map((t) => `  dialog: ${t}`),
          ...(await texts('.ant-form-item-explain-error')).map((t) => `  field error: ${t}`),
          ...(await texts('[role=alert], .ant-message-notice')).map((t) => `  alert: ${t}`),
        ].join('\n'),
      );
    } catch (e) {
      console.error(`[browser failure] page ${i}: not readable (${(e as Error).message.split('\n')[0]})`);
    }
  }
});

/** The API's environment of a browser test's stack: development sign-in (the picker page), writes not rate-limited. */
export const DESK_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'development',
  RATE_LIMIT_WRITES_PER_MINUTE: '0',
};

/**
 * A stack serving the desk with the demo users seeded (db/user.repository.ts seedDemoUsers) and a Chromium to drive it.
 * `env` is the API's whole environment: DESK_ENV unless given (a test adding settings spreads DESK_ENV into its own).
 * Close both with closeDesk. Throws what startStack or the browser's launch throws (the stack is closed then).
 */
export async function startDesk(
  env: Record<string, string> = { ...DESK_ENV },
): Promise<{ s: Stack; browser: Browser }> {
  const s = await startStack({ env });
  try {
    await seedDemoUsers(s.db);
    return { s, browser: await launchBrowser() };
  } catch (e) {
    await s.close();
    throw e;
  }
}

/** Closes what startDesk opened, the browser first; either may be missing (a set-up that failed part way). */
export async function closeDesk(s: Stack | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await s?.close();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-TW'],
  });
}

/**
 * How long a browser test waits for the outcome of a desk write (ms): the slowest answer a write may legitimately
 * get on a busy two-core CI machine (see newPage). Every page's default timeout; polls on write outcomes use it too —
 * a shorter wait on a write failed CI (the plan accept in test/web/plans.test.ts, a 30 s poll).
 */
export const WRITE_WAIT_MS = 45_000;

/** A new page of 1366×900 in the business zone's locale, reduced motion, console errors collected in `errors`. */
export async function newPage(browser: Browser): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-TW',
    timezoneId: 'Europe/London',
    // The person asks for less motion (web/src/theme.ts useReducedMotion): dialogs and menus appear without zooming,
    // so no click is computed on a dialog still moving (CI missed checkboxes and fields that way under load).
    reducedMotion: 'reduce',
  });
  const page = (await context.newPage()) as Page & { errors: string[] };
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // Long enough for the slowest answer a write can legitimately get: the desk retries a 503 twice
  // (web/src/api/client.ts sendWrite), each try bounded by the API's Temporal deadline of 10 s
  // (TEMPORAL_RPC_TIMEOUT_MS) — ≈ 32 s on a busy two-core CI machine before the error shows.
  page.setDefaultTimeout(WRITE_WAIT_MS);
  return page;
}

/** Development sign-in through the picker page: `login` is a seeded user id. */
export async function signInDev(page: Page, baseUrl: string, login: string): Promise<void> {
  await page.goto(`${baseUrl}/desk/sign-in`);
  await page.getByTestId(`sign-in-${login}`).click();
  await page.getByTestId('whoami').waitFor();
}

/**
 * Picks `option` (text of the option's label) in the select whose combobox is labelled `name` inside `scope` (a
 * page or a modal). A native `<select>` (components/Picker.tsx: the filter bars and first-view forms) is picked
 * as the browser does it (selectOption: the option chosen, input and change fired) and the helper waits until it
 * shows the option (`search` is not needed there: the option is found by its text). An antd Select is opened,
 * `search` typed first when given, and the helper waits until the select itself shows
 * the option — a pick lost on a busy machine would otherwise leave the form invalid with nothing said.
 * A pick the select does not show within 10 s is made again (CI lost one under load: the option was clicked,
 * the select stayed empty), at most three times; so is one whose option cannot be clicked within 10 s (a dropdown
 * closing under the click). Each try waits until no dropdown is sliding in or out. Throws (Playwright's strict mode) when `option` matches more
 * than one option, and the last wait's timeout when the third pick is not shown either.
 */
export async function pickOption(
  scope: Page | Locator,
  name: string | RegExp,
  option: string,
  search?: string,
): Promise<void> {
  const page = 'goto' in scope ? scope : scope.page();
  const exact = typeof name === 'string';
  const box = scope.getByRole('combobox', { name, exact });
  await box.waitFor();
  if ((await box.and(page.locator('select')).count()) > 0) {
    // Strict: throws when `option` matches more than one option (as for antd's), waits while the options load.
    const label = (await box.locator('option', { hasText: option }).textContent())!;
    await box.selectOption({ label });
    await expect.poll(() => box.locator('option:checked').textContent(), { timeout: 10_000 }).toBe(label);
    return;
  }
  // The dropdown lives elsewhere in the page; the select (found relative to `scope`) shows the pick.
  const shown = scope.locator('.ant-select', { has: page.getByRole('combobox', { name, exact }), hasText: option });
  for (let attempt = 1; ; attempt++) {
    // A dropdown still sliding in or out (e.g. just closed with Escape) offers options that vanish under the click:
    // CI lost a pick that way (the click waited 45 s for an option of the closing dropdown).
    await dropdownsSettled(page);
    if ((await box.getAttribute('aria-expanded')) !== 'true') await box.click();
    if (search) await box.fill(search);
    await dropdownsSettled(page);
    const choice = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: option,
    });
    // An option that cannot be clicked within 10 s is tried again from the start (the last try waits the default).
    if (attempt === 3) await choice.click();
    else if (
      !(await choice.click({ timeout: 10_000 }).then(
        () => true,
        () => false,
      ))
    )
      continue;
    if (attempt === 3)
      return shown.waitFor().catch(async (e: Error) => {
        // Say what the selects in scope show instead, for the failure message.
        const texts = await scope.locator('.ant-select').allTextContents();
        throw new Error(`${e.message}\nselects in scope show: ${JSON.stringify(texts)}`);
      });
    if (
      await shown.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
}

/**
 * Waits until the native select (components/Picker.tsx) labelled `name` in `scope` — the first such — shows `option`
 * (its chosen option's whole text). `wait` is the wait's timeout.
 */
export async function pickerShows(
  scope: Page | Locator,
  name: string | RegExp,
  option: string,
  wait: { timeout: number } = { timeout: 30_000 },
): Promise<void> {
  const box = scope.getByRole('combobox', { name, exact: typeof name === 'string' }).first();
  await expect
    .poll(() => box.locator('option:checked').textContent({ timeout: wait.timeout }), { ...wait, interval: 200 })
    .toBe(option);
}

/** Waits until no antd select dropdown is sliding in or out (its motion classes `ant-slide-up-…` gone). */
async function dropdownsSettled(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('.ant-select-dropdown[class*="ant-slide-up-"]').count(), {
      timeout: 30_000,
      interval: 100,
    })
    .toBe(0);
}

/**
 * Waits until no antd modal is still zooming in or out (its motion classes `ant-zoom-…` gone): on a busy
 * machine a click computed during the zoom can land beside its target — a checkbox then "did not change
 * its state". Call after a modal appears and before filling it.
 */
export async function modalSettled(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('.ant-modal[class*="ant-zoom-"]').count(), { timeout: 30_000, interval: 100 })
    .toBe(0);
}

/** Runs axe on the page; fails on any serious or critical violation (listed by rule and target). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Judge the resting page, not a frame of a transition: antd animates colours (a step's icon, a
  // button's click wave), and axe sampling mid-animation reports contrast the page never rests at.
  // antd's transitions last 0.1–0.3 s; evaluating script in the page is not an option (the desk's CSP forbids eval).
  await page.waitForTimeout(400);
  // A toast (antd message: 已送出 Done) fading in or out is such a frame too: wait until none is moving.
  await expect
    .poll(() => page.locator('[class*="ant-message-move-up"]').count(), { timeout: 10_000, interval: 100 })
    .toBe(0);
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(bad).toEqual([]);
}

/** Saves a full-page PNG to .data/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * On a sales manager's list (prospects, visit plans) the 業務員 Salesperson picker offers the manager's team only:
 * 陳志明 (sales), not 趙雅婷 (sales_b of the other team, db/user.repository.ts demo users); picks 陳志明 and waits
 * until the address says `ownerId=sales`. `wait` is the waits' timeout.
 */
export async function pickTeamSalesperson(page: Page, wait: { timeout: number }): Promise<void> {
  const owner = /業務員 Salesperson/;
  const options = page.getByRole('combobox', { name: owner }).locator('option');
  await options.filter({ hasText: '陳志明 Chen Zhiming' }).waitFor({ state: 'attached', ...wait });
  expect(await options.filter({ hasText: '趙雅婷' }).count()).toBe(0);
  await pickOption(page, owner, '陳志明 Chen Zhiming');
  await page.waitForURL(/[?&]ownerId=sales(&|$)/, wait);
}
