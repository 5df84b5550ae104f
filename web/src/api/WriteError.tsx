/** The answer of a refused write: zh-Hant summary with the API's message, the fields a 400 names (1-based lines). */
import { Alert } from 'antd';
import { REASON_LABELS } from '../actions/ActionBar';
import { useT } from '../i18n';
import { ApiError } from './client';
import { errorTitle, fieldLines } from './errors';

export function WriteError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const fields = e ? fieldLines(e, t) : [];
  return (
    <Alert
      type="error"
      role="alert"
      data-testid="write-error"
      title={e ? errorTitle(e, t, REASON_LABELS) : String(error)}
      description={fields.length ? fields.join('；') : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
