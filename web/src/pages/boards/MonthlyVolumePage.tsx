/**
 * Monthly sheet 月柜量進度表: every day of the month with running totals, and a chart (recharts) of the
 * containers delivered each day and in all against the month's budget; delivered as a per cent of the
 * budget as the API computes it. Salespeople set their own budget, sales managers their team's.
 */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Button, Form, Input, Space, Statistic } from 'antd';
import { Card } from '../../components/Card';
import { MonthFilter } from '../../components/FilterBar';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { countRule, normalizeDecimalField } from '../../format/number';
import { useT } from '../../i18n';
import { useMay, useMe } from '../../layout/useMe';
import { useVolumeColumns } from './VolumePage';
import { Picker } from '../../components/Picker';

// recharts is a chunk of its own, loaded when the chart is drawn: the table comes first (issue 11).
const MonthlyVolumeChart = lazy(() => import('./MonthlyVolumeChart'));

type Sheet = paths['/boards/container-volume/monthly']['get']['responses']['200']['content']['application/json'];
type Day = Sheet['days'][number];

/**
 * A salesperson's (or, for one of theirs, a manager's) container budget of the month: a whole number (countRule).
 * `owners`: whose budget the user may set (the sheet's budgetOwners) — a manager picks one of the team by name.
 */
function BudgetForm({ month, owners }: { month: string; owners: Sheet['budgetOwners'] }) {
  const t = useT();
  const me = useMe();
  const [form] = Form.useForm<{ ownerId?: string; budgetContainers?: string }>();
  const write = useWrite([['boards']]);
  const { may } = useMay();
  // Shown when the route's rule lets the user set budgets (GET /me may: own role or a sales manager's delegate).
  if (!may('setVolumeBudget')) return null;
  const forTeam = me.data?.role !== 'sales';
  const save = async () => {
    // An invalid form shows its message under the field; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const ownerId = v.ownerId?.trim();
    await write
      .mutateAsync({
        method: 'PUT',
        path: `/container-volume-budgets/${month}`,
        body: { budgetContainers: Number(v.budgetContainers), ...(ownerId ? { ownerId } : {}) },
      })
      .catch(() => undefined);
  };
  return (
    <Card size="small" title={t('設定柜量預算', 'Set the budget')} style={{ marginBottom: 16 }}>
      <WriteError error={write.error} />
      <Form form={form} layout="inline" onFinish={() => void save()}>
        {forTeam && (
          <Form.Item name="ownerId" label={t('業務員', 'Salesperson')} rules={[{ required: true }]}>
            <Picker
              placeholder={t('選擇團隊業務員', 'Pick from your team')}
              style={{ width: 180 }}
              data-testid="budget-owner"
              options={owners.map((o) => ({ value: o.id, label: o.name }))}
              notFoundContent={t('團隊沒有業務員', 'No salesperson in your team')}
            />
          </Form.Item>
        )}
        <Form.Item
          name="budgetContainers"
          label={t('預算柜量', 'Budget containers')}
          normalize={normalizeDecimalField}
          rules={[{ required: true }, countRule(t, { max: 1_000_000 })]}
        >
          <Input
            inputMode="numeric"
            placeholder={t('預算柜量', 'Budget containers')}
            style={{ width: 140 }}
            data-testid="budget-containers"
          />
        </Form.Item>
        <Button htmlType="submit" loading={write.isPending}>
          {t('儲存', 'Save')}
        </Button>
      </Form>
    </Card>
  );
}

export default function MonthlyVolumePage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [month, setMonth] = useState(() => businessToday(businessTimeZone).slice(0, 7));
  const columns = useVolumeColumns();
  const sheet = useQuery({
    queryKey: ['boards', 'container-volume', 'monthly', month],
    queryFn: () => unwrap(api.GET('/boards/container-volume/monthly', { params: { query: { month } } })),
  });
  const s = sheet.data;
  // Days after today have delivered nothing yet: no running total (a dash; the chart's line stops at today).
  const today = businessToday(businessTimeZone);
  const runningOf = (d: Day) => (d.date > today ? null : d.running.containersDelivered);
  const chartData = (s?.days ?? []).map((d) => ({
    day: d.date.slice(8),
    delivered: d.containersDelivered,
    running: runningOf(d),
  }));
  const deliveredLabel = t('當日送達', 'Delivered that day');
  const runningLabel = t('累計送達', 'Delivered so far');
  return (
    <section aria-labelledby="monthly-title">
      <Typography.Title level={2} id="monthly-title" style={{ fontSize: 22 }}>
        {t('月柜量進度表', 'Monthly container sheet')}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <MonthFilter id="monthly-month-label" value={month} onChange={setMonth} testId="monthly-month" />
      </Space>
      <ReadState read={sheet} compact />
      <BudgetForm month={month} owners={s?.budgetOwners ?? []} />
      {s && (
        <>
          <Space size="large" style={{ marginBottom: 16 }} wrap>
            <Statistic title={t('本月送達', 'Delivered this month')} value={s.total.containersDelivered} />
            <Statistic title={t('預算柜量', 'Budget')} value={s.budgetContainers ?? '—'} />
            <Statistic
              title={t('完成率', 'Of budget')}
              value={s.deliveredPercent === null ? '—' : `${s.deliveredPercent} %`}
            />
          </Space>
          <Card size="small" style={{ marginBottom: 16 }} data-testid="monthly-chart">
            <div
              role="img"
              aria-label={`${t('送達柜量對預算', 'Delivered containers against the budget')}: ${s.total.containersDelivered} / ${s.budgetContainers ?? '—'}`}
              style={{ width: '100%', height: 300 }}
            >
              <Suspense fallback={null}>
                <MonthlyVolumeChart
                  data={chartData}
                  budget={s.budgetContainers}
                  labels={{ delivered: deliveredLabel, running: runningLabel, budget: t('預算', 'Budget') }}
                />
              </Suspense>
            </div>
          </Card>
          <DataTable<Day>
            data-testid="monthly-table"
            rowKey="date"
            size="small"
            pagination={false}
            dataSource={s.days}
            columns={[
              { title: t('日期', 'Date'), dataIndex: 'date', key: 'date' },
              ...columns,
              {
                title: t('累計送達', 'Delivered so far'),
                key: 'running',
                align: 'right',
                render: (_, d) => runningOf(d) ?? '—',
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
