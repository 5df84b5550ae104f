/**
 * Excel in the desk: download a workbook of the API (a template, an export) and import a sheet — the
 * chosen .xlsx sent base64 in JSON with one Idempotency-Key per chosen file (a retry after a network
 * error or 503 reuses it), every bad row the API reports shown in a table (row, column, problem).
 */
import { Button } from 'antd';
import { Typography } from './Typography';
import { lazy, Suspense, useState } from 'react';
import { currentToken } from '../auth/session';

/** Downloads `path` of the API (with the bearer token) as `filename`; throws Error with the API's message. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A download button: `path` of the API saved as `filename`; a refusal shown beside it. */
export function DownloadButton(props: { path: string; filename: string; label: string; testId: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <Button
        onClick={() => {
          setError(null);
          downloadFile(props.path, props.filename).catch((e: Error) => setError(e.message));
        }}
        data-testid={props.testId}
      >
        {props.label}
      </Button>
      {error && <Typography.Text type="danger"> {error}</Typography.Text>}
    </span>
  );
}

/**
 * Import an .xlsx sheet (SheetImport.tsx): loaded on demand — antd's Upload is its own chunk, not in
 * the initial JavaScript of the routes that offer an import.
 */
const SheetImportLazy = lazy(() => import('./SheetImport'));
export function SheetImport<T>(props: { path: string; label: string; testId: string; onDone: (answer: T) => void }) {
  return (
    <Suspense fallback={<Button disabled>{props.label}</Button>}>
      <SheetImportLazy
        {...(props as { path: string; label: string; testId: string; onDone: (answer: unknown) => void })}
      />
    </Suspense>
  );
}
