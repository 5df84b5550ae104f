/** Open a job 開立作業 from a signed contract: direction, container type, count and numbers, cargo, ports, dates. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useNavigate } from 'react-router';
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
  type: '20GP' | '40GP' | '40HQ';
  count: number;
  numbers?: string;
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

export function OpenJobModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const write = useWrite<JobDetail>([['boards']]);
  const contracts = useQuery({
    queryKey: ['quotes', 'signed'],
    queryFn: () => unwrap(api.GET('/quotes', { params: { query: { status: 'signed', limit: 200 } } })),
    enabled: open,
  });
  const signed = (contracts.data?.items ?? []).filter((q) => q.contractNo);
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent (and nothing thrown at the page).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const numbers = (v.numbers ?? '')
      .split(/[\s,，]+/)
      .map((n) => n.trim().toUpperCase())
      .filter(Boolean);
    const opt = (x?: string) => (x?.trim() ? x.trim() : undefined);
    const body = {
      contractNo: v.contractNo,
      direction: v.direction,
      ...(v.paymentMethod ? { paymentMethod: v.paymentMethod } : {}),
      containers: { type: v.type, count: Number(v.count), ...(numbers.length ? { numbers } : {}) },
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
    const job = await write.mutateAsync({ method: 'POST', path: '/jobs', body }).catch(() => null);
    if (job) {
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
        initialValues={{ direction: 'import', type: '40HQ', count: 1, urgent: false }}
      >
        <Form.Item
          name="contractNo"
          label={t('已簽合同', 'Signed contract')}
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
          <Form.Item name="direction" label={t('進出口', 'Direction')}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'import', label: t('進口', 'Import') },
                { value: 'export', label: t('出口', 'Export') },
              ]}
            />
          </Form.Item>
          <Form.Item name="paymentMethod" label={t('付款方式', 'Payment')}>
            <Select
              allowClear
              style={{ width: 140 }}
              options={[
                { value: 'lc', label: 'L/C' },
                { value: 'tt', label: 'T/T' },
              ]}
            />
          </Form.Item>
          <Form.Item name="type" label={t('柜型', 'Container type')}>
            <Select style={{ width: 120 }} options={['20GP', '40GP', '40HQ'].map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item
            name="count"
            label={t('柜量', 'Count')}
            normalize={normalizeDecimalField}
            rules={[{ required: true }, countRule(t, { max: 50, positive: true })]}
          >
            <Input style={{ width: 90 }} inputMode="numeric" data-testid="open-job-count" />
          </Form.Item>
        </Space>
        <Form.Item
          name="numbers"
          label={t('柜號（可選，以空格分隔）', 'Container numbers (optional, space separated)')}
          rules={[{ pattern: /^\s*([A-Za-z]{4}\d{7}[\s,，]*)*$/, message: 'MSCU1234567' }]}
        >
          <Input placeholder="MSCU1234567 MSCU7654321" />
        </Form.Item>
        <Form.Item name="cargo" label={t('貨物', 'Cargo')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="portOfLoading"
            label={t('起運港', 'Port of loading')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="portOfDischarge"
            label={t('目的港', 'Port of discharge')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="vessel" label={t('船名', 'Vessel')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="voyage" label={t('航次', 'Voyage')}>
            <Input maxLength={50} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="etd" label="ETD">
            <DateInput />
          </Form.Item>
          <Form.Item name="eta" label="ETA">
            <DateInput />
          </Form.Item>
          <Form.Item name="requiredArrival" label={t('要求到貨日', 'Required arrival')}>
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
