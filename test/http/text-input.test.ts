/**
 * Bidirectional controls and invisible characters are refused at the edge on every route that takes
 * free text (lib/text.ts): 400 naming the field and the character, nothing stored — customers (also
 * renamed and imported from .xlsx), a quote's fee items and step comments, a job's exceptions and notes,
 * receipts, search terms and path parameters. A clean name passes, NFC-normalised.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, newCustomer, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let contract: { contractNo: string; quoteNo: string; customerNo: string };

const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(s.db)).rows[0]!.n);

beforeAll(async () => {
  s = await startStack();
  contract = await signedContract(s);
});
afterAll(async () => s?.close());

const RLO = '\u202E';
const ZWSP = '\u200B';

function expectRefused(r: { status: number; body: any }, path: string, codePoint: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.code).toBe('bad_request');
  expect(r.body.details.fields).toContainEqual({ path, message: expect.stringContaining(codePoint) });
}

describe('free text with bidi controls or invisible characters', () => {
  it('a customer named with U+202E or a trailing U+200B is refused, nothing stored; a clean name passes (NFC)', async () => {
    const before = await count('customers');
    const audits = await count('audit_log');
    expectRefused(
      await s.http('POST', '/customers', { as: 'sales', body: newCustomer({ fullName: `ACME ${RLO}dtL` }) }),
      'body.fullName',
      'U+202E RIGHT-TO-LEFT OVERRIDE',
    );
    expectRefused(
      await s.http('POST', '/customers', { as: 'sales', body: newCustomer({ fullName: `ACME Trading${ZWSP}` }) }),
      'body.fullName',
      'U+200B ZERO WIDTH SPACE',
    );
    expectRefused(
      await s.http('POST', '/customers', { as: 'sales', body: newCustomer({ contactPerson: `王\u2066小明\u2069` }) }),
      'body.contactPerson',
      'U+2066',
    );
    expect(await count('customers')).toBe(before);
    expect(await count('audit_log')).toBe(audits);
    const ok = await s.http('POST', '/customers', {
      as: 'sales',
      body: newCustomer({ fullName: 'Cafe\u0301 Lumière' }),
    });
    expect(ok.status).toBe(201);
    expect(ok.body.fullName).toBe('Café Lumière');
  });

  it('renaming a customer, a quote step comment and a fee item name: 400 at the field, the record unchanged', async () => {
    const no = contract.customerNo;
    const name = (await s.http('GET', `/customers/${no}`, { as: 'sales' })).body.fullName;
    expectRefused(
      await s.http('PATCH', `/customers/${no}`, { as: 'sales', body: { fullName: `${name}\uFEFF x` } }),
      'body.fullName',
      'U+FEFF',
    );
    expect((await s.http('GET', `/customers/${no}`, { as: 'sales' })).body.fullName).toBe(name);

    const q = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo: no,
        validUntil: addDays(today(), 30),
        lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '1' }],
      },
    });
    expect(q.status).toBe(201);
    expectRefused(
      await s.http('POST', `/quotes/${q.body.quoteNo}/submit`, { as: 'sales', body: { comment: `ok${RLO}` } }),
      'body.comment',
      'U+202E',
    );
    expect((await s.http('GET', `/quotes/${q.body.quoteNo}`, { as: 'sales' })).body.status).toBe('draft');
    expectRefused(
      await s.http('POST', `/quotes/${q.body.quoteNo}/internal-quote`, {
        as: 'commerce',
        body: { feeItems: [{ name: `碼頭費\u00AD`, currency: 'CNY', amount: '1.00', payer: 'customer' }] },
      }),
      'body.feeItems.0.name',
      'U+00AD SOFT HYPHEN',
    );
  });

  it('a job’s exception description, progress note and step place: 400 at the field, nothing stored', async () => {
    const job = await s.http('POST', '/jobs', {
      as: 'sales',
      body: {
        contractNo: contract.contractNo,
        direction: 'import',
        containers: { type: '40HQ', count: 1 },
        cargo: 'electronics',
        portOfLoading: 'Los Angeles',
        portOfDischarge: 'Yantian',
      },
    });
    expect(job.status).toBe(201);
    const jobNo = job.body.jobNo as string;
    expectRefused(
      await s.http('POST', '/jobs', {
        as: 'sales',
        body: {
          contractNo: contract.contractNo,
          direction: 'import',
          containers: { type: '40HQ', count: 1 },
          cargo: `tv${ZWSP}`,
          portOfLoading: 'LA',
          portOfDischarge: 'Yantian',
        },
      }),
      'body.cargo',
      'U+200B',
    );
    const exceptions = await count('job_exceptions');
    expectRefused(
      await s.http('POST', `/jobs/${jobNo}/exceptions`, {
        as: 'finance',
        body: { stage: 'payment', type: 'payment_anomaly', description: `late ${RLO}`, customerNotified: false },
      }),
      'body.description',
      'U+202E',
    );
    expect(await count('job_exceptions')).toBe(exceptions);
    const raised = await s.http('POST', `/jobs/${jobNo}/exceptions`, {
      as: 'finance',
      body: { stage: 'payment', type: 'payment_anomaly', description: 'late', customerNotified: false },
    });
    expect(raised.status).toBe(200);
    const exceptionId = raised.body.exceptions[0].id as number;
    expectRefused(
      await s.http('POST', `/jobs/${jobNo}/exceptions/${exceptionId}/progress`, {
        as: 'finance',
        body: { note: `called\u200D`, customerNotified: true },
      }),
      'body.note',
      'U+200D',
    );
    const after = await s.http('GET', `/jobs/${jobNo}`, { as: 'finance' });
    expect(after.body.exceptions[0].progress).toEqual([]);
  });

  it('a receipt’s payer and reference: 400, no receipt', async () => {
    expectRefused(
      await s.http('POST', '/receipts', {
        as: 'finance',
        body: {
          customerNo: contract.customerNo,
          payer: `ACME${RLO}`,
          currency: 'CNY',
          amount: '10.00',
          receivedOn: today(),
          reference: 'TT-1',
          allocations: [],
        },
      }),
      'body.payer',
      'U+202E',
    );
    expect(await count('receipts')).toBe(0);
  });

  it('search terms and path parameters: 400 naming the parameter', async () => {
    expectRefused(
      await s.http('GET', `/customers?q=${encodeURIComponent(`ACME${ZWSP}`)}`, { as: 'sales' }),
      'querystring.q',
      'U+200B',
    );
    expectRefused(
      await s.http('GET', `/customers/${encodeURIComponent(`${contract.customerNo}${RLO}`)}`, { as: 'sales' }),
      'params.customerNo',
      'U+202E',
    );
  });

  it('an .xlsx customer import with a bidi control in a cell: 422 naming row and column, nothing entered', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.addRow(['fullName', 'address', 'phone', 'contactPerson']);
    sheet.addRow(['Clean Trading Co', '1 Road', '+86 755 1234 5678', 'Li']);
    sheet.addRow([`Spoof${RLO}gnidarT`, '2 Road', '+86 755 1234 5679', 'Wang']);
    sheet.addRow(['Hidden Co', '3 Road', '+86 755 1234 5670', `Chen${ZWSP}`]);
    const file = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const before = await count('customers');
    const r = await s.http('POST', '/customers/import', { as: 'sales', body: { file } });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.details.rows).toEqual([
      { row: 3, field: 'fullName', message: expect.stringContaining('U+202E') },
      { row: 4, field: 'contactPerson', message: expect.stringContaining('U+200B') },
    ]);
    expect(await count('customers')).toBe(before);
  });
});
