/**
 * Every list page at a 1366×768 window (issue 13: the customer ledger's Actions column was cut off): each table's
 * last column and the buttons in it can be brought into the viewport — by scrolling the table's region sideways
 * (TableScroll), the page, or a column fixed on the right — and show their whole label. Every page in the
 * navigation of the roles below is opened (each page once, by the first role that sees it), plus the customer
 * ledger for finance and for a salesperson (its Actions column differs per role) and a job's page.
 *
 * The tables a finance user works in fit the window without sideways scrolling (issue 13, the lead's decision): the
 * customer ledger's receivables, receipts and entries, and every receivables page (aging, collections, statements and
 * a statement, write-offs, disputes, collection cases and a case, balances) with rows in them — no scrolling box
 * wider than its region, no sticky column lying over another cell, no text wrapped to a few characters a line.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollectionScanSchedule } from '../../lib/collection-scan';
import {
  billedJob,
  customsLine,
  oceanLine,
  overdueReceivable,
  signedContract,
  today,
  transportLine,
} from '../support/fixtures';
import { closeDesk, newPage, screenshot, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let customerNo: string;
let jobNo: string;
let scheduleId: string;
let statementId: number;

const VIEWPORT = { width: 1366, height: 768 };

beforeAll(async () => {
  ({ s, browser } = await startDesk());
  const contract = await signedContract(s);
  customerNo = contract.customerNo;
  jobNo = await billedJob(s, contract.contractNo, '12000.00');
  // Rows on every receivables page: an overdue receivable (a collection case opens on it, a write-off is proposed),
  // a receipt partly allocated, a credit note, a statement sent and disputed.
  const { receivableId } = await overdueReceivable(s.db, {
    jobNo,
    customerNo,
    contractNo: contract.contractNo,
    currency: 'CNY',
    amount: '12345.67',
    daysAgo: 40,
  });
  const must = async (status: number, call: Promise<{ status: number; body: any }>) => {
    const r = await call;
    if (r.status !== status) throw new Error(`fixture: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await must(
    201,
    s.http('POST', '/receipts', {
      as: 'finance',
      body: {
        customerNo,
        payer: '深圳市某某貿易有限公司 Shenzhen Trading Co.',
        currency: 'CNY',
        amount: '5000.00',
        receivedOn: today(),
        reference: 'BANK-20261201-0001',
        allocations: [{ receivableId, amount: '3000.00' }],
      },
    }),
  );
  await must(
    201,
    s.http('POST', `/receivables/${receivableId}/entries`, {
      as: 'finance',
      body: {
        kind: 'credit_note',
        amount: '345.67',
        reason: '運費折讓（客戶投訴延誤）freight allowance for a late delivery',
      },
    }),
  );
  await must(
    201,
    s.http('POST', '/write-offs', {
      as: 'sales',
      body: { receivableId, amount: '1000.00', reason: '客戶破產 customer insolvent' },
    }),
  );
  const statement = await must(
    201,
    s.http('POST', '/statements', {
      as: 'finance',
      body: { customerNo, periodFrom: '2020-01-01', periodTo: today() },
    }),
  );
  statementId = statement.statementId ?? statement.id;
  await must(200, s.http('POST', `/statements/${statementId}/send`, { as: 'finance', body: {} }));
  await must(
    200,
    s.http('POST', `/statements/${statementId}/dispute`, {
      as: 'sales',
      body: { lines: [{ lineNo: 1, reason: '金額不符 amount disputed' }] },
    }),
  );
  scheduleId = await ensureCollectionScanSchedule(s.client, { ...s.temporalConfig, everyMs: 2000 });
}, 240_000);
afterAll(async () => {
  await s?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await closeDesk(s, browser);
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
    expect(problems).toEqual([]);
  });
});

/**
 * What keeps the page's visible tables from fitting a 1366 px window, one line per fault (none: []): the page, a
 * table's scrolling box or its TableScroll region wider than it shows (sideways scrolling); a sticky cell whose box
 * meets another cell of its row while nothing is scrolled (it covers it); a cell whose text wraps to lines of a few
 * characters (3 lines or more of under 8 characters on average).
 */
