/**
 * Every list page at a 1366×768 window (issue 13: the customer ledger's Actions column was cut off): each table's
 * last column and the buttons in it can be brought into the viewport — by scrolling the table's region sideways
 * (TableScroll), the page, or a column fixed on the right — and show their whole label. Every page in the
 * navigation of the roles below is opened (each page once, by the first role that sees it), plus the customer
 * ledger for finance and for a salesperson (its Actions column differs per role) and a job's page.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../db/user.repository';
import { billedJob, signedContract } from '../support/fixtures';
import { launchBrowser, newPage, screenshot, signInDev } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;
let jobNo: string;

const VIEWPORT = { width: 1366, height: 768 };

beforeAll(async () => {
  s = await startStack({ env: { NODE_ENV: 'development', RATE_LIMIT_WRITES_PER_MINUTE: '0' } });
  await seedDemoUsers(s.db);
  const contract = await signedContract(s);
  customerNo = contract.customerNo;
  jobNo = await billedJob(s, contract.contractNo, '12000.00');
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/**
 * Null when `el` can be seen and read at a 1366×768 window, else what is wrong: scrolled into view (with
 * `sideways`, also by scrolling its table's region or the page sideways; without, only up and down — every
 * sideways scroll put back to 0), its box is inside the viewport, its centre not covered or clipped by an
 * ancestor, and its label not cut inside its own box.
 */
async function reachable(el: Locator, sideways: boolean): Promise<string | null> {
  return el.evaluate(
    (node, { vp, sideways }) => {
      type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };
      type El = {
        getBoundingClientRect(): Box;
        scrollIntoView(o: unknown): void;
        scrollWidth: number;
        clientWidth: number;
        scrollLeft: number;
        parentElement: El | null;
        contains(o: unknown): boolean;
        textContent: string | null;
      };
      const g = globalThis as unknown as {
        document: { elementFromPoint(x: number, y: number): unknown };
        scrollTo(x: number, y: number): void;
        scrollY: number;
      };
      const e = node as unknown as El;
      e.scrollIntoView({ block: 'center', inline: 'center' });
      if (!sideways) {
        for (let a = e.parentElement; a; a = a.parentElement) a.scrollLeft = 0;
        g.scrollTo(0, g.scrollY);
      }
      const r = e.getBoundingClientRect();
      const name = (e.textContent ?? '').trim().slice(0, 40);
      if (r.width === 0 || r.height === 0) return `"${name}" has no size`;
      if (r.left < 0 || r.right > vp.width + 0.5)
        return `"${name}" spans x ${Math.round(r.left)}–${Math.round(r.right)}, outside the window's 0–${vp.width}`;
      const hit = g.document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!e.contains(hit)) return `"${name}" is covered or clipped at its centre`;
      if (e.scrollWidth > e.clientWidth + 1) return `"${name}" shows ${e.clientWidth} of its ${e.scrollWidth} px`;
      return null;
    },
    { vp: VIEWPORT, sideways },
  );
}

/** Waits until the page's heading shows and nothing is loading, then checks each table's last column. */
async function checkTables(page: Page, where: string): Promise<string[]> {
  await page.locator('main h2, main h1').first().waitFor();
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
  const problems: string[] = [];
  const tables = page.locator('main .desk-table-wrapper:visible');
  const n = await tables.count();
  for (let i = 0; i < n; i++) {
    const table = tables.nth(i);
    // The header's last column.
    const headers = table.locator('thead tr:last-child > th');
    const h = await headers.count();
    if (h === 0) continue;
    const last = headers.nth(h - 1);
    // The last column can be scrolled to …
    const bad = await reachable(last, true);
    if (bad) problems.push(`${where} table ${i + 1} header: ${bad}`);
    // … and buttons in it are in sight without scrolling sideways (a column of buttons stays at the right edge).
    const buttons = table.locator('tbody tr.desk-table-row > td:last-child').locator('button, a.ant-btn, input');
    const b = Math.min(await buttons.count(), 6);
    for (let j = 0; j < b; j++) {
      const problem = await reachable(buttons.nth(j), false);
      if (problem) {
        problems.push(`${where} table ${i + 1} last column: ${problem}`);
        break;
      }
    }
  }
  return problems;
}

describe('list pages at 1366×768', { timeout: 900_000 }, () => {
  it('every table’s last column and its buttons can be reached and read on every page of the navigation', async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    const visit = async (login: string, extra: string[]) => {
      const page = await newPage(browser);
      await page.setViewportSize(VIEWPORT);
      await signInDev(page, s.baseUrl, login);
      const links = await page
        .locator('nav [data-testid^="nav-"]')
        .evaluateAll((as) =>
          as.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href') ?? ''),
        );
      for (const href of [...links.filter((l) => !seen.has(l)), ...extra]) {
        seen.add(href);
        await page.goto(`${s.baseUrl}${href}`);
        problems.push(...(await checkTables(page, `${login} ${href}`)));
      }
      expect(page.errors).toEqual([]);
      await page.close();
    };
    await visit('finance', [`/desk/receivables/${customerNo}`, `/desk/jobs/${jobNo}`]);
    await visit('sales', [`/desk/receivables/${customerNo}`]);
    for (const login of ['gm', 'commerce', 'auditor', 'admin']) await visit(login, []);
    // The reported page, kept for a look.
    const ledger = await newPage(browser);
    await ledger.setViewportSize(VIEWPORT);
    await signInDev(ledger, s.baseUrl, 'finance');
    await ledger.goto(`${s.baseUrl}/desk/receivables/${customerNo}`);
    await checkTables(ledger, 'ledger');
    await screenshot(ledger, 'ledger-1366');
    expect(problems).toEqual([]);
  });
});
