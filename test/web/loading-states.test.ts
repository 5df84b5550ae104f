/**
 * Every page shows its title and a loading indicator (role=status / aria-busy, components/ReadState.tsx or a
 * DataTable's spinner) while its read has not answered — never a blank area, an empty record or a count of 0
 * (issue 12 try-out: the plan page was blank grey, the monthly sheet, visit, statement, diary and deliveries pages
 * had no spinner, the users list said 用戶 Users (0)). The API's reads are held (Playwright page.route) while each
 * route of every role's navigation and the record pages are opened, then released: the indicator must go.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDesk, newPage, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;

beforeAll(async () => {
  ({ s, browser } = await startDesk());
}, 180_000);

afterAll(async () => {
  await closeDesk(s, browser);
});

/** Holds the API's reads (GET fetches; not the desk's files, the session or the configuration) while `hold.on`; `release` lets them go. */
async function holdReads(page: Page) {
  const hold = { on: false, waiting: [] as (() => void)[] };
  await page.route(
    // The session and the configuration answer (the navigation is drawn from them); every other read is held.
    (url) => !url.pathname.startsWith('/desk') && url.pathname !== '/me' && url.pathname !== '/client-config',
    async (route) => {
      if (hold.on && route.request().method() === 'GET' && ['fetch', 'xhr'].includes(route.request().resourceType()))
        await new Promise<void>((r) => hold.waiting.push(r));
      await route.continue().catch(() => undefined);
    },
  );
  const release = () => {
    hold.on = false;
    for (const r of hold.waiting.splice(0)) r();
  };
  return { hold, release };
}

/** The paths the navigation offers the signed-in user. */
async function navPaths(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid^="nav-"] a[href^="/desk/"], a[data-testid^="nav-"][href^="/desk/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href') ?? ''))]);
}

/** Opens each path with the reads held: the page's title and a loading indicator, no count; then released. */
async function checkLoading(page: Page, paths: string[]): Promise<string[]> {
  const { hold, release } = await holdReads(page);
  const faults: string[] = [];
  const main = page.locator('main');
  for (const path of paths) {
    hold.on = true;
    await page.goto(`${s.baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
    // A visible status / busy element inside the page's main region (a locator: the desk's CSP forbids the eval a
    // string predicate of waitForFunction needs, which made every route read "no loading indicator").
    const shown = await main
      .locator('[role="status"]:visible, [aria-busy="true"]:visible')
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    const title =
      (await main
        .locator('h2')
        .first()
        .textContent({ timeout: 2_000 })
        .catch(() => null)) ?? '';
    if (!shown) faults.push(`${path}: no loading indicator`);
    if (!title.trim()) faults.push(`${path}: no title`);
    if (/\(0\)/.test(title)) faults.push(`${path}: a count before it is known: ${title}`);
    release();
    // The read answered: the indicator goes (it stood for the read, not for ever).
    await expect.poll(() => main.locator('[role="status"][aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
  }
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  return faults;
}

describe('loading states 載入中', { timeout: 240_000 }, () => {
  const roles: Record<string, string[]> = {
    sales: ['/desk/plans/1', '/desk/visits/1'],
    sales_manager: [],
    gm: [],
    finance: ['/desk/statements/1', '/desk/customers/C2026-00001'],
    operations: ['/desk/jobs/J2026-000001'],
    auditor: [],
    admin: [],
  };
  for (const [login, records] of Object.entries(roles))
    it(`${login}: every page of the navigation${records.length ? ' and its record pages' : ''}`, async () => {
      const page = await newPage(browser);
      await signInDev(page, s.baseUrl, login);
      const paths = [...(await navPaths(page)), ...records];
      expect(paths.length).toBeGreaterThan(3);
      expect(await checkLoading(page, paths)).toEqual([]);
      await page.close();
    });
});
