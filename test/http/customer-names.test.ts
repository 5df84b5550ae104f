/**
 * The desk prints a customer as `C0001 name` (web/src/format/labels.ts customerText), so the answers it prints
 * customers from carry the name beside the number, read in the same query (issue 11 try-outs: the inbox and the job
 * page showed `C0001` alone): GET /inbox items, GET /jobs/{no} and GET /jobs items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let customerNo: string;
let fullName: string;
let jobNo: string;
let quoteNo: string;

beforeAll(async () => {
  s = await startStack();
  const { customerNo: no, contractNo } = await signedContract(s);
  customerNo = no;
  fullName = (await s.http('GET', `/customers/${customerNo}`, { as: 'sales' })).body.fullName;
  const job = await s.http('POST', '/jobs', {
    as: 'sales',
    body: {
      contractNo,
      direction: 'import',
      containers: { type: '40HQ', count: 1 },
      cargo: '手機配件 phone accessories',
      portOfLoading: 'Los Angeles',
      portOfDischarge: 'Yantian',
    },
  });
  expect(job.status).toBe(201);
  jobNo = job.body.jobNo;
  // A second quote submitted: commerce's review waits in commerce's inbox.
  const q = await s.http('POST', '/quotes', {
    as: 'sales',
    body: {
      customerNo,
      validUntil: addDays(today(), 30),
      lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
    },
  });
  expect(q.status).toBe(201);
  quoteNo = q.body.quoteNo;
  expect((await s.http('POST', `/quotes/${quoteNo}/submit`, { as: 'sales' })).status).toBe(200);
}, 240_000);
afterAll(() => s?.close());

describe('customer names beside their numbers', { timeout: 120_000 }, () => {
  it('the job, the job list and a quote’s inbox item name the customer', async () => {
    expect(fullName).toBeTruthy();
    const detail = await s.http('GET', `/jobs/${jobNo}`, { as: 'finance' });
    expect(detail.body).toMatchObject({ customerNo, customerName: fullName });
    const list = await s.http('GET', `/jobs?customerNo=${customerNo}`, { as: 'finance' });
    expect(list.body.items).toEqual([expect.objectContaining({ jobNo, customerNo, customerName: fullName })]);
    await expect
      .poll(
        async () =>
          ((await s.http('GET', '/inbox?limit=200', { as: 'commerce' })).body.items as Record<string, unknown>[]).find(
            (i) => i.recordId === quoteNo,
          ),
        { timeout: 30_000, interval: 500 },
      )
      .toMatchObject({ customerNo, customerName: fullName });
  });
});
