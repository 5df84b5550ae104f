/**
 * The forms of a statement's steps (StatementPage.tsx loads this module when its step buttons are drawn): the
 * customer confirmed it (date, their reference), or disputes lines — a reason and optionally an amount per line.
 */
import { Checkbox, Form, Input, Space } from 'antd';
import type { ReactNode } from 'react';
import type { StepForm } from '../../actions/ActionBar';
import type { paths } from '../../api/schema';
import { Card } from '../../components/Card';
import { DateInput } from '../../components/DateInput';
import { Typography } from '../../components/Typography';
import { useConfig } from '../../config';
import { Money } from '../../format/Money';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { WHOLE_LABELS } from '../../format/parts';
import { useT } from '../../i18n';

type Statement = paths['/statements/{statementId}']['get']['responses']['200']['content']['application/json'];
type Line = Statement['sections'][number]['lines'][number];

const currencyOf = (s: Statement | undefined, l: Line) =>
  s?.sections.find((sec) => sec.lines.includes(l))?.currency ?? '';

/** Draws `render(forms)` with the statement's step forms (ActionBar's LazyStepForms host). */
export default function StatementStepForms({
  statement: s,
  render,
}: {
  statement: Statement;
  render: (forms: Record<string, StepForm | undefined>) => ReactNode;
}) {
  const t = useT();
  const lines = s.sections.flatMap((sec) => sec.lines);
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
          {/* At least one line ticked, said under the lines before anything is sent (the API refuses an empty list). */}
          <Form.Item
            name="anyLine"
            dependencies={lines.map((l) => `on${l.lineNo}`)}
            rules={[
              ({ getFieldValue }) => ({
                validator: () =>
                  lines.some((l) => getFieldValue(`on${l.lineNo}`))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('請至少勾選一個項次', 'Tick at least one line'))),
              }),
            ]}
          >
            <NoControl />
          </Form.Item>
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

  return <>{render(forms)}</>;
}

/** The control of a form item that only carries a rule over other fields (the ticked lines): draws nothing. */
function NoControl(_: { value?: unknown; onChange?: unknown }) {
  return null;
}

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
