/** What the .xlsx import routes share: the request body, its size limit, and bad rows as one 422. */
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { MAX_XLSX_BYTES, type SheetRow } from '../lib/xlsx-sheet';

/** Body of an import: the .xlsx file base64-encoded in JSON (at most 1 MiB decoded). */
export const SheetImportBody = z.strictObject({
  file: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_XLSX_BYTES * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/, 'not base64')
    .describe('The .xlsx file, base64-encoded (at most 1 MiB before encoding); the first sheet is read'),
});

/** The request body limit of an import route: the base64 file plus room for JSON. */
export const XLSX_BODY_LIMIT = Math.ceil((MAX_XLSX_BYTES * 4) / 3) + 64 * 1024;

/** One bad cell or row of an import: its Excel row number, the column key ('' for the whole row), why. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * The 422 of an import whose rows break the rules: `details.rows` lists `{ row, field, message }` by
 * row, `details.fields` the same as `{ path: "row N.field", message }`. `issues` are zod issues of an
 * array validated from `rows` (path `[index, field]`), or problems already numbered by row.
 */
export function rowProblems(
  rows: readonly SheetRow[],
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  extra: readonly RowProblem[] = [],
): AppError {
  const problems: RowProblem[] = [
    ...issues.map((i) => {
      const index = typeof i.path[0] === 'number' ? i.path[0] : -1;
      const row = rows[index]?.rowNo ?? 0;
      const field = i.path.length > 1 ? String(i.path[1]) : '';
      const missing = field !== '' && rows[index] !== undefined && rows[index].values[field] === undefined;
      // The array rule names a duplicate by its index ("duplicates line 2"): name its row instead.
      const message = i.message.replace(
        /duplicates line (\d+)/,
        (_m, n: string) => `duplicates row ${rows[Number(n) - 1]?.rowNo ?? n}`,
      );
      return { row, field, message: missing ? 'required' : message };
    }),
    ...extra,
  ].sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  return new AppError(
    'unprocessable',
    `${new Set(problems.map((p) => p.row)).size} 行有 ${problems.length} 個問題，未匯入任何資料 ${problems.length} problem(s) in ${new Set(problems.map((p) => p.row)).size} row(s); nothing was imported`,
    {
      rows: problems.slice(0, 500),
      fields: problems.slice(0, 500).map((p) => ({ path: `row ${p.row}.${p.field}`, message: p.message })),
    },
  );
}
