/** Exceptions 異常動態表: open exceptions oldest first — age, stage, owner, customer told — filtered by stage and type. */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { EXCEPTION_TYPE_LABELS, JOB_STAGE_LABELS, labelOf, customerText } from '../../format/labels';
import { useT } from '../../i18n';
import { durationLabel } from '../jobs/jobTypes';
import { TAG } from '../../format/colors';
import { Picker } from '../../components/Picker';

type Item = paths['/boards/exceptions']['get']['responses']['200']['content']['application/json']['items'][number];
type Query = NonNullable<paths['/boards/exceptions']['get']['parameters']['query']>;

/** The exceptions as a table (also used by the morning briefing). */
export function ExceptionTable({ items, links = true }: { items: Item[]; links?: boolean }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  return (
    <DataTable<Item>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        {
          title: t('作業', 'Job'),
          key: 'job',
          // A job number on one line (J2026-000001, not J2026-/000001).
          render: (_, r) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {links ? <Link to={`/desk/jobs/${r.jobNo}`}>{r.jobNo}</Link> : r.jobNo}
            </span>
          ),
        },
        { title: t('客戶', 'Customer'), key: 'customer', render: (_, r) => customerText(r.customerNo, r.customerName) },
        { title: t('業務員', 'Owner'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
        { title: t('環節', 'Stage'), key: 'stage', render: (_, r) => t.label(labelOf(JOB_STAGE_LABELS, r.stage)) },
        { title: t('類型', 'Type'), key: 'type', render: (_, r) => t.label(labelOf(EXCEPTION_TYPE_LABELS, r.type)) },
        { title: t('說明', 'Description'), dataIndex: 'description', key: 'desc' },
        {
          title: t('告知客戶', 'Customer told'),
          key: 'told',
          render: (_, r) =>
            r.customerNotified ? (
              <Tag color={TAG.green}>{t('是', 'Yes')}</Tag>
            ) : (
              <Tag color={TAG.gold}>{t('否', 'No')}</Tag>
            ),
        },
        {
          title: t('登記', 'Raised'),
          key: 'raised',
          render: (_, r) => `${r.raisedByName ?? r.raisedBy} ${formatDateTime(r.raisedAt, businessTimeZone)}`,
        },
        { title: t('歷時', 'Age'), key: 'age', render: (_, r) => t.label(durationLabel(r.ageMs)) },
      ]}
    />
  );
}

export default function ExceptionsPage() {
  const t = useT();
  const [stage, setStage] = useState<Query['stage']>();
  const [type, setType] = useState<Query['type']>();
  const board = useQuery({
    queryKey: ['boards', 'exceptions', stage, type],
    queryFn: () =>
      unwrap(
        api.GET('/boards/exceptions', {
          params: { query: { limit: 200, ...(stage ? { stage } : {}), ...(type ? { type } : {}) } },
        }),
      ),
    refetchInterval: 5_000,
  });
  return (
    <section aria-labelledby="exceptions-title">
      <Typography.Title level={2} id="exceptions-title" style={{ fontSize: 22 }}>
        {t('異常動態表', 'Exceptions')}{' '}
        {board.data && <Typography.Text type="secondary">({board.data.total})</Typography.Text>}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Picker
          allowClear
          placeholder={t('環節', 'Stage')}
          aria-label={t('環節', 'Stage')}
          style={{ width: 160 }}
          value={stage}
          onChange={setStage}
          options={Object.keys(JOB_STAGE_LABELS).map((s) => ({
            value: s as NonNullable<Query['stage']>,
            label: t.label(labelOf(JOB_STAGE_LABELS, s)),
          }))}
        />
        <Picker
          allowClear
          placeholder={t('類型', 'Type')}
          aria-label={t('類型', 'Type')}
          style={{ width: 200 }}
          value={type}
          onChange={setType}
          options={Object.keys(EXCEPTION_TYPE_LABELS).map((s) => ({
            value: s as NonNullable<Query['type']>,
            label: t.label(labelOf(EXCEPTION_TYPE_LABELS, s)),
          }))}
        />
      </Space>
      <ReadState read={board} compact />
      <div data-testid="exceptions-board">
        <ExceptionTable items={board.data?.items ?? []} />
      </div>
    </section>
  );
}
