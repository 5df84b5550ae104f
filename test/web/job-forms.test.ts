/**
 * The job's forms and refusals in Chromium (s12 try-out): each field's message names it as its label does; the
 * job's rules on typed fields — ISO 6346 container numbers, ETA not before ETD, a delivery date not before today —
 * are said under the field before anything is sent, in both languages; a refusal of the API naming a field (a box
 * on another job in progress) is shown under that field; a step refused now says why on the page, not only in a
 * tooltip; the payment options are in both languages.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedContract, today } from '../support/fixtures';
import { closeDesk, modalSettled, newPage, pickOption, signInDev, startDesk } from '../support/browser';
import type { Stack } from '../support/stack';

let s: Stack;
let browser: Browser;
let contract: { contractNo: string; quoteNo: string; customerNo: string };

beforeAll(async () => {
  ({ s, browser } = await startDesk({ NODE_ENV: 'development' }));
  contract = await signedContract(s);
}, 120_000);
afterAll(() => closeDesk(s, browser));

const jobBody = (numbers?: string[]) => ({
  contractNo: contract.contractNo,
  direction: 'import',
  containers: { type: '40HQ', count: 1, ...(numbers ? { numbers } : {}) },
  cargo: '手機配件 phone accessories',
  portOfLoading: 'Los Angeles',
  portOfDischarge: '鹽田 Yantian',
});

/** Opens a job over the API; takes the steps it waits for (first role) until `stage`; returns its number. */
async function jobAt(stage: string, numbers?: string[]): Promise<string> {
  const r = await s.http('POST', '/jobs', { as: 'sales', body: jobBody(numbers) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  let detail = r.body;
  while (detail.stage !== stage) {
    const due = detail.waiting[0];
    const next = await s.http('POST', `/jobs/${detail.jobNo}/steps/${due.step}`, {
      as: due.roles[0],
      body: due.container ? { container: due.container } : {},
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    detail = next.body;
  }
  return detail.jobNo as string;
}

/** The messages under a form's fields, as shown. */
const fieldErrors = (modal: Locator) => modal.locator('.ant-form-item-explain-error').allInnerTexts();

/** The POST requests the page sends to `path` from now on. */
function postsTo(page: Page, path: RegExp): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && path.test(new URL(r.url()).pathname)) sent.push(r.url());
  });
  return sent;
}

