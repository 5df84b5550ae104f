/**
 * Shared bits of the prospect screens 客戶開發 (and of commerce's review context on a quote): the API's
 * types, the stage tag, the risk level tag, and the risk assessment 風險評估 (§3.2.1) as it is shown.
 */
import { Descriptions, Tag, Typography } from 'antd';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { TAG } from '../../format/colors';
import { formatDateTime } from '../../format/dates';
import { formatAmount } from '../../format/money';
import { useT } from '../../i18n';

export type Prospect = paths['/prospects/{prospectId}']['get']['responses']['200']['content']['application/json'];
export type ProspectList = paths['/prospects']['get']['responses']['200']['content']['application/json'];
export type ProspectRow = ProspectList['items'][number];
export type ProspectStage = ProspectRow['stage'];
export type RiskAssessment = NonNullable<Prospect['riskAssessment']>;
export type RiskLevel = RiskAssessment['riskLevel'];

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
