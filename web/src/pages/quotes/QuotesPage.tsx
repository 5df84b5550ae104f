/** Quotes 初始報價: the quotes I may see, searched (quote no, customer, contract no) and filtered by status. */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Input, Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { labelOf, QUOTE_STATUS_LABELS } from '../../format/labels';
import { MoneyList } from '../../format/Money';
import { useT } from '../../i18n';
import { useMay } from '../../layout/useMe';
import { CustomerLink } from '../../components/CustomerLink';
import { Picker } from '../../components/Picker';

type Status = NonNullable<NonNullable<paths['/quotes']['get']['parameters']['query']>['status']>;
type Row = paths['/quotes']['get']['responses']['200']['content']['application/json']['items'][number];

export default function QuotesPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const { may } = useMay();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status | undefined>();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['quotes', 'list', q, status, page],
    queryFn: () =>
      unwrap(
        api.GET('/quotes', {
          params: { query: { ...(q ? { q } : {}), ...(status ? { status } : {}), limit: 50, offset: (page - 1) * 50 } },
        }),
      ),
  });
  return (
    <section aria-labelledby="quotes-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} id="quotes-title" style={{ fontSize: 22 }}>
          {t('初始報價', 'Quotes')}{' '}
          {list.data && <Typography.Text type="secondary">({list.data.total})</Typography.Text>}
        </Typography.Title>
        {may('createQuote') && (
          <Link to="/desk/quotes/new">
            <Button type="primary" tabIndex={-1} data-testid="new-quote">
              {t('新增報價', 'New quote')}
            </Button>
          </Link>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('搜尋報價', 'Search quotes')}
          placeholder={t('報價號、客戶、合同號', 'Quote no, customer, contract no')}
          allowClear
          style={{ width: 320 }}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          data-testid="quotes-search"
        />
        <Picker
          allowClear
          aria-label={t('狀態', 'Status')}
          placeholder={t('狀態', 'Status')}
          style={{ width: 220 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={Object.entries(QUOTE_STATUS_LABELS).map(([value, l]) => ({
            value: value as NonNullable<Status>,
            label: t.label(l),
          }))}
          data-testid="quotes-status"
        />
      </Space>
      {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
      <DataTable<Row>
        rowKey="quoteNo"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 50,
          total: list.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        size="middle"
        columns={[
          {
            title: t('報價號', 'Quote'),
            key: 'no',
            render: (_, r) => (
              <Link to={`/desk/quotes/${r.quoteNo}`} data-testid={`quote-open-${r.quoteNo}`}>
                {r.quoteNo}
              </Link>
            ),
          },
          {
            title: t('客戶', 'Customer'),
            key: 'customer',
            render: (_, r) => <CustomerLink customerNo={r.customerNo} customerName={r.customerName} />,
          },
          {
            title: t('狀態', 'Status'),
            key: 'status',
            render: (_, r) => <Tag>{t.label(labelOf(QUOTE_STATUS_LABELS, r.status))}</Tag>,
          },
          { title: t('版本', 'Revision'), dataIndex: 'revision', align: 'right' },
          {
            title: t('金額', 'Amount'),
            key: 'totals',
            align: 'right',
            render: (_, r) => <MoneyList amounts={r.totals} />,
          },
          {
            title: t('提示', 'Flags'),
            key: 'flags',
            render: (_, r) => (
              <Space wrap size={4}>
                {r.belowCost && <Tag color="#ad2102">{t('低於成本', 'Below cost')}</Tag>}
                {r.needsPriceApproval && <Tag color="#874d00">{t('超出權限', 'Beyond authority')}</Tag>}
              </Space>
            ),
          },
          { title: t('合同號', 'Contract'), dataIndex: 'contractNo', render: (c: string | null) => c ?? '' },
          {
            title: t('更新時間', 'Updated'),
            key: 'updated',
            render: (_, r) => formatDateTime(r.updatedAt, businessTimeZone),
          },
        ]}
      />
    </section>
  );
}
