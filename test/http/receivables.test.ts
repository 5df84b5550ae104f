/**
 * Receivables over HTTP (issue 13): a billed job's receivables in the customer's ledger with due dates
 * from the contract's payment terms, a partial receipt, outstanding amounts, over-payment kept as credit,
 * refunds, credit notes and adjustments, balances as of past dates, aging at its boundary days, the Excel
 * reports, idempotent retries, refusals that write nothing, and who sees and does what.
 */
import { groupThousands } from '../../documents/format';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, billedJob, signedContract, today } from '../support/fixtures';
import { setCreditHold } from '../../db/collection-case.repository';
import { Decimal } from '../../lib/money';
import { startStack, type Stack } from '../support/stack';
import { ok, rowCounts } from '../support/http';

let s: Stack;
let contractNo: string;
let quoteNo: string;
let customerNo: string;
let jobNo: string;

/** Row counts of the ledger's tables (a refusal must leave them as they are). */
const ledgerCounts = () => rowCounts(s.db, ['receipts', 'receivable_entries', 'receipt_refunds']);

const ledger = (as = 'finance', asOf?: string) =>
  ok(s.http('GET', `/ledgers/${customerNo}${asOf ? `?asOf=${asOf}` : ''}`, { as }));

beforeAll(async () => {
  s = await startStack();
  ({ contractNo, customerNo, quoteNo } = await signedContract(s));
  await s.addUser('sales_manager2', 'sales_manager');
  await s.addUser('sales2', 'sales', 'sales_manager2');
  // 30 days after invoice for this contract (commerce); the standard terms would be monthly statement + 15.
  const terms = await ok(
    s.http('PUT', `/contracts/${contractNo}/payment-terms`, {
      as: 'commerce',
      body: { kind: 'days_after_invoice', days: 30 },
    }),
  );
  expect(terms.text).toBe('days_after_invoice+30');
  jobNo = await billedJob(s, contractNo);
}, 240_000);
afterAll(async () => s?.close());

