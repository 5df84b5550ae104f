/**
 * Weekly visit report 客戶訪問周報表 (GET /visit-reports/weekly/{monday}), generated from the week's visits
 * per salesperson in sight, and the customers not visited in a month (GET /visit-reports/not-visited,
 * §2.2.5: every customer at least once a month). A sales manager, the GM, auditors and their delegates pick
 * one salesperson of those the API offers (`salespeople`) or see all in sight; tab, week, month and
 * salesperson are kept in the URL.
 */
import { useQuery } from '@tanstack/react-query';
import { Typography } from '../../components/Typography';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { WeekInput } from '../../components/DateInput';
import { FilterBar, MonthFilter, SalespersonFilter } from '../../components/FilterBar';
import { ListTable } from '../../components/ListTable';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { useT } from '../../i18n';
import { useVisitFilters } from './shared';
import { customerText } from '../../format/labels';
import { CustomerLink } from '../../components/CustomerLink';
import { Tabs } from '../../components/Tabs';

type Owner =
  paths['/visit-reports/weekly/{week}']['get']['responses']['200']['content']['application/json']['owners'][number];
type Customer =
  paths['/visit-reports/not-visited']['get']['responses']['200']['content']['application/json']['customers'][number];

function Weekly() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const { week, ownerId, set } = useVisitFilters();
  const report = useQuery({
    queryKey: ['visit-report', week, ownerId ?? 'all'],
    queryFn: () =>
      unwrap(
        api.GET('/visit-reports/weekly/{week}', {
          params: { path: { week }, query: ownerId ? { ownerId } : {} },
        }),
      ),
  });
  return (
    <>
      <FilterBar>
        <span id="report-week-label">{t('週（星期一）', 'Week (Monday)')}</span>
        <WeekInput
          allowClear={false}
          aria-labelledby="report-week-label"
          data-testid="report-week"
          value={week}
          onChange={(v) => v && set({ week: v })}
        />
        <SalespersonFilter
          salespeople={report.data?.salespeople ?? []}
          value={ownerId}
          onChange={(v) => set({ ownerId: v })}
          testId="report-owner"
        />
      </FilterBar>
      <ListTable<Owner, NonNullable<typeof report.data>>
        list={report}
        rows={(d) => d.owners}
        rowKey="ownerId"
        label={t('客戶訪問周報表', 'Weekly visit report')}
        testId="weekly-report"
        expandable={{
          expandedRowRender: (o) => (
            <ul>
              {o.visits.map((v) => (
                <li key={v.id}>
                  <Link to={`/desk/visits/${v.id}`}>{customerText(v.customerNo, v.customerName)}</Link> ·{' '}
                  {v.visitedAt
                    ? t(
                        `拜訪於 ${formatDateTime(v.visitedAt, businessTimeZone)}`,
                        `visited ${formatDateTime(v.visitedAt, businessTimeZone)}`,
                      )
                    : formatDateTime(v.plannedAt, businessTimeZone)}{' '}
                  · {t(v.statusLabel.zh, v.statusLabel.en)} · {v.purpose}
                  {v.record ? ` · ${v.record.metWith}` : ''}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, o) => o.ownerName ?? o.ownerId },
          {
            title: t('計劃提交', 'Plan submitted'),
            key: 'plan',
            render: (_, o) => (o.planSubmittedAt ? formatDateTime(o.planSubmittedAt, businessTimeZone) : '—'),
          },
          { title: t('計劃', 'Planned'), dataIndex: 'planned', align: 'right' },
          { title: t('已拜訪', 'Visited'), dataIndex: 'recorded', align: 'right' },
          { title: t('已取消', 'Cancelled'), dataIndex: 'cancelled', align: 'right' },
          { title: t('待拜訪', 'Still planned'), dataIndex: 'stillPlanned', align: 'right' },
          { title: t('跟進事項', 'Follow-ups'), dataIndex: 'followUps', align: 'right' },
          { title: t('未完成跟進', 'Open follow-ups'), dataIndex: 'openFollowUps', align: 'right' },
        ]}
      />
    </>
  );
}

function NotVisited() {
  const t = useT();
  const { month, ownerId, set } = useVisitFilters();
  const list = useQuery({
    queryKey: ['not-visited', month, ownerId ?? 'all'],
    queryFn: () =>
      unwrap(api.GET('/visit-reports/not-visited', { params: { query: { month, ...(ownerId ? { ownerId } : {}) } } })),
  });
  return (
    <>
      <FilterBar>
        <MonthFilter id="not-visited-month-label" value={month} onChange={(m) => set({ month: m })} />
        <SalespersonFilter
          salespeople={list.data?.salespeople ?? []}
          value={ownerId}
          onChange={(v) => set({ ownerId: v })}
          testId="not-visited-owner"
        />
      </FilterBar>
      <ListTable<Customer, NonNullable<typeof list.data>>
        list={list}
        rows={(d) => d.customers}
        rowKey="customerNo"
        label={t('本月未拜訪客戶', 'Not visited this month')}
        testId="not-visited"
        columns={[
          {
            title: t('客戶', 'Customer'),
            key: 'customer',
            render: (_, c) => <CustomerLink customerNo={c.customerNo} customerName={c.customerName} />,
          },
          { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, c) => c.ownerName ?? c.ownerId },
          {
            title: t('狀態', 'Status'),
            key: 'status',
            render: (_, c) => (c.statusLabel ? t(c.statusLabel.zh, c.statusLabel.en) : c.status),
          },
          {
            title: t('上次拜訪', 'Last visit'),
            key: 'last',
            render: (_, c) => c.lastVisitedOn ?? t('從未', 'never'),
          },
        ]}
      />
    </>
  );
}

export default function VisitReportsPage() {
  const t = useT();
  const { tab, set } = useVisitFilters();
  return (
    <section aria-labelledby="reports-title">
      <Typography.Title level={2} id="reports-title" style={{ fontSize: 22 }}>
        {t('客戶訪問報表', 'Visit reports')}
      </Typography.Title>
      <Tabs
        activeKey={tab === 'not-visited' ? 'not-visited' : 'weekly'}
        onChange={(k) => set({ tab: k === 'weekly' ? undefined : k })}
        items={[
          { key: 'weekly', label: t('客戶訪問周報表', 'Weekly visit report'), children: <Weekly /> },
          { key: 'not-visited', label: t('本月未拜訪客戶', 'Not visited this month'), children: <NotVisited /> },
        ]}
      />
    </section>
  );
}
