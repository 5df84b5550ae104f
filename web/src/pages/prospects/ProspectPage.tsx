/**
 * One prospect 潛在客戶 (`/desk/prospects/{id}`, GET /prospects/{id}): the customer, salesperson, stage and
 * since when, source, note and a lost prospect's reason; the steps of its `actions` only (contacted,
 * appointment, start negotiating — refused with its reason until a risk assessment is on record —, lost with
 * a reason, reopen, and the risk assessment 風險評估 of the business and finances, §3.2.1, whose form opens
 * from its step); the assessment in force; the customer's quotes (links to the quote pages, and a link that
 * starts a quote for the customer while the prospect offers its owner steps); the audited stage history
 * (who, when, on whose behalf).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { PageLoading } from '../../components/ReadState';
import { Alert, App, Descriptions, Tag } from 'antd';
import { lazy } from 'react';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link, useParams } from 'react-router';
import { ActionBar } from '../../actions/ActionBar';
import { api, ApiError, unwrap } from '../../api/client';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { useT } from '../../i18n';
import { ProspectHistory, RiskAssessmentDetails, StageTag, type Prospect } from './shared';
import { customerText } from '../../format/labels';

type Quote = Prospect['quotes'][number];

// The risk assessment's form (antd Form, Input, Select): a module of its own, fetched once the step buttons are
// drawn (issue 11).
const loadRiskForm = () => import('./RiskForm');
const RiskForm = lazy(loadRiskForm);

function QuotesCard({ p }: { p: Prospect }) {
  const t = useT();
  const ownerSteps = p.actions.some((a) => a.allowed);
  return (
    <Card
      size="small"
      title={t('客戶報價', 'The customer’s quotes')}
      style={{ marginBottom: 16 }}
      extra={
        ownerSteps ? (
          <Link to={`/desk/quotes/new?customerNo=${encodeURIComponent(p.customerNo)}`} data-testid="prospect-new-quote">
            {t('為此客戶建立報價', 'Start a quote for this customer')}
          </Link>
        ) : undefined
      }
    >
      <TableScroll label={t('客戶報價', 'The customer’s quotes')}>
        <DataTable<Quote>
          rowKey="quoteNo"
          size="small"
          pagination={false}
          dataSource={p.quotes}
          data-testid="prospect-quotes"
          locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.88)' }}>{t('尚無報價', 'No quotes yet')}</span> }}
          columns={[
            {
              title: t('報價號', 'Quote'),
              key: 'no',
              render: (_, q) => (
                <Link to={`/desk/quotes/${q.quoteNo}`} data-testid={`prospect-quote-${q.quoteNo}`}>
                  {q.quoteNo}
                </Link>
              ),
            },
            {
              title: t('狀態', 'Status'),
              key: 'status',
              render: (_, q) => <Tag>{t(q.statusLabel.zh, q.statusLabel.en)}</Tag>,
            },
            { title: t('版本', 'Revision'), dataIndex: 'revision', align: 'right' },
            { title: t('建立', 'Created'), key: 'created', render: (_, q) => q.createdAt.slice(0, 10) },
            { title: t('合同號', 'Contract'), key: 'contract', render: (_, q) => q.contractNo ?? '—' },
            { title: t('簽約日', 'Signed on'), key: 'signed', render: (_, q) => q.signedOn ?? '—' },
          ]}
        />
      </TableScroll>
    </Card>
  );
}

export default function ProspectPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const prospectId = Number(useParams().prospectId);
  const prospect = useQuery({
    queryKey: ['prospect', prospectId],
    queryFn: () => unwrap(api.GET('/prospects/{prospectId}', { params: { path: { prospectId } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
  });
  if (prospect.error instanceof ApiError && prospect.error.status === 404)
    return <ErrorState error={prospect.error} title={['找不到此潛在客戶', 'No such prospect']} />;
  if (prospect.isError) return <ErrorState error={prospect.error} onRetry={() => void prospect.refetch()} />;
  if (!prospect.data) return <PageLoading title={['潛在客戶', 'Prospect']} />;
  const p = prospect.data;
  const onDone = async () => {
    message.success(t('已送出', 'Done'));
    await queryClient.invalidateQueries({ queryKey: ['prospect', prospectId] });
    await queryClient.invalidateQueries({ queryKey: ['prospects'] });
  };
  return (
    <section aria-labelledby="prospect-title">
      <Typography.Title level={2} id="prospect-title" style={{ fontSize: 22 }}>
        {t('潛在客戶', 'Prospect')} {customerText(p.customerNo, p.customerName)}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'customer',
              label: t('客戶', 'Customer'),
              children: (
                <Link to={`/desk/customers/${p.customerNo}`} data-testid="prospect-customer-link">
                  {customerText(p.customerNo, p.customerName)}
                </Link>
              ),
            },
            { key: 'owner', label: t('業務員', 'Salesperson'), children: p.ownerName ?? p.ownerId },
            {
              key: 'stage',
              label: t('階段', 'Stage'),
              children: <StageTag stage={p.stage} label={p.stageLabel} testId="prospect-stage" />,
            },
            {
              key: 'since',
              label: t('階段起始', 'In stage since'),
              children: formatDateTime(p.stageSince, businessTimeZone),
            },
            { key: 'source', label: t('來源', 'Source'), children: p.source ?? '—' },
            { key: 'created', label: t('建立於', 'Created'), children: formatDateTime(p.createdAt, businessTimeZone) },
            { key: 'note', label: t('備註', 'Note'), children: p.note ?? '—' },
          ]}
        />
        {p.stage === 'lost' && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            data-testid="prospect-lost-reason"
            title={`${t('流失原因', 'Lost reason')}：${p.lostReason ?? '—'}`}
          />
        )}
      </Card>
      <Card size="small" title={t('我可辦理的步驟', 'My steps')} style={{ marginBottom: 16 }}>
        <ActionBar
          actions={p.actions}
          forms={{
            steps: ['risk-assessment'],
            load: loadRiskForm,
            host: (render) => <RiskForm prospect={p} render={render} />,
          }}
          onDone={() => void onDone()}
        />
      </Card>
      <Card
        size="small"
        title={`${t('風險評估', 'Risk assessment')}${p.assessments > 1 ? ` (${t(`共 ${p.assessments} 次，顯示最新`, `${p.assessments} recorded, the newest shown`)})` : ''}`}
        style={{ marginBottom: 16 }}
      >
        {p.riskAssessment ? (
          <RiskAssessmentDetails assessment={p.riskAssessment} testId="prospect-risk" />
        ) : (
          <Typography.Text data-testid="prospect-risk-missing">
            {t('尚未記錄風險評估：洽談合同前必須記錄', 'No risk assessment yet: one is needed before negotiating')}
          </Typography.Text>
        )}
      </Card>
      <QuotesCard p={p} />
      <Card size="small" title={t('階段歷程', 'Stage history')}>
        <ProspectHistory history={p.history} testId="prospect-history" />
      </Card>
    </section>
  );
}
