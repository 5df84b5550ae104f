/**
 * .xlsx import and export of tariff lines and customers over HTTP, with real workbooks built by exceljs:
 * templates, a draft's lines imported (all or nothing, each bad row named by row number and field),
 * any version exported and read back, customers imported (owner and same-name rules per row, one
 * transaction, audited, idempotent) and the visible list exported.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { customsLine, newCustomer, oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  await s.addUser('sales2', 'sales');
});
afterAll(async () => s?.close());

const TARIFF_HEADER = [
  '服務類別 serviceType',
  '行業 industry',
  '品名 commodity',
  '起運地 routeFrom',
  '目的地 routeTo',
  '單位 unit',
  '幣別 currency',
  '價格 price',
  '預算成本 budgetCost',
  '有效起 validFrom',
  '有效至 validTo',
];
/** The header of a template downloaded before 有效迄 became 有效至 (one term, issue 11 try-outs): still read. */
const FORMER_TARIFF_HEADER = [...TARIFF_HEADER.slice(0, -1), '有效迄 validTo'];

/** A workbook of one sheet: `header` then `rows`, as base64 (what the import routes take). */
async function workbook(header: string[], rows: unknown[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

/** GET a binary answer with `as`'s token: status, content type and the workbook's first sheet as rows of values. */
async function download(as: string, path: string) {
  const res = await fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${await s.token(as)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!res.ok) return { status: res.status, type: res.headers.get('content-type'), rows: [] as unknown[][] };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { status: res.status, type: res.headers.get('content-type'), rows, sheets: book.worksheets.length };
}

const lineRow = (l: Record<string, unknown>) => [
  l.serviceType,
  l.industry,
  l.commodity,
  l.routeFrom,
  l.routeTo,
  l.unit,
  l.currency,
  l.price,
  l.budgetCost,
  l.validFrom ?? null,
  l.validTo ?? null,
];

async function draftTariff(): Promise<number> {
  const res = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: { title: '匯入 import', effectiveFrom: today(), lines: [customsLine()] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.versionNo as number;
}

describe('tariff lines in Excel', () => {
  it('the template has the header row the import reads, and notes on a second sheet', async () => {
    const t = await download('commerce', '/tariffs/lines-template.xlsx');
    expect(t.status).toBe(200);
    expect(t.type).toContain('spreadsheetml');
    expect(t.rows).toEqual([TARIFF_HEADER]);
    expect(t.sheets).toBe(2);
  });

  it('a sheet with bad rows is refused whole: each row and field named, the draft unchanged', async () => {
    const no = await draftTariff();
    const file = await workbook(FORMER_TARIFF_HEADER, [
      lineRow(oceanLine({ price: 2450 })),
      lineRow(oceanLine({ routeTo: '長灘 Long Beach', currency: 'XYZ' })),
      lineRow(oceanLine({ routeTo: '奧克蘭 Oakland', price: '12.345' })),
      [],
      lineRow(oceanLine({ commodity: null })),
      lineRow(oceanLine({ routeTo: '西雅圖 Seattle', validFrom: '2026-12-31', validTo: '2026-01-01' })),
    ]);
    const res = await s.http('POST', `/tariffs/${no}/lines/import`, { as: 'commerce', body: { file } });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    const rows = res.body.details.rows as { row: number; field: string; message: string }[];
    expect(rows.map((r) => [r.row, r.field])).toEqual([
      [3, 'currency'],
      [4, 'price'],
      [6, 'commodity'],
      [7, 'validTo'],
    ]);
    expect(rows.find((r) => r.row === 6 && r.field === 'commodity')!.message).toBe('required');
    // Lines priced twice (same service, industry, commodity, route, unit, currency) name the first row.
    const twice = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: { file: await workbook(TARIFF_HEADER, [lineRow(oceanLine()), lineRow(oceanLine({ price: '2500' }))]) },
    });
    expect(twice.status).toBe(422);
    expect(twice.body.details.rows).toEqual([{ row: 3, field: '', message: 'duplicates row 2' }]);
    expect(res.body.message).toContain('nothing was imported');
    const after = await s.http('GET', `/tariffs/${no}`, { as: 'commerce' });
    expect(after.body.lines).toHaveLength(1);
    expect(after.body.lines[0].serviceType).toBe('customs_declaration');
  });

  it('number cells typed as text are read as the desk reads them: full-width digits and separators; a negative or a digit too many still named', async () => {
    const no = await draftTariff();
    const ok = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: {
        file: await workbook(TARIFF_HEADER, [
          lineRow(oceanLine({ price: '１２３', budgetCost: '１００．５０' })),
          lineRow(oceanLine({ routeTo: '長灘 Long Beach', price: '2,450.00', budgetCost: '1,800' })),
        ]),
      },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.lines.map((l: { price: string; budgetCost: string }) => [l.price, l.budgetCost])).toEqual([
      ['123.00', '100.50'],
      ['2450.00', '1800.00'],
    ]);
    const bad = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: {
        file: await workbook(TARIFF_HEADER, [
          lineRow(oceanLine({ price: '−１２３' })),
          lineRow(oceanLine({ routeTo: '長灘 Long Beach', currency: 'JPY', price: '１０００．５', budgetCost: '900' })),
        ]),
      },
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(bad.body.details.rows).toEqual([
      { row: 2, field: 'price', message: expect.stringContaining('non-negative decimal') },
      { row: 3, field: 'price', message: expect.stringContaining('JPY amounts have at most 0 decimals') },
    ]);
    const after = await s.http('GET', `/tariffs/${no}`, { as: 'commerce' });
    expect(after.body.lines.map((l: { price: string }) => l.price)).toEqual(['123.00', '2450.00']);
  });

  it('a valid sheet replaces the draft’s lines once (labels accepted, dates and numbers read), audited, idempotent; export reads back', async () => {
    const no = await draftTariff();
    const file = await workbook(TARIFF_HEADER, [
      lineRow(oceanLine({ serviceType: '海運 ocean freight', price: 2450, budgetCost: 2100 })),
      lineRow(
        customsLine({
          unit: '每票',
          currency: 'cny',
          validFrom: new Date(Date.UTC(2026, 0, 1)),
          validTo: '2027-12-31',
        }),
      ),
    ]);
    const headers = { 'idempotency-key': `import-${no}` };
    const res = await s.http('POST', `/tariffs/${no}/lines/import`, { as: 'commerce', body: { file }, headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lines).toHaveLength(2);
    expect(res.body.lines[0]).toMatchObject({ serviceType: 'ocean_freight', price: '2450.00', budgetCost: '2100.00' });
    expect(res.body.lines[1]).toMatchObject({
      serviceType: 'customs_declaration',
      unit: 'per_shipment',
      currency: 'CNY',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    });
    const again = await s.http('POST', `/tariffs/${no}/lines/import`, { as: 'commerce', body: { file }, headers });
    expect(again.status).toBe(200);
    const edits = (await listAuditForRecord(s.db, 'tariff', String(no))).filter((a) => a.action === 'lines.replaced');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.actor_id).toBe('commerce');

    const exported = await download('commerce', `/tariffs/${no}/lines.xlsx`);
    expect(exported.status).toBe(200);
    expect(exported.rows[0]).toEqual(TARIFF_HEADER);
    expect(exported.rows[1]!.slice(0, 9)).toEqual(lineRow(oceanLine({ price: 2450, budgetCost: 2100 })).slice(0, 9));
    // Validity dates are Excel date cells (lib/xlsx-sheet.ts setDateCells), not text.
    expect(exported.rows[2]!.slice(9, 11)).toEqual([
      new Date('2026-01-01T00:00:00Z'),
      new Date('2027-12-31T00:00:00Z'),
    ]);
    // Export → import round trip: the exported sheet is a valid import.
    const back = await fetch(`${s.baseUrl}/tariffs/${no}/lines.xlsx`, {
      headers: { authorization: `Bearer ${await s.token('commerce')}` },
    });
    const roundTrip = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: { file: Buffer.from(await back.arrayBuffer()).toString('base64') },
    });
    expect(roundTrip.status, JSON.stringify(roundTrip.body)).toBe(200);
    expect(roundTrip.body.lines.map((l: { price: string }) => l.price)).toEqual(['2450.00', '350.00']);
  });

  it('only commerce imports; a draft is hidden from salespeople (404 on export); a locked version refuses an import (409)', async () => {
    const no = await draftTariff();
    const file = await workbook(TARIFF_HEADER, [lineRow(oceanLine())]);
    expect((await s.http('POST', `/tariffs/${no}/lines/import`, { as: 'gm', body: { file } })).status).toBe(403);
    expect((await s.http('POST', `/tariffs/${no}/lines/import`, { as: 'auditor', body: { file } })).status).toBe(403);
    expect((await download('sales', `/tariffs/${no}/lines.xlsx`)).status).toBe(404);
    expect((await download('auditor', `/tariffs/${no}/lines.xlsx`)).status).toBe(200);
    await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce', body: {} });
    await s.http('POST', `/tariffs/${no}/approve`, { as: 'gm', body: {} });
    const locked = await s.http('POST', `/tariffs/${no}/lines/import`, { as: 'commerce', body: { file } });
    expect(locked.status, JSON.stringify(locked.body)).toBe(409);
    expect((await download('sales', `/tariffs/${no}/lines.xlsx`)).status).toBe(200);
  });

  it('what is not a workbook, or lacks a column, is a 400 naming it', async () => {
    const no = await draftTariff();
    const notXlsx = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: { file: Buffer.from('name,price\nx,1\n').toString('base64') },
    });
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.message).toMatch(/not an \.xlsx/);
    const noPrice = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: { file: await workbook(TARIFF_HEADER.slice(0, 7), [lineRow(oceanLine()).slice(0, 7)]) },
    });
    expect(noPrice.status).toBe(400);
    expect(noPrice.body.message).toContain('價格 price');
    const empty = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: { file: await workbook(TARIFF_HEADER, []) },
    });
    expect(empty.status).toBe(400);
    const huge = await s.http('POST', `/tariffs/${no}/lines/import`, {
      as: 'commerce',
      body: { file: 'A'.repeat(2 * 1024 * 1024) },
    });
    expect([400, 413]).toContain(huge.status);
  });
});

