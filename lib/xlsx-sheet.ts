/**
 * Spreadsheet import and export (.xlsx, through exceljs): one sheet, a header row, one record per row.
 * Cells are read as the text a person typed — numbers as their shortest decimal form, dates as
 * `YYYY-MM-DD`, formulas as their result — so the same validation as a typed form judges them. Every export
 * writes business dates as Excel date cells (`setDateCells`, `SheetColumn.date`) and amounts in the currency's
 * digits (`numFmt`).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CURRENCY_DIGITS, type Currency } from '../machines/catalog';
import { AppError } from './errors';
import { normalizeDecimalInput } from './number-input';

/** A column of a sheet: `key` is the field it fills; its header is `label` (zh-Hant) and the key, e.g. "單價 price". */
export interface SheetColumn {
  key: string;
  label: string;
  width?: number;
  /**
   * A number column (prices, amounts, quantities): written as a number; read through the desk's own
   * normaliser (`normalizeDecimalInput`: full-width digits `１２３`, thousands separators, U+2212 → ASCII).
   */
  numeric?: boolean;
  /** A business date (`YYYY-MM-DD`): written as an Excel date cell (`setDateCells`); read back as `YYYY-MM-DD`. */
  date?: boolean;
  /** A note shown on the header cell of the template (allowed values, format). */
  note?: string;
  /** Earlier labels of the column, still read (a template downloaded before a label changed keeps importing). */
  formerLabels?: readonly string[];
}

/** A data row of an imported sheet: `rowNo` as Excel numbers it (header = 1), `values` the non-empty cells by key. */
export interface SheetRow {
  rowNo: number;
  values: Record<string, string>;
}

/** The largest .xlsx file accepted for an import, in bytes (1 MiB; base64 in a JSON body is a third larger). */
export const MAX_XLSX_BYTES = 1024 * 1024;

/** The XLSX media type, for downloads. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const headerOf = (c: SheetColumn) => `${c.label} ${c.key}`;

/** The text of one cell: '' when empty; numbers in shortest decimal form; dates as YYYY-MM-DD (UTC, as Excel stores them). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value as unknown).trim();
}

/**
 * Reads the first sheet of a base64-encoded .xlsx file against `columns` (matched by header: the
 * key, the label, or both as written by `writeSheet`, any case; other columns are ignored). Rows whose
 * cells are all empty are skipped. Cells of `numeric` columns are normalised as the desk's number fields
 * are (`１２３` → `123`, `12,500.00` → `12500.00`); every other cell stays as written.
 * @returns the data rows, at most `maxRows`.
 * @throws AppError bad_request — not base64, larger than MAX_XLSX_BYTES, not an .xlsx file, a required
 *   column's header is missing, no data row, or more than `maxRows` rows.
 */
export async function readSheet(
  base64: string,
  columns: readonly SheetColumn[],
  opts: { required: readonly string[]; maxRows: number; format?: 'xlsx' | 'csv' },
): Promise<SheetRow[]> {
  const csv = opts.format === 'csv';
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(base64)) {
    throw new AppError('bad_request', `file must be a base64-encoded ${csv ? 'CSV' : '.xlsx'} file`, {
      fields: [{ path: 'body.file', message: 'not base64' }],
    });
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_XLSX_BYTES) {
    throw new AppError('bad_request', `The file is larger than ${MAX_XLSX_BYTES / 1024} KiB`, {
      fields: [{ path: 'body.file', message: 'too large' }],
    });
  }
  const book = new ExcelJS.Workbook();
  try {
    // CSV (UTF-8, a byte-order mark allowed): every cell kept as the text written (no number or date guessing).
    if (csv) await book.csv.read(Readable.from([bytes]), { map: (v: unknown) => v } as never);
    else await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('bad_request', `The file is not ${csv ? 'a CSV file' : 'an .xlsx workbook'}`, {
      fields: [{ path: 'body.file', message: csv ? 'not a CSV file' : 'not an .xlsx workbook' }],
    });
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new AppError('bad_request', 'The workbook has no sheet');
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const byHeader = new Map<string, string>();
  for (const c of columns) {
    const labels = [c.label, ...(c.formerLabels ?? [])];
    for (const h of [c.key, ...labels, ...labels.map((l) => `${l} ${c.key}`)]) byHeader.set(norm(h), c.key);
  }
  const keyOfColumn = new Map<number, string>();
  const numericKeys = new Set(columns.filter((c) => c.numeric).map((c) => c.key));
  sheet.getRow(1).eachCell((cell, col) => {
    const key = byHeader.get(norm(cellText(cell.value)));
    if (key && ![...keyOfColumn.values()].includes(key)) keyOfColumn.set(col, key);
  });
  const missing = opts.required.filter((k) => ![...keyOfColumn.values()].includes(k));
  if (missing.length) {
    const names = missing.map((k) => headerOf(columns.find((c) => c.key === k)!));
    throw new AppError('bad_request', `The first row must name the columns; missing: ${names.join(', ')}`, {
      fields: missing.map((k) => ({ path: `row 1.${k}`, message: 'column missing' })),
      rows: missing.map((k) => ({ row: 1, field: k, message: 'column missing' })),
    });
  }
  const rows: SheetRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: Record<string, string> = {};
    for (const [col, key] of keyOfColumn) {
      const cell = cellText(row.getCell(col).value);
      const text = numericKeys.has(key) ? normalizeDecimalInput(cell) : cell;
      if (text !== '') values[key] = text;
    }
    if (Object.keys(values).length === 0) continue;
    if (rows.length === opts.maxRows) {
      throw new AppError('bad_request', `At most ${opts.maxRows} rows may be imported at once`);
    }
    rows.push({ rowNo: r, values });
  }
  if (rows.length === 0) throw new AppError('bad_request', 'The sheet has no data rows below its header');
  return rows;
}

