/**
 * The form of one job action: a step (with the facts that step records — inspection, delivery date and
 * place, truck / driver / phone, customer confirmation, loading time and place, actual charges), raising
 * an exception, a progress note, or resolving one. The Idempotency-Key is made when the form opens and
 * reused when the same form is sent again after an error. Each field is named by its label from one table
 * (api/errors.ts fieldName — the API's refusals and the form's messages name it the same); the step's rules on
 * its facts — a planned date not before today (domain/job-dates.ts), a container number by ISO 6346
 * (domain/container-number.ts) — are checked before sending, and a refusal naming a field is shown under it.
 */
import { useUnsavedEdits } from '../../components/useUnsavedGuard';
import { Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useEffect, useMemo } from 'react';
import { useWrite } from '../../api/useWrite';
import { containerNumberProblem } from '../../../../domain/container-number';
import { plannedDateProblem } from '../../../../domain/job-dates';
import { fieldMessage, fieldName } from '../../api/errors';
import { formHas, placeFieldErrors } from '../../api/formErrors';
import { businessToday } from '../../format/dates';
import { WriteError } from '../../api/WriteError';
import { EXCEPTION_TYPE_LABELS, JOB_STAGE_LABELS, labelOf } from '../../format/labels';
import { useT } from '../../i18n';
import { DateInput, DateTimeInput } from '../../components/DateInput';
import { amountRule, decimalProblem, normalizeDecimalField } from '../../format/number';
import { useConfig } from '../../config';
import { BillingPreview, type Charge } from './BillingPreview';
import type { JobAction, JobDetail } from './jobTypes';

const CURRENCIES = ['CNY', 'USD', 'HKD', 'EUR', 'TWD', 'GBP', 'JPY'];

type Values = Record<string, unknown> & { charges?: { label?: string; currency?: string; amount?: string }[] };

/** The body a step's form sends: the action's own facts (container, override) and the fields filled in. */
function bodyOf(action: JobAction, v: Values): Record<string, unknown> {
  const kind = action.step;
  const trimmed = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : undefined);
  if (kind === 'exceptions') {
    return {
      stage: v.stage,
      type: v.type,
      description: trimmed(v.description) ?? '',
      customerNotified: Boolean(v.customerNotified),
      ...(trimmed(v.remedy) ? { remedy: trimmed(v.remedy) } : {}),
    };
  }
  if (kind.endsWith('/progress')) return { note: trimmed(v.note) ?? '', customerNotified: Boolean(v.customerNotified) };
  if (kind.endsWith('/resolve')) return { resolution: trimmed(v.resolution) ?? '' };
  if (kind === 'credit-override') return { reason: trimmed(v.reason) ?? '' };
  const step = kind.replace(/^steps\//, '');
  const body: Record<string, unknown> = {};
  if (action.container) body.container = action.container;
  if (action.override) body.override = true;
  if (trimmed(v.comment)) body.comment = trimmed(v.comment);
  if (step === 'customs.declared') body.inspectionRequired = Boolean(v.inspectionRequired);
  if (step === 'transport.arrived') body.customerConfirmed = Boolean(v.customerConfirmed);
  for (const f of [
    'deliveryDate',
    'deliveryPlace',
    'truck',
    'driver',
    'driverPhone',
    'loadingTime',
    'loadingPlace',
    'containerNo',
  ]) {
    if (trimmed(v[f])) body[f] = trimmed(v[f]);
  }
  const charges = chargesOf(v.charges);
  if (charges.length) body.charges = charges;
  return body;
}

/** The actual charges filled in (label and amount given), as the billing step and its preview take them. */
function chargesOf(rows: Values['charges']): Charge[] {
  return (rows ?? [])
    .filter((c) => c?.label?.trim() && c.amount?.trim())
    .map((c) => ({ label: c.label!.trim(), currency: c.currency ?? 'CNY', amount: c.amount!.trim() }));
}

/** The charges whose amount is money in its currency's digits (amountRule's test): the preview is asked only for those. */
const previewable = (charges: Charge[], digits: Record<string, number>) =>
  charges.filter((c) => !decimalProblem(c.amount, digits[c.currency] ?? 2, (z) => z, true));

