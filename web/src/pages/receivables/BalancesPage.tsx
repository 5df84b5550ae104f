/**
 * Balance check 餘額核對 (§3.4.1, kept equal to finance's books): finance uploads its receivables balance
 * per customer and currency as of a date (CSV or .xlsx; header 客戶編號 customerNo, 幣別 currency, 應收餘額
 * balance) when the list's `actions` offer it — all or nothing: every bad row is listed by row and column
 * and nothing is stored; a good upload opens its differences. The uploads, newest first, with their
 * open differences.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, newIdempotencyKey, sendWrite, unwrap } from '../../api/client';
import { describeError, FIELD_LABELS, fieldMessage } from '../../api/errors';
import type { paths } from '../../api/schema';
import { DateInput } from '../../components/DateInput';
import { ListTable } from '../../components/ListTable';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { useT } from '../../i18n';

type Upload = paths['/finance-balances']['get']['responses']['200']['content']['application/json']['items'][number];
interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/** A file's bytes as base64 (no data-URL prefix). */
const toBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });

function UploadForm() {
  const t = useT();
  const navigate = useNavigate();
  const { businessTimeZone } = useConfig();
  const [asOf, setAsOf] = useState(() => businessToday(businessTimeZone));
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowProblem[]>([]);
  /** One Idempotency-Key per chosen file and date: a retry after a network error or 503 reuses it. */
  const key = useRef(newIdempotencyKey());
  const input = useRef<HTMLInputElement>(null);

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setRows([]);
    try {
      const format = /\.csv$/i.test(file.name) ? 'csv' : 'xlsx';
      const answer = await sendWrite<{ id: number }>(
        'POST',
        '/finance-balances',
        { asOf, format, file: await toBase64(file) },
        key.current,
      );
      void navigate(`/desk/balances/${answer.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        key.current = newIdempotencyKey();
        setError(describeError(e, t));
        setRows(Array.isArray(e.details.rows) ? (e.details.rows as RowProblem[]) : []);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('上傳財務餘額', 'Upload finance’s balances')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        {t(
          'CSV（UTF-8）或 Excel：表頭 客戶編號、幣別、應收餘額，每客戶每幣別一列。',
          'CSV (UTF-8) or Excel: header customerNo, currency, balance; one row per customer and currency.',
        )}
      </Typography.Paragraph>
      <Space wrap align="center">
        <label>
          {t('餘額日期', 'Balances as of')}{' '}
          <DateInput
            aria-label={t('餘額日期', 'Balances as of')}
            allowClear={false}
            value={asOf}
            onChange={(d) => {
              if (d) setAsOf(d);
              key.current = newIdempotencyKey();
            }}
          />
        </label>
        <label>
          {t('檔案', 'File')}{' '}
          <input
            ref={input}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="balance-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              key.current = newIdempotencyKey();
            }}
          />
        </label>
        <Button type="primary" disabled={!file} loading={busy} data-testid="balance-upload" onClick={() => void send()}>
          {t('上傳並核對', 'Upload and compare')}
        </Button>
      </Space>
      {error && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Alert type="error" showIcon role="alert" title={error} data-testid="balance-upload-error" />
          {rows.length > 0 && (
            <DataTable<RowProblem>
              size="small"
              data-testid="balance-upload-rows"
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
                { title: t('問題', 'Problem'), dataIndex: 'message', render: (m: string) => fieldMessage(m, t) },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}

export default function BalancesPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const list = useQuery({ queryKey: ['finance-balances'], queryFn: () => unwrap(api.GET('/finance-balances')) });
  const mayUpload = !!list.data?.actions.some((a) => a.step === 'upload' && a.allowed);
  return (
    <section aria-labelledby="balances-title">
      <Typography.Title level={2} id="balances-title" style={{ fontSize: 22 }}>
        {t('餘額核對', 'Balance check')}
      </Typography.Title>
      {mayUpload && <UploadForm />}
      <ListTable<Upload>
        list={list}
        label={t('上傳紀錄', 'Uploads')}
        testId="balance-uploads"
        columns={[
          {
            title: t('餘額日期', 'As of'),
            key: 'asOf',
            render: (_, u) => <Link to={`/desk/balances/${u.id}`}>{u.asOf}</Link>,
          },
          { title: t('格式', 'Format'), key: 'format', render: (_, u) => u.format.toUpperCase() },
          { title: t('上傳人', 'Uploaded by'), dataIndex: 'uploadedByName', key: 'by' },
          {
            title: t('上傳時間', 'Uploaded at'),
            key: 'at',
            render: (_, u) => formatDateTime(u.createdAt, businessTimeZone),
          },
          { title: t('列數', 'Rows'), dataIndex: 'rows', key: 'rows', align: 'right' },
          { title: t('未處理差異', 'Open differences'), dataIndex: 'open', key: 'open', align: 'right' },
        ]}
      />
    </section>
  );
}