const CUSTOMER_HEADER = ['客戶全稱 fullName', '地址 address', '電話 phone', '聯絡人 contactPerson', '業務員 ownerId'];
const customerRow = (c: Record<string, unknown>, owner: string | null = null) => [
  c.fullName,
  c.address,
  c.phone,
  c.contactPerson,
  owner,
];

describe('customers in Excel', () => {
  it('bad rows — shape, owner, a taken name, a name repeated in the sheet — are each reported; nothing is entered', async () => {
    const taken = newCustomer();
    expect((await s.http('POST', '/customers', { as: 'sales', body: taken })).status).toBe(201);
    const twin = newCustomer();
    const before = (await s.http('GET', '/customers?limit=200', { as: 'commerce' })).body.total;
    const file = await workbook(CUSTOMER_HEADER, [
      customerRow(newCustomer(), 'sales'),
      customerRow(newCustomer({ phone: null }), 'sales'),
      customerRow({ ...newCustomer(), fullName: ` ${taken.fullName.toUpperCase()} ` }, 'sales'),
      customerRow(twin, 'sales'),
      customerRow(twin, 'sales'),
      customerRow(newCustomer(), 'gm'),
      customerRow(newCustomer(), null),
    ]);
    const res = await s.http('POST', '/customers/import', { as: 'commerce', body: { file } });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    const rows = res.body.details.rows as { row: number; field: string; message: string }[];
    expect(rows.map((r) => [r.row, r.field])).toEqual([
      [3, 'phone'],
      [4, 'fullName'],
      [6, 'fullName'],
      [7, 'ownerId'],
      [8, 'ownerId'],
    ]);
    expect(rows[1]!.message).toMatch(/already exists: C/);
    expect(rows[2]!.message).toBe('same name as row 5');
    expect(rows[3]!.message).toMatch(/not an active salesperson/);
    expect((await s.http('GET', '/customers?limit=200', { as: 'commerce' })).body.total).toBe(before);
  });

  it('a valid sheet enters every customer in one go, numbered and audited; the same key answers the same customers', async () => {
    const a = newCustomer();
    const b = { ...newCustomer(), fax: '0755-1234' };
    const file = await workbook(
      [...CUSTOMER_HEADER, '傳真 fax'],
      [[...customerRow(a), null], [], [...customerRow(b), b.fax]],
    );
    const headers = { 'idempotency-key': 'customers-import-1' };
    const res = await s.http('POST', '/customers/import', { as: 'sales', body: { file }, headers });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.total).toBe(2);
    expect(res.body.created.map((c: { fullName: string }) => c.fullName)).toEqual([a.fullName, b.fullName]);
    expect(res.body.created[1]).toMatchObject({ ownerId: 'sales', status: 'prospective', fax: '0755-1234' });
    expect(res.body.created[0].ownerName).toEqual(expect.any(String));
    const no = res.body.created[0].customerNo as string;
    const audit = await listAuditForRecord(s.db, 'customer', no);
    expect(audit).toMatchObject([{ action: 'customer.created', actor_id: 'sales' }]);
    expect(audit[0]!.changes).toMatchObject({ importedFrom: { sheet: 'xlsx', row: 2 } });

    const again = await s.http('POST', '/customers/import', { as: 'sales', body: { file }, headers });
    expect(again.status).toBe(200);
    expect(again.body.created.map((c: { customerNo: string }) => c.customerNo)).toEqual(
      res.body.created.map((c: { customerNo: string }) => c.customerNo),
    );
    // A salesperson may not import for another salesperson.
    const forOther = await s.http('POST', '/customers/import', {
      as: 'sales',
      body: { file: await workbook(CUSTOMER_HEADER, [customerRow(newCustomer(), 'sales2')]) },
    });
    expect(forOther.status).toBe(422);
    expect(forOther.body.details.rows).toMatchObject([{ row: 2, field: 'ownerId' }]);
    expect((await s.http('POST', '/customers/import', { as: 'gm', body: { file } })).status).toBe(403);
  });

  it('the template and the export of the customers the caller may see', async () => {
    const t = await download('sales', '/customers/template.xlsx');
    expect(t.status).toBe(200);
    expect(t.rows[0]).toEqual(expect.arrayContaining(CUSTOMER_HEADER));
    const mine = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body;
    const theirs = (await s.http('POST', '/customers', { as: 'sales2', body: newCustomer() })).body;
    const asSales = await download('sales', '/customers/export.xlsx');
    expect(asSales.status).toBe(200);
    const numbers = asSales.rows.slice(1).map((r) => r[0]);
    expect(numbers).toContain(mine.customerNo);
    expect(numbers).not.toContain(theirs.customerNo);
    const row = asSales.rows.find((r) => r[0] === mine.customerNo)!;
    expect(row[1]).toBe(mine.fullName);
    const asAuditor = await download('auditor', '/customers/export.xlsx');
    expect(asAuditor.rows.slice(1).map((r) => r[0])).toEqual(
      expect.arrayContaining([mine.customerNo, theirs.customerNo]),
    );
  });
});
