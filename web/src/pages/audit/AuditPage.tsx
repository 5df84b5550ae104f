/**
 * Audit 審計 (auditors, admin; read only): search the audit log by actor, role, record, step and date
 * range, export the same search as CSV (GET /audit/export, downloaded), open a record's merged history;
 * step durations (per step across records, and each stay of one record) as a table and a chart; the
 * hash-chain verification and its result.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { ReadState } from '../../components/ReadState';
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { currentToken } from '../../auth/session';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { labelOf, RECORD_TYPE_LABELS, ROLE_LABELS } from '../../format/labels';
import { AUDITED_RECORD_TYPES } from '../../../../domain/record-types';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import { DateInput } from '../../components/DateInput';
import { StepDurations } from './StepDurations';
import { fieldLabel } from '../../api/errors';
import { Picker } from '../../components/Picker';
import { Tabs } from '../../components/Tabs';

type Query = NonNullable<paths['/audit']['get']['parameters']['query']>;
type Entry = paths['/audit']['get']['responses']['200']['content']['application/json']['items'][number];

/** Every type the audit log holds, in the order of the chains (domain/record-types.ts); each has a record history. */
const RECORD_TYPES: readonly string[] = AUDITED_RECORD_TYPES;

const toSearch = (q: Query): Record<string, string> =>
  Object.fromEntries(
    Object.entries(q)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );

