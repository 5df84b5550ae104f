/**
 * Receivables 應收帳款: the aging 賬齡表 as of a date (business time zone) per customer and currency,
 * per salesperson and per currency, with links to each customer's ledger and Excel exports of the aging,
 * the receivables detail 應收款客戶明細表 and the unpaid list 未收款客戶明細表.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Alert, Button } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { AsOfFilter, FilterBar } from '../../components/FilterBar';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { TableScroll } from '../../components/TableScroll';
import { useT } from '../../i18n';
import { downloadExport } from './shared';
import { customerOwnerColumn } from './columns';

type Aging = paths['/receivables/aging']['get']['responses']['200']['content']['application/json'];
type Row = Aging['rows'][number];

export default function AgingPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [asOf, setAsOf] = useState(() => businessToday(businessTimeZone));
  const [exportError, setExportError] = useState<string | null>(null);
  const aging = useQuery({
    queryKey: ['receivables', 'aging', asOf],
    queryFn: () => unwrap(api.GET('/receivables/aging', { params: { query: { asOf } } })),
  });
  const buckets = aging.data?.buckets ?? [];
  // Money columns a 1366 px window holds side by side (issue 13): the label's two languages on two lines.
  const bucketColumns = buckets.map((b) => ({
    title: t.stacked(b.labelZh, b.labelEn),
    key: b.key,
    align: 'right' as const,
    render: (_: unknown, r: { currency: string; buckets: Record<string, string> }) => (
      <Money amount={r.buckets[b.key] ?? '0'} currency={r.currency} />
    ),
  }));
  const exportButton = (report: 'aging' | 'detail' | 'unpaid', zh: string, en: string) => (
    <Button
      data-testid={`export-${report}`}
      onClick={() => {
        setExportError(null);
        downloadExport({ report, asOf }).catch((e: Error) => setExportError(e.message));
      }}
    >
      {t(zh, en)}
    </Button>
  );
  return (
    <section aria-labelledby="aging-title">
      <Typography.Title level={2} id="aging-title" style={{ fontSize: 22 }}>
        {t('應收帳款賬齡', 'Receivables aging')}
      </Typography.Title>
      <FilterBar>
        <AsOfFilter value={asOf} onChange={setAsOf} testId="aging-as-of" />
        {exportButton('aging', '匯出賬齡表 Excel', 'Export aging')}
        {exportButton('detail', '匯出應收款客戶明細表', 'Export receivables detail')}
        {exportButton('unpaid', '匯出未收款客戶明細表', 'Export unpaid list')}
      </FilterBar>
      <Typography.Paragraph type="secondary">
        {t(
          `逾期天數 = 截至日期 − 到期日（${aging.data?.timeZone ?? businessTimeZone} 日曆天）；到期當天算未到期。各幣別分列，不跨幣別加總。`,
          `Days past due = as-of date − due date (calendar days, ${aging.data?.timeZone ?? businessTimeZone}); the due date itself is not yet due. Each currency apart, never summed across currencies.`,
        )}
      </Typography.Paragraph>
      {aging.isError && <ErrorState compact error={aging.error} onRetry={() => void aging.refetch()} />}
      {exportError && <Alert type="error" title={exportError} />}
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        {t('客戶', 'Per customer')}
      </Typography.Title>
      <TableScroll label={t('客戶賬齡', 'Aging per customer')}>
        <DataTable<Row>
          data-testid="aging-rows"
          rowKey={(r) => `${r.customerNo}-${r.currency}`}
          size="small"
          loading={aging.isLoading}
          pagination={false}
          dataSource={aging.data?.rows ?? []}
          columns={[
            // The customer with their salesperson under; each amount names its currency (no column of its own).
            customerOwnerColumn<Row>(t, 210),
            ...bucketColumns,
            {
              title: t.stacked('未收合計', 'Outstanding'),
              key: 'outstanding',
              align: 'right',
              render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
            },
            {
              // Credit not yet allocated, and what the customer owes net of it.
              title: t.stacked('未沖銷收款 / 淨額', 'Unallocated credit / Net'),
              key: 'net',
              align: 'right',
              render: (_, r) => (
                <>
                  <div>
                    <Money amount={r.unallocatedCredit} currency={r.currency} />
                  </div>
                  <strong>
                    <Money amount={r.net} currency={r.currency} />
                  </strong>
                </>
              ),
            },
          ]}
        />
      </TableScroll>
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 24 }}>
        {t('業務員', 'Per salesperson')}
      </Typography.Title>
      <TableScroll label={t('業務員賬齡', 'Aging per salesperson')}>
        <DataTable
          rowKey={(r) => `${r.ownerId}-${r.currency}`}
          size="small"
          pagination={false}
          dataSource={aging.data?.bySalesperson ?? []}
          columns={[
            { title: t('業務員', 'Salesperson'), dataIndex: 'ownerName', key: 'owner' },
            { title: t('幣別', 'Currency'), dataIndex: 'currency', key: 'currency' },
            ...bucketColumns,
            {
              title: t.stacked('未收合計', 'Outstanding'),
              key: 'outstanding',
              align: 'right',
              render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
            },
          ]}
        />
      </TableScroll>
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 24 }}>
        {t('幣別合計', 'Per currency')}
      </Typography.Title>
      <TableScroll label={t('幣別合計', 'Per currency')}>
        <DataTable
          data-testid="aging-totals"
          rowKey="currency"
          size="small"
          pagination={false}
          dataSource={aging.data?.totals ?? []}
          columns={[
            { title: t('幣別', 'Currency'), dataIndex: 'currency', key: 'currency' },
            ...bucketColumns,
            {
              title: t.stacked('未收合計', 'Outstanding'),
              key: 'outstanding',
              align: 'right',
              render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
            },
          ]}
        />
      </TableScroll>
    </section>
  );
}
