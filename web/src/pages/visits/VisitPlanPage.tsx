/**
 * Weekly visit plan 客戶訪問周計劃表 (GET /visit-plans/{monday}): the week's visits of a salesperson with
 * purpose, questions, material and the appointment; a salesperson plans a visit to one of their customers
 * (POST /visits) and submits the week's plan to the manager (before the week starts). The team view (GET
 * /visit-plans?week=&ownerId=) — for a sales manager, the GM, auditors and their delegates — lists each
 * salesperson's plan of the week (submitted or not, in time or late) with its visits and their records, one
 * salesperson picked from those the API offers (`salespeople`); week and salesperson are kept in the URL.
 * Each visit opens its page, whose buttons come from the visit's `actions` only (a manager reads).
 */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { Alert, Button, Empty, Form, Input, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { DateTimeInput, WeekInput } from '../../components/DateInput';
import { FilterBar, SalespersonFilter } from '../../components/FilterBar';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { TAG } from '../../format/colors';
import { useT } from '../../i18n';
import { countText, VISITS } from '../../../../domain/words';
import { useMe } from '../../layout/useMe';
import type { paths } from '../../api/schema';
import { useVisitFilters, type VisitRow } from './shared';
import { customerText } from '../../format/labels';
import { Picker } from '../../components/Picker';

/**
 * A new visit; the planned time starts at the API's `defaultPlannedAt` (next working day 10:00). Once planned,
 * the page shows the week the visit fell in (`onPlanned` with its Monday).
 */
function NewVisitForm({
  defaultPlannedAt,
  onPlanned,
}: {
  defaultPlannedAt: string;
  onPlanned: (weekStart: string) => void;
}) {
  const t = useT();
  const write = useWrite<VisitRow>([['visit-plan']]);
  const [form] = Form.useForm<{
    customerNo: string;
    plannedAt: string;
    purpose: string;
    questions?: string;
    material?: string;
  }>();
  const customers = useQuery({
    queryKey: ['customers', 'mine'],
    queryFn: () => unwrap(api.GET('/customers', { params: { query: { limit: 200 } } })),
  });
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await write
      .mutateAsync({
        method: 'POST',
        path: '/visits',
        body: {
          customerNo: v.customerNo,
          plannedAt: v.plannedAt,
          purpose: v.purpose,
          ...(v.questions?.trim() ? { questions: v.questions } : {}),
          ...(v.material?.trim() ? { material: v.material } : {}),
        },
      })
      .then(
        (created) => {
          form.resetFields();
          onPlanned(created.weekStart);
        },
        () => undefined,
      );
  };
  return (
    <section aria-labelledby="new-visit-title" style={{ marginBottom: 16 }}>
      <Typography.Title level={3} id="new-visit-title" style={{ fontSize: 16 }}>
        {t('計劃拜訪', 'Plan a visit')}
      </Typography.Title>
      <WriteError error={write.error} />
      <Form form={form} layout="vertical" initialValues={{ plannedAt: defaultPlannedAt }}>
        <Space wrap align="start">
          <QueryError query={customers} title={['無法讀取客戶', 'Could not read the customers']} />
          <Form.Item name="customerNo" label={t('客戶', 'Customer')} rules={[{ required: true }]}>
            <Picker
              style={{ minWidth: 420 }}
              search={t('搜尋客戶', 'Search customers')}
              aria-label={t('客戶', 'Customer')}
              data-testid="visit-customer"
              options={(customers.data?.items ?? []).map((c) => ({
                value: c.customerNo,
                label: customerText(c.customerNo, c.fullName),
              }))}
            />
          </Form.Item>
          <Form.Item name="plannedAt" label={t('拜訪時間', 'Planned time')} rules={[{ required: true }]}>
            <DateTimeInput aria-label={t('拜訪時間', 'Planned time')} data-testid="visit-planned-at" />
          </Form.Item>
          <Form.Item name="purpose" label={t('拜訪目的', 'Purpose')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={500} style={{ minWidth: 260 }} data-testid="visit-purpose" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="questions" label={t('需解決的問題', 'Questions to settle')}>
            <Input.TextArea rows={2} maxLength={2000} style={{ minWidth: 320 }} />
          </Form.Item>
          <Form.Item name="material" label={t('準備資料', 'Material to prepare')}>
            <Input.TextArea rows={2} maxLength={2000} style={{ minWidth: 320 }} />
          </Form.Item>
        </Space>
        <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="visit-create">
          {t('加入計劃', 'Add to plan')}
        </Button>
      </Form>
    </section>
  );
}

type TeamPlan = paths['/visit-plans']['get']['responses']['200']['content']['application/json']['plans'][number];

/** The visits of a plan: customer (opens the visit), time, purpose, questions, material, appointment, status. */
function VisitsTable({ visits, loading, label }: { visits: VisitRow[]; loading?: boolean; label: string }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  return (
    <TableScroll label={label}>
      <DataTable<VisitRow>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={visits}
        columns={[
          {
            title: t('客戶', 'Customer'),
            key: 'customer',
            render: (_, v) => <Link to={`/desk/visits/${v.id}`}>{customerText(v.customerNo, v.customerName)}</Link>,
          },
          { title: t('時間', 'Time'), key: 'at', render: (_, v) => formatDateTime(v.plannedAt, businessTimeZone) },
          { title: t('目的', 'Purpose'), dataIndex: 'purpose' },
          { title: t('問題', 'Questions'), dataIndex: 'questions' },
          { title: t('資料', 'Material'), dataIndex: 'material' },
          {
            title: t('預約確認', 'Appointment'),
            key: 'appt',
            render: (_, v) =>
              v.appointmentConfirmedAt ? (
                <>
                  {formatDateTime(v.appointmentConfirmedAt, businessTimeZone)}
                  {v.reconfirmNeeded && <Tag color={TAG.gold}>{t('前一天再確認', 're-confirm the day before')}</Tag>}
                </>
              ) : (
                <Tag>{t('未確認', 'not confirmed')}</Tag>
              ),
          },
          { title: t('狀態', 'Status'), key: 'status', render: (_, v) => t(v.statusLabel.zh, v.statusLabel.en) },
          {
            title: t('拜訪紀錄', 'Record'),
            key: 'record',
            render: (_, v) =>
              v.visitedAt
                ? `${formatDateTime(v.visitedAt, businessTimeZone)}${v.record ? ` · ${v.record.metWith}` : ''}`
                : v.cancelReason
                  ? t(`取消：${v.cancelReason}`, `Cancelled: ${v.cancelReason}`)
                  : '—',
          },
        ]}
      />
    </TableScroll>
  );
}

/** Whether a plan was submitted, in time or late, or not yet. */
function PlanStatus({
  submittedAt,
  onTime,
  testId,
}: {
  submittedAt: string | null;
  onTime: boolean | null;
  testId: string;
}) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  if (!submittedAt)
    return (
      <Tag color={TAG.gold} data-testid={testId}>
        {t('尚未提交', 'Not submitted')}
      </Tag>
    );
  const at = formatDateTime(submittedAt, businessTimeZone);
  return (
    <Tag color={onTime ? TAG.green : TAG.volcano} data-testid={testId}>
      {onTime ? t(`已提交 ${at}`, `Submitted ${at}`) : t(`逾期提交 ${at}`, `Submitted late ${at}`)}
    </Tag>
  );
}

