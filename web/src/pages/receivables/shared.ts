/**
 * What the receivables screens share: the Excel download and labels (who sees which screen: `GET /me` `may`). Buttons never come from here: each record's `actions` says what the caller may do.
 */
import { ApiError } from '../../api/client';
import { currentToken } from '../../auth/session';

/** Downloads GET /receivables/export?… (an .xlsx) with the session's token. */
export async function downloadExport(query: Record<string, string>): Promise<void> {
  await downloadFile(`/receivables/export?${new URLSearchParams(query)}`, 'receivables.xlsx');
}

/**
 * Downloads a file of the API (`path`, e.g. `/statements/1/statement.pdf`) with the session's token, saved
 * under the name of its content-disposition (else `fallbackName`). Throws ApiError on a non-2xx answer.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, {
    headers: { authorization: `Bearer ${currentToken() ?? ''}` },
  });
  if (!res.ok) throw new ApiError(res.status, 'export_failed', `HTTP ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const ENTRY_KIND_LABELS: Record<string, [string, string]> = {
  invoice: ['發票', 'Invoice'],
  credit_note: ['貸項通知', 'Credit note'],
  adjustment: ['調整', 'Adjustment'],
  allocation: ['收款沖銷', 'Receipt allocated'],
  write_off: ['壞賬核銷', 'Written off'],
};

/** Outcomes of a dispute case 爭議 (api/receivables/statements.ts). */
export const DISPUTE_OUTCOME_LABELS: Record<string, [string, string]> = {
  adjustment: ['調整', 'Adjustment'],
  credit_note: ['貸項通知', 'Credit note'],
  customer_pays: ['客戶照付', 'Customer pays'],
};