describe('the job’s forms and refusals', { timeout: 240_000 }, () => {
  it('open a job: messages name the fields as labelled; numbers and ETA are checked before sending; a box on another job is refused under 柜號', async () => {
    const page = await newPage(browser);
    await signInDev(page, s.baseUrl, 'sales');
    await page.goto(`${s.baseUrl}/desk/jobs`);
    await page.getByTestId('open-job').click();
    const modal = page.locator('.ant-modal');
    await modal.waitFor();
    await modalSettled(page);
    const posts = postsTo(page, /^\/jobs$/);
    await page.getByTestId('open-job-confirm').click();
    await modal.getByText('起運港 Port of loading：必填 required').waitFor();
    expect(await fieldErrors(modal)).toEqual(
      expect.arrayContaining(['起運港 Port of loading：必填 required', '目的港 Port of discharge：必填 required']),
    );
    await modal.getByText('起運港 Port of loading', { exact: true }).waitFor();

    // Payment options in both languages.
    await modal.getByRole('combobox', { name: '付款方式 Payment method' }).click();
    await page.locator('.ant-select-item-option', { hasText: '信用證 L/C' }).waitFor();
    await page.locator('.ant-select-item-option', { hasText: '電匯 T/T' }).waitFor();
    await page.keyboard.press('Escape');

    await pickOption(modal, /已簽合同/, contract.contractNo, contract.contractNo);
    // The contract covers L/C only (its one payment line): T/T, which the API would refuse, is not offered.
    await modal.getByRole('combobox', { name: '付款方式 Payment method' }).click();
    await expect
      .poll(() => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts(), {
        timeout: 15_000,
      })
      .toEqual(['信用證 L/C']);
    await page.keyboard.press('Escape');
    await modal.getByLabel(/^貨物 Cargo/).fill('手機配件 phone accessories');
    await modal.getByLabel(/^起運港/).fill('Los Angeles');
    await modal.getByLabel(/^目的港/).fill('鹽田 Yantian');
    await modal.getByLabel(/^柜號/).fill('ABCD1234567');
    await modal.getByLabel(/^預計開船 ETD/).fill('2026-12-20');
    await modal.getByLabel(/^預計到港 ETA/).fill('2026-12-05');
    await page.getByTestId('open-job-confirm').click();
    await modal.getByText(/^第 1 個柜號 Container number 1：設備類別須為 U（貨櫃），不是 D/).waitFor();
    await modal.getByText('預計到港 ETA：不可早於預計開船 must not be before ETD').waitFor();
    expect(posts).toEqual([]);

    // The number is another open job's: the API's 422 is shown under 柜號 Container numbers, zh + en.
    const other = await jobAt('payment', ['TGHU1234567']);
    await modal.getByLabel(/^柜號/).fill('TGHU1234567');
    await modal.getByLabel(/^預計到港 ETA/).fill('2026-12-25');
    await page.getByTestId('open-job-confirm').click();
    const under = modal.locator('.ant-form-item', { has: page.getByLabel(/^柜號/) }).locator('.ant-form-item-explain');
    await under.getByText(`柜 TGHU1234567 已在作業 ${other}（C1），尚未完成`, { exact: false }).waitFor();
    expect(await under.innerText()).toContain('第 1 個柜號 Container number 1');
    expect(await page.getByTestId('write-error').innerText()).toContain('不符業務規則 Refused by a business rule');
    expect(posts.length).toBe(1);
    expect(page.errors).toEqual([]);
  });

  it('the job page: a step refused now says why under the buttons; a past delivery date is refused under the field; pickup names a held box under 柜號', async () => {
    const held = await jobAt('payment', ['CSQU3054383']);
    const jobNo = await jobAt('customs');
    await s.http('POST', `/jobs/${jobNo}/steps/customs.declared`, { as: 'customs', body: {} });
    const raised = await s.http('POST', `/jobs/${jobNo}/exceptions`, {
      as: 'customs',
      body: { stage: 'customs', type: 'customs_anomaly', description: '品名不符 mismatch', customerNotified: false },
    });
    expect(raised.status).toBe(200);
    const customs = await newPage(browser);
    await signInDev(customs, s.baseUrl, 'customs');
    await customs.goto(`${s.baseUrl}/desk/jobs/${jobNo}`);
    const refused = customs.getByTestId('job-actions').getByTestId('refused-steps');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/不可辦理 Not available: .*放行 Released \(有未結異常 open exception\)/i);

    // The exception resolved, the job goes on to transport; a delivery date in the past is refused in the form.
    const x = raised.body.exceptions[0].id as number;
    await s.http('POST', `/jobs/${jobNo}/exceptions/${x}/resolve`, {
      as: 'customs',
      body: { resolution: '已處理 done' },
    });
    for (const [as, step] of [
      ['customs', 'customs.released'],
      ['operations', 'transport.documents_printed'],
    ] as const)
      expect((await s.http('POST', `/jobs/${jobNo}/steps/${step}`, { as, body: {} })).status).toBe(200);
    const ops = await newPage(browser);
    await signInDev(ops, s.baseUrl, 'operations');
    await ops.goto(`${s.baseUrl}/desk/jobs/${jobNo}`);
    await ops.getByTestId('action-transport.delivery_arranged').click();
    const modal = ops.locator('.ant-modal').filter({ has: ops.getByTestId('step-confirm') });
    await modal.waitFor();
    await modalSettled(ops);
    const posts = postsTo(ops, /\/steps\//);
    await modal.getByLabel(/^送貨日期 Delivery date/).fill('2020-01-01');
    await modal.getByLabel(/^送貨地點 Delivery place/).fill('東莞工廠 Dongguan');
    await ops.getByTestId('step-confirm').click();
    await modal.getByText(`送貨日期 Delivery date：不可早於今天 must not be before today (${today()})`).waitFor();
    expect(posts).toEqual([]);
    await modal.getByLabel(/^送貨日期 Delivery date/).fill(today());
    await ops.getByTestId('step-confirm').click();
    await modal.waitFor({ state: 'detached' });

    // Pickup: C1's number typed as another open job's box — the API's 422 under 柜號, zh + en.
    await s.http('POST', `/jobs/${jobNo}/steps/transport.order_dispatched`, { as: 'operations', body: {} });
    await s.http('POST', `/jobs/${jobNo}/steps/transport.truck_assigned`, {
      as: 'dispatch',
      body: { container: 'C1', truck: '粵B12345', driver: '王師傅', driverPhone: '138 0000 0000' },
    });
    const dispatch = await newPage(browser);
    await signInDev(dispatch, s.baseUrl, 'dispatch');
    await dispatch.goto(`${s.baseUrl}/desk/jobs/${jobNo}`);
    await dispatch.getByTestId('action-transport.picked_up-C1').click();
    const pickup = dispatch.locator('.ant-modal').filter({ has: dispatch.getByTestId('step-confirm') });
    await pickup.waitFor();
    await modalSettled(dispatch);
    await pickup.getByLabel(/^柜號 Container number/).fill('CSQU3054383');
    await dispatch.getByTestId('step-confirm').click();
    await pickup
      .getByText(`柜號 Container number：柜 CSQU3054383 已在作業 ${held}（C1），尚未完成`, { exact: false })
      .waitFor();
    expect(await dispatch.getByTestId('write-error').innerText()).toContain('不符業務規則');

    // C1 picked up: its 派車 and 提柜 are done, the job waits for operations. Dispatch is offered no button for a done
    // step, nor told it is "not yet" (try-out s13: a disabled 派車 Truck assigned C1 「尚未輪到此步 not yet」).
    const picked = await s.http('POST', `/jobs/${jobNo}/steps/transport.picked_up`, {
      as: 'dispatch',
      body: { container: 'C1' },
    });
    expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    await dispatch.goto(`${s.baseUrl}/desk/jobs/${jobNo}`);
    await dispatch.getByTestId('job-actions').waitFor();
    await dispatch.getByTestId('job-waiting').getByText(/到廠/).waitFor();
    expect(await dispatch.getByTestId('job-actions').innerText()).not.toMatch(/派車|提柜|尚未輪到此步/);
    expect(await dispatch.locator('[data-testid^="action-transport."]').count()).toBe(0);
    expect([...customs.errors, ...ops.errors, ...dispatch.errors]).toEqual([]);
  });
});
