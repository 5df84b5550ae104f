/**
 * Import an .xlsx sheet into `path` (its own chunk, see SheetTransfer.tsx): the chosen .xlsx sent base64
 * in JSON with one Idempotency-Key per chosen file (a retry after a network error or 503 reuses it),
 * every bad row the API reports shown in a table (row, column by its label, problem in both languages).
 */
import { Alert, Button, Space, Upload } from 'antd';
import { DataTable } from './DataTable';
import { useState } from 'react';
import { ApiError, newIdempotencyKey, sendWrite } from '../api/client';
import { describeError, FIELD_LABELS, fieldMessage } from '../api/errors';
import { useT } from '../i18n';

/** A file's bytes as base64 (no data-URL prefix). */
const toBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });

interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * Import an .xlsx sheet into `path` (POST `{ file }`): `onDone` gets the API's answer; a 422 with
 * `details.rows` shows each bad row; any other refusal its message. Nothing is imported on an error.
 */
export default function SheetImport<T>(props: {
  path: string;
  label: string;
  testId: string;
  onDone: (answer: T) => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    setRows([]);
    setDone(null);
    try {
      const answer = await sendWrite<T>('POST', props.path, { file: await toBase64(file) }, newIdempotencyKey());
      setDone(file.name);
      props.onDone(answer);
    } catch (e) {
      if (e instanceof ApiError) {
        setError(describeError(e, t));
        setRows(Array.isArray(e.details.rows) ? (e.details.rows as RowProblem[]) : []);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid={props.testId}>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
      >
        <Button loading={busy} data-testid={`${props.testId}-button`}>
          {props.label}
        </Button>
      </Upload>
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 8 }}
          title={`${t('已匯入', 'Imported')}: ${done}`}
          data-testid={`${props.testId}-done`}
        />
      )}
      {error && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Alert type="error" showIcon title={error} data-testid={`${props.testId}-error`} />
          {rows.length > 0 && (
            <DataTable<RowProblem>
              size="small"
              data-testid={`${props.testId}-rows`}
              rowKey={(r, i) => `${r.row}:${r.field}:${i}`}
              dataSource={rows}
              pagination={rows.length > 20 ? { pageSize: 20 } : false}
              columns={[
                { title: t('列號', 'Row'), dataIndex: 'row', width: 80 },
                {
                  title: t('欄位', 'Column'),
                  dataIndex: 'field',
                  width: 200,
                  render: (f: string) => (f && FIELD_LABELS[f] ? t.label(FIELD_LABELS[f]) : f || '—'),
                },
                {
                  title: t('問題', 'Problem'),
                  dataIndex: 'message',
                  render: (m: string) => fieldMessage(m, t),
                },
              ]}
            />
          )}
        </Space>
      )}
    </div>
  );
}
