/**
 * Shared bits of the prospect screens 客戶開發 (and of commerce's review context on a quote, and the customer
 * card): the API's types, the stage tag, the risk level tag, the risk assessment 風險評估 (§3.2.1) as it is
 * shown, the audited stage history, and the customer card's prospect section.
 */
import { Alert, Descriptions, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { Link } from 'react-router';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { TAG } from '../../format/colors';
import { formatDateTime } from '../../format/dates';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { formatAmount } from '../../format/money';
import { useT } from '../../i18n';
import { actorText } from '../../format/actor';
import { Timeline } from '../../components/Timeline';

export type Prospect = paths['/prospects/{prospectId}']['get']['responses']['200']['content']['application/json'];
export type ProspectList = paths['/prospects']['get']['responses']['200']['content']['application/json'];
export type ProspectRow = ProspectList['items'][number];
export type ProspectStage = ProspectRow['stage'];
export type RiskAssessment = NonNullable<Prospect['riskAssessment']>;
export type RiskLevel = RiskAssessment['riskLevel'];
/** A customer's prospect as its card carries it (GET /customers/{no} `prospect`). */
export type CustomerProspect = NonNullable<
  paths['/customers/{customerNo}']['get']['responses']['200']['content']['application/json']['prospect']
>;

/** The pipeline's stages in order (machines/prospect.machine.ts PROSPECT_STAGES). */
export const STAGES: readonly ProspectStage[] = ['lead', 'contacted', 'appointment', 'negotiating', 'signed', 'lost'];

const STAGE_COLORS: Partial<Record<ProspectStage, string>> = { signed: TAG.green, lost: TAG.volcano };
const RISK_COLORS: Record<RiskLevel, string> = { low: TAG.green, medium: TAG.gold, high: TAG.volcano };

/** The risk levels (api/prospects/views.ts RISK_LEVEL_LABELS), for the assessment form. */
export const RISK_LEVEL_OPTIONS: [RiskLevel, zh: string, en: string][] = [
  ['low', '低風險', 'Low risk'],
  ['medium', '中風險', 'Medium risk'],
  ['high', '高風險', 'High risk'],
];

export function StageTag({
  stage,
  label,
  testId,
}: {
  stage: ProspectStage;
  label: { zh: string; en: string };
  testId?: string;
}) {
  const t = useT();
  return (
    <Tag color={STAGE_COLORS[stage]} data-testid={testId}>
      {t(label.zh, label.en)}
    </Tag>
  );
}

export function RiskTag({ level }: { level: RiskLevel | null }) {
  const t = useT();
  if (!level) return <span>{t('未評估', 'Not assessed')}</span>;
  const [, zh, en] = RISK_LEVEL_OPTIONS.find(([l]) => l === level)!;
  return <Tag color={RISK_COLORS[level]}>{t(zh, en)}</Tag>;
}

/** A count with thousands separators (`1,200`). */
export const count = (n: number | null): string => (n === null ? '—' : formatAmount(String(n), 0));

/** The risk assessment in force: business, finances, payment record, level with its reasons, who and when. */
export function RiskAssessmentDetails({ assessment, testId }: { assessment: RiskAssessment; testId: string }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const a = assessment;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid={testId}
      items={[
        {
          key: 'level',
          label: t('風險等級', 'Risk level'),
          children: <RiskTag level={a.riskLevel} />,
        },
        {
          key: 'by',
          label: t('評估人', 'Assessed by'),
          children: `${a.assessedByName ?? a.assessedBy} · ${formatDateTime(a.assessedAt, businessTimeZone)}`,
        },
        { key: 'scope', label: t('經營範圍', 'Business scope'), children: <Pre text={a.businessScope} /> },
        { key: 'years', label: t('經營年數', 'Years trading'), children: count(a.yearsTrading) },
        { key: 'containers', label: t('年柜量', 'Containers a year'), children: count(a.annualContainers) },
        { key: 'finances', label: t('財務狀況', 'Financial standing'), children: <Pre text={a.financialStanding} /> },
        {
          key: 'payments',
          label: t('付款紀錄與推薦人', 'Payment history and references'),
          children: <Pre text={a.paymentHistory} />,
        },
        { key: 'reasons', label: t('評估理由', 'Reasons'), children: <Pre text={a.reasons} /> },
      ]}
    />
  );
}

