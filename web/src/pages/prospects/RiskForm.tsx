/**
 * The risk assessment form of a prospect (POST /prospects/{id}/risk-assessment), prefilled from the one in force:
 * business scope, years trading, containers a year, financial standing, payment history, risk level and why.
 * ProspectPage.tsx loads this module when its step buttons are drawn.
 */
import { Form, Input, Select } from 'antd';
import type { ReactNode } from 'react';
import type { StepForm } from '../../actions/ActionBar';
import { countRule, normalizeDecimalField } from '../../format/number';
import { useT } from '../../i18n';
import { RISK_LEVEL_OPTIONS, type Prospect, type RiskAssessment } from './shared';

/** Draws `render(forms)` with the prospect's risk assessment form (ActionBar's LazyStepForms host). */
export default function RiskForm({
  prospect,
  render,
}: {
  prospect: Prospect;
  render: (forms: Record<string, StepForm | undefined>) => ReactNode;
}) {
  return <>{render({ 'risk-assessment': useRiskForm(prospect) })}</>;
}

/** The risk assessment form (POST /prospects/{id}/risk-assessment), prefilled from the one in force. */
function useRiskForm(p: Prospect): StepForm {
  const t = useT();
  const a: RiskAssessment | null = p.riskAssessment ?? null;
  const long = (name: string, zh: string, en: string, required = true) => (
    <Form.Item name={name} label={t(zh, en)} rules={required ? [{ required: true, whitespace: true }] : []}>
      <Input.TextArea rows={2} maxLength={2000} data-testid={`risk-${name}`} />
    </Form.Item>
  );
  return {
    title: t('風險評估：客戶經營及財務狀況', 'Risk assessment: business and finances'),
    width: 720,
    initial: a
      ? {
          businessScope: a.businessScope,
          yearsTrading: a.yearsTrading,
          annualContainers: a.annualContainers,
          financialStanding: a.financialStanding,
          paymentHistory: a.paymentHistory,
          riskLevel: a.riskLevel,
          reasons: a.reasons,
        }
      : {},
    fields: (
      <>
        {long('businessScope', '經營範圍（貨品、市場、往來對象）', 'Business scope (goods, markets, partners)')}
        <Form.Item
          name="yearsTrading"
          label={t('經營年數', 'Years trading')}
          normalize={normalizeDecimalField}
          rules={[{ required: true }, countRule(t, { max: 500 })]}
        >
          <Input inputMode="numeric" style={{ width: 160 }} data-testid="risk-yearsTrading" />
        </Form.Item>
        <Form.Item
          name="annualContainers"
          label={t('年柜量', 'Containers a year')}
          normalize={normalizeDecimalField}
          rules={[{ required: true }, countRule(t, { max: 10_000_000 })]}
        >
          <Input inputMode="numeric" style={{ width: 200 }} data-testid="risk-annualContainers" />
        </Form.Item>
        {long('financialStanding', '財務狀況（資本、營收、負債）', 'Financial standing (capital, revenue, debts)')}
        {long('paymentHistory', '付款紀錄與推薦人', 'Payment history and references')}
        <Form.Item name="riskLevel" label={t('風險等級', 'Risk level')} rules={[{ required: true }]}>
          <Select
            style={{ width: 200 }}
            data-testid="risk-riskLevel"
            options={RISK_LEVEL_OPTIONS.map(([value, zh, en]) => ({ value, label: t(zh, en) }))}
          />
        </Form.Item>
        {long('reasons', '評估理由', 'Why this risk level')}
      </>
    ),
    toBody: (v) => ({
      businessScope: String(v.businessScope).trim(),
      yearsTrading: Number(v.yearsTrading),
      annualContainers: Number(v.annualContainers),
      financialStanding: String(v.financialStanding).trim(),
      paymentHistory: String(v.paymentHistory).trim(),
      riskLevel: v.riskLevel,
      reasons: String(v.reasons).trim(),
    }),
  };
}
