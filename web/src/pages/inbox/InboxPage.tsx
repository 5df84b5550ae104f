/**
 * Inbox 待辦: the steps waiting for me (my role, delegated roles; salespeople their own records),
 * overdue first as the API orders them, due time, amount per currency, flags; one click to the record.
 * Refreshed every 3 s, so new work appears without a reload.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { labelOf, RECORD_TYPE_LABELS, ROLE_LABELS } from '../../format/labels';
import { MoneyList } from '../../format/Money';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';

type InboxItem = paths['/inbox']['get']['responses']['200']['content']['application/json']['items'][number];

/** Where a record of the inbox opens in the desk. */
export const recordPath = (item: Pick<InboxItem, 'recordType' | 'recordId'>): string =>
  ({
    quote: `/desk/quotes/${item.recordId}`,
    tariff: `/desk/tariffs/${item.recordId}`,
    tariff_change: `/desk/tariff-changes/${item.recordId}`,
    customer: `/desk/customers/${item.recordId}`,
  })[item.recordType] ?? `/desk/inbox`;

export default function InboxPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const me = useMe();
  const inbox = useQuery({
    queryKey: ['inbox', 'list'],
    queryFn: () => unwrap(api.GET('/inbox', { params: { query: { limit: 200 } } })),
    refetchInterval: 3_000,
  });
  const myRole = me.data?.role;
  return (
    <section aria-labelledby="inbox-title">
      <Typography.Title level={2} id="inbox-title" style={{ fontSize: 22 }}>
        {t('待辦', 'Inbox')} <Typography.Text type="secondary">({inbox.data?.total ?? 0})</Typography.Text>
      </Typography.Title>
      {inbox.isError && <Alert type="error" title={String(inbox.error)} />}
      <Table<InboxItem>
        data-testid="inbox-table"
        rowKey={(r) => `${r.recordType}:${r.recordId}:${r.step}`}
        loading={inbox.isLoading}
        dataSource={inbox.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        size="middle"
        rowClassName={(r) => (r.overdue ? 'inbox-overdue' : '')}
        columns={[
          {
            title: t('記錄', 'Record'),
            key: 'record',
            render: (_, r) => (
              <Link to={recordPath(r)} data-testid={`inbox-open-${r.recordId}`}>
                {t.label(labelOf(RECORD_TYPE_LABELS, r.recordType))} {r.recordId}
              </Link>
            ),
          },
          { title: t('待辦步驟', 'Step'), key: 'step', render: (_, r) => r.stepLabel ?? r.step },
          {
            title: t('角色', 'Role'),
            key: 'role',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{t.label(labelOf(ROLE_LABELS, r.role))}</span>
                {myRole && r.role !== myRole && r.role !== 'sales' && (
                  <Tag color="#531dab" data-testid="on-behalf">
                    {t('代理', 'On behalf of')} {t.label(labelOf(ROLE_LABELS, r.role))}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('客戶', 'Customer'),
            dataIndex: 'customerNo',
            key: 'customer',
            render: (c: string | null) => (c ? <Link to={`/desk/customers/${c}`}>{c}</Link> : ''),
          },
          { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId ?? '' },
          {
            title: t('金額', 'Amount'),
            key: 'amount',
            align: 'right',
            render: (_, r) => <MoneyList amounts={r.amount} />,
          },
          {
            title: t('提示', 'Flags'),
            key: 'flags',
            render: (_, r) => (
              <Space wrap>
                {r.overdue && <Tag color="#a8071a">{t('逾期', 'Overdue')}</Tag>}
                {r.belowCost && (
                  <Tag color="#ad2102" data-testid="flag-below-cost">
                    {t('低於成本', 'Below cost')}
                  </Tag>
                )}
                {r.beyondAuthority && (
                  <Tag color="#ad4e00" data-testid="flag-beyond-authority">
                    {t('超出價格權限', 'Beyond price authority')}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('到達時間', 'Since'), key: 'since', render: (_, r) => formatDateTime(r.since, businessTimeZone) },
          {
            title: t('到期時間', 'Due'),
            key: 'due',
            render: (_, r) => (
              <span style={r.overdue ? { color: '#a8071a', fontWeight: 600 } : undefined}>
                {formatDateTime(r.dueAt, businessTimeZone)}
              </span>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('時間以業務時區顯示', 'Times in the business time zone')}: {businessTimeZone}
      </Typography.Paragraph>
    </section>
  );
}
