/**
 * Plans and summaries 計劃與總結 (§2.1–§2.3): a salesperson starts the weekly, monthly or annual report of a
 * period (POST /plans; an existing one is opened instead); everyone in sight sees the reports (GET /plans:
 * own, the team's for a sales manager) and the deadlines (GET /plans/deadlines: due date, missing, overdue).
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { TAG } from '../../format/colors';
import { businessToday } from '../../format/dates';
import { defaultPeriodsOf } from '../../../../domain/plan-periods';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import {
  currentPeriod,
  KIND_OPTIONS,
  previousPeriod,
  NO_TARGETS,
  type Deadline,
  type Plan,
  type PlanKind,
  type PlanRow,
} from './shared';
import { Picker } from '../../components/Picker';

function StatusTag({ status, label }: { status: string; label: { zh: string; en: string } | null }) {
  const t = useT();
  const color = status === 'accepted' ? TAG.green : status === 'returned' ? TAG.volcano : undefined;
  return <Tag color={color}>{label ? t(label.zh, label.en) : t('未開始', 'Not started')}</Tag>;
}

/**
 * The form that starts a report. `defaults`: per kind, the period the salesperson's report is for by default (GET
 * /plans/deadlines `defaultPeriods`: the earliest listed deadline they owe, domain/plan.ts owedDefaultPeriods; the
 * date's rule while the deadlines are not read) — the form starts there; the current and the previous period are
 * offered.
 */
function StartReport({ defaults }: { defaults: Record<PlanKind, string> }) {
  const t = useT();
  const navigate = useNavigate();
  const { businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const [kind, setKind] = useState<PlanKind>('monthly');
  const [period, setPeriod] = useState(defaults.monthly);
  const write = useWrite<Plan>([['plans']]);
  const start = async () => {
    try {
      const plan = await write.mutateAsync({
        method: 'POST',
        path: '/plans',
        body: { kind, period, nextTargets: NO_TARGETS, sections: {} },
      });
      void navigate(`/desk/plans/${plan.id}`);
    } catch (e) {
      const planId = e instanceof ApiError ? (e.details as { planId?: number } | undefined)?.planId : undefined;
      if (planId) void navigate(`/desk/plans/${planId}`);
    }
  };
  return (
    <Card size="small" title={t('撰寫報告', 'Write a report')} style={{ marginBottom: 16 }}>
      <WriteError error={write.error} />
      <Space wrap>
        <Picker
          aria-label={t('報告種類', 'Kind of report')}
          style={{ minWidth: 220 }}
          value={kind}
          data-testid="plan-kind"
          onChange={(k) => {
            if (!k) return;
            setKind(k);
            setPeriod(defaults[k]);
          }}
          options={KIND_OPTIONS.map(([value, zh, en]) => ({ value, label: t(zh, en) }))}
        />
        <Picker
          aria-label={t('期間', 'Period')}
          style={{ minWidth: 160 }}
          value={period}
          data-testid="plan-period"
          onChange={(p) => p && setPeriod(p)}
          options={[currentPeriod(kind, today), previousPeriod(kind, currentPeriod(kind, today))].map((p) => ({
            value: p,
            label: p,
          }))}
        />
        <Button type="primary" loading={write.isPending} onClick={() => void start()} data-testid="plan-start">
          {t('開始撰寫', 'Start')}
        </Button>
      </Space>
    </Card>
  );
}

export default function PlansPage() {
  const t = useT();
  const me = useMe();
  const { businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const plans = useQuery({
    queryKey: ['plans', 'list'],
    queryFn: () => unwrap(api.GET('/plans', { params: { query: { limit: 100 } } })),
  });
  const deadlines = useQuery({
    queryKey: ['plans', 'deadlines'],
    queryFn: () => unwrap(api.GET('/plans/deadlines', {})),
  });
  const kindCell = (l: { zh: string; en: string }) => t(l.zh, l.en);
  return (
    <section aria-labelledby="plans-title">
      <Typography.Title level={2} id="plans-title" style={{ fontSize: 22 }}>
        {t('計劃與總結', 'Plans and summaries')}
      </Typography.Title>
      {/* The periods due next come with the deadlines (the earliest the salesperson owes); until they are read, or
          when the read fails, the date's rule (domain/plan.ts, without the admin's calendar): the card stays. */}
      {me.data?.role === 'sales' && (
        <StartReport
          key={deadlines.data ? 'deadlines' : 'date'}
          defaults={deadlines.data?.defaultPeriods ?? defaultPeriodsOf(today)}
        />
      )}
      <Card size="small" title={t('報告', 'Reports')} style={{ marginBottom: 16 }}>
        {plans.isError && <ErrorState compact error={plans.error} onRetry={() => void plans.refetch()} />}
        <TableScroll label={t('報告', 'Reports')}>
          <DataTable<PlanRow>
            rowKey="id"
            size="small"
            pagination={false}
            loading={plans.isLoading}
            dataSource={plans.data?.items ?? []}
            data-testid="plans-table"
            columns={[
              {
                title: t('報告', 'Report'),
                key: 'report',
                render: (_, r) => (
                  <Link to={`/desk/plans/${r.id}`} data-testid={`plan-link-${r.id}`}>
                    {kindCell(r.kindLabel)} {r.period}
                  </Link>
                ),
              },
              { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
              {
                title: t('狀態', 'Status'),
                key: 'status',
                render: (_, r) => <StatusTag status={r.status} label={r.statusLabel} />,
              },
              {
                title: t('截止日', 'Due'),
                key: 'due',
                render: (_, r) => (
                  <span>
                    {r.dueOn} {r.overdue && <Tag color={TAG.volcano}>{t('逾期', 'overdue')}</Tag>}
                    {r.late && <Tag color={TAG.gold}>{t('遲交', 'late')}</Tag>}
                  </span>
                ),
              },
            ]}
          />
        </TableScroll>
      </Card>
      <Card size="small" title={t('截止日期', 'Deadlines')}>
        {deadlines.isError && <ErrorState compact error={deadlines.error} onRetry={() => void deadlines.refetch()} />}
        <TableScroll label={t('截止日期', 'Deadlines')}>
          <DataTable<Deadline>
            rowKey={(r) => `${r.ownerId}:${r.kind}:${r.period}`}
            size="small"
            pagination={false}
            loading={deadlines.isLoading}
            dataSource={deadlines.data?.items ?? []}
            data-testid="plan-deadlines"
            columns={[
              { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
              { title: t('報告', 'Report'), key: 'kind', render: (_, r) => `${kindCell(r.kindLabel)} ${r.period}` },
              { title: t('截止日', 'Due'), dataIndex: 'dueOn' },
              {
                title: t('狀態', 'Status'),
                key: 'status',
                render: (_, r) => (
                  <span>
                    {r.planId ? (
                      <Link to={`/desk/plans/${r.planId}`}>{t(r.statusLabel.zh, r.statusLabel.en)}</Link>
                    ) : (
                      t(r.statusLabel.zh, r.statusLabel.en)
                    )}{' '}
                    {r.overdue && <Tag color={TAG.volcano}>{t('逾期', 'overdue')}</Tag>}
                  </span>
                ),
              },
            ]}
          />
        </TableScroll>
      </Card>
    </section>
  );
}