async function fitProblems(page: Page, where: string): Promise<string[]> {
  await page.locator('main h2, main h1').first().waitFor();
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
  // A record page draws its heading before its data (the statement page did, and was measured empty): wait for a
  // table; a page whose tables never come still fails below ("no table found") after the wait.
  await page
    .locator('main .desk-table-wrapper:visible')
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  return page.locator('main .desk-table-wrapper:visible').evaluateAll((wrappers, where) => {
    type Box = { left: number; right: number; top: number; width: number };
    type El = {
      scrollWidth: number;
      clientWidth: number;
      scrollLeft: number;
      textContent: string | null;
      getBoundingClientRect(): Box;
      querySelectorAll(s: string): ArrayLike<El>;
      closest(s: string): El | null;
      children: ArrayLike<El>;
    };
    const g = globalThis as unknown as {
      document: {
        scrollingElement: El;
        createRange(): { selectNodeContents(n: El): void; getClientRects(): ArrayLike<Box> };
        createTreeWalker(root: El, what: number): { nextNode(): El | null };
      };
      getComputedStyle(e: El): { position: string };
    };
    const out: string[] = [];
    // Every page checked here has a table: none found means the selectors no longer match the desk's tables.
    if (wrappers.length === 0) out.push(`${where}: no table found`);
    const doc = g.document.scrollingElement;
    if (doc.scrollWidth > doc.clientWidth + 1)
      out.push(`${where}: the page is ${doc.scrollWidth} px wide in ${doc.clientWidth}`);
    (wrappers as unknown as El[]).forEach((w, i) => {
      const name = `${where} table ${i + 1}`;
      const boxes = [...Array.from(w.querySelectorAll('.desk-table-scroll')), w.closest('[role="region"]')];
      for (const b of boxes) {
        if (!b) continue;
        b.scrollLeft = 0;
        if (b.scrollWidth > b.clientWidth + 1)
          out.push(`${name}: scrolls sideways (${b.scrollWidth} px in ${b.clientWidth})`);
      }
      for (const row of Array.from(w.querySelectorAll('thead > tr, tbody > tr.desk-table-row'))) {
        const cells = Array.from(row.children);
        const sticky = cells.filter((c) => g.getComputedStyle(c).position === 'sticky');
        for (const st of sticky) {
          const a = st.getBoundingClientRect();
          for (const c of cells) {
            if (c === st || c.getBoundingClientRect().width === 0) continue;
            const b = c.getBoundingClientRect();
            if (a.left < b.right - 1 && b.left < a.right - 1)
              out.push(`${name}: the sticky column covers "${(c.textContent ?? '').trim().slice(0, 30)}"`);
          }
        }
        for (const c of cells) {
          // Each run of text on its own: a cell of several lines by design (a date above a term) is no fault.
          const walker = g.document.createTreeWalker(c, 4 /* NodeFilter.SHOW_TEXT */);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const text = (n.textContent ?? '').trim();
            if (!text) continue;
            const range = g.document.createRange();
            range.selectNodeContents(n);
            const lines = new Set(
              Array.from(range.getClientRects())
                .filter((r) => r.width > 0)
                .map((r) => Math.round(r.top)),
            ).size;
            if (lines >= 3 && text.length / lines < 8)
              out.push(`${name}: "${text.slice(0, 30)}" wraps to ${lines} lines of a few characters`);
          }
        }
      }
    });
    return [...new Set(out)];
  }, where);
}

describe('the tables a finance user works in fit 1366×768', { timeout: 600_000 }, () => {
  it('the customer ledger and every receivables page: no sideways scrolling, nothing covered, no narrow text', async () => {
    // The collection case the scan opens on the overdue receivable.
    let caseId: number | undefined;
    await expect
      .poll(
        async () => {
          const list = (await s.http('GET', `/collection-cases?customerNo=${customerNo}&mine=false`, { as: 'finance' }))
            .body;
          caseId = list.items?.[0]?.caseId;
          return caseId;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBeDefined();
    const page = await newPage(browser);
    await page.setViewportSize(VIEWPORT);
    await signInDev(page, s.baseUrl, 'finance');
    const problems: string[] = [];
    const pages: [string, string][] = [
      [`/desk/receivables/${customerNo}`, 'ledger-1366'],
      ['/desk/receivables', 'aging-1366'],
      ['/desk/collections', 'collections-1366'],
      ['/desk/statements', 'statements-1366'],
      [`/desk/statements/${statementId}`, 'statement-1366'],
      ['/desk/write-offs', 'write-offs-1366'],
      ['/desk/disputes', 'disputes-1366'],
      ['/desk/collection-cases', 'collection-cases-1366'],
      [`/desk/collection-cases/${caseId}`, 'collection-case-1366'],
      ['/desk/balances', 'balances-1366'],
    ];
    for (const [href, shot] of pages) {
      await page.goto(`${s.baseUrl}${href}`);
      if (shot === 'ledger-1366') {
        // All three tables have rows: a partly allocated receipt, its allocation and the credit note among the entries.
        await page.getByTestId('ledger-receipts').getByText('BANK-20261201-0001').waitFor();
        await page
          .getByTestId('ledger-entries')
          .getByText(/運費折讓/)
          .waitFor();
      }
      problems.push(...(await fitProblems(page, href)));
      await screenshot(page, shot);
    }
    expect(page.errors).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe(
  'line editors fit 1366×768 (issue 11 try-outs: the tariff line editor cut Price and Budget cost)',
  {
    timeout: 600_000,
  },
  () => {
    it('a draft tariff’s line editor: no sideways scrolling, every field of a line in sight', async () => {
      const draft = await s.http('POST', '/tariffs', {
        as: 'commerce',
        body: { title: '1366 draft', effectiveFrom: today(), lines: [oceanLine(), customsLine(), transportLine()] },
      });
      expect(draft.status).toBe(201);
      const page = await newPage(browser);
      await page.setViewportSize(VIEWPORT);
      await signInDev(page, s.baseUrl, 'commerce');
      await page.goto(`${s.baseUrl}/desk/tariffs/${draft.body.versionNo}`);
      await page.getByTestId('line-2-price').waitFor();
      const problems = await fitProblems(page, 'tariff line editor');
      // Each field of each line is in sight without scrolling sideways; the amounts and dates show whole (a long
      // commodity or place may run on inside its box, as text in any input does).
      for (let i = 0; i < 3; i++)
        for (const field of ['price', 'budgetCost', 'validFrom', 'validTo', 'routeTo', 'commodity']) {
          const bad = await reachable(page.getByTestId(`line-${i}-${field}`), false);
          if (bad && !(/^(routeTo|commodity)$/.test(field) && / shows \d+ of its \d+ px$/.test(bad)))
            problems.push(`line ${i + 1} ${field}: ${bad}`);
        }
      await screenshot(page, 'tariff-line-editor-1366');
      expect(page.errors).toEqual([]);
      expect(problems).toEqual([]);
    });
  },
);