describe('the ledger of a billed job', () => {
  it('holds each receivable with invoice and due date from the contract’s terms, its invoice entry, balances per currency', async () => {
    const l = await ledger();
    expect(l.customerNo).toBe(customerNo);
    const duty = l.receivables.find((r: any) => r.source === 'actual_charge');
    expect(duty).toMatchObject({
      jobNo,
      contractNo,
      currency: 'CNY',
      amount: '12000.00',
      invoiceDate: today(),
      dueDate: addDays(today(), 30),
      paymentTerms: 'days_after_invoice+30',
      outstanding: '12000.00',
      bucket: 'not_due',
    });
    expect(l.entries.filter((e: any) => e.kind === 'invoice')).toHaveLength(l.receivables.length);
    const currencies = l.balances.map((b: any) => b.currency);
    expect(currencies).toEqual([...new Set(currencies)].sort());
    expect(currencies).toEqual(expect.arrayContaining(['CNY', 'USD']));
    for (const b of l.balances) {
      const mine = l.receivables.filter((r: any) => r.currency === b.currency);
      const sum = mine.reduce((a: number, r: any) => a + Math.round(Number(r.outstanding) * 100), 0);
      expect(Math.round(Number(b.outstanding) * 100)).toBe(sum);
    }
    // As of yesterday nothing was invoiced yet.
    const before = await ledger('finance', addDays(today(), -1));
    expect(before.receivables).toEqual([]);
    expect(before.balances).toEqual([]);
  });

  it('a partial receipt lowers the outstanding amount; a retry with its key changes nothing; the rest is unallocated credit', async () => {
    const l = await ledger();
    const duty = l.receivables.find((r: any) => r.source === 'actual_charge');
    const body = {
      customerNo,
      payer: '客戶 The customer',
      currency: 'CNY',
      amount: '10000.00',
      receivedOn: today(),
      reference: 'BANK-0001',
      allocations: [{ receivableId: duty.id, amount: '8000.00' }],
    };
    const headers = { 'idempotency-key': 'receipt-1' };
    const r = await ok(s.http('POST', '/receipts', { as: 'finance', body, headers }), 201);
    expect(r).toMatchObject({ amount: '10000.00', allocated: '8000.00', unallocated: '2000.00', refunded: '0.00' });
    expect(r.allocations).toEqual([expect.objectContaining({ receivableId: duty.id, amount: '8000.00' })]);
    const counts = await ledgerCounts();
    const again = await ok(s.http('POST', '/receipts', { as: 'finance', body, headers }), 200);
    expect(again.id).toBe(r.id);
    expect(await ledgerCounts()).toBe(counts);

    const after = await ledger();
    const d = after.receivables.find((x: any) => x.id === duty.id);
    expect(d).toMatchObject({ received: '8000.00', outstanding: '4000.00' });
    // The job page tells the same from the same entries: part settled (or overdue), 4,000 outstanding.
    const onJob = (await ok(s.http('GET', `/jobs/${duty.jobNo}`, { as: 'gm' }))).receivables.find(
      (x: any) => x.label === d.label && x.currency === 'CNY',
    );
    expect(onJob).toMatchObject({ outstanding: '4000.00', status: d.daysPastDue > 0 ? 'overdue' : 'part_settled' });
    const cny = after.balances.find((b: any) => b.currency === 'CNY');
    expect(cny.unallocatedCredit).toBe('2000.00');
    expect(Number(cny.net)).toBeCloseTo(Number(cny.outstanding) - 2000, 2);
    const audit = await s.db
      .selectFrom('audit_log')
      .selectAll()
      .where('record_type', '=', 'receipt')
      .where('record_id', '=', String(r.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['receipt.entered']);

    // The credit is allocated later; more than is left is refused and writes nothing.
    const tooMuch = await s.http('POST', `/receipts/${r.id}/allocations`, {
      as: 'finance',
      body: { allocations: [{ receivableId: duty.id, amount: '2000.01' }] },
    });
    expect(tooMuch.status).toBe(422);
    expect(await ledgerCounts()).toBe(counts);
    const allocated = await ok(
      s.http('POST', `/receipts/${r.id}/allocations`, {
        as: 'finance',
        body: { allocations: [{ receivableId: duty.id, amount: '2000.00' }] },
      }),
    );
    expect(allocated.unallocated).toBe('0.00');
    expect((await ledger()).receivables.find((x: any) => x.id === duty.id).outstanding).toBe('2000.00');
  });

  it('over-payment stays as credit and can be refunded, never beyond the credit', async () => {
    const duty = (await ledger()).receivables.find((r: any) => r.source === 'actual_charge');
    const r = await ok(
      s.http('POST', '/receipts', {
        as: 'finance',
        body: {
          customerNo,
          payer: 'The customer',
          currency: 'CNY',
          amount: '5000.00',
          receivedOn: today(),
          reference: 'BANK-0002',
          allocations: [{ receivableId: duty.id, amount: '2000.00' }],
        },
      }),
      201,
    );
    expect(r.unallocated).toBe('3000.00');
    expect((await ledger()).receivables.find((x: any) => x.id === duty.id)).toMatchObject({
      outstanding: '0.00',
      bucket: 'settled',
    });
    const counts = await ledgerCounts();
    const over = await s.http('POST', `/receipts/${r.id}/refunds`, {
      as: 'finance',
      body: { amount: '3000.01', reference: 'REFUND-X' },
    });
    expect(over.status).toBe(422);
    expect(await ledgerCounts()).toBe(counts);
    const refunded = await ok(
      s.http('POST', `/receipts/${r.id}/refunds`, {
        as: 'finance',
        body: { amount: '1000.00', reference: 'REFUND-1' },
      }),
    );
    expect(refunded).toMatchObject({ refunded: '1000.00', unallocated: '2000.00' });
    expect(refunded.refunds).toHaveLength(1);
  });

  it('refuses a second receipt with a bank reference the customer already has (409 naming it), also when sent at once', async () => {
    const body = {
      customerNo,
      payer: 'The customer',
      currency: 'CNY',
      amount: '1000.00',
      receivedOn: today(),
      reference: 'BANK-DUP-1',
    };
    const key = 'dup-receipt-first';
    const first = await s.http('POST', '/receipts', { as: 'finance', body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    const counts = await ledgerCounts();
    // The same money again (another tab, a re-entry after a reload), also typed with other case and spaces.
    for (const reference of ['BANK-DUP-1', ' bank-dup-1 ', 'BANK - DUP-1']) {
      const again = await s.http('POST', '/receipts', { as: 'finance', body: { ...body, reference } });
      expect(again.status, reference).toBe(409);
      expect(again.body.details).toMatchObject({ reason: 'duplicate', field: 'reference', receiptId: first.body.id });
      expect(again.body.message).toContain(`已於 ${today()} 登記為收款 #${first.body.id}（CNY 1,000.00）`);
      expect(again.body.message).toContain(`already booked as receipt #${first.body.id} of ${today()} (CNY 1,000.00)`);
    }
    expect(await ledgerCounts()).toEqual(counts);
    // A retry of the first (same key) is answered again, not refused.
    const retry = await s.http('POST', '/receipts', { as: 'finance', body, headers: { 'Idempotency-Key': key } });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    // Two entries of one new reference at once: one is booked, the other refused.
    const both = await Promise.all(
      [1, 2].map(() => s.http('POST', '/receipts', { as: 'finance', body: { ...body, reference: 'BANK-DUP-2' } })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const audit = await s.db
      .selectFrom('audit_log')
      .select('record_id')
      .where('action', '=', 'receipt.entered')
      .where(sql<string>`changes->>'reference'`, 'in', ['BANK-DUP-1', 'BANK-DUP-2'])
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('credit notes and adjustments are their own entries; none may take a receivable below zero', async () => {
    const usd = (await ledger()).receivables.find((r: any) => r.currency === 'USD');
    const before = Number(usd.outstanding);
    const cn = await ok(
      s.http('POST', `/receivables/${usd.id}/entries`, {
        as: 'finance',
        body: { kind: 'credit_note', amount: '100.00', reason: '折讓 discount agreed' },
      }),
      201,
    );
    expect(cn).toMatchObject({
      kind: 'credit_note',
      amount: '-100.00',
      createdBy: 'finance',
      createdByName: '吳麗娟 Wu Lijuan',
    });
    // People by display name beside their ids; the invoice entry of billing is the system's.
    const entries = (await ledger()).entries as { kind: string; createdBy: string; createdByName: string | null }[];
    expect(entries.find((e) => e.kind === 'invoice')).toMatchObject({
      createdBy: 'system',
      createdByName: '系統 System',
    });
    await ok(
      s.http('POST', `/receivables/${usd.id}/entries`, {
        as: 'settlement',
        body: { kind: 'adjustment', direction: 'increase', amount: '10.50', reason: '漏計 missed fee' },
      }),
      201,
    );
    const now = (await ledger()).receivables.find((r: any) => r.id === usd.id);
    expect(Number(now.outstanding)).toBeCloseTo(before - 100 + 10.5, 2);
    expect(now).toMatchObject({ credited: '-100.00', adjusted: '10.50' });
    const counts = await ledgerCounts();
    const refusals = await Promise.all([
      s.http('POST', `/receivables/${usd.id}/entries`, {
        as: 'finance',
        body: { kind: 'adjustment', direction: 'decrease', amount: '99999999.00', reason: 'x' },
      }),
      s.http('POST', `/receivables/${usd.id}/entries`, {
        as: 'finance',
        body: { kind: 'credit_note', amount: '1.001', reason: 'x' },
      }),
      s.http('POST', `/receivables/${usd.id}/entries`, {
        as: 'finance',
        body: { kind: 'adjustment', amount: '1.00', reason: 'no direction' },
      }),
      s.http('POST', `/receivables/${usd.id}/entries`, {
        as: 'finance',
        body: { kind: 'credit_note', amount: '1.00', reason: 'x', entryDate: addDays(today(), 1) },
      }),
      s.http('POST', `/receivables/999999/entries`, {
        as: 'finance',
        body: { kind: 'credit_note', amount: '1.00', reason: 'x' },
      }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([422, 400, 400, 422, 404]);
    expect(await ledgerCounts()).toBe(counts);
    // Entries are never changed: the database refuses it.
    await expect(sql`update receivable_entries set amount = 0 where id = ${cn.id}`.execute(s.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses bad receipts with a clear 4xx and writes nothing', async () => {
    const l = await ledger();
    const usd = l.receivables.find((r: any) => r.currency === 'USD');
    const cny = l.receivables.find((r: any) => r.currency === 'CNY' && Number(r.outstanding) > 0);
    const base = { customerNo, payer: 'x', currency: 'CNY', amount: '100.00', receivedOn: today(), reference: 'R' };
    const counts = await ledgerCounts();
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ ...base, amount: '100.001' }, 400, 'amount'],
      [{ ...base, currency: 'JPY', amount: '100.5' }, 400, 'amount'],
      [{ ...base, amount: '0.00' }, 400, 'amount'],
      [{ ...base, amount: '-5.00' }, 400, 'amount'],
      [{ ...base, receivedOn: addDays(today(), 1) }, 422],
      [{ ...base, customerNo: 'C1999-99999' }, 404],
      [{ ...base, allocations: [{ receivableId: usd.id, amount: '1.00' }] }, 422], // another currency
      [{ ...base, allocations: [{ receivableId: cny.id, amount: '100.01' }] }, 422], // beyond the receipt
      [{ ...base, allocations: [{ receivableId: cny.id, amount: '1.001' }] }, 400],
      [{ ...base, extra: true }, 400],
    ];
    for (const [body, status, field] of cases) {
      const r = await s.http('POST', '/receipts', { as: 'finance', body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (field) expect(JSON.stringify(r.body.details)).toContain(field);
    }
    expect(await ledgerCounts()).toBe(counts);
  });
});

describe('dates on which money moved', () => {
  it('refuse tomorrow (business time zone) with 422 naming the field and write nothing; today is accepted', async () => {
    // Receipt, refund, credit note / adjustment and the collection call record what happened: never after today.
    // A promise to pay is the one money date that lies ahead by nature (only not before its call, tested above);
    // a write-off carries no date of its own (the GM's decision is dated by the step).
    const tomorrow = addDays(today(), 1);
    const receipt = await ok(
      s.http('POST', '/receipts', {
        as: 'finance',
        body: { customerNo, payer: 'x', currency: 'CNY', amount: '10.00', receivedOn: today(), reference: 'TODAY' },
      }),
      201,
    );
    const cny = (await ledger()).receivables.find((r: any) => r.currency === 'CNY');
    const counts = await ledgerCounts();
    const refusals: [string, Promise<{ status: number; body: any }>][] = [
      [
        'receivedOn',
        s.http('POST', '/receipts', {
          as: 'finance',
          body: { customerNo, payer: 'x', currency: 'CNY', amount: '10.00', receivedOn: tomorrow, reference: 'T' },
        }),
      ],
      [
        'refundedOn',
        s.http('POST', `/receipts/${receipt.id}/refunds`, {
          as: 'finance',
          body: { amount: '1.00', reference: 'RF', refundedOn: tomorrow },
        }),
      ],
      [
        'entryDate',
        s.http('POST', `/receivables/${cny.id}/entries`, {
          as: 'finance',
          body: { kind: 'adjustment', direction: 'increase', amount: '1.00', reason: 'x', entryDate: tomorrow },
        }),
      ],
    ];
    for (const [field, call] of refusals) {
      const r = await call;
      expect(r.status, field).toBe(422);
      expect(r.body.details.field, field).toBe(field);
      expect(r.body.message).toContain('in the future');
    }
    expect(await ledgerCounts()).toBe(counts);
    await ok(
      s.http('POST', `/receipts/${receipt.id}/refunds`, {
        as: 'finance',
        body: { amount: '1.00', reference: 'RF', refundedOn: today() },
      }),
    );
  });
});

describe('dates on which money moved, looking back', () => {
  it('refuse a day before the start of last year (business time zone) with 422 naming the field, in zh-Hant and English; writes nothing', async () => {
    // A typo (1990 for this year) would book money into closed years and age it by decades.
    const earliest = `${Number(today().slice(0, 4)) - 1}-01-01`;
    const dayBefore = addDays(earliest, -1);
    const receipt = await ok(
      s.http('POST', '/receipts', {
        as: 'finance',
        body: { customerNo, payer: 'x', currency: 'CNY', amount: '5.00', receivedOn: earliest, reference: 'EARLIEST' },
      }),
      201,
    );
    const cny = (await ledger()).receivables.find((r: any) => r.currency === 'CNY');
    const counts = await ledgerCounts();
    const receiptOn = (receivedOn: string) =>
      s.http('POST', '/receipts', {
        as: 'finance',
        body: { customerNo, payer: 'x', currency: 'CNY', amount: '10.00', receivedOn, reference: `OLD ${receivedOn}` },
      });
    const refusals: [string, string, Promise<{ status: number; body: any }>][] = [
      ['receivedOn', '收款日 1990-01-01', receiptOn('1990-01-01')],
      ['receivedOn', `收款日 ${dayBefore}`, receiptOn(dayBefore)],
      [
        'refundedOn',
        `退款日 ${dayBefore}`,
        s.http('POST', `/receipts/${receipt.id}/refunds`, {
          as: 'finance',
          body: { amount: '1.00', reference: 'RF-OLD', refundedOn: dayBefore },
        }),
      ],
      [
        'entryDate',
        `日期 ${dayBefore}`,
        s.http('POST', `/receivables/${cny.id}/entries`, {
          as: 'finance',
          body: { kind: 'credit_note', amount: '1.00', reason: 'x', entryDate: dayBefore },
        }),
      ],
    ];
    for (const [field, named, call] of refusals) {
      const r = await call;
      expect([r.status, r.body.details.field], field).toEqual([422, field]);
      const date = named.split(' ')[1];
      expect(r.body.message).toBe(
        `${named} 不可早於去年年初 ${earliest} ${field} ${date} must not be before the start of last year (${earliest})`,
      );
    }
    expect(await ledgerCounts()).toBe(counts);
  });
});

describe('aging', () => {
  it('counts each boundary day in its bucket (0 not yet due, 1–30, 31–60, 61–90, over 90) as of any date', async () => {
    const usd = (await ledger()).receivables.find((r: any) => r.currency === 'USD');
    const expected: [number, string][] = [
      [0, 'not_due'],
      [1, 'd1_30'],
      [30, 'd1_30'],
      [31, 'd31_60'],
      [60, 'd31_60'],
      [61, 'd61_90'],
      [90, 'd61_90'],
      [91, 'over_90'],
    ];
    for (const [days, key] of expected) {
      const asOf = addDays(usd.dueDate, days);
      const a = await ok(
        s.http('GET', `/receivables/aging?asOf=${asOf}&customerNo=${customerNo}&currency=USD`, { as: 'finance' }),
      );
      expect(a.buckets.map((b: any) => b.key)).toEqual(['not_due', 'd1_30', 'd31_60', 'd61_90', 'over_90']);
      const row = a.rows.find((r: any) => r.customerNo === customerNo);
      const nonZero = Object.entries(row.buckets)
        .filter(([, v]) => Number(v) !== 0)
        .map(([k]) => k);
      expect(nonZero, `${days} days`).toEqual([key]);
      expect(a.totals).toEqual([expect.objectContaining({ currency: 'USD', outstanding: row.outstanding })]);
      expect(a.bySalesperson).toEqual([expect.objectContaining({ ownerId: 'sales', currency: 'USD' })]);
      const list = await ok(
        s.http('GET', `/receivables?asOf=${asOf}&customerNo=${customerNo}&currency=USD`, { as: 'sales' }),
      );
      expect(list.items.every((r: any) => r.daysPastDue === days)).toBe(true);
    }
    const custom = await ok(s.http('GET', `/receivables/aging?buckets=15,45&currency=USD`, { as: 'finance' }));
    expect(custom.buckets.map((b: any) => b.key)).toEqual(['not_due', 'd1_15', 'd16_45', 'over_45']);
    expect((await s.http('GET', '/receivables/aging?buckets=60,30', { as: 'finance' })).status).toBe(400);
  });

  it('exports the aging, the receivables detail and the unpaid list as Excel workbooks', async () => {
    const rowCounts: Record<string, number> = {};
    for (const report of ['aging', 'detail', 'unpaid']) {
      const res = await fetch(`${s.baseUrl}/receivables/export?report=${report}&customerNo=${customerNo}`, {
        headers: { authorization: `Bearer ${await s.token('finance')}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const ws = wb.worksheets[0]!;
      const values = ws.getSheetValues().flat().map(String);
      expect(
        values.some((v) => v.includes(customerNo)),
        report,
      ).toBe(true);
      rowCounts[report] = ws.actualRowCount;
      if (report !== 'aging') {
        // Invoice and due dates (columns 8, 9 of the first data row) are Excel dates shown yyyy-mm-dd, not text.
        const first = ws.getRow(3);
        for (const i of [8, 9]) {
          expect(first.getCell(i).value, `${report} column ${i}`).toBeInstanceOf(Date);
          expect(first.getCell(i).numFmt).toBe('yyyy-mm-dd');
        }
      }
    }
    // The settled duty is in the detail, not in the unpaid list.
    expect(rowCounts.unpaid).toBe(rowCounts.detail! - 1);
  });
});

describe('the payment record in commerce’s review context', () => {
  it('is the customer’s aging line per currency as of today, overdue apart, and its credit hold', async () => {
    const ctx = async () =>
      (await ok(s.http('GET', `/quotes/${quoteNo}/review-context`, { as: 'commerce' }))).paymentRecord;
    const aging = await ok(s.http('GET', `/receivables/aging?customerNo=${customerNo}`, { as: 'finance' }));
    // A role that does not read the ledger sees the review context without it.
    const ocean = await ok(s.http('GET', `/quotes/${quoteNo}/review-context`, { as: 'ocean' }));
    expect(ocean.paymentRecord).toBeNull();
    const before = await ctx();
    expect(before.asOf).toBe(today());
    expect(before.creditHold).toBeNull();
    expect(before.currencies.map((c: any) => c.currency)).toEqual(aging.rows.map((r: any) => r.currency));
    for (const c of before.currencies) {
      const row = aging.rows.find((r: any) => r.currency === c.currency);
      expect(c).toMatchObject({ outstanding: row.outstanding, unallocatedCredit: row.unallocatedCredit });
    }
    // Nothing is due yet (30 days after invoice): nothing overdue.
    const usd = before.currencies.find((c: any) => c.currency === 'USD');
    expect(usd).toMatchObject({ overdue: '0.00', oldestBucket: { key: 'not_due' } });

    // One USD receivable falls due 40 days ago (the clock moved on); the customer goes on credit hold.
    const receivable = (await ledger()).receivables.find((r: any) => r.currency === 'USD' && Number(r.outstanding) > 0);
    await s.db
      .updateTable('receivables')
      .set({ due_date: addDays(today(), -40) })
      .where('id', '=', receivable.id)
      .execute();
    await s.db
      .transaction()
      .execute((trx) =>
        setCreditHold(trx, { customerNo, onHold: true, reason: '逾期未付 overdue', caseId: null, by: 'system' }),
      );
    try {
      const after = await ctx();
      expect(after.currencies.find((c: any) => c.currency === 'USD')).toMatchObject({
        overdue: receivable.outstanding,
        oldestBucket: { key: 'd31_60', labelEn: '31–60 days' },
      });
      expect(after.creditHold).toMatchObject({ reason: '逾期未付 overdue' });
    } finally {
      await s.db
        .updateTable('receivables')
        .set({ due_date: receivable.dueDate })
        .where('id', '=', receivable.id)
        .execute();
      await s.db
        .transaction()
        .execute((trx) => setCreditHold(trx, { customerNo, onHold: false, reason: '', caseId: null, by: 'system' }));
    }
  });
});

describe('the morning briefing 晨會報告', () => {
  it('carries the ledger per currency: open, overdue, customers overdue, receipts of yesterday', async () => {
    const tomorrow = addDays(today(), 1);
    const b = await ok(s.http('GET', `/briefing?date=${tomorrow}`, { as: 'finance' }));
    const aging = await ok(s.http('GET', `/receivables/aging?asOf=${tomorrow}`, { as: 'finance' }));
    expect(b.receivables.map((r: any) => r.currency)).toEqual(aging.totals.map((t: any) => t.currency));
    for (const r of b.receivables) {
      const t = aging.totals.find((x: any) => x.currency === r.currency);
      expect(r.outstanding, r.currency).toBe(t.outstanding);
      const overdue = Object.entries(t.buckets)
        .filter(([k]) => k !== 'not_due')
        .reduce((n, [, v]) => n + Math.round(Number(v) * 100), 0);
      expect(Math.round(Number(r.overdue) * 100), r.currency).toBe(overdue);
    }
    // Receipts entered today are yesterday's collection in tomorrow's briefing.
    const { sum } = await s.db
      .selectFrom('receipts')
      .select((eb) => eb.fn.sum<string>('amount').as('sum'))
      .where('currency', '=', 'CNY')
      .where('received_on', '=', today())
      .executeTakeFirstOrThrow();
    expect(Number(sum)).toBeGreaterThan(0);
    expect(Number(b.receivables.find((r: any) => r.currency === 'CNY').collectedYesterday)).toBe(Number(sum));
    // Today's briefing: nothing was received yesterday.
    const todays = await ok(s.http('GET', '/briefing', { as: 'finance' }));
    expect(todays.receivables.every((r: any) => Number(r.collectedYesterday) === 0)).toBe(true);
    // A role that does not read the ledger gets the briefing without it.
    expect((await ok(s.http('GET', '/briefing', { as: 'ocean' }))).receivables).toBeNull();
  });
});

describe('who sees and does what', () => {
  it('finance alone enters receipts; auditors read only; salespeople see their own customers only', async () => {
    const body = { customerNo, payer: 'x', currency: 'CNY', amount: '1.00', receivedOn: today(), reference: 'R' };
    const counts = await ledgerCounts();
    for (const as of ['sales', 'settlement', 'gm', 'auditor']) {
      const r = await s.http('POST', '/receipts', { as, body });
      expect(r.status, as).toBe(403);
      if (as === 'auditor') expect(r.body.details.reason).toBe('read_only');
    }
    expect(
      (
        await s.http('POST', `/receivables/1/entries`, {
          as: 'auditor',
          body: { kind: 'credit_note', amount: '1.00', reason: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await s.http('PUT', `/contracts/${contractNo}/payment-terms`, {
          as: 'finance',
          body: { kind: 'days_after_invoice', days: 5 },
        })
      ).status,
    ).toBe(403);
    expect(await ledgerCounts()).toBe(counts);

    await ledger('sales');
    await ledger('auditor');
    await ledger('sales_manager');
    expect((await s.http('GET', `/ledgers/${customerNo}`, { as: 'sales2' })).status).toBe(404);
    expect((await s.http('GET', `/ledgers/${customerNo}`, { as: 'sales_manager2' })).status).toBe(404);
    expect((await s.http('GET', `/ledgers/${customerNo}`, { as: 'operations' })).status).toBe(403);
    for (const path of ['/receivables', '/receipts', '/receivables/aging']) {
      const r = await ok(s.http('GET', path, { as: 'sales2' }));
      expect(JSON.stringify(r)).not.toContain(customerNo);
      const mine = await ok(s.http('GET', path, { as: 'sales' }));
      expect(JSON.stringify(mine)).toContain(customerNo);
    }
    const receipt = (await ok(s.http('GET', '/receipts', { as: 'finance' }))).items[0];
    expect((await s.http('GET', `/receipts/${receipt.id}`, { as: 'sales2' })).status).toBe(404);
    expect((await s.http('GET', `/receipts/${receipt.id}`, { as: 'sales' })).status).toBe(200);
  });
});

describe('the ledger’s actions', () => {
  it('carry each role’s steps, judged by the routes’ rules: a listed step is taken, an unlisted one refused', async () => {
    type Action = { step: string; path: string; allowed: boolean; reason?: string };
    const steps = (actions: Action[]) => actions.map((a) => `${a.step}${a.allowed ? '' : `:${a.reason}`}`).sort();
    const fin = await ledger('finance');
    expect(steps(fin.actions)).toEqual(['receipts', 'statements']);
    const open = fin.receivables.find((r: { outstanding: string }) => r.outstanding !== '0.00');
    expect(steps(open.actions)).toEqual(['entries']);
    for (const p of fin.receipts)
      expect(steps(p.actions)).toEqual(
        p.unallocated === '0.00' ? ['allocations:wrong_state', 'refunds:wrong_state'] : ['allocations', 'refunds'],
      );
    // Billed today on 30 days' terms: not yet due, so no write-off (§3.4.2 bad debt is money past its due date).
    expect(open.dueDate > today()).toBe(true);
    const settleNotDue = await ledger('settlement');
    expect(steps(settleNotDue.receivables.find((r: { id: number }) => r.id === open.id).actions)).toEqual([
      'entries',
      'write-off:not_due',
    ]);
    const writeOffCount = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from write_offs`.execute(s.db)).rows[0]!.n);
    const auditCount = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from audit_log where record_type = 'write_off'`.execute(s.db))
          .rows[0]!.n,
      );
    const [wBefore, aBefore] = [await writeOffCount(), await auditCount()];
    const dueDate = open.dueDate as string;
    const setDue = (d: string) =>
      s.db.updateTable('receivables').set({ due_date: d }).where('id', '=', open.id).execute();
    // The due day itself (business time zone) is not yet overdue — the aging's rule (domain/ledger.ts isPastDue).
    for (const due of [dueDate, today()]) {
      await setDue(due);
      for (const as of ['sales', 'settlement']) {
        const refused = await s.http('POST', '/write-offs', {
          as,
          body: { receivableId: open.id, amount: '1.00', reason: 'not due yet' },
          headers: { 'idempotency-key': `not-due-${as}-${due}` },
        });
        expect(refused.status, JSON.stringify(refused.body)).toBe(422);
        expect(refused.body.details).toMatchObject({ field: 'receivableId', reason: 'not_due' });
        expect(refused.body.message).toContain(due);
      }
      const l = await ledger('sales');
      expect(l.receivables.find((r: { id: number }) => r.id === open.id).bucket).toBe('not_due');
      expect(steps(l.receivables.find((r: { id: number }) => r.id === open.id).actions)).toEqual(['write-off:not_due']);
    }
    expect([await writeOffCount(), await auditCount()]).toEqual([wBefore, aBefore]);
    // The day after its due day it is 1 day past due: the write-off is offered and taken.
    await setDue(addDays(today(), -1));
    const settle = await ledger('settlement');
    expect(steps(settle.actions)).toEqual(['statements']);
    expect(settle.receivables.find((r: { id: number }) => r.id === open.id).bucket).toBe('d1_30');
    expect(steps(settle.receivables.find((r: { id: number }) => r.id === open.id).actions)).toEqual([
      'entries',
      'write-off',
    ]);
    const sales = await ledger('sales');
    expect(sales.actions).toEqual([]);
    expect(steps(sales.receivables.find((r: { id: number }) => r.id === open.id).actions)).toEqual(['write-off']);
    expect(sales.receipts.every((p: { actions: Action[] }) => p.actions.length === 0)).toBe(true);
    for (const as of ['auditor', 'gm', 'sales_manager']) {
      const l = await ledger(as);
      expect(l.actions, as).toEqual([]);
      expect(
        l.receivables.every((r: { actions: Action[] }) => r.actions.length === 0),
        as,
      ).toBe(true);
    }

    // The salesperson's listed write-off step is taken; then it is no longer allowed (one waiting proposal).
    const wo = await ok(
      s.http('POST', '/write-offs', {
        as: 'sales',
        body: { receivableId: open.id, amount: '1.00', reason: 'ledger actions test' },
      }),
      201,
    );
    const after = await ledger('sales');
    expect(steps(after.receivables.find((r: { id: number }) => r.id === open.id).actions)).toEqual([
      'write-off:wrong_state',
    ]);
    expect(
      (
        await s.http('POST', '/write-offs', {
          as: 'sales',
          body: { receivableId: open.id, amount: '1.00', reason: 'x' },
        })
      ).status,
    ).toBe(409);
    await ok(s.http('POST', `/write-offs/${wo.id}/refuse`, { as: 'gm', body: { comment: 'not bad debt' } }));
    const refused = await ledger('sales');
    expect(steps(refused.receivables.find((r: { id: number }) => r.id === open.id).actions)).toEqual(['write-off']);
    // As of a past date the steps stay those of now.
    const past = await ledger('finance', addDays(today(), -400));
    expect(steps(past.actions)).toEqual(['receipts', 'statements']);
    await setDue(dueDate);
  });
});

describe('the collection schedule 收款日程', () => {
  it('ranks the customer with its reason; a planned date within 3 days makes the call due; a broken promise raises the row', async () => {
    const counts = await ledgerCounts();
    const sched = await ok(s.http('GET', '/collections/schedule', { as: 'sales' }));
    const mine = sched.items.filter((r: any) => r.customerNo === customerNo);
    expect(mine.map((r: any) => r.currency).sort()).toEqual(['CNY', 'USD']);
    for (const r of mine) {
      expect(r.reasonZh).toContain('未收');
      expect(r.reasonEn).toContain('outstanding');
      expect(Object.keys(r.factors)).toEqual(['amount', 'age', 'credit', 'volume']);
      expect(r.jobsLastYear).toBe(1);
      expect(r.reasonEn).toContain('1 job in the last year');
      // The reason's amount reads like the table's: thousands separators.
      expect(r.reasonEn).toContain(`${r.currency} ${groupThousands(r.outstanding)} outstanding`);
      expect(r.reasonZh).toContain(`未收 ${r.currency} ${groupThousands(r.outstanding)}`);
      expect(r.callDue).toBe(false);
    }
    expect(sched.items.map((r: any) => r.rank)).toEqual(sched.items.map((_: unknown, i: number) => i + 1));

    // Plans and calls: the customer's salesperson (or their manager); never finance, auditors or another salesperson.
    const plan = { plannedOn: addDays(today(), 2), note: '月底前收 collect before month end' };
    expect(
      (await s.http('PUT', `/customers/${customerNo}/collection-plan`, { as: 'finance', body: plan })).status,
    ).toBe(403);
    expect(
      (await s.http('PUT', `/customers/${customerNo}/collection-plan`, { as: 'auditor', body: plan })).status,
    ).toBe(403);
    expect((await s.http('PUT', `/customers/${customerNo}/collection-plan`, { as: 'sales2', body: plan })).status).toBe(
      404,
    );
    expect(
      (
        await s.http('PUT', `/customers/${customerNo}/collection-plan`, {
          as: 'sales',
          body: { plannedOn: addDays(today(), -1) },
        })
      ).status,
    ).toBe(422);
    await ok(s.http('PUT', `/customers/${customerNo}/collection-plan`, { as: 'sales', body: plan }));
    // The row of a currency in which less came in today than is owed: a promise of all that is owed can be broken.
    const receivedToday = (currency: string) =>
      (ledgerNow.receipts as { currency: string; receivedOn: string; amount: string }[])
        .filter((p) => p.currency === currency && p.receivedOn === today())
        .reduce((a, p) => a.plus(p.amount), new Decimal(0));
    const ledgerNow = await ledger();
    const due = (await ok(s.http('GET', '/collections/schedule', { as: 'sales' }))).items.find(
      (r: any) => r.customerNo === customerNo && receivedToday(r.currency).lt(r.outstanding),
    );
    expect(due).toMatchObject({ plannedOn: plan.plannedOn, callDue: true });
    expect(due.reasonZh).toContain('應致電客戶');

    const before = due.score;
    const call = {
      outcome: '答應下週付款 will pay next week',
      // All the customer owes in the currency: the most a promise may be.
      promise: { currency: due.currency, amount: due.outstanding as string, date: addDays(today(), 1) },
    };
    const headers = { 'idempotency-key': 'call-1' };
    const c = await ok(
      s.http('POST', `/customers/${customerNo}/collection-calls`, { as: 'sales', body: call, headers }),
      201,
    );
    expect(c.promise).toEqual({ currency: due.currency, amount: due.outstanding, date: addDays(today(), 1) });
    const again = await ok(
      s.http('POST', `/customers/${customerNo}/collection-calls`, { as: 'sales', body: call, headers }),
      200,
    );
    expect(again.id).toBe(c.id);
    const bad = await Promise.all([
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'sales',
        body: { ...call, promise: { ...call.promise, amount: '1.001' } },
      }),
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'sales',
        body: { ...call, calledOn: addDays(today(), 1) },
      }),
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'sales',
        body: { ...call, promise: { ...call.promise, date: addDays(today(), -1) } },
      }),
      // A call dated decades back (a typo of 1990 for this year): the same bound as the days money moved.
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'sales',
        body: { ...call, calledOn: '1990-01-01' },
      }),
      // A promise of more than the customer owes in its currency (parts never exceed their whole).
      s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as: 'sales',
        body: { ...call, promise: { ...call.promise, amount: new Decimal(due.outstanding).plus('0.01').toFixed(2) } },
      }),
    ]);
    expect(bad.map((r) => r.status)).toEqual([400, 422, 422, 422, 422]);
    expect(bad[1]!.body.message).toBe(
      `催收日期 ${addDays(today(), 1)} 晚於今天 calledOn ${addDays(today(), 1)} is in the future`,
    );
    const earliest = `${Number(today().slice(0, 4)) - 1}-01-01`;
    expect(bad[3]!.body.message).toBe(
      `催收日期 1990-01-01 不可早於去年年初 ${earliest} calledOn 1990-01-01 must not be before the start of last year (${earliest})`,
    );
    expect(bad[3]!.body.details.field).toBe('calledOn');
    expect(bad[4]!.body.details.field).toBe('promise.amount');
    const called = (await ok(s.http('GET', '/collections/schedule', { as: 'sales' }))).items.find(
      (r: any) => r.customerNo === customerNo && r.currency === due.currency,
    );
    expect(called).toMatchObject({ callDue: false, brokenPromise: false });
    expect(called.lastCall.id).toBe(c.id);
    // A promise in one currency is not the other currency's last call.
    const other = (await ok(s.http('GET', '/collections/schedule', { as: 'sales' }))).items.find(
      (r: any) => r.customerNo === customerNo && r.currency !== due.currency,
    );
    expect(other.lastCall).toBeNull();
    // Two days later the promised date has passed and nothing like the amount came in: broken.
    const later = (
      await ok(s.http('GET', `/collections/schedule?asOf=${addDays(today(), 2)}`, { as: 'sales_manager' }))
    ).items.find((r: any) => r.customerNo === customerNo && r.currency === due.currency);
    expect(later.brokenPromise).toBe(true);
    expect(later.reasonZh).toContain('承諾付款未兌現');
    expect(later.score).toBeGreaterThan(before);
    // The day after the planned date, with the money still out, the row says the date has passed.
    expect(later.reasonZh).not.toContain('已過');
    const missed = (
      await ok(s.http('GET', `/collections/schedule?asOf=${addDays(today(), 3)}`, { as: 'sales' }))
    ).items.find((r: any) => r.customerNo === customerNo && r.currency === due.currency);
    expect(missed.reasonZh).toContain(`預定收款日 ${plan.plannedOn} 已過`);
    expect(missed.reasonEn).toContain(`planned collection date ${plan.plannedOn} has passed`);
    // The ledger itself is untouched by plans and calls.
    expect(await ledgerCounts()).toBe(counts);
    expect(JSON.stringify((await ok(s.http('GET', '/collections/schedule', { as: 'sales2' }))).items)).not.toContain(
      customerNo,
    );
  });

  it('carries each row’s actions by the routes’ rule: the salesperson and their manager plan and call; others get none and are refused', async () => {
    type Action = { step: string; method: string; path: string; allowed: boolean };
    const rowsOf = async (as: string) =>
      (await ok(s.http('GET', '/collections/schedule', { as }))).items.filter(
        (r: { customerNo: string }) => r.customerNo === customerNo,
      ) as { currency: string; actions: Action[] }[];
    for (const as of ['sales', 'sales_manager']) {
      const rows = await rowsOf(as);
      expect(rows.length, as).toBeGreaterThan(0);
      for (const r of rows)
        expect(
          r.actions.map((a) => `${a.method} ${a.path} ${a.allowed}`),
          as,
        ).toEqual([
          `PUT /customers/${customerNo}/collection-plan true`,
          `POST /customers/${customerNo}/collection-calls true`,
        ]);
    }
    // A listed step is taken at its path.
    const plan = (await rowsOf('sales_manager'))[0]!.actions.find((a) => a.step === 'collection-plan')!;
    await ok(
      s.http(plan.method as 'PUT', plan.path, { as: 'sales_manager', body: { plannedOn: addDays(today(), 5) } }),
    );
    // Roles that read the schedule but may not act: no action, and the same rule refuses the write.
    const counts = await ledgerCounts();
    for (const as of ['finance', 'settlement', 'commerce', 'gm', 'marketing_manager', 'auditor']) {
      const rows = await rowsOf(as);
      expect(rows.length, as).toBeGreaterThan(0);
      expect(
        rows.every((r) => r.actions.length === 0),
        as,
      ).toBe(true);
      const put = await s.http('PUT', `/customers/${customerNo}/collection-plan`, {
        as,
        body: { plannedOn: addDays(today(), 6) },
      });
      const call = await s.http('POST', `/customers/${customerNo}/collection-calls`, {
        as,
        body: { outcome: 'not mine to record' },
      });
      expect([put.status, call.status], as).toEqual([403, 403]);
      expect(call.body.details.reason, as).toBe(as === 'auditor' ? 'read_only' : 'role_not_allowed');
    }
    expect(await ledgerCounts()).toBe(counts);
    const after = await rowsOf('sales');
    expect(after.map((r: any) => r.plannedOn)).toEqual(after.map(() => addDays(today(), 5)));
  });
});