const Pre = ({ text }: { text: string | null }) => (
  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text ?? '—'}</Typography.Text>
);

/**
 * A prospect's audited history, oldest first: when, who (role, on whose behalf), the event, stage from → to and
 * the comment (a lost prospect's reason) — on the prospect page and the customer card.
 */
export function ProspectHistory({ history, testId }: { history: Prospect['history']; testId: string }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  return (
    <Timeline
      data-testid={testId}
      items={history.map((h, i) => ({
        key: i,
        children: (
          <span>
            {formatDateTime(h.at, businessTimeZone)} ·{' '}
            {actorText(t, h.actorName ?? h.actorId, h.onBehalfOf && (h.onBehalfOfName ?? h.onBehalfOf))} (
            {t.label(labelOf(ROLE_LABELS, h.actorRole))}) · {t(h.actionLabel.zh, h.actionLabel.en)}
            {h.fromStateLabel && h.toStateLabel && h.fromState !== h.toState
              ? ` · ${t(h.fromStateLabel.zh, h.fromStateLabel.en)} → ${t(h.toStateLabel.zh, h.toStateLabel.en)}`
              : ''}
            {h.comment ? ` · 「${h.comment}」` : ''}
          </span>
        ),
      }))}
    />
  );
}

/**
 * The customer card's prospect 客戶開發 section (GET /customers/{no} `prospect`, present only for those who may
 * read the prospect): stage and since when, salesperson, a lost prospect's reason, the risk assessment in force
 * in short (or a warning that none is recorded), a link to the prospect, and its stage history.
 */
export function CustomerProspectCard({ prospect: p }: { prospect: CustomerProspect }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const a = p.riskAssessment;
  return (
    <Card
      title={t('客戶開發', 'Prospect')}
      style={{ marginBottom: 16 }}
      data-testid="customer-prospect"
      extra={
        <Link to={`/desk/prospects/${p.id}`} data-testid="customer-prospect-link">
          {t('開啟潛在客戶', 'Open the prospect')}
        </Link>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'stage',
            label: t('階段', 'Stage'),
            children: <StageTag stage={p.stage} label={p.stageLabel} testId="customer-prospect-stage" />,
          },
          {
            key: 'since',
            label: t('階段起始', 'Stage since'),
            children: formatDateTime(p.stageSince, businessTimeZone),
          },
          { key: 'owner', label: t('業務員', 'Salesperson'), children: p.ownerName ?? '—' },
          ...(p.lostReason
            ? [
                {
                  key: 'lost',
                  label: t('流失原因', 'Lost reason'),
                  children: <span data-testid="customer-prospect-lost-reason">{p.lostReason}</span>,
                },
              ]
            : []),
          {
            key: 'risk',
            label: t('風險評估', 'Risk assessment'),
            children: a ? (
              <span data-testid="customer-prospect-risk">
                <RiskTag level={a.riskLevel} /> {formatDateTime(a.assessedAt, businessTimeZone)}
                {a.reasons ? ` · ${a.reasons}` : ''}
              </span>
            ) : (
              <span data-testid="customer-prospect-risk-missing">{t('尚未記錄', 'None recorded yet')}</span>
            ),
          },
        ]}
      />
      {!a && p.stage !== 'signed' && p.stage !== 'lost' && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          title={t(
            '尚未記錄風險評估：首份合同前必須記錄（§3.2.1）',
            'No risk assessment yet: one is needed before the first contract (§3.2.1)',
          )}
        />
      )}
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 16 }}>
        {t('階段歷程', 'Stage history')}
      </Typography.Title>
      <ProspectHistory history={p.history} testId="customer-prospect-history" />
    </Card>
  );
}
