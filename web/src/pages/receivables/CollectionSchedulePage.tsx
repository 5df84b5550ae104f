/**
 * Collection schedule 收款日程 (§3.4.3): the salesperson's worklist ranked by the API's transparent
 * score, with the reason per row, the planned collection date, whether the call before it is due, the
 * last call and a broken promise. The customer's salesperson (or their sales manager) sets the date and
 * records calls with a promise to pay: the date field and the call button come only from each row's
 * `actions` (`collection-plan`, `collection-calls`); other roles read only.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Form, Input, Modal, Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { formatMoney } from '../../format/money';
import { sumAmounts, WHOLE_LABELS } from '../../format/parts';
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

function CallModal({ row, action, onClose }: { row: Row; action: RecordAction; onClose: () => void }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const write = useWrite([['collections']]);
  const [form] = Form.useForm<{ outcome: string; amount?: string; date?: string; note?: string }>();
  return (
    <Modal
      open
      title={t(`催收電話：${row.customerName}`, `Collection call: ${row.customerName}`)}
      okText={t('記錄', 'Record')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={write.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <WriteError error={write.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void write
            .mutateAsync({
              method: action.method,
              path: action.path,
              body: {
                outcome: v.outcome,
                ...(v.note ? { note: v.note } : {}),
                ...(v.amount && v.date
                  ? { promise: { currency: row.currency, amount: v.amount.trim(), date: v.date } }
                  : {}),
              },
            })
            .then(onClose, () => undefined)
        }
      >
        <Form.Item name="outcome" label={t('通話結果', 'Outcome')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="call-outcome" />
        </Form.Item>
        <Space>
          <Form.Item
            name="amount"
            label={t(`承諾付款（${row.currency}）`, `Promised amount (${row.currency})`)}
            normalize={normalizeDecimalField}
            dependencies={['date']}
            // Part or all of what the customer owes in the row's currency — disputed money included — never more
            // (the API refuses more, 422 promise.amount); with a date, an amount is required.
            rules={[
              amountRule(currencyDigits[row.currency] ?? 2, t, true, {
                amount:
                  sumAmounts([row.outstanding, row.disputed], currencyDigits[row.currency] ?? 2) ?? row.outstanding,
                currency: row.currency,
                label: WHOLE_LABELS.outstanding,
              }),
              ({ getFieldValue }) => ({ required: !!getFieldValue('date') }),
            ]}
          >
            <Input inputMode="decimal" data-testid="call-promise-amount" />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('承諾日期', 'Promised date')}
            dependencies={['amount']}
            // A promise is an amount and a date: one without the other is named, not dropped.
            rules={[({ getFieldValue }) => ({ required: !!getFieldValue('amount') })]}
          >
            <DateInput aria-label={t('承諾日期', 'Promised date')} data-testid="call-promise-date" />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('備註', 'Note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

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
      {calling && <CallModal row={calling.row} action={calling.action} onClose={() => setCalling(null)} />}
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
