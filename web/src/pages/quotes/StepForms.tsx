/**
 * The forms of the quote steps that carry a body: lines (revise a draft), amend, internal quote (fee
 * items, payer, project), contract (clause changes), sign (date), costs (actual costs). Each becomes
 * the step's body as the API's schemas define it (api/quotes/schemas.ts). A module of its own: QuotePage draws
 * `QuoteStepForms` (the default export) through React.lazy, so antd's Form, Select and Input are not part of the
 * quote page's first paint (issue 11); which steps have a form is formSteps.ts.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { api, unwrap } from '../../api/client';
import type { StepForm } from '../../actions/ActionBar';
import type { QuoteFormStep } from './formSteps';
import { businessToday } from '../../format/dates';
import { useT } from '../../i18n';
import { DateInput } from '../../components/DateInput';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { useConfig } from '../../config';
import { LinesEditor, linesValid, usePreview } from './LinesEditor';
import {
  CURRENCY_OPTIONS,
  toBodyLines,
  toEditLines,
  type EditLine,
  type QuoteDetail,
  type TariffDetail,
} from './lines';
import { QueryError } from '../../components/ErrorState';

type T = ReturnType<typeof useT>;
/** The budget line choice of an actual cost entered outside the budget. */
const UNBUDGETED = '__unbudgeted__';
const opt = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Lines of a revision or amendment, kept in a form field of its own. */
function LinesField({
  quote,
  value,
  onChange,
}: {
  quote: QuoteDetail;
  value?: EditLine[];
  onChange?: (v: EditLine[]) => void;
}) {
  const tariff = useQuery({
    queryKey: ['tariffs', quote.tariffVersionNo],
    queryFn: () => unwrap(api.GET('/tariffs/{versionNo}', { params: { path: { versionNo: quote.tariffVersionNo } } })),
  });
  const lines = value ?? [];
  const preview = usePreview(lines, tariff.data?.lines ?? [], quote.tariffVersionNo);
  return (
    <>
      <QueryError query={tariff} title={['無法讀取原始報價', 'Could not read the tariff']} />
      <LinesEditor
        tariffLines={tariff.data?.lines ?? []}
        value={lines}
        onChange={(v) => onChange?.(v)}
        preview={preview.data}
        previewError={preview.error}
        onPreviewRetry={() => void preview.refetch()}
      />
    </>
  );
}

function FeeItems({ t }: { t: T }) {
  const { currencyDigits } = useConfig();
  return (
    <Form.List name="feeItems">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} align="start" wrap>
              <Form.Item
                name={[f.name, 'name']}
                label={t('費用科目', 'Fee item')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input data-testid={`fee-name-${i}`} />
              </Form.Item>
              <Form.Item name={[f.name, 'currency']} label={t('幣別', 'Currency')} rules={[{ required: true }]}>
                <Select options={CURRENCY_OPTIONS} style={{ width: 100 }} aria-label={t('幣別', 'Currency')} />
              </Form.Item>
              <Form.Item
                name={[f.name, 'amount']}
                label={t('金額', 'Amount')}
                normalize={normalizeDecimalField}
                dependencies={[['feeItems', f.name, 'currency']]}
                rules={[
                  { required: true },
                  (form) =>
                    amountRule(currencyDigits[form.getFieldValue(['feeItems', f.name, 'currency'])] ?? 2, t, false),
                ]}
              >
                <Input inputMode="decimal" style={{ width: 130 }} data-testid={`fee-amount-${i}`} />
              </Form.Item>
              <Form.Item name={[f.name, 'payer']} label={t('付款方', 'Payer')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 170 }}
                  aria-label={t('付款方', 'Payer')}
                  options={[
                    { value: 'company', label: t('公司承擔', 'Company') },
                    { value: 'customer', label: t('客戶承擔', 'Customer') },
                  ]}
                />
              </Form.Item>
              <Button
                aria-label={`${t('移除', 'Remove')} ${i + 1}`}
                onClick={() => remove(f.name)}
                style={{ marginTop: 30 }}
              >
                ✕
              </Button>
            </Space>
          ))}
          <Button onClick={() => add({ currency: 'CNY', payer: 'company' })} data-testid="fee-add">
            {t('新增費用科目', 'Add fee item')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function ClauseChanges({ t }: { t: T }) {
  return (
    <Form.List name="clauseChanges">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <div key={f.key} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 12 }}>
              <Space align="start" wrap>
                <Form.Item
                  name={[f.name, 'no']}
                  label={t('條款號', 'Clause no')}
                  rules={[{ required: true, pattern: /^\d{1,2}(\.\d{1,2})?$/, message: '1, 4.2 …' }]}
                >
                  <Input style={{ width: 90 }} data-testid={`clause-no-${i}`} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'title']}
                  label={t('標題', 'Title')}
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input style={{ width: 300 }} data-testid={`clause-title-${i}`} />
                </Form.Item>
                <Button
                  aria-label={`${t('移除條款', 'Remove clause')} ${i + 1}`}
                  onClick={() => remove(f.name)}
                  style={{ marginTop: 30 }}
                >
                  ✕
                </Button>
              </Space>
              <Form.Item
                name={[f.name, 'text']}
                label={t('條款內容', 'Text')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input.TextArea rows={3} data-testid={`clause-text-${i}`} />
              </Form.Item>
            </div>
          ))}
          <Button onClick={() => add()} data-testid="clause-add">
            {t('修改條款', 'Change a clause')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

const field = (name: string, label: string, node: ReactNode, required = false) => (
  <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true }] : []}>
    {node}
  </Form.Item>
);

