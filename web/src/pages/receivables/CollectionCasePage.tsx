/**
 * One abnormal-collection case 異常收款案件 (§3.4.4): its stage, who acts next and by when, what is past
 * due now (the ledger's receivables of the customer in the case's currency), the proposal and the GM's
 * decision, the credit hold, and the audited history (reminders, escalation, proposal, decision; who,
 * when, on whose behalf). The buttons come from the case's `actions` only: the salesperson's (or their
 * sales manager's) proposal — payment plan with its instalments, credit hold, legal action, write-off —
 * and the GM's approval (confirmed: it applies the proposal for good) or rejection with a comment.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Alert, Button, Descriptions, Empty, Form, Input, Radio, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link, useParams } from 'react-router';
import { ActionBar, type StepForm } from '../../actions/ActionBar';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DateInput } from '../../components/DateInput';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { businessToday, formatDateTime, formatDueAt } from '../../format/dates';
import { labelOf, ROLE_LABELS, customerText } from '../../format/labels';
import { Money } from '../../format/Money';
import { formatMoney } from '../../format/money';
import { exceedsProblem, sumAmounts, TOGETHER, WHOLE_LABELS } from '../../format/parts';
import { fieldLabel, fieldName } from '../../api/errors';
import { useT } from '../../i18n';
import { PROPOSAL_KINDS, PROPOSAL_LABELS, type ProposalKind } from '../../../../domain/collection-proposal';
import { CASE_STATUS_COLORS, useNextActor } from './CollectionCasesPage';

type CaseDetail = paths['/collection-cases/{caseId}']['get']['responses']['200']['content']['application/json'];
type Receivable = CaseDetail['receivables'][number];
type History = CaseDetail['history'][number];
type Installment = NonNullable<CaseDetail['proposal']>['installments'][number];

/** A date `days` calendar days after the business date `date` (both `YYYY-MM-DD`). */
const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * The proposal form's fields: the kind, why, and for a payment plan its instalments (date and amount) — together not
 * more than `overdue`, the customer's overdue amount now (format/parts.ts; the API refuses more with 422 too).
 */
