/**
 * A visit 客戶訪問表 (GET /visits/{id}): the plan, the steps of its `actions` (confirm the appointment,
 * cancel), the visit record form (§3.2.8: who was met, what the customer said on documents, follow-up,
 * customs, transport, billing and quoting, volume and plans, others' standing, follow-ups with owner and
 * due date) with the customer's recent service record beside it (open jobs, exceptions, receivables).
 */
import { useUnsavedEdits } from '../../components/useUnsavedGuard';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ReadState } from '../../components/ReadState';
import { Button, Col, Descriptions, Form, Input, Row, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { formHas, placeFieldErrors } from '../../api/formErrors';
import { FIELD_PATH_LABELS } from '../../api/errors';
import { ActionButtons } from '../../components/ActionButtons';
import { DateInput, DateTimeInput } from '../../components/DateInput';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { Money } from '../../format/Money';
import { TAG } from '../../format/colors';
import { useT } from '../../i18n';
import { useMe } from '../../layout/useMe';
import type { Visit } from './shared';
import { customerText } from '../../format/labels';
import { Picker } from '../../components/Picker';
import { List } from '../../components/List';

const FEEDBACK: [key: string, zh: string, en: string][] = [
  ['documents', '單證交收', 'Documents'],
  ['followUp', '跟單', 'Follow-up'],
  ['customs', '通關', 'Customs'],
  ['transport', '運送', 'Transport'],
  ['billing', '賬單', 'Billing'],
  ['quoting', '報價', 'Quoting'],
  ['volumeAndPlans', '柜量及經營計劃', 'Volume and business plans'],
  ['othersStanding', '其他客戶經營及財務狀況', 'Others’ standing'],
  ['notes', '備註', 'Notes'],
];

type RecordForm = Record<string, string | undefined> & {
  metWith: string;
  visitedAt: string;
  followUps?: { action: string; ownerId: string; dueOn: string }[];
};

function ServiceRecord({ visit }: { visit: Visit }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const s = visit.serviceRecord;
  return (
    <Card title={t('近期服務狀況', 'Recent service')} size="small" data-testid="service-record">
      <Typography.Paragraph>
        {t('上次拜訪', 'Last visit')}: {s.lastVisitedOn ?? t('無', 'none')}
      </Typography.Paragraph>
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        {t('進行中作業', 'Open jobs')} ({s.openJobs.length})
      </Typography.Title>
      <List
        size="small"
        dataSource={s.openJobs}
        locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t('無', 'None')}</span> }}
        renderItem={(j) => (
          <List.Item>
            <Link to={`/desk/jobs/${j.jobNo}`}>{j.jobNo}</Link> {j.containers}{' '}
            {j.stageLabel ? t(j.stageLabel.zh, j.stageLabel.en) : ''}{' '}
            {j.urgent && <Tag color="red">{t('急', 'urgent')}</Tag>}
          </List.Item>
        )}
      />
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        {t('未結異常', 'Open exceptions')} ({s.openExceptions.length})
      </Typography.Title>
      <List
        size="small"
        dataSource={s.openExceptions}
        locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t('無', 'None')}</span> }}
        renderItem={(e) => (
          <List.Item>
            {e.jobNo} · {e.description} · {formatDateTime(e.raisedAt, businessTimeZone)}
          </List.Item>
        )}
      />
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        {t('應收帳款', 'Receivables')}
      </Typography.Title>
      <List
        size="small"
        dataSource={s.receivables}
        locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t('無', 'None')}</span> }}
        renderItem={(r) => (
          <List.Item>
            {t('未收', 'Outstanding')} <Money amount={r.outstanding} currency={r.currency} /> · {t('逾期', 'Past due')}{' '}
            <Money amount={r.overdue} currency={r.currency} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A follow-up's due date, as its refusal names it (「第 1 項 期限 Follow-up 1 Due」, errors.ts FIELD_PATH_LABELS). */
const DUE = FIELD_PATH_LABELS['followUps.dueOn']!;

function RecordVisitForm({ visit, managerId, userId }: { visit: Visit; managerId: string | null; userId: string }) {
  const t = useT();
  const write = useWrite([['visit', visit.id]]);
  const [form] = Form.useForm<RecordForm>();
  const [placed, setPlaced] = useState(false);
  const edits = useUnsavedEdits();
  const { businessTimeZone } = useConfig();
  // When the visit took place: its planned time, or now when that is still to come (the API refuses the future).
  const visitedAt = formatDateTime(
    new Date(Math.min(Date.parse(visit.plannedAt), Date.now())).toISOString(),
    businessTimeZone,
  ).replace(' ', 'T');
  const owners = [
    { value: userId, label: t('本人', 'Me') },
    ...(managerId ? [{ value: managerId, label: t('業務經理', 'My sales manager') }] : []),
  ];
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = { metWith: v.metWith, visitedAt: v.visitedAt };
    for (const [k] of FEEDBACK) if (v[k]?.trim()) body[k] = v[k];
    body.followUps = (v.followUps ?? []).map((f) => ({
      action: f.action,
      ownerId: f.ownerId,
      dueOn: f.dueOn,
    }));
    setPlaced(false);
    // A refusal naming a field (a follow-up due before the visit) goes under that field, not above the form.
    await write
      .mutateAsync({ method: 'POST', path: `/visits/${visit.id}/record`, body })
      .then(edits.saved, (e: unknown) => setPlaced(placeFieldErrors(e, form, t, formHas(form))));
  };
  return (
    <Card title={t('填寫客戶訪問表', 'Record the visit')} size="small">
      <WriteError error={placed ? null : write.error} />
      <Form form={form} layout="vertical" initialValues={{ visitedAt }} onValuesChange={edits.onValuesChange}>
        <Form.Item name="visitedAt" label={t('拜訪時間', 'Visited at')} rules={[{ required: true }]}>
          <DateTimeInput aria-label={t('拜訪時間', 'Visited at')} data-testid="record-visitedAt" />
        </Form.Item>
        <Form.Item name="metWith" label={t('會見人員', 'Met with')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} data-testid="record-metWith" />
        </Form.Item>
        {FEEDBACK.map(([k, zh, en]) => (
          <Form.Item key={k} name={k} label={t(zh, en)}>
            <Input.TextArea rows={2} maxLength={2000} data-testid={`record-${k}`} />
          </Form.Item>
        ))}
        <Typography.Title level={4} style={{ fontSize: 14 }}>
          {t('跟進事項', 'Follow-ups')}
        </Typography.Title>
        <Form.List name="followUps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item
                    name={[f.name, 'action']}
                    label={t(`事項 ${i + 1}`, `Action ${i + 1}`)}
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input maxLength={500} style={{ minWidth: 260 }} data-testid={`followup-action-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'ownerId']}
                    label={t('負責人', 'Owner')}
                    rules={[{ required: true }]}
                    initialValue={userId}
                  >
                    <Picker
                      options={owners}
                      style={{ minWidth: 160 }}
                      aria-label={t('負責人', 'Owner')}
                      data-testid={`followup-owner-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} label={t.label(DUE)} rules={[{ required: true }]}>
                    <DateInput aria-label={t.label(DUE)} data-testid={`followup-due-${i}`} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)} aria-label={t(`刪除事項 ${i + 1}`, `Remove action ${i + 1}`)}>
                    {t('刪除', 'Remove')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add()} data-testid="followup-add" style={{ marginBottom: 12 }}>
                {t('新增跟進事項', 'Add a follow-up')}
              </Button>
            </>
          )}
        </Form.List>
        <div>
          <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="record-submit">
            {t('提交訪問表', 'Submit the record')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function FollowUps({ visit, userId }: { visit: Visit; userId: string }) {
  const t = useT();
  const write = useWrite([['visit', visit.id]]);
  if (visit.followUps.length === 0) return null;
  return (
    <Card title={t('跟進事項', 'Follow-ups')} size="small" style={{ marginTop: 12 }}>
      <WriteError error={write.error} />
      <List
        size="small"
        dataSource={visit.followUps}
        renderItem={(f) => (
          <List.Item data-testid={`followup-${f.id}`}>
            {f.action} · {f.ownerName ?? f.ownerId} · {t('期限', 'due')} {f.dueOn}{' '}
            {f.doneAt ? (
              <Tag color={TAG.green}>{t('已完成', 'done')}</Tag>
            ) : f.overdue ? (
              <Tag color="red">{t('逾期', 'overdue')}</Tag>
            ) : null}
            {!f.doneAt && f.ownerId === userId && (
              <Button
                size="small"
                onClick={() =>
                  void write
                    .mutateAsync({ method: 'POST', path: `/visit-follow-ups/${f.id}/done`, body: {} })
                    .catch(() => undefined)
                }
              >
                {t('完成', 'Done')}
              </Button>
            )}
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function VisitPage() {
  const t = useT();
  const me = useMe();
  const { businessTimeZone } = useConfig();
  const { visitId } = useParams();
  const id = Number(visitId);
  const visit = useQuery({
    queryKey: ['visit', id],
    queryFn: () => unwrap(api.GET('/visits/{visitId}', { params: { path: { visitId: id } } })),
  });
  const v = visit.data;
  return (
    <section aria-labelledby="visit-title">
      <Typography.Title level={2} id="visit-title" style={{ fontSize: 22 }}>
        {t('客戶訪問', 'Customer visit')} {v ? customerText(v.customerNo, v.customerName) : ''}
      </Typography.Title>
      <ReadState read={visit} compact />
      {v && me.data && (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('狀態', 'Status')}>
                <span data-testid="visit-status">{t(v.statusLabel.zh, v.statusLabel.en)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('業務員', 'Salesperson')}>{v.ownerName}</Descriptions.Item>
              <Descriptions.Item label={t('計劃拜訪時間', 'Planned time')}>
                {formatDateTime(v.plannedAt, businessTimeZone)}
              </Descriptions.Item>
              <Descriptions.Item label={t('拜訪目的', 'Purpose')}>{v.purpose}</Descriptions.Item>
              <Descriptions.Item label={t('需解決的問題', 'Questions')}>{v.questions}</Descriptions.Item>
              <Descriptions.Item label={t('準備資料', 'Material')}>{v.material}</Descriptions.Item>
              <Descriptions.Item label={t('預約確認', 'Appointment confirmed')}>
                {v.appointmentConfirmedAt ? formatDateTime(v.appointmentConfirmedAt, businessTimeZone) : '—'}
                {v.reconfirmNeeded && <Tag color={TAG.gold}>{t('前一天再確認', 're-confirm the day before')}</Tag>}
              </Descriptions.Item>
              {v.visitedAt && (
                <Descriptions.Item label={t('實際拜訪時間', 'Visited at')}>
                  <span data-testid="visit-visited-at">{formatDateTime(v.visitedAt, businessTimeZone)}</span>
                </Descriptions.Item>
              )}
              {v.cancelReason && (
                <Descriptions.Item label={t('取消原因', 'Why cancelled')}>{v.cancelReason}</Descriptions.Item>
              )}
            </Descriptions>
            <div style={{ marginBottom: 12 }}>
              <ActionButtons actions={v.actions} skip={['record']} />
            </div>
            {v.record && (
              <Descriptions
                size="small"
                column={1}
                bordered
                title={t('訪問記錄', 'Visit record')}
                data-testid="visit-record"
              >
                <Descriptions.Item label={t('會見人員', 'Met with')}>{v.record.metWith}</Descriptions.Item>
                {FEEDBACK.map(([k, zh, en]) => {
                  const text = (v.record as Record<string, string | null | undefined>)[k];
                  return text ? (
                    <Descriptions.Item key={k} label={t(zh, en)}>
                      {text}
                    </Descriptions.Item>
                  ) : null;
                })}
              </Descriptions>
            )}
            {v.actions.some((a) => a.step === 'record' && a.allowed) && (
              <RecordVisitForm visit={v} userId={me.data.id} managerId={me.data.managerId ?? null} />
            )}
            <FollowUps visit={v} userId={me.data.id} />
          </Col>
          <Col xs={24} lg={10}>
            <ServiceRecord visit={v} />
          </Col>
        </Row>
      )}
    </section>
  );
}
