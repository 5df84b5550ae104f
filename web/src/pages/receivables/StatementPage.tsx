/**
 * One statement 對帳單: its period, status and the customer's answer; the Excel and PDF downloads; one
 * card per currency (never summed across currencies) with the period's movements from the opening to the
 * closing balance and the lines, each with its dispute case 爭議 when it has one. The steps come from the
 * statement's `actions`: mark it sent, the customer confirmed it (date, their reference), or the
 * customer disputes lines — a reason (and, if not all of it, an amount) per disputed line; each becomes a
 * dispute case on /desk/disputes, and the other lines stay in collection.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Alert, Button, Descriptions, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActionBar, errorText, type LazyStepForms } from '../../actions/ActionBar';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { TableScroll } from '../../components/TableScroll';
import { Money } from '../../format/Money';
import { useT } from '../../i18n';
import { DISPUTE_OUTCOME_LABELS, downloadFile } from './shared';
import { STATEMENT_STATUS } from './statementStatus';
import { customerText } from '../../format/labels';

type Statement = paths['/statements/{statementId}']['get']['responses']['200']['content']['application/json'];
type Section = Statement['sections'][number];
type Line = Section['lines'][number];

// The steps' forms (confirm, dispute lines: antd Form, Input, Checkbox): a module of its own, fetched once the
// step buttons are drawn (issue 11).
const loadStepForms = () => import('./StatementStepForms');
const StatementStepForms = lazy(loadStepForms);

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
  const download = (kind: 'pdf' | 'xlsx') =>
    downloadFile(`/statements/${statementId}/statement.${kind}`, `${s?.statementNo ?? 'statement'}.${kind}`).then(
      () => setDownloadError(null),
      (e: unknown) => setDownloadError(errorText(e, t)),
    );

  const forms: LazyStepForms = {
    steps: ['confirm', 'dispute'],
    load: loadStepForms,
    host: (render) => <StatementStepForms statement={s!} render={render} />,
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
      <ReadState read={q} compact />
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
