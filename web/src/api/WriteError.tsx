/** The answer of a refused write: zh-Hant summary (with the API's message when it names no field), then each field it names (errors.ts refusal). */
import { Alert } from 'antd';
import { useT } from '../i18n';
import { ApiError } from './client';
import { refusal } from './errors';

export function WriteError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const { title, fields } = e ? refusal(e, t) : { title: String(error), fields: [] };
  return (
    <Alert
      type="error"
      role="alert"
      data-testid="write-error"
      title={title}
      description={fields.length ? fields.join('；') : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
