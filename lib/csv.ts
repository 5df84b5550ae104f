/**
 * CSV for people who open it in Excel, written by csv-stringify: UTF-8 with a byte-order mark (so
 * Excel reads Chinese correctly), CRLF line ends, RFC 4180 quoting (a field holding a comma, quote,
 * CR or LF is quoted, quotes doubled), and formula neutralisation: a text cell starting with `=`, `+`,
 * `-`, `@`, tab or CR (or their full-width forms) gets a leading apostrophe so a spreadsheet shows it
 * as text instead of evaluating it (OWASP "CSV injection"). Numbers keep their sign.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * One CSV document: a header row of `columns`, then one row per record with those keys. Cells:
 * null / undefined → empty, objects → JSON, booleans → "true" / "false", the rest → String.
 * Returns a string starting with U+FEFF and ending with CRLF.
 */
export function excelCsv<C extends string>(
  columns: readonly C[],
  records: readonly { readonly [K in C]?: unknown }[],
): string {
  return stringify([...records], {
    bom: true,
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: { boolean: (v) => String(v) },
  });
}