/** A decimal string a spreadsheet number holds exactly (so writing it as a number loses no digit). */
function exactNumber(v: string): boolean {
  if (!/^-?\d+(\.\d+)?$/.test(v)) return false;
  const trimmed = v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
  return String(Number(v)) === trimmed;
}

/** Excel number format of a currency's digits (ISO 4217 code): `#,##0` for a currency without minor units, else `#,##0.00`. */
export const numFmt = (c: string) => (CURRENCY_DIGITS[c as Currency] === 0 ? '#,##0' : '#,##0.00');

/**
 * Turns the business dates (`YYYY-MM-DD` strings) in `columns` (1-based) of `row` into Excel date cells: a Date at
 * that day's UTC midnight (Excel dates carry no zone; exceljs writes the day's serial) shown `yyyy-mm-dd`, so the
 * reader can sort, filter and compute with them; empty cells and other text stay as they are. Every export's dates
 * go through it (aging detail, statements, `writeSheet`'s date columns); `readSheet` reads them back as `YYYY-MM-DD`.
 */
export function setDateCells(row: ExcelJS.Row, columns: readonly number[]): void {
  for (const i of columns) {
    const cell = row.getCell(i);
    if (typeof cell.value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(cell.value)) continue;
    cell.value = new Date(`${cell.value}T00:00:00Z`);
    cell.numFmt = 'yyyy-mm-dd';
  }
}

/**
 * A report sheet of `wb` named `name`: a bold title row, then the bold `headers` row (both frozen), columns 16 wide.
 * @returns the worksheet, to add the data rows to.
 */
export function sheet(wb: ExcelJS.Workbook, name: string, title: string, headers: string[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([title]).font = { bold: true, size: 13 };
  const h = ws.addRow(headers);
  h.font = { bold: true };
  ws.columns.forEach((c) => (c.width = 16));
  return ws;
}

/**
 * An .xlsx workbook of one sheet: the header row (bold, frozen) then `rows` (by column key; numeric
 * columns written as numbers when they parse as one, date columns as Excel date cells, else as text), plus an optional second sheet of
 * notes (`help`: lines of text).
 */
export async function writeSheet(
  sheetName: string,
  columns: readonly SheetColumn[],
  rows: readonly Record<string, unknown>[],
  help: readonly string[] = [],
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'freightflow';
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: headerOf(c), key: c.key, width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.note) sheet.getRow(1).getCell(i + 1).note = c.note;
  });
  columns.forEach((c, i) => {
    if (c.numeric) sheet.getColumn(i + 1).numFmt = '#,##0.00##';
  });
  const dateColumns = columns.flatMap((c, i) => (c.date ? [i + 1] : []));
  for (const r of rows) {
    const row = sheet.addRow(
      Object.fromEntries(
        columns.map((c) => {
          const raw = r[c.key];
          const v = raw === null || raw === undefined ? null : String(raw);
          return [c.key, c.numeric && v !== null && exactNumber(v) ? Number(v) : v];
        }),
      ),
    );
    setDateCells(row, dateColumns);
  }
  if (help.length) {
    const notes = book.addWorksheet('說明 Help');
    notes.getColumn(1).width = 110;
    for (const line of help) notes.addRow([line]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
