/**
 * Parts never exceed their whole (issue 13), over HTTP — every route where a part is taken from a whole: a receipt's
 * allocations and the receipt, an allocation and its receivable's outstanding amount (at entry and later), a refund
 * and the receipt's unallocated credit, a credit note / downward adjustment and the outstanding amount, a write-off
 * (proposed and resubmitted) and the outstanding amount. Each one cent beyond is 422 naming the field and writes
 * nothing (no entry, receipt, refund, write-off or audit row); exactly the whole is accepted. (Instalments vs the
 * overdue debt: test/http/collection-cases.test.ts; a promise to pay vs what is owed: receivables.test.ts; a dispute
 * vs its line: reconciliation.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billedJob, overdueReceivable, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { ok, rowCounts } from '../support/http';

let s: Stack;
let customerNo: string;
let receivableId: number;
let jobNo: string;

/** Rows of everything a refused request could have written. */
const counts = () => rowCounts(s.db, ['receipts', 'receivable_entries', 'receipt_refunds', 'write_offs', 'audit_log']);

/** `req` is refused 422 naming `field`, and nothing is written; the refusal's message. */
async function refused(req: () => Promise<{ status: number; body: any }>, field: string): Promise<string> {
  const before = await counts();
  const r = await req();
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(422);
  expect(r.body.details.field).toBe(field);
  expect(await counts()).toBe(before);
  return r.body.message;
}

const outstanding = async () =>
  (await ok(s.http('GET', `/ledgers/${customerNo}`, { as: 'finance' }))).receivables.find(
    (r: { id: number }) => r.id === receivableId,
  ).outstanding as string;

beforeAll(async () => {
  s = await startStack();
  const contract = await signedContract(s);
  customerNo = contract.customerNo;
  jobNo = await billedJob(s, contract.contractNo);
  ({ receivableId } = await overdueReceivable(s.db, {
    jobNo,
    customerNo,
    contractNo: contract.contractNo,
    currency: 'CNY',
    amount: '5000.00',
    daysAgo: 40,
  }));
}, 240_000);
afterAll(async () => s?.close());

describe('parts never exceed their whole', () => {
  it('a receipt: allocations together at most the receipt, each at most its receivable’s outstanding amount', async () => {
    const receipt = (amount: string, allocations: { receivableId: number; amount: string }[]) => () =>
      s.http('POST', '/receipts', {
        as: 'finance',
        body: {
          customerNo,
          payer: '客戶 customer',
          currency: 'CNY',
          amount,
          receivedOn: today(),
          reference: `R-${amount}`,
          allocations,
        },
      });
    await refused(receipt('100.00', [{ receivableId, amount: '100.01' }]), 'allocations');
    await refused(receipt('9000.00', [{ receivableId, amount: '5000.01' }]), 'allocations.0.amount');
    // Exactly the receipt, within the outstanding amount: accepted; the rest of the receivable stays open.
    const r = await ok(receipt('1000.00', [])(), 201);
    expect(r.unallocated).toBe('1000.00');
    const allocate = (amount: string) => () =>
      s.http('POST', `/receipts/${r.id}/allocations`, {
        as: 'finance',
        body: { allocations: [{ receivableId, amount }] },
      });
    await refused(allocate('1000.01'), 'allocations');
    await ok(allocate('1000.00')());
    expect(await outstanding()).toBe('4000.00');
  });

  it('a refund: at most the receipt’s unallocated credit', async () => {
    const r = await ok(
      s.http('POST', '/receipts', {
        as: 'finance',
        body: {
          customerNo,
          payer: '客戶 customer',
          currency: 'CNY',
          amount: '300.00',
          receivedOn: today(),
          reference: 'R-refund',
          allocations: [{ receivableId, amount: '100.00' }],
        },
      }),
      201,
    );
    const refund = (amount: string) => () =>
      s.http('POST', `/receipts/${r.id}/refunds`, { as: 'finance', body: { amount, reference: `F-${amount}` } });
    // The reason in zh-Hant first, the whole named by its amount (never the receipt's id).
    expect(await refused(refund('200.01'), 'amount')).toBe(
      '多於此收款未沖銷的 CNY 200.00 more than the receipt’s unallocated CNY 200.00',
    );
    await ok(refund('200.00')());
    expect(await outstanding()).toBe('3900.00');
  });

  it('a credit note, a downward adjustment, a write-off (proposed and resubmitted): at most the outstanding amount', async () => {
    const entry = (kind: string, amount: string, direction?: string) => () =>
      s.http('POST', `/receivables/${receivableId}/entries`, {
        as: 'finance',
        body: { kind, amount, reason: '更正 correction', ...(direction ? { direction } : {}) },
      });
    await refused(entry('credit_note', '3900.01'), 'amount');
    await refused(entry('adjustment', '3900.01', 'decrease'), 'amount');
    await ok(entry('credit_note', '900.00')(), 201);
    expect(await outstanding()).toBe('3000.00');
    // An upward adjustment raises the whole; it has no cap here.
    const writeOff = (amount: string) => () =>
      s.http('POST', '/write-offs', {
        as: 'sales',
        body: { receivableId, amount, reason: '客戶破產 customer bankrupt' },
      });
    // The receivable named by job number · fee item, as people know it.
    expect(await refused(writeOff('3000.01'), 'amount')).toMatch(
      new RegExp(
        `^多於應收款 ${jobNo} · .+ 的未收款 CNY 3,000\\.00 more than the outstanding CNY 3,000\\.00 of receivable ${jobNo} · `,
      ),
    );
    const w = await ok(writeOff('3000.00')(), 201);
    await ok(
      s.http('POST', `/write-offs/${w.id}/return`, { as: 'gm', body: { comment: '先收部分 collect part first' } }),
    );
    const resubmit = (amount: string) => () =>
      s.http('POST', `/write-offs/${w.id}/resubmit`, {
        as: 'sales',
        body: { amount, reason: '仍無法收回 still none' },
      });
    await refused(resubmit('3000.01'), 'amount');
    await ok(resubmit('2999.99')());
  });
});
