/**
 * Weekly visit plan 客戶訪問周計劃表 (GET /visit-plans/{monday}): the week's visits of a salesperson with
 * purpose, questions, material and the appointment; a salesperson plans a visit to one of their customers
 * (POST /visits) and submits the week's plan to the manager (before the week starts); a sales manager
 * reads a team member's plan. Each visit opens its page (confirm, record, cancel).
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { DateTimeInput, WeekInput } from '../../components/DateInput';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { TAG } from '../../format/colors';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import { mondayOf, OwnerPicker, type VisitRow } from './shared';

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
          <Form.Item name="customerNo" label={t('客戶', 'Customer')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 260 }}
              aria-label={t('客戶', 'Customer')}
              data-testid="visit-customer"
              options={(customers.data?.items ?? []).map((c) => ({
                value: c.customerNo,
                label: `${c.customerNo} ${c.fullName}`,
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

export default function VisitPlanPage() {
  const t = useT();
  const me = useMe();
  const { businessTimeZone } = useConfig();
  const [week, setWeek] = useState(mondayOf(businessToday(businessTimeZone)));
  const [owner, setOwner] = useState<string | undefined>(undefined);
  const role = me.data?.role;
  const ownerId = role === 'sales' ? undefined : owner;
  const plan = useQuery({
    queryKey: ['visit-plan', week, ownerId ?? 'me'],
    enabled: Boolean(me.data),
    queryFn: () =>
      unwrap(api.GET('/visit-plans/{week}', { params: { path: { week }, query: ownerId ? { ownerId } : {} } })),
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
      <Space wrap style={{ marginBottom: 12 }}>
        <span id="plan-week-label">{t('週（星期一）', 'Week (Monday)')}</span>
        <WeekInput
          allowClear={false}
          aria-labelledby="plan-week-label"
          data-testid="plan-week"
          value={week}
          onChange={(v) => v && setWeek(v)}
        />
        {role === 'sales_manager' && <OwnerPicker value={owner} onChange={setOwner} />}
      </Space>
      {plan.isError && <Alert type="error" title={String(plan.error)} />}
      {plan.data && (
        <Alert
          style={{ marginBottom: 12 }}
          type={plan.data.submittedAt ? (plan.data.onTime ? 'success' : 'warning') : 'info'}
          data-testid="plan-status"
          title={
            plan.data.submittedAt
              ? t(
                  `已提交 ${formatDateTime(plan.data.submittedAt, businessTimeZone)}${plan.data.onTime ? '' : '（逾期）'}`,
                  `Submitted ${formatDateTime(plan.data.submittedAt, businessTimeZone)}${plan.data.onTime ? '' : ' (late)'}`,
                )
              : t('尚未提交（請於週一前提交）', 'Not submitted yet (due before Monday)')
          }
        />
      )}
      {role === 'sales' && plan.data && (
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
      <Table<VisitRow>
        rowKey="id"
        size="small"
        pagination={false}
        loading={plan.isLoading}
        dataSource={visits}
        columns={[
          {
            title: t('客戶', 'Customer'),
            key: 'customer',
            render: (_, v) => <Link to={`/desk/visits/${v.id}`}>{`${v.customerNo} ${v.customerName}`}</Link>,
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
        ]}
      />
    </section>
  );
}