/** Downloads GET /audit/export?… as a CSV file with the session's token. */
async function downloadCsv(q: Query): Promise<void> {
  const params = new URLSearchParams({ ...toSearch(q), format: 'csv' });
  params.delete('limit');
  params.delete('offset');
  const res = await fetch(`/audit/export?${params}`, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, 'export_failed', `HTTP ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'audit.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Search() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [form] = Form.useForm<Query>();
  const [query, setQuery] = useState<Query>({});
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<string | null>(null);
  const pageSize = 50;
  // Everyone who may appear in the log, for the actor picker (auditors read GET /users).
  const users = useQuery({
    queryKey: ['users', 'audit-picker'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { limit: 200 } } })),
  });
  const result = useQuery({
    queryKey: ['audit', query, page],
    queryFn: () =>
      unwrap(api.GET('/audit', { params: { query: { ...query, limit: pageSize, offset: (page - 1) * pageSize } } })),
  });
  return (
    <>
      <QueryError query={users} title={['無法讀取使用者', 'Could not read the users']} />
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v) => {
          setPage(1);
          setQuery(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as Query);
        }}
      >
        <Form.Item name="actorId" label={t('操作人', 'Actor')}>
          {/* People by display name (GET /users), never a login to guess; the API also finds a typed name. */}
          <Picker
            allowClear
            style={{ width: 180 }}
            data-testid="audit-actor"
            placeholder={t('選擇使用者', 'Pick a user')}
            loading={users.isLoading}
            options={(users.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName} (${t.label(labelOf(ROLE_LABELS, u.role))})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')}>
          <Picker
            allowClear
            style={{ width: 150 }}
            options={Object.keys(ROLE_LABELS).map((r) => ({ value: r, label: t.label(labelOf(ROLE_LABELS, r)) }))}
          />
        </Form.Item>
        <Form.Item name="recordType" label={t('記錄類型', 'Record type')}>
          <Picker
            allowClear
            style={{ width: 150 }}
            options={RECORD_TYPES.map((r) => ({ value: r, label: t.label(labelOf(RECORD_TYPE_LABELS, r)) }))}
          />
        </Form.Item>
        <Form.Item name="recordId" label={t('記錄編號', 'Record no.')}>
          <Input style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="action" label={t('步驟', 'Step')}>
          <Input style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="from" label={t('由', 'From')}>
          <DateInput style={{ width: 150 }} />
        </Form.Item>
        <Form.Item
          name="to"
          label={t('至', 'To')}
          dependencies={['from']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, to?: string) => {
                const from = getFieldValue('from') as string | undefined;
                return from && to && to < from
                  ? Promise.reject(new Error(t('不可早於「由」', 'must not be before From')))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DateInput style={{ width: 150 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('查詢', 'Search')}
          </Button>
          <Button
            data-testid="audit-export"
            onClick={() => {
              setExportError(null);
              downloadCsv(query).catch((e: Error) => setExportError(e.message));
            }}
          >
            {t('匯出 CSV', 'Export CSV')}
          </Button>
        </Space>
      </Form>
      {result.isError && <ErrorState compact error={result.error} onRetry={() => void result.refetch()} />}
      {exportError && <Alert type="error" title={exportError} style={{ marginBottom: 12 }} />}
      <DataTable<Entry>
        data-testid="audit-table"
        rowKey="id"
        size="small"
        loading={result.isLoading}
        dataSource={result.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: result.data?.total ?? 0,
          onChange: setPage,
        }}
        columns={[
          { title: '#', dataIndex: 'id', key: 'id' },
          { title: t('時間', 'At'), key: 'at', render: (_, r) => formatDateTime(r.at, businessTimeZone) },
          {
            title: t('操作人', 'Actor'),
            key: 'actor',
            render: (_, r) =>
              `${r.actorName ?? r.actorId} (${t.label(labelOf(ROLE_LABELS, r.actorRole))})${
                r.onBehalfOf ? ` → ${r.onBehalfOfName ?? r.onBehalfOf}` : ''
              }`,
          },
          {
            title: t('記錄', 'Record'),
            key: 'record',
            render: (_, r) =>
              RECORD_TYPES.includes(r.recordType) ? (
                <Link to={`/desk/audit/${r.recordType}/${encodeURIComponent(r.recordId)}`}>
                  {t.label(labelOf(RECORD_TYPE_LABELS, r.recordType))} {r.recordId}
                </Link>
              ) : (
                `${r.recordType} ${r.recordId}`
              ),
          },
          {
            title: t('步驟', 'Step'),
            key: 'action',
            render: (_, r) => <span title={r.action}>{t(r.actionLabel.zh, r.actionLabel.en)}</span>,
          },
          {
            title: t('狀態', 'State'),
            key: 'state',
            render: (_, r) =>
              r.fromStateLabel || r.toStateLabel
                ? `${r.fromStateLabel ? t(r.fromStateLabel.zh, r.fromStateLabel.en) : '—'} → ${
                    r.toStateLabel ? t(r.toStateLabel.zh, r.toStateLabel.en) : '—'
                  }`
                : '',
          },
          { title: fieldLabel('comment', t), dataIndex: 'comment', key: 'comment' },
        ]}
      />
    </>
  );
}

function Verify() {
  const t = useT();
  const v = useQuery({
    queryKey: ['audit', 'verify'],
    queryFn: () => unwrap(api.GET('/audit/verify')),
    enabled: false,
  });
  return (
    <Card size="small">
      <Button onClick={() => void v.refetch()} loading={v.isFetching} data-testid="audit-verify">
        {t('驗證雜湊鏈', 'Verify the hash chain')}
      </Button>
      {v.data && (
        <div data-testid="audit-verify-result" style={{ marginTop: 12 }}>
          {v.data.intact ? (
            <Alert
              type="success"
              title={`${t('雜湊鏈完整', 'The chain is intact')}: ${v.data.rows} ${t('筆', 'rows')}`}
              description={
                <>
                  <div data-testid="audit-verify-detail">
                    {`${v.data.records ?? 0} ${t('筆記錄各自成鏈', 'record chains')} · ${v.data.checkpoints ?? 0} ${t('個檢查點', 'checkpoints')} · ${v.data.uncheckpointedRows ?? 0} ${t('筆尚待檢查點', 'rows awaiting a checkpoint')}`}
                  </div>
                  {v.data.lastHash && <div>{`${t('最新檢查點雜湊', 'Last checkpoint hash')} ${v.data.lastHash}`}</div>}
                </>
              }
            />
          ) : (
            <Alert
              type="error"
              title={`${t('雜湊鏈中斷', 'The chain is broken')} ${v.data.brokenAtId !== undefined ? `#${v.data.brokenAtId}` : ''}${v.data.recordType ? ` ${v.data.recordType} ${v.data.recordId ?? ''}` : ''}${v.data.checkpointId !== undefined ? ` ${t('檢查點', 'checkpoint')} ${v.data.checkpointId}` : ''} (${v.data.reason ?? ''})`}
              description={`${t('預期', 'expected')} ${v.data.expected ?? ''} · ${t('實際', 'found')} ${v.data.found ?? ''}`}
            />
          )}
        </div>
      )}
      <ReadState read={v} compact />
    </Card>
  );
}

function OpenRecord() {
  const t = useT();
  const [type, setType] = useState('quote');
  const [id, setId] = useState('');
  return (
    <Space style={{ marginBottom: 12 }}>
      <Picker
        aria-label={t('記錄類型', 'Record type')}
        value={type}
        onChange={(v) => v && setType(v)}
        style={{ width: 150 }}
        options={RECORD_TYPES.map((r) => ({ value: r, label: t.label(labelOf(RECORD_TYPE_LABELS, r)) }))}
      />
      <Input
        aria-label={t('記錄編號', 'Record no.')}
        placeholder={t('記錄編號', 'Record no.')}
        value={id}
        onChange={(e) => setId(e.target.value)}
        style={{ width: 180 }}
      />
      <Link
        to={id.trim() ? `/desk/audit/${type}/${encodeURIComponent(id.trim())}` : '#'}
        data-testid="audit-open-history"
      >
        {t('查看歷程', 'Open its history')}
      </Link>
    </Space>
  );
}

export default function AuditPage() {
  const t = useT();
  const me = useMe();
  if (me.data && me.data.role !== 'auditor' && me.data.role !== 'admin')
    return <ErrorState kind="forbidden" title={['僅限審計', 'Auditors only']} />;
  return (
    <section aria-labelledby="audit-title">
      <Typography.Title level={2} id="audit-title" style={{ fontSize: 22 }}>
        {t('審計', 'Audit')} <Tag>{t('唯讀', 'Read only')}</Tag>
      </Typography.Title>
      <OpenRecord />
      <Tabs
        items={[
          { key: 'search', label: t('審計紀錄', 'Audit log'), children: <Search /> },
          { key: 'durations', label: t('步驟耗時', 'Step durations'), children: <StepDurations /> },
          { key: 'verify', label: t('雜湊鏈驗證', 'Hash chain'), children: <Verify /> },
        ]}
      />
    </section>
  );
}
