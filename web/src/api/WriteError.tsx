/** The answer of a refused write: message, reason code and the fields a 400 names. */
import { Alert } from 'antd';
import { ApiError } from './client';

export function WriteError({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <Alert
      type="error"
      role="alert"
      data-testid="write-error"
      title={e ? `${e.message}${e.reason ? ` (${e.reason})` : ''}` : String(error)}
      description={e?.fields.length ? e.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
