/**
 * Open a job 開立作業 from a signed contract: direction, container type, count and numbers, cargo, ports, dates.
 * Each field is named by its label from one table (api/errors.ts fieldName — the API's refusals and the form's
 * messages name it the same); the job's rules on the fields — each container number ISO 6346
 * (domain/container-number.ts), no number twice or more numbers than containers, ETA not before ETD — are checked
 * before sending, and a refusal naming a field is shown under it (api/formErrors.ts placeFieldErrors).
 */
import { useUnsavedEdits } from '../../components/useUnsavedGuard';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useEffect } from 'react';
import { containerNumberProblem } from '../../../../domain/container-number';
import { PRICED_CONTAINER_TYPES, pricedContainerTypes } from '../../../../domain/container-pricing';
import { coveredPaymentMethods, PAYMENT_METHODS } from '../../../../domain/payment-methods';
import { fieldMessage, fieldName } from '../../api/errors';
import { formHas, placeFieldErrors } from '../../api/formErrors';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { DateInput } from '../../components/DateInput';
import { WriteError } from '../../api/WriteError';
import { countRule, normalizeDecimalField } from '../../format/number';
import { useT } from '../../i18n';
import type { JobDetail } from './jobTypes';
import { customerText } from '../../format/labels';
import { QueryError } from '../../components/ErrorState';

interface Values {
  contractNo: string;
  direction: 'import' | 'export';
  paymentMethod?: 'lc' | 'tt';
  containers: { type: '20GP' | '40GP' | '40HQ'; count: number; numbers?: string };
  cargo: string;
  portOfLoading: string;
  portOfDischarge: string;
  vessel?: string;
  voyage?: string;
  etd?: string;
  eta?: string;
  requiredArrival?: string;
  urgent?: boolean;
}

/** The container numbers typed (space or comma separated), in capitals. */
const numbersOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[\s,，]+/)
    .map((n) => n.trim().toUpperCase())
    .filter(Boolean);