/**
 * The team's plans of the week (GET /visit-plans): one card per salesperson in sight, or the one picked. Shown
 * when the API offers someone to pick (`salespeople`): never to a salesperson without a delegation.
 */
function TeamPlans({
  week,
  ownerId,
  onOwner,
  showWeek,
  onWeek,
}: {
  week: string;
  ownerId: string | undefined;
  onOwner: (ownerId: string | undefined) => void;
  showWeek: boolean;
  onWeek: (week: string) => void;
}) {
  const t = useT();
  const team = useQuery({
    queryKey: ['visit-plan', 'team', week, ownerId ?? 'all'],
    queryFn: () => unwrap(api.GET('/visit-plans', { params: { query: { week, ...(ownerId ? { ownerId } : {}) } } })),
  });
  const salespeople = team.data?.salespeople ?? [];
  if (team.data && salespeople.length === 0) return null;
  return (
    <section aria-labelledby="team-plans-title" data-testid="team-plans">
      <Typography.Title level={3} id="team-plans-title" style={{ fontSize: 18 }}>
        {t('團隊訪問計劃', 'Team visit plans')}
      </Typography.Title>
      <FilterBar>
        {showWeek && (
          <>
            <span id="team-week-label">{t('週（星期一）', 'Week (Monday)')}</span>
            <WeekInput
              allowClear={false}
              aria-labelledby="team-week-label"
              data-testid="plan-week"
              value={week}
              onChange={(v) => v && onWeek(v)}
            />
          </>
        )}
        <SalespersonFilter salespeople={salespeople} value={ownerId} onChange={onOwner} testId="owner-picker" />
      </FilterBar>
      <ReadState read={team} compact />
      {team.data?.plans.length === 0 && <Empty description={t('沒有業務員', 'No salesperson')} />}
      {(team.data?.plans ?? []).map((p: TeamPlan) => {
        const name = p.ownerName ?? p.ownerId;
        return (
          <Card
            key={p.ownerId}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`team-plan-${p.ownerId}`}
            title={
              <Space wrap>
                <span>{name}</span>
                <PlanStatus submittedAt={p.submittedAt} onTime={p.onTime} testId={`team-plan-status-${p.ownerId}`} />
                <span>{t(...countText(p.visits.length, VISITS))}</span>
              </Space>
            }
          >
            <VisitsTable visits={p.visits} label={t(`${name} 的拜訪`, `Visits of ${name}`)} />
          </Card>
        );
      })}
    </section>
  );
}

