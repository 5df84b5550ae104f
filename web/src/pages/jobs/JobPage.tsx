/**
 * Job page 作業: the stage timeline in contract order with each sub-step (who, when), the containers and
 * their transport, the exception log, the receivables raised at billing, and one button per action the
 * API lists for the caller (`actions` of GET /jobs/{no}) — nothing else writes.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { PageLoading } from '../../components/ReadState';
import { Alert, Button, Descriptions, Empty, Space, Steps, Tag, Tooltip } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import {
  EXCEPTION_TYPE_LABELS,
  JOB_STAGE_LABELS,
  jobStateLabel,
  labelOf,
  RECEIVABLE_STATUS_LABELS,
  ROLE_LABELS,
  stageOfStep,
} from '../../format/labels';
import { useT } from '../../i18n';
import { REASON_LABELS } from '../../api/errors';
import type { ReasonCode } from '../../api/actions';
import { durationLabel, type JobAction, type JobDetail } from './jobTypes';
import { exceptionsOpenAt, overridePast } from './override';
import { RefusedSteps } from '../../actions/RefusedSteps';
import { CreditWarnings } from '../../components/CreditWarnings';
import { TAG } from '../../format/colors';
import { moneyColumn } from '../../components/columns';
import { Money } from '../../format/Money';
import { CustomerLink } from '../../components/CustomerLink';
import { actorText } from '../../format/actor';
import { Timeline } from '../../components/Timeline';

/**
 * Buttons of the actions: allowed ones enabled, refused ones disabled, their reasons written under the buttons
 * (RefusedSteps, as the quote page's); read-only and other roles' refusals not shown.
 */
function ActionButtons({
  actions,
  onPick,
  filter,
}: {
  actions: JobAction[];
  onPick: (a: JobAction) => void;
  filter: (a: JobAction) => boolean;
}) {
  const t = useT();
  const shown = actions.filter((a) => filter(a) && a.reason !== 'read_only' && a.reason !== 'role_not_allowed');
  if (!shown.length) return null;
  const label = (a: JobAction) => `${t(a.labelZh, a.labelEn)}${a.container ? ` ${a.container}` : ''}`;
  return (
    <div>
      <Space wrap>
        {shown.map((a) => {
          const b = (
            <Button
              key={`${a.path}:${a.container ?? ''}:${a.override ? 'o' : ''}`}
              type={a.allowed ? (a.override ? 'default' : 'primary') : 'default'}
              danger={a.override}
              disabled={!a.allowed}
              onClick={() => onPick(a)}
              data-testid={`action-${a.step.replace(/^steps\//, '')}${a.container ? `-${a.container}` : ''}${a.override ? '-override' : ''}`}
            >
              {t(a.labelZh, a.labelEn)}
            </Button>
          );
          return a.allowed ? (
            b
          ) : (
            <Tooltip
              key={`${a.path}:${a.container ?? ''}`}
              title={a.reason ? t.label(REASON_LABELS[a.reason as ReasonCode] ?? [a.reason, a.reason]) : undefined}
            >
              <span>{b}</span>
            </Tooltip>
          );
        })}
      </Space>
      <RefusedSteps actions={shown} labelOf={label} />
    </div>
  );
}

// The steps' dialog (antd Form, Select, Input, the billing preview): a module of its own, fetched when the page is
// first drawn — not part of its initial JS (issue 11).
const StepModal = lazy(() => import('./StepModal').then((m) => ({ default: m.StepModal })));