export function StepModal({ job, action, onClose }: { job: JobDetail; action: JobAction | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const edits = useUnsavedEdits();
  const write = useWrite([['job', job.jobNo], ['boards'], ['billing-preview', job.jobNo]]);
  const watchedCharges = Form.useWatch('charges', form) as Values['charges'];
  const { currencyDigits, businessTimeZone } = useConfig();
  const charges = useMemo(
    () => previewable(chargesOf(watchedCharges), currencyDigits),
    [JSON.stringify(watchedCharges ?? []), currencyDigits],
  );
  useEffect(() => {
    if (action) {
      write.reset();
      form.resetFields();
    }
    // A new action opened: a new click, a new key.
  }, [action]);
  if (!action) return null;
  const kind = action.step;
  const step = kind.replace(/^steps\//, '');
  const label = (path: string) => fieldName(path, t);
  /** A rule of the job's (the API's own function), its refusal worded as the API's: the field by label, both languages. */
  const rule = (path: string, problemOf: (v: string) => string | null) => ({
    validator: (_: unknown, v?: string) => {
      const problem = v ? problemOf(v) : null;
      return problem ? Promise.reject(new Error(`${label(path)}：${fieldMessage(problem, t)}`)) : Promise.resolve();
    },
  });
  const notPast = (path: string) => rule(path, (v) => plannedDateProblem(v, businessToday(businessTimeZone)));
  const isoContainer = rule('containerNo', containerNumberProblem);
  const known = job.containers.find((c) => c.key === action.container)?.containerNo;
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent (and nothing thrown at the page).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await write.mutateAsync({ method: action.method, path: action.path, body: bodyOf(action, v) }).then(
      () => {
        edits.saved();
        onClose();
      },
      (e: unknown) => void placeFieldErrors(e, form, t, formHas(form)),
    );
  };
  return (
    <Modal
      open
      title={t(action.labelZh, action.labelEn)}
      width={step === 'billing.receivables_raised' ? 880 : undefined}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="step-confirm">
            {t('確認', 'Confirm')}
          </Button>
        </Space>
      }
    >
      <WriteError error={write.error} />
      <Form
        form={form}
        layout="vertical"
        onValuesChange={edits.onValuesChange}
        initialValues={{
          stage: job.stage ?? job.stages[0],
          type: 'other',
          customerNotified: false,
          charges: [],
          // The container's number as known (opened with it, or recorded at the truck): confirmed, not retyped.
          ...(known ? { containerNo: known } : {}),
        }}
      >
        {kind === 'exceptions' && (
          <>
            <Form.Item name="stage" label={label('stage')} rules={[{ required: true }]}>
              <Select options={job.stages.map((s) => ({ value: s, label: t.label(labelOf(JOB_STAGE_LABELS, s)) }))} />
            </Form.Item>
            <Form.Item name="type" label={label('type')} rules={[{ required: true }]}>
              <Select
                options={Object.keys(EXCEPTION_TYPE_LABELS).map((k) => ({
                  value: k,
                  label: t.label(labelOf(EXCEPTION_TYPE_LABELS, k)),
                }))}
              />
            </Form.Item>
            <Form.Item name="description" label={label('description')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="remedy" label={label('remedy')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {kind.endsWith('/progress') && (
          <Form.Item name="note" label={label('note')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {(kind === 'exceptions' || kind.endsWith('/progress')) && (
          <Form.Item name="customerNotified" valuePropName="checked">
            <Checkbox>{t('已告知客戶', 'Customer told')}</Checkbox>
          </Form.Item>
        )}
        {kind.endsWith('/resolve') && (
          <Form.Item name="resolution" label={label('resolution')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {kind === 'credit-override' && (
          <Form.Item
            name="reason"
            label={label('reason')}
            extra={t('放行理由將記錄並稽核', 'The override’s reason is recorded and audited')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="credit-override-reason" />
          </Form.Item>
        )}
        {step === 'customs.declared' && (
          <Form.Item name="inspectionRequired" valuePropName="checked">
            <Checkbox>{t('海關要求查驗', 'Inspection required')}</Checkbox>
          </Form.Item>
        )}
        {step === 'transport.delivery_arranged' && (
          <>
            <Form.Item
              name="deliveryDate"
              label={label('deliveryDate')}
              rules={[{ required: true }, notPast('deliveryDate')]}
            >
              <DateInput />
            </Form.Item>
            <Form.Item
              name="deliveryPlace"
              label={label('deliveryPlace')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {step === 'transport.truck_assigned' && (
          <>
            <Form.Item name="truck" label={label('truck')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="driver" label={label('driver')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item
              name="driverPhone"
              label={label('driverPhone')}
              rules={[{ required: true, pattern: /^[0-9+\-\s()]{5,30}$/ }]}
            >
              <Input maxLength={30} />
            </Form.Item>
          </>
        )}
        {step === 'transport.picked_up' && (
          <Form.Item
            name="containerNo"
            label={label('containerNo')}
            normalize={(v?: string) => v?.trim().toUpperCase()}
            rules={[isoContainer]}
          >
            <Input maxLength={11} placeholder="MSCU1234566" />
          </Form.Item>
        )}
        {step === 'transport.arrived' && (
          <Form.Item name="customerConfirmed" valuePropName="checked">
            <Checkbox>{t('客戶已確認收貨', 'Confirmed with the customer')}</Checkbox>
          </Form.Item>
        )}
        {step === 'transport.loading_arranged' && (
          <>
            <Form.Item
              name="loadingTime"
              label={label('loadingTime')}
              rules={[{ required: true }, notPast('loadingTime')]}
            >
              <DateTimeInput aria-label={label('loadingTime')} data-testid="loading-time" />
            </Form.Item>
            <Form.Item name="loadingPlace" label={label('loadingPlace')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {step === 'billing.receivables_raised' && <BillingPreview jobNo={job.jobNo} charges={charges} />}
        {step === 'billing.receivables_raised' && (
          <Form.List name="charges">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true }]}>
                      <Input placeholder={t('費用名稱', 'Charge')} aria-label={t('費用名稱', 'Charge')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'currency']} initialValue="CNY">
                      <Select
                        style={{ width: 90 }}
                        aria-label={t('幣別', 'Currency')}
                        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'amount']}
                      normalize={normalizeDecimalField}
                      dependencies={[['charges', f.name, 'currency']]}
                      rules={[
                        { required: true },
                        (f2) => amountRule(currencyDigits[f2.getFieldValue(['charges', f.name, 'currency'])] ?? 2, t),
                      ]}
                    >
                      <Input placeholder="0.00" aria-label={t('金額', 'Amount')} inputMode="decimal" />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>{t('刪除', 'Remove')}</Button>
                  </Space>
                ))}
                <Button onClick={() => add()} style={{ marginBottom: 12 }}>
                  {t('加實際費用', 'Add an actual charge')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        {kind.startsWith('steps/') && (
          <Form.Item
            name="comment"
            label={label('comment')}
            rules={action.commentRequired ? [{ required: true, whitespace: true }] : []}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
