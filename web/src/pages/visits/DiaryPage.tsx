/**
 * Success diary 成功日記 (§2.4.9): a salesperson's day pre-filled by the system (quotes, jobs, exceptions,
 * receipts, visits, tomorrow's visits) with today's work and tomorrow's plan to write and submit
 * (PUT /diaries/{day}); the sales manager's team view (GET /diaries): who submitted on each working day,
 * missing ones flagged from the next morning, each diary opened to read and comment.
 */
import { useUnsavedEdits } from '../../components/useUnsavedGuard';
import { useQuery } from '@tanstack/react-query';
import { Loading } from '../../components/ReadState';
import { ErrorState } from '../../components/ErrorState';
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { DateInput } from '../../components/DateInput';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { TAG } from '../../format/colors';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import { fieldLabel } from '../../api/errors';
import { List } from '../../components/List';

type Diary = paths['/diaries/{day}']['get']['responses']['200']['content']['application/json'];
type TeamRow = paths['/diaries']['get']['responses']['200']['content']['application/json']['rows'][number];

const STATUS_COLOR: Record<TeamRow['status'], string | undefined> = {
  submitted: TAG.green,
  missing: 'red',
  due_today: TAG.gold,
  upcoming: undefined,
  not_applicable: undefined,
};

function DiaryCard({ diary }: { diary: Diary }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const write = useWrite([['diary'], ['diaries']]);
  const [form] = Form.useForm<{ todayWork: string; tomorrowPlan: string }>();
  const [commentForm] = Form.useForm<{ comment: string }>();
  const diaryEdits = useUnsavedEdits();
  const commentEdits = useUnsavedEdits();
  const canSubmit = diary.actions.some((a) => a.step === 'submit' && a.allowed);
  const canComment = diary.actions.some((a) => a.step === 'comments' && a.allowed);
  return (
    <Card
      size="small"
      title={t(
        `${diary.ownerName ?? diary.ownerId} · ${diary.day} 成功日記`,
        `${diary.ownerName ?? diary.ownerId} · ${diary.day} success diary`,
      )}
      data-testid="diary-card"
    >
      {!diary.workingDay && <Alert type="info" title={t('非工作日', 'Not a working day')} />}
      {diary.missing && (
        <Alert type="warning" title={t('未提交（已逾期）', 'Not submitted (overdue)')} data-testid="diary-missing" />
      )}
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        {t('系統預填', 'Pre-filled by the system')}
      </Typography.Title>
      <List
        size="small"
        dataSource={diary.prefillLines}
        locale={{
          emptyText: (
            <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t('今日無系統記錄', 'Nothing recorded today')}</span>
          ),
        }}
        data-testid="diary-prefill"
        renderItem={(l) => <List.Item>{t(l.zh, l.en)}</List.Item>}
      />
      <WriteError error={write.error} />
      {diary.submitted ? (
        <>
          <Typography.Title level={4} style={{ fontSize: 14 }}>
            {t('今日工作', 'Today’s work')}
          </Typography.Title>
          <Typography.Paragraph data-testid="diary-today">{diary.todayWork}</Typography.Paragraph>
          <Typography.Title level={4} style={{ fontSize: 14 }}>
            {t('明日計劃', 'Tomorrow’s plan')}
          </Typography.Title>
          <Typography.Paragraph>{diary.tomorrowPlan}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" data-testid="diary-submitted">
            {t('提交於', 'Submitted')} {formatDateTime(diary.submittedAt, businessTimeZone)}
            {diary.onTime === false && <Tag color={TAG.gold}>{t('遲交', 'late')}</Tag>}
          </Typography.Paragraph>
        </>
      ) : (
        canSubmit && (
          <Form
            form={form}
            layout="vertical"
            onValuesChange={diaryEdits.onValuesChange}
            onFinish={(v) =>
              void write
                .mutateAsync({ method: 'PUT', path: `/diaries/${diary.day}`, body: v })
                .then(diaryEdits.saved, () => undefined)
            }
          >
            <Form.Item
              name="todayWork"
              label={t('今日工作', 'Today’s work')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={3} maxLength={5000} data-testid="diary-todayWork" />
            </Form.Item>
            <Form.Item
              name="tomorrowPlan"
              label={t('明日計劃', 'Tomorrow’s plan')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={3} maxLength={5000} data-testid="diary-tomorrowPlan" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="diary-submit">
              {t('提交成功日記', 'Submit the diary')}
            </Button>
          </Form>
        )
      )}
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        {t('主管批註', 'Manager’s comments')}
      </Typography.Title>
      <List
        size="small"
        dataSource={diary.comments}
        locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t('無', 'None')}</span> }}
        data-testid="diary-comments"
        renderItem={(c) => (
          <List.Item>
            {c.authorName ?? c.authorId} · {formatDateTime(c.at, businessTimeZone)}：{c.comment}
          </List.Item>
        )}
      />
      {canComment && (
        <Form
          form={commentForm}
          onValuesChange={commentEdits.onValuesChange}
          layout="inline"
          onFinish={(v) =>
            void write
              .mutateAsync({
                method: 'POST',
                path: `/diaries/${diary.day}/comments`,
                body: { ownerId: diary.ownerId, comment: v.comment },
              })
              .then(
                () => {
                  commentEdits.saved();
                  commentForm.resetFields();
                },
                () => undefined,
              )
          }
        >
          <Form.Item name="comment" label={fieldLabel('comment', t)} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={2000} style={{ minWidth: 320 }} data-testid="diary-comment" />
          </Form.Item>
          <Button htmlType="submit" loading={write.isPending} data-testid="diary-comment-send">
            {t('送出批註', 'Send comment')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function OneDiary({ day, ownerId }: { day: string; ownerId?: string | undefined }) {
  const diary = useQuery({
    queryKey: ['diary', day, ownerId ?? 'me'],
    queryFn: () => unwrap(api.GET('/diaries/{day}', { params: { path: { day }, query: ownerId ? { ownerId } : {} } })),
  });
  if (diary.isError) return <ErrorState error={diary.error} onRetry={() => void diary.refetch()} />;
  return diary.data ? <DiaryCard diary={diary.data} /> : <Loading />;
}

function TeamView() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const [from, setFrom] = useState(dayjs(today).subtract(6, 'day').format('YYYY-MM-DD'));
  const [open, setOpen] = useState<{ ownerId: string; day: string } | null>(null);
  const team = useQuery({
    queryKey: ['diaries', from, today],
    queryFn: () => unwrap(api.GET('/diaries', { params: { query: { from, to: today } } })),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <span id="team-from-label">{t('起始日', 'From')}</span>
        <DateInput
          allowClear={false}
          aria-labelledby="team-from-label"
          value={from}
          onChange={(v) => v && setFrom(v)}
        />
        {team.data && (
          <Tag color={team.data.missing ? TAG.volcano : TAG.green} data-testid="team-missing">
            {t(`未提交 ${team.data.missing}`, `Missing ${team.data.missing}`)}
          </Tag>
        )}
      </Space>
      {team.isError && <ErrorState compact error={team.error} onRetry={() => void team.refetch()} />}
      <DataTable<TeamRow>
        rowKey={(r) => `${r.ownerId}:${r.day}`}
        size="small"
        pagination={false}
        loading={team.isLoading}
        dataSource={team.data?.rows ?? []}
        data-testid="team-diaries"
        columns={[
          { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
          { title: t('日期', 'Day'), dataIndex: 'day' },
          {
            title: t('狀態', 'Status'),
            key: 'status',
            // The status and its words come from the API (diaryDayStatus, domain/rhythm.ts): no rule here.
            render: (_, r) => (
              <Tag color={STATUS_COLOR[r.status]} data-testid={`diary-status-${r.ownerId}-${r.day}`}>
                {t(r.statusLabel.zh, r.statusLabel.en)}
              </Tag>
            ),
          },
          {
            title: t('操作', 'Open'),
            key: 'open',
            render: (_, r) =>
              r.submitted ? (
                <Button size="small" onClick={() => setOpen(r)} data-testid={`open-${r.ownerId}-${r.day}`}>
                  {t('查看', 'Read')}
                </Button>
              ) : null,
          },
        ]}
      />
      {open && (
        <div style={{ marginTop: 12 }}>
          <OneDiary day={open.day} ownerId={open.ownerId} />
        </div>
      )}
    </>
  );
}

export default function DiaryPage() {
  const t = useT();
  const me = useMe();
  const { businessTimeZone } = useConfig();
  const [day, setDay] = useState(businessToday(businessTimeZone));
  return (
    <section aria-labelledby="diary-title">
      <Typography.Title level={2} id="diary-title" style={{ fontSize: 22 }}>
        {t('成功日記', 'Success diary')}
      </Typography.Title>
      {me.data?.role === 'sales' ? (
        <>
          <Space style={{ marginBottom: 12 }}>
            <span id="diary-day-label">{t('日期', 'Day')}</span>
            <DateInput
              allowClear={false}
              aria-labelledby="diary-day-label"
              value={day}
              onChange={(v) => v && setDay(v)}
            />
          </Space>
          <OneDiary day={day} />
        </>
      ) : (
        me.data && <TeamView />
      )}
    </section>
  );
}
