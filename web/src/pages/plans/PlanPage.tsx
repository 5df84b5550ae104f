/**
 * One plan and summary 計劃與總結: the period's targets next to the actuals the API computes from the
 * system's records (GET /plans/{id}: `comparison`, `actuals`), the report's content as a structured form
 * while the author may change it (`editable`: PUT /plans/{id} — targets, sections of its kind, next
 * period's targets, the annual plan's quarters), the steps from the plan's `actions` (submit; the sales
 * manager's accept / return with a comment), the manager's decision, due date and overdue, history.
 * Submit with unsaved edits saves them first, in the same click: if the save is refused (a field the form
 * marks, or the API's 4xx) nothing is submitted and the reason shows beside the buttons.
 */
import { ReturnedBanner } from '../../components/ReturnedBanner';
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { PageLoading } from '../../components/ReadState';
import { Alert, Button, Descriptions, Form, Input, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { errorText } from '../../actions/ActionBar';
import type { RecordAction } from '../../api/actions';
import { ActionButtons } from '../../components/ActionButtons';
import { useUnsavedGuard } from '../../components/useUnsavedGuard';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { TAG } from '../../format/colors';
import { formatDateTime } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { useT } from '../../i18n';
import { SECTION_LABELS } from '../../format/plan-sections';
import { targetsBody, TargetsFields, TargetsText, NO_TARGETS, type Plan, type TargetsValue } from './shared';
import { actorText } from '../../format/actor';
import { List } from '../../components/List';

type Comparison = Plan['comparison'][number];
interface FormValues {
  targets: TargetsValue;
  nextTargets: TargetsValue;
  nextQuarters?: TargetsValue[];
  sections: Record<string, string>;
}

const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'];

/** What the page asks of the form before a submit: save the edits not yet saved (none: resolves at once). */
interface PendingEdits {
  /** Resolves once saved; throws `FormInvalid` when a field is marked in the form, or the API's error. */
  save(): Promise<void>;
}

/** The form's own checks refused the values (the fields say why). */
class FormInvalid extends Error {}

function SummaryTable({ plan }: { plan: Plan }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const value = (c: Comparison, v: string | null) =>
    v === null
      ? '—'
      : c.currency && (c.measure === 'revenue' || c.measure === 'margin')
        ? formatMoney(v, c.currency, currencyDigits)
        : c.measure === 'collectionRate'
          ? `${v} %`
          : v;
  return (
    <TableScroll label={t('目標與實績', 'Targets and actuals')}>
      <DataTable<Comparison>
        rowKey={(c) => `${c.measure}:${c.currency ?? ''}`}
        size="small"
        pagination={false}
        dataSource={plan.comparison}
        data-testid="plan-comparison"
        columns={[
          {
            title: t('項目', 'Measure'),
            key: 'measure',
            render: (_, c) => `${t(c.measureLabel.zh, c.measureLabel.en)}${c.currency ? ` ${c.currency}` : ''}`,
          },
          {
            title: t('目標', 'Target'),
            key: 'target',
            align: 'right',
            render: (_, c) => (
              <span data-testid={`target-${c.measure}-${c.currency ?? 'all'}`}>
                {value(c, c.target)}
                {/* The collection rate is set against the sales manager's target when there is one (§2.2.6). */}
                {c.targetSource === 'manager' && (
                  <Tag style={{ marginInlineStart: 6 }}>{t('主管目標', "Manager's target")}</Tag>
                )}
              </span>
            ),
          },
          {
            title: t('實績（系統計算）', 'Actual (from the records)'),
            key: 'actual',
            align: 'right',
            render: (_, c) => (
              <span data-testid={`actual-${c.measure}-${c.currency ?? 'all'}`}>
                {value(c, c.actual)}
                {/* No figure: the API says why (a rate of nothing); a measure without records shows 0. */}
                {c.actualNote && (
                  <Typography.Text type="secondary" style={{ marginInlineStart: 6 }} data-testid="actual-note">
                    {t(c.actualNote.zh, c.actualNote.en)}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('達成率', '% of target'),
            key: 'pct',
            align: 'right',
            render: (_, c) => (c.pctOfTarget === null ? '—' : `${c.pctOfTarget} %`),
          },
        ]}
      />
    </TableScroll>
  );
}

/**
 * The report's form. `pending` is set while it is shown: the page's submit saves through it. `onDirty`
 * hears whether there are edits not yet saved (every change since the last save or load counts).
 */
function PlanForm({
  plan,
  pending,
  onDirty,
}: {
  plan: Plan;
  pending: RefObject<PendingEdits | null>;
  onDirty: (dirty: boolean) => void;
}) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const [form] = Form.useForm<FormValues>();
  const write = useWrite([['plan', plan.id], ['plans']]);
  /** Edits made (a counter) and the count the last save or load covered: unequal = unsaved edits. */
  const edits = useRef(0);
  const saved = useRef(0);
  const [dirty, setDirty] = useState(false);
  const settle = () => setDirty(edits.current !== saved.current);
  useUnsavedGuard(dirty);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);
  useEffect(() => {
    form.setFieldsValue({
      targets: plan.targets ?? NO_TARGETS,
      nextTargets: plan.nextTargets,
      nextQuarters: plan.nextQuarters ?? [NO_TARGETS, NO_TARGETS, NO_TARGETS, NO_TARGETS],
      sections: plan.sections,
    });
    saved.current = edits.current;
    settle();
  }, [form, plan.version, plan.id]);
  /** Saves the form as it is now; throws FormInvalid or the API's error (shown above the form too). */
  const save = async () => {
    const upTo = edits.current;
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      throw new FormInvalid();
    }
    const sections = Object.fromEntries(
      Object.entries(v.sections ?? {}).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '',
      ),
    );
    await write.mutateAsync({
      method: 'PUT',
      path: `/plans/${plan.id}`,
      body: {
        kind: plan.kind,
        targets: targetsBody(v.targets, currencyDigits),
        nextTargets: targetsBody(v.nextTargets, currencyDigits),
        sections,
        ...(plan.kind === 'annual'
          ? { nextQuarters: (v.nextQuarters ?? []).map((q) => targetsBody(q, currencyDigits)) }
          : {}),
      },
    });
    saved.current = Math.max(saved.current, upTo);
    settle();
  };
  useEffect(() => {
    pending.current = {
      save: async () => {
        if (edits.current !== saved.current) await save();
      },
    };
    return () => {
      pending.current = null;
    };
  });
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="plan-form"
      onValuesChange={() => {
        edits.current += 1;
        setDirty(true);
      }}
    >
      <WriteError error={write.error} />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t(`本期目標 ${plan.period}`, `Targets of ${plan.period}`)}
      </Typography.Title>
      <TargetsFields name={['targets']} testId="targets" />
      {SECTION_LABELS[plan.kind].map(([key, zh, en]) => (
        <Form.Item key={key} name={['sections', key]} label={t(zh, en)}>
          <Input.TextArea rows={3} maxLength={4000} data-testid={`section-${key}`} />
        </Form.Item>
      ))}
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {plan.kind === 'annual' ? t('下年度目標', 'Next year’s targets') : t('下期目標', 'Next period’s targets')}
      </Typography.Title>
      <TargetsFields name={['nextTargets']} testId="next-targets" />
      {plan.kind === 'annual' &&
        QUARTERS.map((q, i) => (
          <div key={q}>
            <Typography.Title level={4} style={{ fontSize: 14 }}>
              {t(`下年度 ${q} 目標`, `Next year’s ${q} targets`)}
            </Typography.Title>
            <TargetsFields name={['nextQuarters', i]} testId={`quarter-${i + 1}`} />
          </div>
        ))}
      <Space>
        <Button
          type="primary"
          loading={write.isPending}
          onClick={() => void save().catch(() => undefined)}
          data-testid="plan-save"
        >
          {t('儲存', 'Save')}
        </Button>
        {dirty ? (
          <span data-testid="plan-unsaved">{t('有未儲存的修改', 'Unsaved changes')}</span>
        ) : (
          write.isSuccess && !write.isPending && <span data-testid="plan-saved">{t('已儲存', 'Saved')}</span>
        )}
      </Space>
    </Form>
  );
}