/** Draws `render(forms)` with the forms of the quote's steps (ActionBar's LazyStepForms host). */
export default function QuoteStepForms({
  quote,
  businessTimeZone,
  render,
}: {
  quote: QuoteDetail;
  businessTimeZone: string;
  render: (forms: Record<string, StepForm | undefined>) => ReactNode;
}) {
  return <>{render(useQuoteStepForms(quote, businessTimeZone))}</>;
}

/** The forms of the quote's steps, by step key (formSteps.ts names them). */
export function useQuoteStepForms(quote: QuoteDetail, businessTimeZone: string): Record<QuoteFormStep, StepForm> {
  const t = useT();
  const queryClient = useQueryClient();
  const { currencyDigits } = useConfig();
  const linesForm = (withComment: boolean): StepForm => ({
    width: 1100,
    initial: { lines: toEditLines(quote.lines), validUntil: quote.validUntil },
    fields: (
      <>
        <Form.Item
          name="lines"
          rules={[
            {
              validator: (_, v: EditLine[] | undefined) => {
                if (!v?.length) return Promise.reject(new Error(t('請加入至少一條明細', 'Add at least one line')));
                // A line the editor marks (price, quantity) is not sent: the marks say what to fix.
                const tariff = queryClient.getQueryData<TariffDetail>(['tariffs', quote.tariffVersionNo]);
                if (!tariff || !linesValid(v, tariff.lines))
                  return Promise.reject(new Error(t('請先修正標示的明細', 'Fix the marked lines first')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <LinesField quote={quote} />
        </Form.Item>
        <Form.Item name="validUntil" label={t('報價有效期至', 'Valid until')}>
          <DateInput />
        </Form.Item>
        {withComment && (
          <Form.Item
            name="comment"
            label={t('變更說明', 'Reason for the amendment')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={2} data-testid="amend-comment" />
          </Form.Item>
        )}
      </>
    ),
    toBody: (v) => ({
      lines: toBodyLines((v.lines as EditLine[]) ?? []),
      ...(opt(v.validUntil) ? { validUntil: opt(v.validUntil) } : {}),
      ...(withComment ? { comment: opt(v.comment) ?? '' } : {}),
    }),
  });
  const budgetLines = quote.internalQuote?.budget.lines ?? [];
  const lineById = new Map(budgetLines.map((l) => [l.id, l]));
  return {
    lines: linesForm(false),
    amend: linesForm(true),
    'internal-quote': {
      width: 900,
      initial: { feeItems: [], projectName: '' },
      fields: (
        <>
          {field('projectName', t('項目名稱', 'Project name'), <Input data-testid="project-name" />, true)}
          {field('cargoDescription', t('貨物描述', 'Cargo'), <Input />)}
          {field('settlementCycle', t('結算週期', 'Settlement cycle'), <Input />)}
          {field('remarks', t('備註', 'Remarks'), <Input.TextArea rows={2} />)}
          <FeeItems t={t} />
        </>
      ),
      toBody: (v) => ({
        feeItems: ((v.feeItems as { name: string; currency: string; amount: string; payer: string }[]) ?? []).map(
          (f) => ({ name: f.name.trim(), currency: f.currency, amount: f.amount.trim(), payer: f.payer }),
        ),
        project: {
          projectName: opt(v.projectName) ?? '',
          ...(opt(v.cargoDescription) ? { cargoDescription: opt(v.cargoDescription) } : {}),
          ...(opt(v.settlementCycle) ? { settlementCycle: opt(v.settlementCycle) } : {}),
          ...(opt(v.remarks) ? { remarks: opt(v.remarks) } : {}),
        },
      }),
    },
    contract: {
      width: 800,
      initial: { clauseChanges: quote.contract?.clauseChanges ?? [] },
      fields: <ClauseChanges t={t} />,
      toBody: (v) => ({
        clauseChanges: ((v.clauseChanges as { no: string; title: string; text: string }[]) ?? []).map((c) => ({
          no: c.no.trim(),
          title: c.title.trim(),
          text: c.text.trim(),
        })),
      }),
    },
    sign: {
      initial: { signedOn: businessToday(businessTimeZone) },
      fields: (
        <>
          {field('signedOn', t('簽約日期', 'Signed on'), <DateInput data-testid="signed-on" />, true)}
          {field('comment', t('意見', 'Comment'), <Input.TextArea rows={2} />)}
        </>
      ),
      toBody: (v) => ({ signedOn: opt(v.signedOn), ...(opt(v.comment) ? { comment: opt(v.comment) } : {}) }),
    },
    costs: {
      width: 900,
      // One row per budget line (by its id), prefilled with the budgeted cost; a cost no line foresaw is
      // added as "unbudgeted" with its own label and currency.
      initial: { actuals: budgetLines.map((l) => ({ line: l.id, actualCost: l.cost })) },
      fields: (
        <Form.List name="actuals">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap data-testid={`actual-${i}`}>
                  <Form.Item name={[f.name, 'line']} label={t('預算項目', 'Budget line')} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 340 }}
                      aria-label={`${t('預算項目', 'Budget line')} ${i + 1}`}
                      options={[
                        ...budgetLines.map((l) => ({ value: l.id, label: `${l.id} · ${l.label} (${l.currency})` })),
                        { value: UNBUDGETED, label: t('預算外費用', 'Unbudgeted cost') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {({ getFieldValue }) =>
                      getFieldValue(['actuals', f.name, 'line']) === UNBUDGETED ? (
                        <>
                          <Form.Item
                            name={[f.name, 'label']}
                            label={t('項目', 'Item')}
                            rules={[{ required: true, whitespace: true }]}
                          >
                            <Input style={{ width: 200 }} aria-label={`${t('項目', 'Item')} ${i + 1}`} />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, 'currency']}
                            label={t('幣別', 'Currency')}
                            rules={[{ required: true }]}
                          >
                            <Select
                              options={CURRENCY_OPTIONS}
                              style={{ width: 100 }}
                              aria-label={`${t('幣別', 'Currency')} ${i + 1}`}
                            />
                          </Form.Item>
                        </>
                      ) : (
                        <Form.Item label={t('幣別', 'Currency')}>
                          <span>{lineById.get(getFieldValue(['actuals', f.name, 'line']))?.currency ?? '—'}</span>
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'actualCost']}
                    label={t('實際成本', 'Actual cost')}
                    normalize={normalizeDecimalField}
                    dependencies={[
                      ['actuals', f.name, 'line'],
                      ['actuals', f.name, 'currency'],
                    ]}
                    rules={[
                      { required: true },
                      (f2) => {
                        // The row's currency: its budget line's, or the one chosen for an unbudgeted cost.
                        const line = f2.getFieldValue(['actuals', f.name, 'line']) as string;
                        const currency =
                          line === UNBUDGETED
                            ? (f2.getFieldValue(['actuals', f.name, 'currency']) as string)
                            : lineById.get(line)?.currency;
                        return amountRule(currencyDigits[currency ?? ''] ?? 2, t, false);
                      },
                    ]}
                  >
                    <Input
                      inputMode="decimal"
                      style={{ width: 140 }}
                      aria-label={`${t('實際成本', 'Actual cost')} ${i + 1}`}
                    />
                  </Form.Item>
                  <Button
                    aria-label={`${t('移除', 'Remove')} ${i + 1}`}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  >
                    ✕
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ line: UNBUDGETED, currency: 'CNY' })}>
                {t('新增預算外費用', 'Add an unbudgeted cost')}
              </Button>
            </>
          )}
        </Form.List>
      ),
      toBody: (v) => ({
        actuals: ((v.actuals as { line: string; label?: string; currency?: string; actualCost: string }[]) ?? []).map(
          (a) =>
            a.line === UNBUDGETED
              ? {
                  unbudgeted: true as const,
                  label: (a.label ?? '').trim(),
                  currency: a.currency ?? '',
                  actualCost: a.actualCost.trim(),
                }
              : {
                  budgetLineId: a.line,
                  currency: lineById.get(a.line)?.currency ?? '',
                  actualCost: a.actualCost.trim(),
                },
        ),
      }),
    },
  };
}
