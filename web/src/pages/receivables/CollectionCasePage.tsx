/**
 * One abnormal-collection case 異常收款案件 (§3.4.4): its stage, who acts next and by when, what is past
 * due now (the ledger's receivables of the customer in the case's currency), the proposal and the GM's
 * decision, the credit hold, and the audited history (reminders, escalation, proposal, decision; who,
 * when, on whose behalf). The buttons come from the case's `actions` only: the salesperson's (or their
 * sales manager's) proposal — payment plan with its instalments, credit hold, legal action, write-off —
 * and the GM's approval (confirmed: it applies the proposal for good) or rejection with a comment.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Alert, Descriptions, Empty, Space, Tag } from 'antd';
import { lazy } from 'react';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link, useParams } from 'react-router';
import { ActionBar, type LazyStepForms } from '../../actions/ActionBar';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { formatDateTime, formatDueAt } from '../../format/dates';
import { labelOf, ROLE_LABELS, customerText } from '../../format/labels';
import { Money } from '../../format/Money';
import { fieldLabel } from '../../api/errors';
import { useT } from '../../i18n';
import { CASE_STATUS_COLORS, useNextActor } from './caseStatus';

type CaseDetail = paths['/collection-cases/{caseId}']['get']['responses']['200']['content']['application/json'];
type Receivable = CaseDetail['receivables'][number];
type History = CaseDetail['history'][number];
type Installment = NonNullable<CaseDetail['proposal']>['installments'][number];

// The steps' forms (propose, approve: antd Form, Radio, Input): a module of its own, fetched once the step buttons
// are drawn (issue 11).
const loadStepForms = () => import('./CaseStepForms');
const CaseStepForms = lazy(loadStepForms);

export default function CollectionCasePage() {
  const t = useT();
  const queryClient = useQueryClient();
  const { businessTimeZone } = useConfig();
  const nextActor = useNextActor();
  const caseId = Number(useParams().caseId);
  const q = useQuery({
    queryKey: ['collection-case', caseId],
    queryFn: () => unwrap(api.GET('/collection-cases/{caseId}', { params: { path: { caseId } } })),
  });
  const c = q.data;

  const forms: LazyStepForms = {
    steps: ['propose', 'approve'],
    load: loadStepForms,
    host: (render) => c && <CaseStepForms detail={c} render={render} />,
  };

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
      <ReadState read={q} compact />
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