export default function VisitPlanPage() {
  const t = useT();
  const me = useMe();
  const { businessTimeZone } = useConfig();
  const filters = useVisitFilters();
  const { week } = filters;
  const setWeek = (w: string) => filters.set({ week: w });
  const role = me.data?.role;
  const plan = useQuery({
    queryKey: ['visit-plan', week, 'me'],
    enabled: role === 'sales',
    queryFn: () => unwrap(api.GET('/visit-plans/{week}', { params: { path: { week } } })),
  });
  const submitPlan = useWrite([['visit-plan']]);
  const visits = plan.data?.visits ?? [];
  const canSubmit =
    role === 'sales' && plan.data && !plan.data.submittedAt && visits.some((v) => v.status === 'planned');
  return (
    <section aria-labelledby="plan-title">
      <Typography.Title level={2} id="plan-title" style={{ fontSize: 22 }}>
        {t('客戶訪問周計劃表', 'Weekly visit plan')}
      </Typography.Title>
      {role === 'sales' && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <span id="plan-week-label">{t('週（星期一）', 'Week (Monday)')}</span>
            <WeekInput
              allowClear={false}
              aria-labelledby="plan-week-label"
              data-testid="plan-week"
              value={week}
              onChange={(v) => v && setWeek(v)}
            />
          </Space>
          {plan.isError && <ErrorState compact error={plan.error} onRetry={() => void plan.refetch()} />}
          {plan.data && (
            <Alert
              style={{ marginBottom: 12 }}
              type={
                plan.data.submittedAt
                  ? plan.data.onTime
                    ? 'success'
                    : 'warning'
                  : plan.data.overdue
                    ? 'warning'
                    : 'info'
              }
              data-testid="plan-status"
              title={
                plan.data.submittedAt
                  ? t(
                      `已提交 ${formatDateTime(plan.data.submittedAt, businessTimeZone)}${plan.data.onTime ? '' : '（逾期）'}`,
                      `Submitted ${formatDateTime(plan.data.submittedAt, businessTimeZone)}${plan.data.onTime ? '' : ' (late)'}`,
                    )
                  : plan.data.overdue
                    ? t(
                        '尚未提交，已逾期（應於週一前提交；現在提交將記為逾期）',
                        'Not submitted and already overdue (due before Monday; submitting now counts as late)',
                      )
                    : t('尚未提交（請於週一前提交）', 'Not submitted yet (due before Monday)')
              }
            />
          )}
          {plan.data && (
            <NewVisitForm
              key={plan.data.defaultPlannedAt}
              defaultPlannedAt={plan.data.defaultPlannedAt}
              onPlanned={setWeek}
            />
          )}
          <WriteError error={submitPlan.error} />
          {canSubmit && (
            <Button
              type="primary"
              style={{ marginBottom: 12 }}
              loading={submitPlan.isPending}
              data-testid="plan-submit"
              onClick={() =>
                void submitPlan
                  .mutateAsync({ method: 'POST', path: `/visit-plans/${week}/submit`, body: {} })
                  .catch(() => undefined)
              }
            >
              {t('提交本週計劃', 'Submit the week’s plan')}
            </Button>
          )}
          <VisitsTable visits={visits} loading={plan.isLoading} label={t('本週拜訪', 'The week’s visits')} />
        </>
      )}
      {me.data && (
        <TeamPlans
          week={week}
          ownerId={filters.ownerId}
          onOwner={(ownerId) => filters.set({ ownerId })}
          showWeek={role !== 'sales'}
          onWeek={setWeek}
        />
      )}
    </section>
  );
}
