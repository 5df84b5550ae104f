/**
 * Job board 接單跟進表: open jobs by stage, the steps and roles each waits on and since when, urgent
 * first (the API's order); filters customer, salesperson, stage and role — an operations role starts on
 * "my jobs" (those waiting on its role). Opening a job from a signed contract for sales, operations and
 * commerce.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Input, Space, Statistic, Switch, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { JOB_STAGE_LABELS, labelOf, OPERATIONS_ROLES, ROLE_LABELS, customerText } from '../../format/labels';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import { durationLabel, type FollowUpItem } from './jobTypes';
import { TAG } from '../../format/colors';
import { Picker } from '../../components/Picker';

const STAGES = ['payment', 'sea_freight', 'customs', 'transport', 'warehousing', 'billing'] as const;
type Stage = (typeof STAGES)[number];
type WaitingRole = NonNullable<
  NonNullable<paths['/boards/order-follow-up']['get']['parameters']['query']>['waitingOn']
>;
const JOB_OPENERS = ['sales', 'operations', 'commerce'];
// The open-a-job form (antd Form, Select, Checkbox…) loads when first opened (issue 11).
const OpenJobModal = lazy(() => import('./OpenJobModal').then((m) => ({ default: m.OpenJobModal })));

export default function JobBoardPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const me = useMe();
  const [stage, setStage] = useState<Stage | undefined>();
  const [customerNo, setCustomerNo] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [mine, setMine] = useState(false);
  const [opening, setOpening] = useState(false);
  const [openedOnce, setOpenedOnce] = useState(false);
  useEffect(() => {
    if (opening) setOpenedOnce(true);
  }, [opening]);
  const myRole = me.data?.role;
  const isOps = !!myRole && (OPERATIONS_ROLES as readonly string[]).includes(myRole);
  useEffect(() => {
    if (isOps) setMine(true);
  }, [isOps]);
  const board = useQuery({
    queryKey: ['boards', 'order-follow-up', stage, customerNo.trim(), ownerId.trim(), mine, role],
    queryFn: () =>
      unwrap(
        api.GET('/boards/order-follow-up', {
          params: {
            query: {
              limit: 200,
              ...(stage ? { stage } : {}),
              ...(customerNo.trim() ? { customerNo: customerNo.trim() } : {}),
              ...(ownerId.trim() ? { ownerId: ownerId.trim() } : {}),
              // "My jobs": the API keeps the jobs waiting on the caller's role (counts and paging included).
              ...(mine ? { mine: 'true' as const } : role ? { waitingOn: role as WaitingRole } : {}),
            },
          },
        }),
      ),
    refetchInterval: 5_000,
  });
  const items = board.data?.items ?? [];
  const now = Date.now();
  return (
    <section aria-labelledby="board-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Typography.Title level={2} id="board-title" style={{ fontSize: 22 }}>
          {t('接單跟進表', 'Job board')}{' '}
          {board.data && <Typography.Text type="secondary">({board.data.total})</Typography.Text>}
        </Typography.Title>
        {myRole && JOB_OPENERS.includes(myRole) && (
          <Button type="primary" onClick={() => setOpening(true)} data-testid="open-job">
            {t('開立作業', 'Open a job')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        {(board.data?.byStage ?? []).map((s) => (
          <Card
            key={s.stage}
            size="small"
            hoverable
            onClick={() => setStage(stage === s.stage ? undefined : s.stage)}
            style={{ minWidth: 130, borderColor: stage === s.stage ? '#1f5fa8' : undefined }}
          >
            <Statistic
              title={t.label(labelOf(JOB_STAGE_LABELS, s.stage))}
              value={s.jobs}
              suffix={
                s.urgent ? (
                  <Tag color="red">
                    {t('急', 'urgent')} {s.urgent}
                  </Tag>
                ) : null
              }
            />
          </Card>
        ))}
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Picker<Stage>
          allowClear
          placeholder={t('環節', 'Stage')}
          aria-label={t('環節', 'Stage')}
          style={{ width: 160 }}
          value={stage}
          onChange={setStage}
          options={STAGES.map((s) => ({ value: s, label: t.label(labelOf(JOB_STAGE_LABELS, s)) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('客戶編號', 'Customer no.')}
          aria-label={t('客戶編號', 'Customer no.')}
          style={{ width: 180 }}
          onSearch={setCustomerNo}
        />
        <Input.Search
          allowClear
          placeholder={t('業務員', 'Salesperson')}
          aria-label={t('業務員', 'Salesperson')}
          style={{ width: 160 }}
          onSearch={setOwnerId}
        />
        <Picker
          allowClear
          disabled={mine}
          placeholder={t('等待角色', 'Waiting on role')}
          aria-label={t('等待角色', 'Waiting on role')}
          style={{ width: 160 }}
          value={role}
          onChange={setRole}
          options={OPERATIONS_ROLES.map((r) => ({ value: r, label: t.label(labelOf(ROLE_LABELS, r)) }))}
        />
        {isOps && (
          <Space>
            <Switch
              checked={mine}
              onChange={setMine}
              aria-label={t('只看我的', 'My jobs only')}
              data-testid="my-jobs"
            />
            <span>{t('只看我的', 'My jobs only')}</span>
          </Space>
        )}
      </Space>
      {board.isError && <ErrorState compact error={board.error} onRetry={() => void board.refetch()} />}
      <DataTable<FollowUpItem>
        data-testid="job-board"
        rowKey="jobNo"
        size="middle"
        loading={board.isLoading}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('作業', 'Job'),
            key: 'job',
            render: (_, r) => (
              <Space>
                <Link to={`/desk/jobs/${r.jobNo}`} data-testid={`board-open-${r.jobNo}`}>
                  {r.jobNo}
                </Link>
                {r.urgent && <Tag color="red">{t('急', 'Urgent')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('客戶', 'Customer'),
            key: 'customer',
            render: (_, r) => customerText(r.customerNo, r.customerName),
          },
          { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
          {
            title: t('柜', 'Containers'),
            key: 'containers',
            render: (_, r) => `${r.containerCount} × ${r.containerType}`,
          },
          {
            title: t('環節', 'Stage'),
            key: 'stage',
            render: (_, r) => (r.stage ? t.label(labelOf(JOB_STAGE_LABELS, r.stage)) : ''),
          },
          {
            title: t('等待', 'Waiting on'),
            key: 'waiting',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.waiting.map((w) => (
                  <span key={`${w.step}:${w.container ?? ''}`}>
                    {t(w.labelZh, w.labelEn)}
                    {w.container ? ` ${w.container}` : ''} —{' '}
                    {w.roles.map((x) => t.label(labelOf(ROLE_LABELS, x))).join(', ')}
                  </span>
                ))}
              </Space>
            ),
          },
          {
            title: t('自', 'Since'),
            key: 'since',
            render: (_, r) => (
              <span>
                {formatDateTime(r.stageSince, businessTimeZone)}
                <br />
                <Typography.Text type="secondary">
                  {t.label(durationLabel(now - Date.parse(r.stageSince)))}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('異常', 'Exceptions'),
            key: 'exc',
            render: (_, r) => (r.openExceptions ? <Tag color={TAG.volcano}>{r.openExceptions}</Tag> : ''),
          },
          { title: 'ETA', dataIndex: 'eta', key: 'eta' },
        ]}
      />
      <Suspense fallback={null}>
        {(opening || openedOnce) && <OpenJobModal open={opening} onClose={() => setOpening(false)} />}
      </Suspense>
    </section>
  );
}
