/**
 * The desk, part 2, in Chromium against the whole stack: an import job of the J1 kind (3 × 40HQ) opened
 * from a signed contract and followed stage by stage through the job page as each role — every step a
 * button the API's `actions` lists — with a customs exception raised, noted and resolved; two containers
 * arrive and one is pending, and the deliveries board and the day's container volume show it; the
 * monthly sheet's chart and the morning briefing (printed to A4 PDF); an auditor reads the quote's
 * merged history and exports CSV whose rows are the API's; auditors see no write button anywhere;
 * the last container arrives, the GM completes transport over an open exception (manager override) and
 * settlement bills through the billing buttons, the receivables shown on the job page; "my jobs" of a
 * role the job does not wait on leaves it out; the admin manages users; axe on every screen.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedContract, today } from '../support/fixtures';
import {
  closeDesk,
  expectAccessible,
  modalSettled,
  newPage,
  pickOption,
  screenshot,
  SCREENSHOTS,
  signInDev,
  startDesk,
  WRITE_WAIT_MS,
} from '../support/browser';
import { groupThousands } from '../../documents/format';
import { workflowTail } from '../support/diagnostics';
import { pdfText } from '../support/pdf-text';
import { jobWorkflowId } from '../../workflows/ids';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let contract: { contractNo: string; quoteNo: string; customerNo: string };
let jobNo = '';
const pages = new Map<string, Page & { errors: string[] }>();

beforeAll(async () => {
  ({ s, browser } = await startDesk({ NODE_ENV: 'development' }));
  contract = await signedContract(s);
}, 120_000);
afterAll(() => closeDesk(s, browser));

/** One signed-in tab per login, reused. */
async function as(login: string): Promise<Page & { errors: string[] }> {
  let page = pages.get(login);
  if (!page) {
    page = await newPage(browser);
    await signInDev(page, s.baseUrl, login);
    pages.set(login, page);
  }
  return page;
}

async function openJob(login: string): Promise<Page & { errors: string[] }> {
  const page = await as(login);
  await page.goto(`${s.baseUrl}/desk/jobs/${jobNo}`);
  await page.getByTestId('job-status').waitFor();
  return page;
}

/**
 * Clicks the action button `testId` on the job page as `login`, fills the form (`fill` gets the open
 * modal), confirms, and waits until the modal has closed (the step accepted).
 */
async function act(
  login: string,
  testId: string,
  fill?: (modal: ReturnType<Page['locator']>) => Promise<void>,
): Promise<Page & { errors: string[] }> {
  const page = await openJob(login);
  const button = page.getByTestId(`action-${testId}`);
  await button.waitFor();
  expect(await button.isEnabled(), `${login}: ${testId} enabled`).toBe(true);
  await button.click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('step-confirm') });
  await modal.waitFor();
  await modalSettled(page);
  if (fill) await fill(modal);
  await page.getByTestId('step-confirm').click();
  // The desk's own retry window on a 503 (3 tries of the API's 10 s Temporal deadline) fits in the page's
  // default timeout (test/support/browser.ts); a failure says what the job's workflow was doing.
  await modal.waitFor({ state: 'detached' }).catch(async (e) => {
    const err = await page
      .getByTestId('write-error')
      .textContent({ timeout: 1_000 })
      .catch(() => '');
    const history = await workflowTail(s.client, jobWorkflowId(s.temporalConfig.workflowIdPrefix, jobNo));
    throw new Error(`${login} ${testId}: ${err || (e as Error).message}\n${history}\n${s.slowRequests()}`);
  });
  return page;
}

const volumeToday = async () => {
  const r = await s.http('GET', `/boards/container-volume?from=${today()}&to=${today()}`, { as: 'gm' });
  expect(r.status).toBe(200);
  return r.body.total.containersDelivered as number;
};