export default function JobPage() {
  const { jobNo = '' } = useParams();
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [picked, setPicked] = useState<JobAction | null>(null);
  const job = useQuery({
    queryKey: ['job', jobNo],
    queryFn: async () =>
      (await unwrap(api.GET('/jobs/{jobNo}', { params: { path: { jobNo } } }))) as unknown as JobDetail,
    refetchInterval: 5_000,
  });
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;
  const j = job.data;
  if (!j) return <PageLoading title={['作業', 'Job']} />;
  const actions = j.actions ?? [];
  const dt = (iso: string | null | undefined) => formatDateTime(iso, businessTimeZone);
  const currentIndex = j.stage ? j.stages.indexOf(j.stage) : j.stages.length;
  const stepsOf = (stage: string) => j.timeline.filter((e) => stageOfStep(e.action) === stage);
  const waitingText = j.waiting.map(
    (w) =>
      `${t(w.labelZh, w.labelEn)}${w.container ? ` ${w.container}` : ''} — ${w.roles.map((r) => t.label(labelOf(ROLE_LABELS, r))).join(', ')}`,
  );

  return (
    <section aria-labelledby="job-title">
      <Typography.Title level={2} id="job-title" style={{ fontSize: 22 }}>
        {t('作業', 'Job')} {j.jobNo} {j.urgent && <Tag color="red">{t('急', 'Urgent')}</Tag>}
        <Tag color={j.status === 'completed' ? TAG.green : 'blue'} data-testid="job-status">
          {t.label(jobStateLabel(j))}
        </Tag>
      </Typography.Title>
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('合同', 'Contract')}>{j.contractNo}</Descriptions.Item>
        <Descriptions.Item label={t('客戶', 'Customer')}>
          <CustomerLink customerNo={j.customerNo} customerName={j.customerName} />
        </Descriptions.Item>
        <Descriptions.Item label={t('業務員', 'Salesperson')}>{j.ownerName ?? j.ownerId}</Descriptions.Item>
        <Descriptions.Item label={t('進出口', 'Direction')}>
          {j.direction === 'import' ? t('進口', 'Import') : t('出口', 'Export')}
        </Descriptions.Item>
        <Descriptions.Item label={t('柜型柜量', 'Containers')}>
          {j.containerCount} × {j.containerType}
        </Descriptions.Item>
        <Descriptions.Item label={t('貨物', 'Cargo')}>{j.cargo}</Descriptions.Item>
        <Descriptions.Item label={t('起運港/目的港', 'Ports')}>
          {j.portOfLoading} → {j.portOfDischarge}
        </Descriptions.Item>
        <Descriptions.Item label={t('船名航次', 'Vessel')}>
          <span data-testid="job-vessel">{[j.vessel, j.voyage].filter(Boolean).join(' / ') || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="ETD / ETA">
          {j.etd ?? '—'} / {j.eta ?? '—'}
        </Descriptions.Item>
      </Descriptions>

      {j.creditHold && (
        <Alert
          type={j.creditHold.override ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="job-credit-hold"
          title={
            j.creditHold.override
              ? t('客戶信用凍結中，本作業已獲放行', 'Customer on credit hold; this job’s delivery is overridden')
              : t('客戶信用凍結中：放行送貨需經理放行', 'Customer on credit hold: delivery needs a manager’s override')
          }
          description={
            <>
              <div>
                {t('凍結原因', 'Reason')}: {j.creditHold.reason} · {dt(j.creditHold.setAt)}
              </div>
              {j.creditHold.override && (
                <div>
                  {t('放行理由', 'Override reason')}: {j.creditHold.override.reason} — {j.creditHold.override.grantedBy}{' '}
                  · {dt(j.creditHold.override.createdAt)}
                </div>
              )}
            </>
          }
        />
      )}

      <CreditWarnings warnings={j.creditWarnings} />

      <Card
        title={t('待辦步驟', 'Next steps')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          j.status !== 'completed' && (
            <Typography.Text type="secondary">
              {t('本環節自', 'In this stage since')} {dt(j.stageSince)}
            </Typography.Text>
          )
        }
      >
        {j.status === 'completed' ? (
          <Typography.Text>{t('作業已完成', 'The job is complete')}</Typography.Text>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text data-testid="job-waiting">
              {t('等待', 'Waiting for')}: {waitingText.join('; ')}
            </Typography.Text>
            <div data-testid="job-actions">
              <ActionButtons
                actions={actions}
                onPick={setPicked}
                filter={(a) => a.step.startsWith('steps/') || a.step === 'exceptions' || a.step === 'credit-override'}
              />
            </div>
          </Space>
        )}
      </Card>

      <Card title={t('環節進度', 'Stages')} size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={currentIndex}
          status={j.status === 'completed' ? 'finish' : 'process'}
          items={j.stages.map((s) => ({ title: t.label(labelOf(JOB_STAGE_LABELS, s)) }))}
          style={{ marginBottom: 16 }}
        />
        {j.stages.map((s) => {
          const done = stepsOf(s);
          return (
            <div key={s} data-testid={`stage-${s}`} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t.label(labelOf(JOB_STAGE_LABELS, s))}</Typography.Text>
              {done.length === 0 ? (
                <Typography.Text type="secondary"> — {t('未開始', 'not started')}</Typography.Text>
              ) : (
                <Timeline
                  style={{ marginTop: 8, marginBottom: 0 }}
                  items={done.map((e) => {
                    // A manager's override past open exceptions (the API records `changes.override`).
                    const past = overridePast(e.changes, exceptionsOpenAt(j.exceptions, s, e.at));
                    return {
                      children: (
                        <span>
                          {t(e.actionLabel.zh, e.actionLabel.en)}
                          {typeof e.changes?.container === 'string' ? ` ${e.changes.container}` : ''} ·{' '}
                          {actorText(t, e.actorName ?? e.actorId, e.onBehalfOf && (e.onBehalfOfName ?? e.onBehalfOf))} (
                          {t.label(labelOf(ROLE_LABELS, e.actorRole))}) · {dt(e.at)}
                          {e.comment ? ` — ${e.comment}` : ''}
                          {past && (
                            <span data-testid="step-override">
                              {' '}
                              <Tag color="red">{t('強制', 'Override')}</Tag>— {t(past.zh, past.en)}
                            </span>
                          )}
                        </span>
                      ),
                    };
                  })}
                />
              )}
            </div>
          );
        })}
      </Card>

      <Card title={t('柜與運輸', 'Containers and transport')} size="small" style={{ marginBottom: 16 }}>
        <DataTable
          data-testid="job-containers"
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={j.containers}
          columns={[
            {
              title: t('柜', 'Container'),
              key: 'key',
              render: (_, c) => `${c.key} ${c.containerNo ?? ''} (${c.type})`,
            },
            {
              title: t('最近步驟', 'Last step'),
              key: 'last',
              render: (_, c) =>
                c.lastStepLabelZh && c.lastStepLabelEn ? t(c.lastStepLabelZh, c.lastStepLabelEn) : '—',
            },
            {
              title: t('送貨', 'Delivery'),
              key: 'delivery',
              render: (_, c) => [c.deliveryDate, c.deliveryPlace].filter(Boolean).join(' ') || '—',
            },
            { title: t('車牌', 'Truck'), key: 'truck', render: (_, c) => c.truck || '—' },
            {
              title: t('司機', 'Driver'),
              key: 'driver',
              render: (_, c) => [c.driver, c.driverPhone].filter(Boolean).join(' ') || '—',
            },
            { title: t('到廠', 'Arrived'), key: 'arrived', render: (_, c) => dt(c.arrivedAt) || '—' },
            {
              title: t('客戶確認', 'Customer confirmed'),
              key: 'confirmed',
              render: (_, c) => (c.arrivedAt ? (c.customerConfirmed ? t('是', 'Yes') : t('否', 'No')) : '—'),
            },
            { title: t('卸貨', 'Unloaded'), key: 'unloaded', render: (_, c) => dt(c.unloadedAt) || '—' },
          ]}
        />
      </Card>

      <Card title={t('異常記錄', 'Exceptions')} size="small" style={{ marginBottom: 16 }}>
        {j.exceptions.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('沒有異常', 'No exceptions')} />
        )}
        {j.exceptions.map((x) => (
          <Card
            key={x.id}
            type="inner"
            size="small"
            data-testid={`exception-${x.id}`}
            style={{ marginBottom: 8 }}
            title={
              <Space wrap>
                <span>#{x.id}</span>
                <span>{t.label(labelOf(JOB_STAGE_LABELS, x.stage))}</span>
                <span>{t.label(labelOf(EXCEPTION_TYPE_LABELS, x.type))}</span>
                <Tag color={x.status === 'open' ? 'red' : TAG.green}>
                  {x.status === 'open' ? t('未結', 'Open') : t('已處理', 'Resolved')}
                </Tag>
                <Tag>
                  {x.customerNotifiedAt ? t('已告知客戶', 'Customer told') : t('未告知客戶', 'Customer not told')}
                </Tag>
                <Typography.Text type="secondary">
                  {t(`歷時 ${durationLabel(x.openMs)[0]}`, `Open for ${durationLabel(x.openMs)[1]}`)}
                </Typography.Text>
              </Space>
            }
          >
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {x.description} — {x.raisedByName ?? x.raisedBy} · {dt(x.raisedAt)}
            </Typography.Paragraph>
            {x.remedy && (
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                {t('補救措施', 'Remedy')}: {x.remedy}
              </Typography.Paragraph>
            )}
            {x.progress.map((p, i) => (
              <Typography.Paragraph key={i} style={{ marginBottom: 4 }}>
                {t('跟進', 'Progress')}: {p.note} — {p.byName ?? p.by} · {dt(p.at)}
              </Typography.Paragraph>
            ))}
            {x.resolution && (
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                {t('處理結果', 'Resolution')}: {x.resolution} — {x.resolvedByName ?? x.resolvedBy} · {dt(x.resolvedAt)}
              </Typography.Paragraph>
            )}
            <ActionButtons actions={actions} onPick={setPicked} filter={(a) => a.exceptionId === x.id} />
          </Card>
        ))}
      </Card>

      {j.receivables.length > 0 && (
        <Card title={t('應收款', 'Receivables')} size="small" style={{ marginBottom: 16 }}>
          <DataTable
            data-testid="job-receivables"
            rowKey={(r) => `${r.source}:${r.label}:${r.currency}`}
            size="small"
            pagination={false}
            dataSource={j.receivables}
            columns={[
              { title: t('項目', 'Item'), dataIndex: 'label', key: 'label' },
              {
                title: t('來源', 'Source'),
                key: 'source',
                render: (_, r) =>
                  ({
                    service: t('合同服務', 'Contract service'),
                    fee_item: t('客戶付費項目', 'Customer-paid fee'),
                    actual_charge: t('實際費用', 'Actual charge'),
                  })[r.source],
              },
              moneyColumn<(typeof j.receivables)[number]>(t('金額', 'Amount')),
              {
                title: t('未收', 'Outstanding'),
                key: 'outstanding',
                align: 'right',
                render: (_, r) => <Money currency={r.currency} amount={r.outstanding} />,
              },
              { title: t('到期日', 'Due'), dataIndex: 'dueDate', key: 'due' },
              {
                title: t('狀態', 'Status'),
                key: 'status',
                render: (_, r) => t.label(labelOf(RECEIVABLE_STATUS_LABELS, r.status)),
              },
            ]}
          />
        </Card>
      )}
      <Suspense fallback={null}>
        <StepModal job={j} action={picked} onClose={() => setPicked(null)} />
      </Suspense>
    </section>
  );
}
