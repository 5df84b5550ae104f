/**
 * The forms of a collection case's steps (CollectionCasePage.tsx loads this module when its step buttons are drawn):
 * the proposal — its kind, why, and for a payment plan its instalments — and the approval's optional comment.
 */
import { Form, Input, Radio, Space, Button } from 'antd';
import type { ReactNode } from 'react';
import type { StepForm } from '../../actions/ActionBar';
import { fieldLabel, fieldName } from '../../api/errors';
import type { paths } from '../../api/schema';
import { Card } from '../../components/Card';
import { DateInput } from '../../components/DateInput';
import { Typography } from '../../components/Typography';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { formatMoney } from '../../format/money';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { exceedsProblem, sumAmounts, TOGETHER, WHOLE_LABELS } from '../../format/parts';
import { useT } from '../../i18n';
import { PROPOSAL_KINDS, PROPOSAL_LABELS, type ProposalKind } from '../../../../domain/collection-proposal';

type CaseDetail = paths['/collection-cases/{caseId}']['get']['responses']['200']['content']['application/json'];

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

/** Draws `render(forms)` with the case's step forms (ActionBar's LazyStepForms host). */
export default function CaseStepForms({
  detail: c,
  render,
}: {
  detail: CaseDetail;
  render: (forms: Record<string, StepForm | undefined>) => ReactNode;
}) {
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const digits = currencyDigits[c.currency] ?? 2;
  const today = businessToday(businessTimeZone);
  const forms: Record<string, StepForm> = {
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
              {t('建議', 'Proposal')}: <strong>{t(c.proposal.labelZh, c.proposal.labelEn)}</strong> — {c.proposal.note}
            </Typography.Paragraph>
          )}
          <Form.Item name="comment" label={fieldLabel('comment', t, ['選填', 'optional'])}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="step-comment" />
          </Form.Item>
        </>
      ),
      toBody: (v) => (typeof v.comment === 'string' && v.comment.trim() ? { comment: v.comment.trim() } : {}),
    },
  };

  return <>{render(forms)}</>;
}