function PlanContent({ plan }: { plan: Plan }) {
  const t = useT();
  return (
    <div data-testid="plan-content">
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('本期目標', 'Targets of the period')}
      </Typography.Title>
      <TargetsText targets={plan.targets} testId="targets-text" />
      {SECTION_LABELS[plan.kind].map(([key, zh, en]) => (
        <div key={key}>
          <Typography.Title level={4} style={{ fontSize: 14, marginTop: 12 }}>
            {t(zh, en)}
          </Typography.Title>
          <Typography.Paragraph data-testid={`section-text-${key}`} style={{ whiteSpace: 'pre-wrap' }}>
            {plan.sections[key] ?? '—'}
          </Typography.Paragraph>
        </div>
      ))}
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('下期目標', 'Next period’s targets')}
      </Typography.Title>
      <TargetsText targets={plan.nextTargets} testId="next-targets-text" />
      {plan.nextQuarters?.map((q, i) => (
        <div key={QUARTERS[i]}>
          <Typography.Title level={4} style={{ fontSize: 14, marginTop: 12 }}>
            {QUARTERS[i]}
          </Typography.Title>
          <TargetsText targets={q} testId={`quarter-text-${i + 1}`} />
        </div>
      ))}
    </div>
  );
}

export default function PlanPage() {
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const planId = Number(useParams().planId);
  const pending = useRef<PendingEdits | null>(null);
  const [dirty, setDirty] = useState(false);
  /** Before a submit: the form's unsaved edits are saved, or the submit is not sent and says why. */
  const saveFirst = async (a: RecordAction) => {
    if (a.step !== 'submit' || !pending.current) return;
    try {
      await pending.current.save();
    } catch (e) {
      const why =
        e instanceof FormInvalid
          ? t('請先修正表單中標示的欄位', 'correct the fields marked in the form')
          : errorText(e, t);
      throw new Error(`${t('未提交：修改未能儲存', 'Not submitted: your changes could not be saved')} — ${why}`);
    }
  };
  const plan = useQuery({
    queryKey: ['plan', planId],
    queryFn: () => unwrap(api.GET('/plans/{planId}', { params: { path: { planId } } })),
  });
  if (plan.isError) return <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  if (!p) return <PageLoading title={['計劃與總結', 'Plan and summary']} />;
  return (
    <section aria-labelledby="plan-title">
      <Typography.Title level={2} id="plan-title" style={{ fontSize: 22 }}>
        {t(p.kindLabel.zh, p.kindLabel.en)} {p.period}
      </Typography.Title>
      <ReturnedBanner history={p.history} actions={p.actions} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'owner', label: t('業務員', 'Salesperson'), children: p.ownerName ?? p.ownerId },
            { key: 'range', label: t('期間', 'Period'), children: `${p.periodFrom} – ${p.periodTo}` },
            {
              key: 'status',
              label: t('狀態', 'Status'),
              children: <span data-testid="plan-status">{t(p.statusLabel.zh, p.statusLabel.en)}</span>,
            },
            {
              key: 'due',
              label: t('截止日', 'Due'),
              children: (
                <span data-testid="plan-due">
                  {p.dueOn} {p.overdue && <Tag color={TAG.volcano}>{t('逾期', 'overdue')}</Tag>}
                  {p.late && <Tag color={TAG.gold}>{t('遲交', 'late')}</Tag>}
                </span>
              ),
            },
            {
              key: 'submitted',
              label: t('提交於', 'Submitted'),
              children: p.submittedAt ? formatDateTime(p.submittedAt, businessTimeZone) : '—',
            },
          ]}
        />
        {p.decision && (
          <Alert
            style={{ marginTop: 12 }}
            type={p.status === 'accepted' ? 'success' : 'warning'}
            data-testid="plan-decision"
            title={`${t(p.statusLabel.zh, p.statusLabel.en)} · ${actorText(
              t,
              p.decision.byName ?? p.decision.by,
              p.decision.onBehalfOf && (p.decision.onBehalfOfName ?? p.decision.onBehalfOf),
            )} · ${formatDateTime(p.decision.at, businessTimeZone)}`}
            description={p.decision.comment ?? undefined}
          />
        )}
        <div style={{ marginTop: 12 }}>
          <ActionButtons actions={p.actions} before={saveFirst} />
          {dirty && p.actions.some((a) => a.step === 'submit' && a.allowed) && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="plan-submit-saves">
              {t(
                '報告有未儲存的修改：提交時會先儲存再提交。',
                'The report has unsaved changes: submitting saves them first, then submits.',
              )}
            </Typography.Paragraph>
          )}
        </div>
      </Card>
      <Card
        size="small"
        title={t(`總結：目標與實績（截至 ${p.actualsAsOf}）`, `Summary: targets and actuals (as of ${p.actualsAsOf})`)}
        style={{ marginBottom: 16 }}
      >
        <SummaryTable plan={p} />
        {p.actuals.collection.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="plan-collection">
            {t('回款', 'Collection')}：
            {p.actuals.collection
              .map(
                (c) =>
                  `${t('到期', 'due')} ${formatMoney(c.due, c.currency, currencyDigits)} / ${t('已收', 'collected')} ${formatMoney(c.collected, c.currency, currencyDigits)}`,
              )
              .join('；')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title={t('報告內容', 'The report')} style={{ marginBottom: 16 }}>
        {p.editable ? <PlanForm plan={p} pending={pending} onDirty={setDirty} /> : <PlanContent plan={p} />}
      </Card>
      <Card size="small" title={t('歷程', 'History')}>
        <List
          size="small"
          dataSource={p.history}
          data-testid="plan-history"
          renderItem={(h) => (
            <List.Item>
              {formatDateTime(h.at, businessTimeZone)} ·{' '}
              {actorText(t, h.actorName ?? h.actorId, h.onBehalfOf && (h.onBehalfOfName ?? h.onBehalfOf))} ·{' '}
              {h.actionLabel ? t(h.actionLabel.zh, h.actionLabel.en) : h.action}
              {h.comment ? `：${h.comment}` : ''}
            </List.Item>
          )}
        />
      </Card>
    </section>
  );
}