export function OpenJobModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const edits = useUnsavedEdits(open);
  const write = useWrite<JobDetail>([['boards']]);
  const contracts = useQuery({
    queryKey: ['quotes', 'signed'],
    queryFn: () => unwrap(api.GET('/quotes', { params: { query: { status: 'signed', limit: 200 } } })),
    enabled: open,
  });
  const signed = (contracts.data?.items ?? []).filter((q) => q.contractNo);
  // Only the container types the picked contract prices (domain/container-pricing.ts, the rule the API applies).
  const contractNo = Form.useWatch('contractNo', form);
  const quoteNo = signed.find((q) => q.contractNo === contractNo)?.quoteNo;
  const contract = useQuery({
    queryKey: ['quote', quoteNo],
    queryFn: () => unwrap(api.GET('/quotes/{quoteNo}', { params: { path: { quoteNo: quoteNo! } } })),
    enabled: open && Boolean(quoteNo),
  });
  const types: readonly string[] = contract.data ? pricedContainerTypes(contract.data.lines) : PRICED_CONTAINER_TYPES;
  // Only the payment methods the picked contract covers (domain/payment-methods.ts, the rule the API applies);
  // a contract covering neither has no payment stage.
  const methods: readonly string[] = contract.data ? coveredPaymentMethods(contract.data.lines) : PAYMENT_METHODS;
  const pickedMethod = Form.useWatch('paymentMethod', form);
  useEffect(() => {
    if (contract.data && pickedMethod && !methods.includes(pickedMethod))
      form.setFieldValue('paymentMethod', undefined);
  }, [contract.data, pickedMethod, methods, form]);
  const pickedType = Form.useWatch(['containers', 'type'], form);
  useEffect(() => {
    if (contract.data && pickedType && !types.includes(pickedType))
      form.setFieldValue(['containers', 'type'], types[0]);
  }, [contract.data, pickedType, types, form]);
  const label = (path: string) => fieldName(path, t);
  /** The rule's refusal as the API words it: the field (or a number's row) by label, the message in both languages. */
  const refuse = (path: string | (string | number)[], message: string) =>
    Promise.reject(new Error(`${fieldName(path, t)}：${fieldMessage(message, t)}`));
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent (and nothing thrown at the page).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const numbers = numbersOf(v.containers.numbers);
    const opt = (x?: string) => (x?.trim() ? x.trim() : undefined);
    const body = {
      contractNo: v.contractNo,
      direction: v.direction,
      ...(v.paymentMethod ? { paymentMethod: v.paymentMethod } : {}),
      containers: {
        type: v.containers.type,
        count: Number(v.containers.count),
        ...(numbers.length ? { numbers } : {}),
      },
      cargo: v.cargo.trim(),
      portOfLoading: v.portOfLoading.trim(),
      portOfDischarge: v.portOfDischarge.trim(),
      vessel: opt(v.vessel),
      voyage: opt(v.voyage),
      etd: opt(v.etd),
      eta: opt(v.eta),
      requiredArrival: opt(v.requiredArrival),
      urgent: Boolean(v.urgent),
    };
    const job = await write.mutateAsync({ method: 'POST', path: '/jobs', body }).catch((e: unknown) => {
      placeFieldErrors(e, form, t, formHas(form));
      return null;
    });
    if (job) {
      edits.saved();
      onClose();
      void navigate(`/desk/jobs/${job.jobNo}`);
    }
  };
  return (
    <Modal
      open={open}
      title={t('開立作業', 'Open a job')}
      onCancel={onClose}
      afterOpenChange={(o) => o && write.reset()}
      width={640}
      footer={
        <Space>
          <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
          <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="open-job-confirm">
            {t('開立', 'Open')}
          </Button>
        </Space>
      }
    >
      <WriteError error={write.error} />
      <QueryError query={contracts} title={['無法讀取已簽合同', 'Could not read the signed contracts']} />
      <QueryError
        query={contract}
        title={['無法讀取合同報價的柜型', 'Could not read the container types the contract prices']}
      />
      {contracts.isSuccess && signed.length === 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="open-job-no-contract"
          title={t('目前沒有已簽約的合同', 'No signed contract yet')}
          description={t(
            '作業由已簽約的合同開立：請先在報價頁記錄簽約。',
            'A job is opened from a signed contract: record the signature on the quote first.',
          )}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ direction: 'import', containers: { type: '40HQ', count: 1 }, urgent: false }}
        onValuesChange={edits.onValuesChange}
      >
        <Form.Item
          name="contractNo"
          label={label('contractNo')}
          rules={[{ required: true, message: t('請選擇已簽合同', 'Pick a signed contract') }]}
        >
          <Select
            showSearch
            loading={contracts.isLoading}
            data-testid="open-job-contract"
            notFoundContent={t('沒有已簽約的合同', 'No signed contract')}
            options={signed.map((q) => ({
              value: q.contractNo!,
              label: `${q.contractNo} · ${customerText(q.customerNo, q.customerName)} (${q.quoteNo})`,
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="direction" label={label('direction')}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'import', label: t('進口', 'Import') },
                { value: 'export', label: t('出口', 'Export') },
              ]}
            />
          </Form.Item>
          <Form.Item name="paymentMethod" label={label('paymentMethod')}>
            <Select
              allowClear
              style={{ width: 140 }}
              data-testid="open-job-payment"
              loading={contract.isFetching}
              disabled={methods.length === 0}
              options={methods.map((m) => ({ value: m, label: m === 'lc' ? t('信用證', 'L/C') : t('電匯', 'T/T') }))}
            />
          </Form.Item>
          <Form.Item name={['containers', 'type']} label={label('containers.type')}>
            <Select
              style={{ width: 120 }}
              data-testid="open-job-type"
              loading={contract.isFetching}
              options={types.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
          <Form.Item
            name={['containers', 'count']}
            label={label('containers.count')}
            normalize={normalizeDecimalField}
            rules={[{ required: true }, countRule(t, { max: 50, positive: true })]}
          >
            <Input style={{ width: 90 }} inputMode="numeric" data-testid="open-job-count" />
          </Form.Item>
        </Space>
        <Form.Item
          name={['containers', 'numbers']}
          label={label('containers.numbers')}
          extra={t('可選，以空格分隔', 'optional, space separated')}
          dependencies={[['containers', 'count']]}
          rules={[
            (f) => ({
              // The API's rules on the numbers (api/jobs/schemas.ts CreateJobBody), before sending.
              validator: (_, text?: string) => {
                const nos = numbersOf(text);
                for (const [i, no] of nos.entries()) {
                  const problem = containerNumberProblem(no);
                  if (problem) return refuse(['containers', 'numbers', i], problem);
                  const first = nos.indexOf(no);
                  if (first !== i)
                    return refuse(['containers', 'numbers', i], `duplicates container number ${first + 1}`);
                }
                if (nos.length > Number(f.getFieldValue(['containers', 'count'])))
                  return refuse('containers.numbers', 'more numbers than containers');
                return Promise.resolve();
              },
            }),
          ]}
        >
          <Input placeholder="MSCU1234567 MSCU7654321" />
        </Form.Item>
        <Form.Item name="cargo" label={label('cargo')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="portOfLoading" label={label('portOfLoading')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="portOfDischarge"
            label={label('portOfDischarge')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="vessel" label={label('vessel')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="voyage" label={label('voyage')}>
            <Input maxLength={50} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="etd" label={label('etd')}>
            <DateInput />
          </Form.Item>
          <Form.Item
            name="eta"
            label={label('eta')}
            dependencies={['etd']}
            rules={[
              (f) => ({
                validator: (_, eta?: string) => {
                  const etd = f.getFieldValue('etd') as string | undefined;
                  return eta && etd && eta < etd ? refuse('eta', 'must not be before etd') : Promise.resolve();
                },
              }),
            ]}
          >
            <DateInput />
          </Form.Item>
          <Form.Item name="requiredArrival" label={label('requiredArrival')}>
            <DateInput />
          </Form.Item>
        </Space>
        <Form.Item name="urgent" valuePropName="checked">
          <Checkbox>{t('所需所急（急單）', 'Urgent')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