describe('operations follow a job on the desk', { timeout: 240_000 }, () => {
  it('sales opens a 3 × 40HQ import job from the signed contract on the job board', async () => {
    const page = await as('sales');
    await page.goto(`${s.baseUrl}/desk/jobs`);
    await page.getByTestId('open-job').click();
    const modal = page.locator('.ant-modal');
    await modal.waitFor();
    await modalSettled(page);
    await pickOption(modal, /已簽合同/, contract.contractNo, contract.contractNo);
    await modal.getByLabel(/柜量 Count/).fill('3');
    await modal.getByLabel(/柜號/).fill('MSCU1234566 MSCU2345672 MSCU3456789');
    await modal.getByLabel(/^貨物 Cargo/).fill('手機配件 phone accessories');
    await modal.getByLabel(/起運港/).fill('Los Angeles');
    await modal.getByLabel(/目的港/).fill('鹽田 Yantian');
    await modal.getByLabel(/所需所急/).check();
    await expectAccessible(page, 'open-job');
    await screenshot(page, 'open-job');
    await page.getByTestId('open-job-confirm').click();
    await page.waitForURL(/\/desk\/jobs\/J\d{4}-\d{6}$/).catch(async (e: Error) => {
      // Say why the job page did not open: the API's refusal, the form's own problems, or a slow request.
      const err = await page
        .getByTestId('write-error')
        .textContent({ timeout: 1_000 })
        .catch(() => '');
      const fields = await modal.locator('.ant-form-item-explain-error').allTextContents();
      throw new Error(
        `open job: ${err || e.message}\nform: ${fields.join('; ') || 'no field problem'}\n${s.slowRequests()}`,
      );
    });
    jobNo = page.url().split('/').pop()!;
    await page.getByTestId('job-status').waitFor();
    expect(await page.getByTestId('job-waiting').textContent()).toContain('預付款到帳');
    // The job is on the board, urgent, waiting on finance.
    await page.goto(`${s.baseUrl}/desk/jobs`);
    const row = page.locator('tr', { has: page.getByTestId(`board-open-${jobNo}`) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/急[\s\S]*3 × 40HQ[\s\S]*財務/);
    await expectAccessible(page, 'job-board');
    await screenshot(page, 'job-board');
  });

  it('finance, ocean and customs follow it; customs raises, notes and resolves an exception', async () => {
    // Finance sees it under "my jobs"; ocean does not yet.
    const finance = await as('finance');
    await finance.goto(`${s.baseUrl}/desk/jobs`);
    await finance.getByTestId(`board-open-${jobNo}`).waitFor();
    expect(await finance.getByTestId('my-jobs').getAttribute('aria-checked')).toBe('true');
    // Ocean's "my jobs" (the API's mine=true) does not list it while it waits on finance.
    const ocean = await as('ocean');
    await ocean.goto(`${s.baseUrl}/desk/jobs`);
    await ocean.getByTestId('job-board').waitFor();
    await ocean.waitForLoadState('networkidle');
    expect(await ocean.getByTestId('my-jobs').getAttribute('aria-checked')).toBe('true');
    expect(await ocean.getByTestId(`board-open-${jobNo}`).count()).toBe(0);

    await act('finance', 'payment.prepayment_received');
    await act('finance', 'payment.lc_opened');
    await act('ocean', 'sea.booked');
    await act('ocean', 'sea.loaded');
    await act('customs', 'customs.declared');
    // An exception in customs: raised (customer not told yet), a progress note (customer told), then resolved.
    await act('customs', 'exceptions', async (m) => {
      await pickOption(m, /類型 Type/, '報關異常');
      await m.getByLabel(/異常說明/).fill('品名與申報不符 description mismatch');
      await m.getByLabel(/補救措施/).fill('補充資料 supplementary documents');
    });
    let page = await openJob('customs');
    const exception = page.locator('[data-testid^="exception-"]').first();
    await exception.waitFor();
    expect(await exception.innerText()).toContain('未告知客戶');
    const exceptionId = (await exception.getAttribute('data-testid'))!.replace('exception-', '');
    // The stage cannot be completed over it: the button is there, disabled, with the reason.
    expect(await page.getByTestId('action-customs.released').isDisabled()).toBe(true);
    await expectAccessible(page, 'job-exception');
    await screenshot(page, 'job-exception');
    // How long it has been open, in both languages (「歷時 1 秒 Open for 1 s」, not 「Open for 1 秒」).
    expect(await exception.innerText()).toMatch(/歷時 \d+ 秒 Open for \d+ s\b/);
    // The exceptions board names the salesperson by display name (not the login) and the age in both languages.
    const board = await as('operations');
    await board.goto(`${s.baseUrl}/desk/exceptions`);
    const boardRow = board.locator('tr', { has: board.getByRole('link', { name: jobNo }) });
    await boardRow.waitFor();
    const cells = await boardRow.locator('td').allInnerTexts();
    expect(cells[0]).toBe(jobNo); // on one line
    expect(cells[2]).toBe('陳志明 Chen Zhiming');
    expect(cells.at(-1)).toMatch(/^\d+ 秒 \d+ s$/);
    await act('customs', `exceptions/${exceptionId}/progress`, async (m) => {
      await m.getByLabel(/備註 Note/).fill('已通知客戶補件 customer asked for documents');
      await m.getByLabel(/已告知客戶/).check();
    });
    page = await act('customs', `exceptions/${exceptionId}/resolve`, async (m) => {
      await m.getByLabel(/處理結果/).fill('已補件 documents supplied');
    });
    await page.getByTestId(`exception-${exceptionId}`).getByText('已處理').waitFor();
    expect(await page.getByTestId(`exception-${exceptionId}`).innerText()).toMatch(
      /已告知客戶[\s\S]*已通知客戶補件[\s\S]*已補件/,
    );
    await act('customs', 'customs.released');
    // The exceptions board no longer lists it.
    page = await as('operations');
    await page.goto(`${s.baseUrl}/desk/exceptions`);
    await page.getByTestId('exceptions-board').waitFor();
    await expectAccessible(page, 'exceptions');
  });

  it('operations and dispatch deliver two containers; the deliveries board and the container volume show it', async () => {
    const before = await volumeToday();
    // Step names are the API's (the job step table's), on the job page and the board alike.
    const released = await openJob('operations');
    expect(await released.getByTestId('job-waiting').textContent()).toContain(
      '放行打單 Released and documents printed',
    );
    await released.goto(`${s.baseUrl}/desk/jobs`);
    expect(await released.locator('tr', { has: released.getByTestId(`board-open-${jobNo}`) }).innerText()).toContain(
      '放行打單 Released and documents printed',
    );
    await act('operations', 'transport.documents_printed');
    await act('operations', 'transport.delivery_arranged', async (m) => {
      await m.getByLabel(/送貨日期/).fill(today());
      await m.getByLabel(/送貨地點/).fill('東莞工廠 Dongguan');
    });
    await act('operations', 'transport.order_dispatched');
    for (const c of ['C1', 'C2', 'C3']) {
      await act('dispatch', `transport.truck_assigned-${c}`, async (m) => {
        await m.getByLabel(/車牌/).fill(`粵B1234${c.slice(1)}`);
        await m.getByLabel(/^司機 Driver$/).fill('王師傅');
        await m.getByLabel(/司機電話/).fill('138 0000 0000');
      });
    }
    for (const c of ['C1', 'C2']) {
      await act('dispatch', `transport.picked_up-${c}`);
      await act('operations', `transport.arrived-${c}`, async (m) => {
        await m.getByLabel(/客戶已確認/).check();
      });
    }
    const page = await openJob('operations');
    await expectAccessible(page, 'job');
    await screenshot(page, 'job');
    expect(await page.getByTestId('job-containers').innerText()).toMatch(/C1[\s\S]*王師傅[\s\S]*C3/);
    expect(await page.getByTestId('job-containers').innerText()).toContain('到廠 Arrived at factory');

    await page.goto(`${s.baseUrl}/desk/deliveries`);
    await page.getByTestId('delivered-0').filter({ hasText: '2' }).waitFor();
    expect(await page.getByTestId('pending-0').innerText()).toContain('1');
    expect(
      await page
        .locator(`[data-testid^="arrival-${jobNo}-"]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-arrival'))),
    ).toEqual(['arrived', 'arrived', 'pending']);
    await expectAccessible(page, 'deliveries');
    await screenshot(page, 'deliveries');

    expect(await volumeToday()).toBe(before + 2);
    await page.goto(`${s.baseUrl}/desk/volume`);
    await page
      .getByTestId('volume-total-delivered')
      .filter({ hasText: new RegExp(`^${before + 2}$`) })
      .waitFor();
    await expectAccessible(page, 'volume');
    // The salesperson by display name, not the login `sales`.
    const volumeRows = await page.getByTestId('volume-table').locator('tbody tr').allInnerTexts();
    expect(volumeRows.some((r) => r.includes('陳志明 Chen Zhiming'))).toBe(true);
    expect(volumeRows.some((r) => /\bsales\b/.test(r))).toBe(false);
  });

  it('the monthly sheet charts delivered containers against the budget; the briefing prints on A4', async () => {
    const sales = await as('sales');
    await sales.goto(`${s.baseUrl}/desk/volume/monthly`);
    await sales.getByLabel(/預算柜量/).fill('10');
    await sales.getByRole('button', { name: /儲存/ }).click();
    await sales.getByText('20.00 %').waitFor();
    await sales.getByTestId('monthly-chart').locator('svg[role="application"]').waitFor();
    // Days after today have no running total yet (a dash), today has the month's.
    const rows = sales.getByTestId('monthly-table').locator('tbody tr');
    const lastRow = await rows.last().locator('td').allInnerTexts();
    const todayRow = await rows.filter({ hasText: today() }).locator('td').allInnerTexts();
    expect(todayRow.at(-1)).not.toBe('—');
    if (lastRow[0] !== today()) expect(lastRow.at(-1)).toBe('—');
    await expectAccessible(sales, 'monthly');
    await screenshot(sales, 'monthly');

    // A sales manager sets a team member's budget by picking the name (no login to type); none outside the team.
    const manager = await as('sales_manager');
    await manager.goto(`${s.baseUrl}/desk/volume/monthly`);
    await manager.locator('#monthly-title').waitFor();
    const offered = manager.getByRole('combobox', { name: /業務員 Salesperson/ }).locator('option');
    await offered.filter({ hasText: '陳志明 Chen Zhiming' }).waitFor({ state: 'attached' });
    await pickOption(manager, /業務員 Salesperson/, '陳志明 Chen Zhiming');
    await manager.getByLabel(/預算柜量/).fill('12');
    await manager.getByRole('button', { name: /儲存/ }).click();
    await expect
      .poll(
        async () =>
          (await s.http('GET', `/boards/container-volume/monthly?ownerId=sales`, { as: 'sales' })).body
            .budgetContainers,
        { timeout: WRITE_WAIT_MS },
      )
      .toBe(12);
    expect(await manager.getByTestId('write-error').count()).toBe(0);

    const page = await as('operations');
    await page.goto(`${s.baseUrl}/desk/briefing`);
    await page.getByText(`東莞工廠 Dongguan`).first().waitFor();
    await expectAccessible(page, 'briefing');
    await screenshot(page, 'briefing');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'briefing.pdf'), pdf);
    const text = await pdfText(new Uint8Array(pdf));
    expect(text).toContain('晨會報告');
    expect(text).toContain(jobNo);
    // Navigation and controls are not printed.
    expect(text).not.toContain('接單跟進表');
    expect(text).not.toContain('列印');
  });
});

describe('billing and a manager override on the job page', { timeout: 240_000 }, () => {
  it('the last container arrives; the GM completes transport over its exception; settlement bills and the receivables show', async () => {
    await act('dispatch', 'transport.picked_up-C3');
    await act('operations', 'transport.arrived-C3', async (m) => {
      await m.getByLabel(/客戶已確認/).check();
    });
    await act('operations', 'transport.unloaded-C1');
    await act('operations', 'transport.unloaded-C2');
    await act('operations', 'exceptions', async (m) => {
      await pickOption(m, /類型 Type/, '運輸異常');
      await m.getByLabel(/異常說明/).fill('卸貨延誤 unloading delayed');
    });
    // Operations cannot complete the stage over the open exception; the GM overrides it.
    const ops = await openJob('operations');
    expect(await ops.getByTestId('action-transport.unloaded-C3').isDisabled()).toBe(true);
    // Step buttons read capitalised English like every other label.
    expect(await ops.getByTestId('action-transport.unloaded-C3').innerText()).toMatch(/Unloaded/);
    await act('gm', 'transport.unloaded-C3-override');
    // Billing, each step through its button as settlement.
    await act('settlement', 'billing.reconciled');
    // The billing dialog shows what billing will raise before it is confirmed (the API's preview): lines with
    // their invoice and due dates, totals per currency with separators; an actual charge entered is checked in
    // the form (a bad amount named under its row) and then appears in the preview and its totals.
    const charge = { label: '關稅 import duty', currency: 'CNY', amount: '1200' };
    const expected = await s.http('POST', `/jobs/${jobNo}/billing-preview`, {
      as: 'settlement',
      body: { charges: [{ ...charge, amount: '1200.00' }] },
    });
    expect(expected.status).toBe(200);
    const money = (a: { currency: string; amount: string }) =>
      `${a.currency} ${groupThousands(Number(a.amount).toFixed(a.currency === 'JPY' ? 0 : 2))}`;
    const totals = (expected.body.totals as { currency: string; amount: string }[]).map(money);
    expect(totals.length).toBeGreaterThan(0);
    let shownTotals = '';
    const page = await act('settlement', 'billing.receivables_raised', async (m) => {
      const lines = m.getByTestId('billing-preview-lines');
      await lines.getByText('7,350.00').first().waitFor(); // ocean freight 2,450.00 × 3 × 40HQ
      const shown = await lines.innerText();
      expect(shown).toContain('碼頭操作費');
      expect(shown).toContain(expected.body.lines[0].invoiceDate);
      expect(shown).toContain(expected.body.lines[0].dueDate);
      await m.getByRole('button', { name: /加實際費用/ }).click();
      await m.getByRole('textbox', { name: /費用名稱/ }).fill(charge.label);
      const amount = m.getByRole('textbox', { name: /^金額 Amount$/ });
      await amount.fill('1200.123');
      await m
        .locator('.ant-form-item-explain-error')
        .filter({ hasText: '第 1 行 金額 Row 1 Amount：最多 2 位小數 At most 2 decimals' })
        .waitFor();
      expect(await m.locator('.ant-form-item-explain-error').allTextContents()).not.toContainEqual(
        expect.stringMatching(/\d,amount|金額 Amount.*金額 Amount/),
      );
      await amount.fill(charge.amount);
      await m.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
      await lines.getByText('CNY 1,200.00').waitFor();
      // The totals per currency are the preview's, each with its separators and currency digits.
      await expect
        .poll(() => m.getByTestId('billing-preview-totals').innerText(), { timeout: WRITE_WAIT_MS })
        .toBe(totals.join('\n'));
      shownTotals = await m.getByTestId('billing-preview-totals').innerText();
      await expectAccessible(m.page(), 'billing-preview');
      await screenshot(m.page(), 'billing-preview');
    });
    await page.getByTestId('job-receivables').waitFor();
    const receivables = await page.getByTestId('job-receivables').innerText();
    expect(receivables).toContain('7,350.00'); // ocean freight 2,450.00 × 3 × 40HQ
    expect(receivables).toContain('碼頭操作費');
    expect(receivables).toContain('1,200.00'); // the charge entered in the dialog
    // What billing raised in the customer's ledger adds up, per currency, to what the dialog showed.
    const ledger = (await s.http('GET', `/ledgers/${contract.customerNo}`, { as: 'finance' })).body;
    const raised = new Map<string, number>();
    for (const r of ledger.receivables as { jobNo: string; currency: string; amount: string }[])
      if (r.jobNo === jobNo)
        raised.set(r.currency, Math.round(((raised.get(r.currency) ?? 0) + Number(r.amount)) * 100) / 100);
    const raisedTotals = [...raised]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => money({ currency, amount: String(amount) }));
    expect(shownTotals.split('\n').sort()).toEqual(raisedTotals);
    const ledgerPage = await as('finance');
    await ledgerPage.goto(`${s.baseUrl}/desk/receivables/${contract.customerNo}`);
    const balances = ledgerPage.getByTestId('ledger-balances');
    for (const total of raisedTotals) await balances.getByText(total).first().waitFor();
    expect(receivables).toContain('未收'); // the status is labelled, not the bare code
    expect(receivables).not.toMatch(/\bopen\b/);
    await expectAccessible(page, 'job-billed');
    await screenshot(page, 'job-billed');
    const job = await s.http('GET', `/jobs/${jobNo}`, { as: 'gm' });
    expect(job.body.status).toBe('completed');
  });
});

describe('auditors read everything and change nothing', { timeout: 240_000 }, () => {
  it('opens the quote history timeline with the Temporal link, and exports CSV whose rows are the API’s', async () => {
    const page = await as('auditor');
    await page.goto(`${s.baseUrl}/desk/audit/quote/${contract.quoteNo}`);
    await page.getByTestId('history-audit').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('history-workflow').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('temporal-ui-link').getAttribute('href')).toContain(
      encodeURIComponent(`quote-${contract.quoteNo}`).slice(-12),
    );
    // Steps, states and people by their labels and names, never their keys (domain/labels.ts).
    const timeline = await page.getByTestId('history-timeline').innerText();
    expect(timeline).toContain('記錄簽約'); // contract.signed
    expect(timeline).toContain('商務審核 → 待客戶確認'); // commerce_review → awaiting_customer
    for (const key of ['contract.signed', 'review.approved', 'commerce_review', 'awaiting_customer'])
      expect(await page.getByTestId('history-audit').filter({ hasText: key }).count(), key).toBe(0);
    await expectAccessible(page, 'record-history');
    await screenshot(page, 'record-history');
    // Every audited type has a history page (domain/record-types.ts): a statement with no rows says so; an
    // address of a type the log never holds is a not-found state, not the validator's enum (try-out s13).
    await page.goto(`${s.baseUrl}/desk/audit/statement/999999`);
    await page.getByTestId('history-empty').waitFor({ timeout: 60_000 });
    expect(await page.locator('main h2').first().innerText()).toContain('對帳單 Statement 999999');
    await page.goto(`${s.baseUrl}/desk/audit/invoice/1`);
    await page.getByText('沒有此記錄類別').first().waitFor();
    expect(await page.locator('main').innerText()).not.toContain('expected one of');

    await page.goto(`${s.baseUrl}/desk/audit`);
    await page
      .getByLabel(/^記錄編號 Record no\.$/)
      .last()
      .fill(contract.quoteNo);
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText(contract.quoteNo).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    const csv = readFileSync(await download.path())
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    const api = await s.http('GET', `/audit?recordId=${contract.quoteNo}&limit=200`, { as: 'auditor' });
    expect(api.status).toBe(200);
    expect(lines[0]!.split(',')).toEqual([
      'id',
      'at (Asia/Shanghai)',
      'atUtc',
      'actorId',
      'actorName',
      'actorRole',
      'onBehalfOf',
      'onBehalfOfName',
      'recordType',
      'recordId',
      'action',
      'actionLabel',
      'fromState',
      'fromStateLabel',
      'toState',
      'toStateLabel',
      'comment',
      'changes',
      'rowHash',
    ]);
    const csvRows = lines.slice(1).map((l) => l.split(',')[0] + ':' + l.split(',').at(-1));
    const apiRows = (api.body.items as { id: number; rowHash: string }[]).map((e) => `${e.id}:${e.rowHash}`);
    expect(csvRows.length).toBeGreaterThan(5);
    expect([...csvRows].sort()).toEqual([...apiRows].sort());
    await expectAccessible(page, 'audit');
    await screenshot(page, 'audit');

    // The actor by name from a picker (not a login to guess); a reversed range is said under To.
    await pickOption(page, /操作人 Actor/, '陳志明 Chen Zhiming', '陳志明');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText('陳志明 Chen Zhiming').first().waitFor({ timeout: 15_000 });
    for (const [label, date] of [
      [/^由 From$/, '2026-12-31'],
      [/^至 To$/, '2026-01-01'],
    ] as const) {
      const field = page.getByLabel(label);
      await field.click({ timeout: 15_000 });
      await field.fill(date);
      await field.press('Enter');
    }
    await page.getByTestId('audit-search').click();
    await page.getByText('不可早於「由」 must not be before From').waitFor({ timeout: 15_000 });

    await page.getByRole('tab', { name: /步驟耗時/ }).click();
    await page.getByTestId('step-durations').locator('tbody tr').first().waitFor();
    // States by their names (草稿 Draft), durations in both languages — no raw key.
    const durations = await page.getByTestId('step-durations').locator('tbody').first().innerText();
    expect(durations).toContain('草稿 Draft');
    expect(durations).not.toMatch(/\b(draft|commerce_review|awaiting_customer)\b/);
    expect(durations).toMatch(/\d+ (秒|分|小時|天)[^\n]* \d+ (s|min|h|d)\b/);
    await page.getByRole('tab', { name: /雜湊鏈/ }).click();
    await page.getByTestId('audit-verify').click();
    expect(await page.getByTestId('audit-verify-result').innerText()).toContain('雜湊鏈完整');
    expect(await page.getByTestId('audit-verify-detail').innerText()).toMatch(/\d+ 筆記錄各自成鏈.*\d+ 個檢查點/);
    await expectAccessible(page, 'audit-verify');
  });

  it('no write button appears for an auditor on any screen', async () => {
    const page = await as('auditor');
    const writeButtons =
      '[data-testid^="action-"], [data-testid="open-job"], [data-testid="step-confirm"], [data-testid="user-new"], [data-testid^="user-edit-"], [data-testid^="user-deactivate-"], [data-testid^="user-reactivate-"], [data-testid="template-new"], [data-testid="template-publish"]';
    for (const path of [
      `/desk/jobs/${jobNo}`,
      '/desk/jobs',
      '/desk/deliveries',
      '/desk/exceptions',
      '/desk/volume',
      '/desk/volume/monthly',
      '/desk/briefing',
      '/desk/audit',
      `/desk/audit/job/${jobNo}`,
      '/desk/users',
      '/desk/contract-templates',
    ]) {
      await page.goto(`${s.baseUrl}${path}`);
      await page
        .locator('main h2')
        .first()
        .waitFor()
        .catch((e: Error) => {
          throw new Error(`${path}: ${e.message} ${page.errors.join('; ')}`);
        });
      await page.waitForLoadState('networkidle');
      expect(await page.locator(writeButtons).count(), path).toBe(0);
      expect(await page.getByRole('button', { name: /儲存|確認|開立|停用/ }).count(), path).toBe(0);
    }
    // Auditors read the users (names, roles, managers by name) and the reference data.
    await page.goto(`${s.baseUrl}/desk/users`);
    await page.getByTestId('users-table').getByText('sales_manager_b').waitFor();
    expect(await page.getByText('Administrators only').count()).toBe(0);
    await page.goto(`${s.baseUrl}/desk/contract-templates`);
    await page.getByTestId('template-card').first().waitFor();
    // The job itself is readable, with its timeline.
    await page.goto(`${s.baseUrl}/desk/jobs/${jobNo}`);
    await page.getByTestId('stage-customs').getByText('放行').waitFor();
    expect(page.errors).toEqual([]);
  });
});

describe('the admin manages users', { timeout: 120_000 }, () => {
  it('creates a user, changes their display name and deactivates them; each change audited', async () => {
    const page = await as('admin');
    await page.goto(`${s.baseUrl}/desk/users`);
    await page.getByTestId('users-table').getByText('sales').first().waitFor();
    await expectAccessible(page, 'users');
    await screenshot(page, 'users');
    await page.getByTestId('user-new').click();
    let modal = page.locator('.ant-modal');
    await modal.getByLabel(/登入名稱/).fill('dispatch_2');
    await modal.getByLabel(/顯示名稱/).fill('第二派車 Dispatch two');
    await pickOption(modal, /角色/, '運送調度 Dispatch', '運送調度');
    await page.getByTestId('user-save').click();
    await modal.waitFor({ state: 'detached' });
    const row = page.locator('tr', { has: page.getByTestId('user-edit-dispatch_2') });
    await row.waitFor();
    expect(await row.innerText()).toContain('第二派車 Dispatch two');

    await page.getByTestId('user-edit-dispatch_2').click();
    modal = page.locator('.ant-modal');
    await modal.getByLabel(/顯示名稱/).fill('派車二 Dispatch 2');
    await page.getByTestId('user-save').click();
    await modal.waitFor({ state: 'detached' });
    await row.getByText('派車二 Dispatch 2').waitFor();

    await page.getByTestId('user-deactivate-dispatch_2').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await row.getByText('已停用').waitFor();

    const audit = await s.http('GET', '/audit?recordType=user&recordId=dispatch_2', { as: 'auditor' });
    expect(audit.status).toBe(200);
    expect(audit.body.total).toBe(3);
    // An admin has no deactivate button for themself.
    expect(await page.getByTestId('user-deactivate-admin').count()).toBe(0);
  });
});
