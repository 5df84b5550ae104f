/**
 * The forms of a dispute case's steps (DisputesPage.tsx loads this module when a row's step buttons are drawn): a
 * note, and the resolution — the outcome (only those the case's `resolve` action offers), amount, direction, why.
 */
import { Form, Input, Select } from 'antd';
import type { StepForm } from '../../actions/ActionBar';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { useT } from '../../i18n';
import { DISPUTE_OUTCOME_LABELS } from './shared';
import type { ReactNode } from 'react';

type Dispute = paths['/disputes']['get']['responses']['200']['content']['application/json']['items'][number];

/** Draws `render(forms)` with the dispute's step forms (ActionBar's LazyStepForms host). */
export default function DisputeStepForms({
  dispute,
  render,
}: {
  dispute: Dispute;
  render: (forms: Record<string, StepForm | undefined>) => ReactNode;
}) {
  return <>{render(stepForms(useT(), dispute))}</>;
}

/**
 * The resolve form: the outcome (only those the case's `resolve` action offers the caller), its amount and
 * direction where it has them, and the resolution.
 */
function ResolveFields({ dispute }: { dispute: Dispute }) {
  const t = useT();
  const form = Form.useFormInstance();
  const { currencyDigits } = useConfig();
  const outcome = Form.useWatch('outcome', form) as Dispute['outcome'];
  const offered = dispute.actions.find((a) => a.step === 'resolve')?.outcomes ?? [];
  return (
    <>
      <Form.Item
        name="outcome"
        label={t('結果', 'Outcome')}
        rules={[{ required: true, message: t('必填', 'Required') }]}
      >
        <Select
          data-testid="resolve-outcome"
          options={offered.map((value) => ({
            value,
            label: t.label(DISPUTE_OUTCOME_LABELS[value] ?? [value, value]),
          }))}
        />
      </Form.Item>
      {outcome === 'adjustment' && (
        <Form.Item
          name="direction"
          label={t('方向', 'Direction')}
          rules={[{ required: true, message: t('必填', 'Required') }]}
        >
          <Select
            options={[
              { value: 'decrease', label: t('減少應收', 'Lower what is owed') },
              { value: 'increase', label: t('增加應收', 'Raise what is owed') },
            ]}
          />
        </Form.Item>
      )}
      {outcome && outcome !== 'customer_pays' && (
        <Form.Item
          name="amount"
          label={t(
            `金額（${dispute.currency}，預設爭議金額）`,
            `Amount (${dispute.currency}, default the disputed amount)`,
          )}
          normalize={normalizeDecimalField}
          rules={[amountRule(currencyDigits[dispute.currency] ?? 2, t)]}
        >
          <Input inputMode="decimal" placeholder={dispute.amount} />
        </Form.Item>
      )}
      <Form.Item
        name="resolution"
        label={t('處理說明', 'Resolution')}
        rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="resolve-resolution" />
      </Form.Item>
    </>
  );
}

function stepForms(t: ReturnType<typeof useT>, d: Dispute): Record<string, StepForm> {
  const offered = d.actions.find((a) => a.step === 'resolve')?.outcomes ?? [];
  return {
    notes: {
      title: t(`爭議 #${d.id} 加註`, `Note on dispute #${d.id}`),
      fields: (
        <Form.Item
          name="note"
          label={t('備註', 'Note')}
          rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="dispute-note" />
        </Form.Item>
      ),
      toBody: (v) => ({ note: String(v.note).trim() }),
    },
    resolve: {
      title: t(`爭議 #${d.id} 結案`, `Resolve dispute #${d.id}`),
      // A single outcome on offer (a salesperson: the customer pays) is chosen already.
      ...(offered.length === 1 ? { initial: { outcome: offered[0] } } : {}),
      fields: <ResolveFields dispute={d} />,
      toBody: (v) => ({
        outcome: v.outcome,
        resolution: String(v.resolution).trim(),
        ...(v.outcome === 'adjustment' ? { direction: v.direction } : {}),
        ...(v.outcome !== 'customer_pays' && typeof v.amount === 'string' && v.amount.trim()
          ? { amount: v.amount.trim() }
          : {}),
      }),
    },
  };
}
