/**
 * One statement 對帳單: its period, status and the customer's answer; the Excel and PDF downloads; one
 * card per currency (never summed across currencies) with the period's movements from the opening to the
 * closing balance and the lines, each with its dispute case 爭議 when it has one. The steps come from the
 * statement's `actions`: mark it sent, the customer confirmed it (date, their reference), or the
 * customer disputes lines — a reason (and, if not all of it, an amount) per disputed line; each becomes a
 * dispute case on /desk/disputes, and the other lines stay in collection.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActionBar, errorText, type StepForm } from '../../actions/ActionBar';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DateInput } from '../../components/DateInput';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { Money } from '../../format/Money';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { useT } from '../../i18n';
import { WHOLE_LABELS } from '../../format/parts';
import { DISPUTE_OUTCOME_LABELS, downloadFile } from './shared';
import { STATEMENT_STATUS } from './StatementsPage';
import { customerText } from '../../format/labels';

type Statement = paths['/statements/{statementId}']['get']['responses']['200']['content']['application/json'];
type Section = Statement['sections'][number];
type Line = Section['lines'][number];

export default function StatementPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const statementId = Number(useParams().statementId);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['statement', statementId],
    queryFn: () => unwrap(api.GET('/statements/{statementId}', { params: { path: { statementId } } })),
  });
  const s = q.data;
  const lines = (s?.sections ?? []).flatMap((sec) => sec.lines);
  const download = (kind: 'pdf' | 'xlsx') =>
    downloadFile(`/statements/${statementId}/statement.${kind}`, `${s?.statementNo ?? 'statement'}.${kind}`).then(
      () => setDownloadError(null),
      (e: unknown) => setDownloadError(errorText(e, t)),
    );

  const forms: Record<string, StepForm> = {
    confirm: {
      title: t('客戶已確認對帳單', 'The customer confirmed the statement'),
      fields: (
        <>
          <Form.Item name="answeredOn" label={t('確認日期（預設今天）', 'Confirmed on (default today)')}>
            <DateInput data-testid="answered-on" />
          </Form.Item>
          <Form.Item name="customerReference" label={t('客戶回覆編號', 'Customer’s reference')}>
            <Input maxLength={200} data-testid="customer-reference" />
          </Form.Item>
        </>
      ),
      toBody: (v) => ({
        ...(v.answeredOn ? { answeredOn: v.answeredOn } : {}),
        ...(typeof v.customerReference === 'string' && v.customerReference.trim()
          ? { customerReference: v.customerReference.trim() }
          : {}),
      }),
    },
    dispute: {
      title: t('客戶逐項爭議', 'The customer disputes lines'),
      width: 820,
      fields: (
        <>
          <Typography.Paragraph type="secondary">
            {t(
              '勾選有爭議的項次並填寫原因；金額留空即爭議該項全部未收金額。未勾選的項次繼續收款。',
              'Tick each disputed line and give the reason; leave the amount empty to dispute all that is outstanding on it. Lines not ticked stay in collection.',
            )}
          </Typography.Paragraph>
          {lines.map((l) => (
            <DisputeLineFields key={l.lineNo} line={l} currency={currencyOf(s, l)} />
          ))}
          <Form.Item name="customerReference" label={t('客戶回覆編號', 'Customer’s reference')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      ),
      toBody: (v) => ({
        lines: lines
          .filter((l) => v[`on${l.lineNo}`])
          .map((l) => {
            const amount = String(v[`amount${l.lineNo}`] ?? '').trim();
            return { lineNo: l.lineNo, reason: String(v[`reason${l.lineNo}`]).trim(), ...(amount ? { amount } : {}) };
          }),
        ...(typeof v.customerReference === 'string' && v.customerReference.trim()
          ? { customerReference: v.customerReference.trim() }
          : {}),
      }),
    },
  };

  return (
    <section aria-labelledby="statement-title">
      <Typography.Title level={2} id="statement-title" style={{ fontSize: 22 }}>
        {t('對帳單', 'Statement')} {s ? `${s.statementNo} ${customerText(s.customerNo, s.customerName)}` : ''}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/desk/statements">← {t('對帳單', 'Statements')}</Link>
        {s && (
          <Link to={`/desk/receivables/${encodeURIComponent(s.customerNo)}`}>{t('欠款臺帳', 'Customer ledger')}</Link>
        )}
        <Link to="/desk/disputes">{t('爭議案件', 'Dispute cases')}</Link>
      </Space>
      {q.isError && <ErrorState compact error={q.error} onRetry={() => void q.refetch()} />}
      {s && (
        <>
          <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('期間', 'Period')}>
              {s.periodFrom} – {s.periodTo}
            </Descriptions.Item>
            <Descriptions.Item label={t('狀態', 'Status')}>
              <Tag color={STATEMENT_STATUS[s.status][2]} data-testid="statement-status">
                {t(STATEMENT_STATUS[s.status][0], STATEMENT_STATUS[s.status][1])}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('業務員', 'Salesperson')}>{s.ownerName}</Descriptions.Item>
            <Descriptions.Item label={t('寄出日', 'Sent on')}>{s.sentOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('客戶回覆日', 'Answered on')}>{s.answeredOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('客戶回覆編號', 'Customer’s reference')}>
              {s.customerReference ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button data-testid="download-pdf" onClick={() => void download('pdf')}>
              {t('下載 PDF', 'Download PDF')}
            </Button>
            <Button data-testid="download-xlsx" onClick={() => void download('xlsx')}>
              {t('下載 Excel', 'Download Excel')}
            </Button>
          </Space>
          {downloadError && <Alert type="error" role="alert" title={downloadError} style={{ marginBottom: 12 }} />}
          <div style={{ marginBottom: 16 }}>
            <ActionBar
              actions={s.actions}
              forms={forms}
              onDone={() => void queryClient.invalidateQueries({ queryKey: ['statement', statementId] })}
            />
          </div>
          {s.sections.map((sec) => (
            <SectionCard key={sec.currency} section={sec} />
          ))}
        </>
      )}
    </section>
  );
}

const currencyOf = (s: Statement | undefined, l: Line) =>
  s?.sections.find((sec) => sec.lines.includes(l))?.currency ?? '';

/** One line's dispute fields: tick, reason (required when ticked), amount (optional). */
function DisputeLineFields({ line, currency }: { line: Line; currency: string }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const form = Form.useFormInstance();
  const on = Form.useWatch(`on${line.lineNo}`, form) as boolean | undefined;
  const disabled = !!line.dispute || Number(line.outstanding) <= 0;
  return (
    <Card size="small" style={{ marginBottom: 8 }}>
      <Form.Item name={`on${line.lineNo}`} valuePropName="checked" style={{ marginBottom: on ? 8 : 0 }}>
        <Checkbox disabled={disabled} data-testid={`dispute-line-${line.lineNo}`}>
          {t(`第 ${line.lineNo} 項`, `Line ${line.lineNo}`)} {line.jobNo} {line.label} — {t('未收', 'Outstanding')}{' '}
          <Money amount={line.outstanding} currency={currency} />
        </Checkbox>
      </Form.Item>
      {on && (
        <Space wrap align="start">
          <Form.Item
            name={`reason${line.lineNo}`}
            label={t('爭議原因', 'Reason')}
            rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
          >
            <Input style={{ width: 360 }} maxLength={2000} data-testid={`dispute-reason-${line.lineNo}`} />
          </Form.Item>
          <Form.Item
            name={`amount${line.lineNo}`}
            label={t(
              `第 ${line.lineNo} 項爭議金額（${currency}）`,
              `Line ${line.lineNo} disputed amount (${currency})`,
            )}
            normalize={normalizeDecimalField}
            // At most what is outstanding on the line (the API refuses more, 422 lines.<n>.amount).
            rules={[
              amountRule(currencyDigits[currency] ?? 2, t, true, {
                amount: line.outstanding,
                currency,
                label: WHOLE_LABELS.lineOutstanding,
              }),
            ]}
          >
            <Input
              inputMode="decimal"
              placeholder={line.outstanding}
              style={{ width: 160 }}
              data-testid={`dispute-amount-${line.lineNo}`}
            />
          </Form.Item>
        </Space>
      )}
    </Card>
  );
}

