/**
 * Collection rate 回款率 (§2.2.6; GET /collection-rate, PUT /collection-targets/{month}/{ownerId}): per
 * salesperson and currency what fell due in the month, what of it was collected and the rate, beside the
 * month's target. The set-target button comes from each salesperson's `actions` (their sales manager, the GM).
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { FilterBar, MonthFilter } from '../../components/FilterBar';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { useT } from '../../i18n';

type Sheet = paths['/collection-rate']['get']['responses']['200']['content']['application/json'];
type Person = Sheet['salespeople'][number];
type Action = Person['actions'][number];
interface Row {
  key: string;
  person: Person;
  first: boolean;
  span: number;
  rate: Person['rates'][number] | null;
}

// The dialog (antd Form, Input): a module of its own, loaded when opened (issue 11).
const TargetModal = lazy(() => import('./TargetModal'));

export default function CollectionRatePage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [month, setMonth] = useState(() => businessToday(businessTimeZone).slice(0, 7));
  const [editing, setEditing] = useState<{ person: Person; action: Action } | null>(null);
  const sheet = useQuery({
    queryKey: ['collection-rate', month],
    queryFn: () => unwrap(api.GET('/collection-rate', { params: { query: { month } } })),
  });
  const rows: Row[] = (sheet.data?.salespeople ?? []).flatMap<Row>((p) =>
    p.rates.length
      ? p.rates.map((r, i) => ({
          key: `${p.ownerId}-${r.currency}`,
          person: p,
          first: i === 0,
          span: p.rates.length,
          rate: r,
        }))
      : [{ key: p.ownerId, person: p, first: true, span: 1, rate: null }],
  );
  const spanned = (r: Row) => ({ rowSpan: r.first ? r.span : 0 });
  const noRate = (r: Row) => ({ colSpan: r.rate ? 1 : 0 });
  return (
    <section aria-labelledby="collection-rate-title">
      <Typography.Title level={2} id="collection-rate-title" style={{ fontSize: 22 }}>
        {t('回款率', 'Collection rate')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '回款率 = 當月到期應收（發票、貸項、調整）中，至期末已核銷收款 ÷ 當月到期金額 × 100，各幣別分列，不跨幣別加總。',
          'Rate = receipts allocated by the period’s end to the receivables falling due in the month ÷ what fell due × 100, per currency, never summed across currencies.',
        )}
        {sheet.data &&
          ` ${sheet.data.from} – ${sheet.data.to}${sheet.data.partial ? t('（本月至今）', ' (month to date)') : ''} · ${sheet.data.timeZone}`}
      </Typography.Paragraph>
      <FilterBar>
        <MonthFilter id="collection-rate-month-label" value={month} onChange={setMonth} />
      </FilterBar>
      {sheet.isError && <ErrorState compact error={sheet.error} onRetry={() => void sheet.refetch()} />}
      <Suspense fallback={null}>
        {editing && <TargetModal person={editing.person} action={editing.action} onClose={() => setEditing(null)} />}
      </Suspense>
      <TableScroll label={t('回款率', 'Collection rate')}>
        <DataTable<Row>
          data-testid="collection-rate"
          rowKey="key"
          size="small"
          pagination={false}
          loading={sheet.isLoading}
          dataSource={rows}
          columns={[
            {
              title: t('業務員', 'Salesperson'),
              key: 'owner',
              onCell: spanned,
              render: (_, r) => r.person.ownerName,
            },
            {
              title: t('幣別', 'Currency'),
              key: 'currency',
              // A salesperson with nothing falling due in the month has no rate: one cell says why.
              onCell: (r) => ({ colSpan: r.rate ? 1 : 4 }),
              render: (_, r) =>
                r.rate?.currency ?? (
                  <span data-testid={`nothing-due-${r.person.ownerId}`}>
                    {t('本月無到期款項', 'Nothing fell due this month')}
                  </span>
                ),
            },
            {
              title: t('當月到期', 'Fell due'),
              key: 'due',
              align: 'right',
              onCell: noRate,
              render: (_, r) => (r.rate ? <Money amount={r.rate.due} currency={r.rate.currency} /> : '—'),
            },
            {
              title: t('已收回', 'Collected'),
              key: 'collected',
              align: 'right',
              onCell: noRate,
              render: (_, r) => (r.rate ? <Money amount={r.rate.collected} currency={r.rate.currency} /> : '—'),
            },
            {
              title: t('回款率 %', 'Rate %'),
              key: 'rate',
              align: 'right',
              onCell: noRate,
              render: (_, r) => (
                <span data-testid={`rate-${r.key}`}>
                  {r.rate?.ratePct ?? '—'} {r.rate?.met === true && <Tag color="#237804">{t('達標', 'Met')}</Tag>}
                  {r.rate?.met === false && <Tag color="#a8071a">{t('未達標', 'Below target')}</Tag>}
                </span>
              ),
            },
            {
              title: t('目標 %', 'Target %'),
              key: 'target',
              align: 'right',
              onCell: spanned,
              render: (_, r) => (
                <span data-testid={`target-${r.person.ownerId}`}>{r.person.target?.targetPct ?? '—'}</span>
              ),
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              onCell: spanned,
              render: (_, r) => (
                <Space>
                  {r.person.actions.map((a) => (
                    <Button
                      key={a.step}
                      size="small"
                      disabled={!a.allowed}
                      data-testid={`${a.step}-${r.person.ownerId}`}
                      onClick={() => setEditing({ person: r.person, action: a })}
                    >
                      {t(a.labelZh, a.labelEn)}
                    </Button>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </TableScroll>
    </section>
  );
}
