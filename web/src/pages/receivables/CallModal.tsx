/**
 * A collection call's dialog (CollectionSchedulePage.tsx loads this module when it opens): the outcome, a promise to pay (amount, date) and a note.
 */
import { Form, Input, Modal, Space } from 'antd';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { sumAmounts, WHOLE_LABELS } from '../../format/parts';
import { useT } from '../../i18n';
import { DateInput } from '../../components/DateInput';
import type { RecordAction } from '../../api/actions';
type Row = paths['/collections/schedule']['get']['responses']['200']['content']['application/json']['items'][number];

export default function CallModal({ row, action, onClose }: { row: Row; action: RecordAction; onClose: () => void }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const write = useWrite([['collections']]);
  const [form] = Form.useForm<{ outcome: string; amount?: string; date?: string; note?: string }>();
  return (
    <Modal
      open
      title={t(`催收電話：${row.customerName}`, `Collection call: ${row.customerName}`)}
      okText={t('記錄', 'Record')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={write.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <WriteError error={write.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void write
            .mutateAsync({
              method: action.method,
              path: action.path,
              body: {
                outcome: v.outcome,
                ...(v.note ? { note: v.note } : {}),
                ...(v.amount && v.date
                  ? { promise: { currency: row.currency, amount: v.amount.trim(), date: v.date } }
                  : {}),
              },
            })
            .then(onClose, () => undefined)
        }
      >
        <Form.Item name="outcome" label={t('通話結果', 'Outcome')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="call-outcome" />
        </Form.Item>
        <Space>
          <Form.Item
            name="amount"
            label={t(`承諾付款（${row.currency}）`, `Promised amount (${row.currency})`)}
            normalize={normalizeDecimalField}
            dependencies={['date']}
            // Part or all of what the customer owes in the row's currency — disputed money included — never more
            // (the API refuses more, 422 promise.amount); with a date, an amount is required.
            rules={[
              amountRule(currencyDigits[row.currency] ?? 2, t, true, {
                amount:
                  sumAmounts([row.outstanding, row.disputed], currencyDigits[row.currency] ?? 2) ?? row.outstanding,
                currency: row.currency,
                label: WHOLE_LABELS.outstanding,
              }),
              ({ getFieldValue }) => ({ required: !!getFieldValue('date') }),
            ]}
          >
            <Input inputMode="decimal" data-testid="call-promise-amount" />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('承諾日期', 'Promised date')}
            dependencies={['amount']}
            // A promise is an amount and a date: one without the other is named, not dropped.
            rules={[({ getFieldValue }) => ({ required: !!getFieldValue('amount') })]}
          >
            <DateInput aria-label={t('承諾日期', 'Promised date')} data-testid="call-promise-date" />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('備註', 'Note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