function SectionCard({ section }: { section: Section }) {
  const t = useT();
  const c = section.currency;
  const rows: [string, string, keyof Section][] = [
    ['期初餘額', 'Opening balance', 'opening'],
    ['本期發票', 'Invoiced', 'invoiced'],
    ['貸項通知', 'Credit notes', 'credited'],
    ['調整', 'Adjustments', 'adjusted'],
    ['本期收款', 'Received', 'received'],
    ['壞賬核銷', 'Written off', 'writtenOff'],
    ['期末餘額', 'Closing balance', 'closing'],
    ['預收未沖銷', 'Unallocated credit', 'unallocatedCredit'],
  ];
  return (
    <Card size="small" title={c} style={{ marginBottom: 16 }} data-testid={`section-${c}`}>
      <Space wrap size={[24, 4]} style={{ marginBottom: 12 }}>
        {rows.map(([zh, en, k]) => (
          <span key={k}>
            {t(zh, en)} <Money amount={section[k] as string} currency={c} />
          </span>
        ))}
      </Space>
      <TableScroll label={t(`${c} 項目`, `${c} lines`)}>
        <DataTable<Line>
          data-testid={`statement-lines-${c}`}
          rowKey="lineNo"
          size="small"
          pagination={false}
          dataSource={section.lines}
          columns={[
            { title: t('項次', 'No.'), dataIndex: 'lineNo', key: 'no' },
            { title: t('作業', 'Job'), dataIndex: 'jobNo', key: 'job' },
            { title: t('項目', 'Item'), dataIndex: 'label', key: 'label' },
            { title: t('發票日', 'Invoice date'), dataIndex: 'invoiceDate', key: 'inv' },
            { title: t('到期日', 'Due date'), dataIndex: 'dueDate', key: 'due' },
            {
              title: t('發票金額', 'Invoiced amount'),
              key: 'amount',
              align: 'right',
              render: (_, l) => <Money amount={l.amount} currency={c} />,
            },
            {
              title: t('期末未收', 'Outstanding'),
              key: 'outstanding',
              align: 'right',
              render: (_, l) => <Money amount={l.outstanding} currency={c} />,
            },
            {
              title: t('爭議', 'Dispute'),
              key: 'dispute',
              render: (_, l) =>
                l.dispute ? (
                  <Link to={`/desk/disputes?status=${l.dispute.status}`} data-testid={`line-dispute-${l.lineNo}`}>
                    <Money amount={l.dispute.amount} currency={c} />{' '}
                    {l.dispute.status === 'open'
                      ? t('爭議中', 'open')
                      : t.label(DISPUTE_OUTCOME_LABELS[l.dispute.outcome ?? ''] ?? ['已結案', 'resolved'])}
                  </Link>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </TableScroll>
    </Card>
  );
}