function ProposeFields({ currency, digits, overdue }: { currency: string; digits: number; overdue: string }) {
  const t = useT();
  const form = Form.useFormInstance();
  const kind = Form.useWatch('kind', form) as ProposalKind | undefined;
  const installments = (Form.useWatch('installments', form) ?? []) as { amount?: string }[];
  const total = sumAmounts(
    installments.map((i) => i?.amount),
    digits,
  );
  return (
    <>
      <Form.Item
        name="kind"
        label={t('處理建議', 'Proposal')}
        rules={[{ required: true, message: t('必填', 'Required') }]}
      >
        <Radio.Group data-testid="proposal-kind">
          {PROPOSAL_KINDS.map((k) => (
            <Radio key={k} value={k} data-testid={`proposal-kind-${k}`}>
              {t(PROPOSAL_LABELS[k].zh, PROPOSAL_LABELS[k].en)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="note"
        label={t('說明（與客戶的約定、原因）', 'Why, and what was agreed with the customer')}
        rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="proposal-note" />
      </Form.Item>
      {kind === 'payment_plan' && (
        <Form.List
          name="installments"
          rules={[
            {
              validator: async (_: unknown, rows: { amount?: string }[] | undefined) => {
                const sum = sumAmounts(
                  (rows ?? []).map((i) => i?.amount),
                  digits,
                );
                const p =
                  sum === null
                    ? null
                    : exceedsProblem(
                        sum,
                        { amount: overdue, currency, label: WHOLE_LABELS.overdue },
                        digits,
                        t,
                        TOGETHER,
                      );
                if (p) throw new Error(`${fieldName('installments', t)}：${p}`);
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Card size="small" title={t(`分期（${currency}）`, `Instalments (${currency})`)} data-testid="installments">
              {fields.map((f, n) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item
                    name={[f.name, 'date']}
                    label={t(`第 ${n + 1} 期日期`, `Instalment ${n + 1} date`)}
                    rules={[{ required: true, message: t('必填', 'Required') }]}
                  >
                    <DateInput allowClear={false} data-testid={`installment-date-${n}`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'amount']}
                    label={t(`第 ${n + 1} 期金額`, `Instalment ${n + 1} amount`)}
                    normalize={normalizeDecimalField}
                    rules={[{ required: true, message: t('必填', 'Required') }, amountRule(digits, t)]}
                  >
                    <Input inputMode="decimal" style={{ width: 160 }} data-testid={`installment-amount-${n}`} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button style={{ marginTop: 30 }} onClick={() => remove(f.name)}>
                      {t('刪除', 'Remove')}
                    </Button>
                  )}
                </Space>
              ))}
              <Space>
                <Button
                  data-testid="add-installment"
                  disabled={fields.length >= 24}
                  onClick={() => add({ date: '', amount: '' })}
                >
                  {t('新增一期', 'Add an instalment')}
                </Button>
                <Typography.Text data-testid="installments-total">
                  {t('合計', 'Total')} {total === null ? '—' : formatMoney(total, currency, { [currency]: digits })}
                </Typography.Text>
              </Space>
              <div data-testid="installments-error">
                <Form.ErrorList errors={errors} />
              </div>
            </Card>
          )}
        </Form.List>
      )}
    </>
  );
}

export default function CollectionCasePage() {
  const t = useT();
  const queryClient = useQueryClient();
  const { businessTimeZone, currencyDigits } = useConfig();
  const nextActor = useNextActor();
  const caseId = Number(useParams().caseId);
  const q = useQuery({
    queryKey: ['collection-case', caseId],
    queryFn: () => unwrap(api.GET('/collection-cases/{caseId}', { params: { path: { caseId } } })),
  });
  const c = q.data;
  const digits = c ? (currencyDigits[c.currency] ?? 2) : 2;
  const today = businessToday(businessTimeZone);

  const forms: Record<string, StepForm> = c
    ? {
        propose: {
          title: t('提出處理建議', 'Propose what to do'),
          width: 760,
          initial: { installments: [{ date: addDays(today, 30), amount: c.overdueNow }] },
          fields: <ProposeFields currency={c.currency} digits={digits} overdue={c.overdueNow} />,
          toBody: (v) => {
            const kind = v.kind as ProposalKind;
            const rows = (v.installments ?? []) as { date: string; amount: string }[];
            return {
              kind,
              note: String(v.note).trim(),
              ...(kind === 'payment_plan'
                ? { installments: rows.map((i) => ({ date: i.date, amount: String(i.amount).trim() })) }
                : {}),
            };
          },
        },
        approve: {
          title: t('核准建議', 'Approve the proposal'),
          fields: (
            <>
              {c.proposal && (
                <Typography.Paragraph>
                  {t('建議', 'Proposal')}: <strong>{t(c.proposal.labelZh, c.proposal.labelEn)}</strong> —{' '}
                  {c.proposal.note}
                </Typography.Paragraph>
              )}
              <Form.Item name="comment" label={fieldLabel('comment', t, ['選填', 'optional'])}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="step-comment" />
              </Form.Item>
            </>
          ),
          toBody: (v) => (typeof v.comment === 'string' && v.comment.trim() ? { comment: v.comment.trim() } : {}),
        },
      }
    : {};

  return (
    <section aria-labelledby="collection-case-title">
      <Typography.Title level={2} id="collection-case-title" style={{ fontSize: 22 }}>
        {t('異常收款案件', 'Abnormal collection case')} {caseId}
        {c ? ` · ${customerText(c.customerNo, c.customerName)} · ${c.currency}` : ''}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/desk/collection-cases">← {t('異常收款案件', 'Abnormal collection cases')}</Link>
        {c && (
          <Link to={`/desk/receivables/${encodeURIComponent(c.customerNo)}`}>{t('欠款臺帳', 'Customer ledger')}</Link>
        )}
        {c?.proposalKind === 'write_off' && <Link to="/desk/write-offs">{t('壞賬核銷', 'Write-offs')}</Link>}
      </Space>
      {q.isError && <ErrorState compact error={q.error} onRetry={() => void q.refetch()} />}
      {c && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('階段', 'Stage')}>
              <Tag color={CASE_STATUS_COLORS[c.status]} data-testid="case-status">
                {t(c.statusLabelZh, c.statusLabelEn)}
              </Tag>
            </Descriptions.Item>
            {nextActor(c) !== null && (
              <Descriptions.Item label={t('下一步辦理人', 'Next to act')}>
                <span data-testid="case-next">{nextActor(c)}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('期限', 'Due')}>
              {c.dueAt ? formatDueAt(c.dueAt, businessTimeZone) : '—'}{' '}
              {c.overdue && <Tag color="#c0392b">{t('已逾時', 'Late')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('逾期未收（現在）', 'Past due now')}>
              <strong data-testid="case-overdue-now">
                <Money amount={c.overdueNow} currency={c.currency} />
              </strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('逾期天數（最久）', 'Days past due (oldest)')}>
              {c.daysPastDue ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('開案時逾期', 'Past due when opened')}>
              <Money amount={c.overdueAtOpen} currency={c.currency} />
            </Descriptions.Item>
            <Descriptions.Item label={t('業務員', 'Salesperson')}>{c.ownerName ?? c.ownerId}</Descriptions.Item>
            <Descriptions.Item label={t('開案時間', 'Opened')}>
              {formatDateTime(c.openedAt, businessTimeZone)}
            </Descriptions.Item>
            <Descriptions.Item label={t('升級時間', 'Escalated')}>
              {c.escalatedAt ? formatDateTime(c.escalatedAt, businessTimeZone) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('信用凍結', 'Credit hold')}>
              {c.creditHold?.onHold ? (
                <span data-testid="case-credit-hold">
                  <Tag color="#c0392b">{t('凍結中', 'On hold')}</Tag>
                  {formatDateTime(c.creditHold.setAt, businessTimeZone)} · {c.creditHold.reason}
                </span>
              ) : (
                t('無', 'None')
              )}
            </Descriptions.Item>
            {c.closedAt && (
              <Descriptions.Item label={t('結案', 'Closed')}>
                {formatDateTime(c.closedAt, businessTimeZone)}
                {c.closedReason === 'paid'
                  ? ` · ${t('款項已收回', 'paid')}`
                  : c.closedReason
                    ? ` · ${c.closedReason}`
                    : ''}
              </Descriptions.Item>
            )}
          </Descriptions>

          <div style={{ marginBottom: 16 }}>
            <ActionBar
              actions={c.actions}
              forms={forms}
              onDone={() => {
                void queryClient.invalidateQueries({ queryKey: ['collection-case', caseId] });
                void queryClient.invalidateQueries({ queryKey: ['collection-cases'] });
              }}
            />
          </div>

          <ProposalCard detail={c} />

          <Card size="small" title={t('逾期未收應收款', 'Receivables past due')} style={{ marginBottom: 16 }}>
            {c.receivables.length === 0 ? (
              <Empty description={t('沒有逾期未收款項', 'Nothing past due is unpaid')} />
            ) : (
              <TableScroll label={t('逾期未收應收款', 'Receivables past due')}>
                <DataTable<Receivable>
                  data-testid="case-receivables"
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={c.receivables}
                  columns={[
                    {
                      title: t('作業', 'Job'),
                      key: 'job',
                      render: (_, r) => <Link to={`/desk/jobs/${encodeURIComponent(r.jobNo)}`}>{r.jobNo}</Link>,
                    },
                    { title: t('項目', 'Item'), dataIndex: 'label', key: 'label' },
                    { title: t('發票日', 'Invoice date'), dataIndex: 'invoiceDate', key: 'inv' },
                    { title: t('到期日', 'Due date'), dataIndex: 'dueDate', key: 'due' },
                    { title: t('逾期天數', 'Days past due'), dataIndex: 'daysPastDue', key: 'days', align: 'right' },
                    {
                      title: t('未收', 'Outstanding'),
                      key: 'outstanding',
                      align: 'right',
                      render: (_, r) => <Money amount={r.outstanding} currency={c.currency} />,
                    },
                  ]}
                />
              </TableScroll>
            )}
          </Card>

          <Card size="small" title={t('催收歷程', 'Reminders, escalation and decisions')} data-testid="case-history">
            <TableScroll label={t('催收歷程', 'History')}>
              <DataTable<History>
                size="small"
                pagination={false}
                rowKey={(h, i) => `${h.at}:${h.action}:${i}`}
                dataSource={c.history}
                columns={[
                  { title: t('時間', 'When'), key: 'at', render: (_, h) => formatDateTime(h.at, businessTimeZone) },
                  {
                    title: t('辦理人', 'Who'),
                    key: 'who',
                    render: (_, h) =>
                      h.actorId === 'system'
                        ? t('系統', 'System')
                        : `${h.actorName ?? h.actorId} · ${t.label(labelOf(ROLE_LABELS, h.actorRole))}`,
                  },
                  {
                    title: t('代理', 'On behalf of'),
                    key: 'obo',
                    render: (_, h) => h.onBehalfOfName ?? h.onBehalfOf ?? '',
                  },
                  {
                    title: t('步驟', 'Step'),
                    key: 'action',
                    render: (_, h) => (h.actionLabel ? t(h.actionLabel.zh, h.actionLabel.en) : h.action),
                  },
                  {
                    title: t('狀態', 'State'),
                    key: 'st',
                    render: (_, h) => {
                      const from = h.fromStateLabel ? t(h.fromStateLabel.zh, h.fromStateLabel.en) : '—';
                      const to = h.toStateLabel ? t(h.toStateLabel.zh, h.toStateLabel.en) : '—';
                      // A reminder leaves the state as it was: say it once.
                      return h.fromState === h.toState ? to : `${from} → ${to}`;
                    },
                  },
                  { title: t('意見', 'Comment'), key: 'c', render: (_, h) => h.comment ?? '' },
                ]}
              />
            </TableScroll>
          </Card>
        </>
      )}
    </section>
  );
}

/** The proposal on the case (kind, note, a payment plan's instalments, who proposed) and the GM's decision. */
function ProposalCard({ detail: c }: { detail: CaseDetail }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  if (!c.proposal)
    return (
      <Card size="small" title={t('處理建議', 'Proposal')} style={{ marginBottom: 16 }} data-testid="case-proposal">
        <Typography.Text type="secondary">{t('尚未提出', 'None yet')}</Typography.Text>
      </Card>
    );
  const p = c.proposal;
  return (
    <Card
      size="small"
      title={t('處理建議與決定', 'Proposal and decision')}
      style={{ marginBottom: 16 }}
      data-testid="case-proposal"
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('建議', 'Proposal')}>
          <strong>{t(p.labelZh, p.labelEn)}</strong>&nbsp;· {c.proposedByName ?? c.proposedBy}
        </Descriptions.Item>
        <Descriptions.Item label={fieldLabel('note', t)}>{p.note}</Descriptions.Item>
        <Descriptions.Item label={t('總經理決定', 'GM’s decision')}>
          <span data-testid="case-decision">
            {c.decision === 'approved' && <Tag color="#237804">{t('已核准', 'Approved')}</Tag>}
            {c.decision === 'rejected' && <Tag color="#c0392b">{t('已駁回', 'Rejected')}</Tag>}
            {!c.decision && t('待決定', 'Pending')}
            {c.decision &&
              ` ${c.decidedByName ?? c.decidedBy ?? ''} · ${formatDateTime(c.decidedAt, businessTimeZone)}`}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {p.installments.length > 0 && (
        <TableScroll label={t('分期', 'Instalments')}>
          <DataTable<Installment>
            data-testid="case-installments"
            rowKey={(i, n) => `${i.date}:${n}`}
            size="small"
            pagination={false}
            dataSource={p.installments}
            columns={[
              { title: t('期數', 'No.'), key: 'n', render: (_, _i, n) => n + 1 },
              { title: t('日期', 'Date'), dataIndex: 'date', key: 'date' },
              {
                title: t('金額', 'Amount'),
                key: 'amount',
                align: 'right',
                render: (_, i) => <Money amount={i.amount} currency={c.currency} />,
              },
            ]}
          />
        </TableScroll>
      )}
      {c.writeOffNote && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title={c.writeOffNote}
          data-testid="case-write-off-note"
        />
      )}
    </Card>
  );
}
