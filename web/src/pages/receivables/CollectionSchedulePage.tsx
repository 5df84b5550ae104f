/**
 * Collection schedule 收款日程 (§3.4.3): the salesperson's worklist ranked by the API's transparent
 * score, with the reason per row, the planned collection date, whether the call before it is due, the
 * last call and a broken promise. The customer's salesperson (or their sales manager) sets the date and
 * records calls with a promise to pay: the date field and the call button come only from each row's
 * `actions` (`collection-plan`, `collection-calls`); other roles read only.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { formatMoney } from '../../format/money';
import { TableScroll } from '../../components/TableScroll';
import { useT } from '../../i18n';
import { DateInput } from '../../components/DateInput';
import { AsOfFilter, FilterBar } from '../../components/FilterBar';
import type { RecordAction } from '../../api/actions';
import { customerOwnerColumn } from './columns';

type Row = paths['/collections/schedule']['get']['responses']['200']['content']['application/json']['items'][number];

/** The row's allowed step `step` (from its `actions`), if any. */
const stepOf = (r: Row, step: string): RecordAction | undefined =>
  (r.actions as RecordAction[]).find((a) => a.step === step && a.allowed);

// The dialog (antd Form, Input): a module of its own, loaded when opened (issue 11).
const CallModal = lazy(() => import('./CallModal'));

export default function CollectionSchedulePage() {
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const [asOf, setAsOf] = useState(() => businessToday(businessTimeZone));
  const [calling, setCalling] = useState<{ row: Row; action: RecordAction } | null>(null);
  const plan = useWrite([['collections']]);
  const schedule = useQuery({
    queryKey: ['collections', asOf],
    queryFn: () => unwrap(api.GET('/collections/schedule', { params: { query: { asOf } } })),
  });
  return (
    <section aria-labelledby="collections-title">
      <Typography.Title level={2} id="collections-title" style={{ fontSize: 22 }}>
        {t('收款日程', 'Collection schedule')}
      </Typography.Title>
      <FilterBar>
        <AsOfFilter value={asOf} onChange={setAsOf} testId="collections-as-of" />
        {schedule.data && (
          <Typography.Text type="secondary">
            {t('權重', 'Weights')}: {t('金額', 'amount')} {schedule.data.weights.amount} · {t('時間', 'age')}{' '}
            {schedule.data.weights.age} · {t('信譽', 'credit')} {schedule.data.weights.credit} · {t('業務量', 'volume')}{' '}
            {schedule.data.weights.volume}
          </Typography.Text>
        )}
      </FilterBar>
      {schedule.isError && <ErrorState compact error={schedule.error} onRetry={() => void schedule.refetch()} />}
      <WriteError error={plan.error} />
      <Suspense fallback={null}>
        {calling && <CallModal row={calling.row} action={calling.action} onClose={() => setCalling(null)} />}
      </Suspense>
      <TableScroll label={t('收款日程', 'Collection schedule')}>
        <DataTable<Row>
          data-testid="collection-schedule"
          rowKey={(r) => `${r.customerNo}-${r.currency}`}
          size="small"
          pagination={false}
          loading={schedule.isLoading}
          dataSource={schedule.data?.items ?? []}
          columns={[
            { title: '#', dataIndex: 'rank', key: 'rank' },
            // Narrow cells that belong together and widths for the rest, so the table fits a 1366 px window (issue 13).
            customerOwnerColumn<Row>(t, 190),
            {
              title: t('未收 / 已逾期', 'Outstanding / Overdue'),
              key: 'outstanding',
              align: 'right',
              width: 135,
              render: (_, r) => (
                <>
                  <div>
                    <Money amount={r.outstanding} currency={r.currency} />
                  </div>
                  <Money amount={r.overdue} currency={r.currency} />
                </>
              ),
            },
            { title: t.stacked('分數', 'Score'), dataIndex: 'score', key: 'score', width: 64 },
            {
              title: t('原因', 'Reason'),
              key: 'reason',
              render: (_, r) => (
                <span>
                  {t(r.reasonZh, r.reasonEn)}{' '}
                  {r.brokenPromise && <Tag color="#c0392b">{t('失信', 'Promise broken')}</Tag>}
                  {r.callDue && <Tag color="#ad4e00">{t('應致電', 'Call due')}</Tag>}
                </span>
              ),
            },
            {
              title: t('預定收款日', 'Planned date'),
              key: 'plan',
              width: 160,
              render: (_, r) => {
                const a = stepOf(r, 'collection-plan');
                return a ? (
                  <DateInput
                    aria-label={t(`預定收款日 ${r.customerNo}`, `Planned date ${r.customerNo}`)}
                    data-testid={`plan-${r.customerNo}-${r.currency}`}
                    value={r.plannedOn}
                    onChange={(d) => {
                      if (!d) return;
                      plan.reset();
                      void plan
                        .mutateAsync({ method: a.method, path: a.path, body: { plannedOn: d } })
                        .catch(() => undefined);
                    }}
                  />
                ) : (
                  (r.plannedOn ?? '—')
                );
              },
            },
            {
              title: t('上次通話', 'Last call'),
              key: 'call',
              width: 150,
              render: (_, r) =>
                r.lastCall
                  ? `${r.lastCall.calledOn} ${r.lastCall.outcome}${
                      r.lastCall.promise
                        ? ` · ${t('承諾', 'promised')} ${formatMoney(r.lastCall.promise.amount, r.lastCall.promise.currency, currencyDigits)} @ ${r.lastCall.promise.date}`
                        : ''
                    }`
                  : '—',
            },
            {
              title: t('操作', 'Actions'),
              key: 'actions',
              render: (_: unknown, r: Row) => {
                const a = stepOf(r, 'collection-calls');
                return a ? (
                  <Button
                    size="small"
                    data-testid={`call-${r.customerNo}-${r.currency}`}
                    onClick={() => setCalling({ row: r, action: a })}
                  >
                    {t(a.labelZh, a.labelEn)}
                  </Button>
                ) : (
                  '—'
                );
              },
            },
          ]}
        />
      </TableScroll>
    </section>
  );
}
