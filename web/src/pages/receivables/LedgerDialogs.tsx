/**
 * The customer ledger's entry dialogs (CustomerLedgerPage.tsx loads this module when one opens): a credit note or
 * adjustment of a receivable, and a write-off proposal — each amount at most what is outstanding.
 */
import { Form, Input, Modal, Select } from 'antd';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { WHOLE_LABELS, type Whole } from '../../format/parts';
import { useT } from '../../i18n';

type Ledger = paths['/ledgers/{customerNo}']['get']['responses']['200']['content']['application/json'];
type Receivable = Ledger['receivables'][number];

/** A receivable's outstanding amount as the whole a credit note, downward adjustment or write-off is judged against. */
const outstandingOf = (r: Receivable): Whole => ({
  amount: r.outstanding,
  currency: r.currency,
  label: WHOLE_LABELS.outstanding,
});

/** A credit note or adjustment of a receivable (its amount judged against what is outstanding). */
export function EntryModal({ receivable, onClose }: { receivable: Receivable; onClose: () => void }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const write = useWrite([['ledger', receivable.customerNo]]);
  const [form] = Form.useForm<{
    kind: 'credit_note' | 'adjustment';
    direction?: 'increase' | 'decrease';
    amount: string;
    reason: string;
  }>();
  const kind = Form.useWatch('kind', form);
  const direction = Form.useWatch('direction', form);
  return (
    <Modal
      open
      title={t(`貸項 / 調整：${receivable.label}`, `Credit note / adjustment: ${receivable.label}`)}
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
        initialValues={{ kind: 'credit_note' }}
        onFinish={(v) =>
          void write
            .mutateAsync({
              method: 'POST',
              path: `/receivables/${receivable.id}/entries`,
              body: { ...v, ...(v.kind === 'credit_note' ? { direction: undefined } : {}) },
            })
            .then(onClose, () => undefined)
        }
      >
        <Form.Item name="kind" label={t('類別', 'Kind')}>
          <Select
            options={[
              { value: 'credit_note', label: t('貸項通知', 'Credit note') },
              { value: 'adjustment', label: t('調整', 'Adjustment') },
            ]}
          />
        </Form.Item>
        {kind === 'adjustment' && (
          <Form.Item name="direction" label={t('方向', 'Direction')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'increase', label: t('增加應收', 'Raise what is owed') },
                { value: 'decrease', label: t('減少應收', 'Lower what is owed') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name="amount"
          label={t(`金額（${receivable.currency}）`, `Amount (${receivable.currency})`)}
          normalize={normalizeDecimalField}
          dependencies={['kind', 'direction']}
          rules={[
            { required: true },
            // A credit note or a downward adjustment takes at most what is outstanding (the API refuses more, 422).
            amountRule(
              currencyDigits[receivable.currency] ?? 2,
              t,
              true,
              kind === 'adjustment' && direction !== 'decrease' ? undefined : outstandingOf(receivable),
            ),
          ]}
        >
          <Input inputMode="decimal" data-testid="entry-amount" />
        </Form.Item>
        <Form.Item name="reason" label={t('原因', 'Reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A write-off proposal 壞賬核銷 (POST /write-offs): amount (default all outstanding) and reason; the GM decides. */
export function WriteOffModal({ receivable, onClose }: { receivable: Receivable; onClose: () => void }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const write = useWrite([['ledger', receivable.customerNo], ['write-offs']]);
  const [form] = Form.useForm<{ amount: string; reason: string }>();
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await write
      .mutateAsync({
        method: 'POST',
        path: '/write-offs',
        body: { receivableId: receivable.id, amount: v.amount.trim(), reason: v.reason.trim() },
      })
      .then(onClose, () => undefined);
  };
  return (
    <Modal
      open
      title={t(`提出壞賬核銷：${receivable.label}`, `Propose write-off: ${receivable.label}`)}
      okText={t('提交總經理', 'Send to the GM')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'write-off-submit' } as never}
      confirmLoading={write.isPending}
      onCancel={onClose}
      onOk={() => void submit()}
    >
      <WriteError error={write.error} />
      <Form form={form} layout="vertical" initialValues={{ amount: receivable.outstanding }}>
        <Form.Item
          name="amount"
          label={t(`核銷金額（${receivable.currency}）`, `Write-off amount (${receivable.currency})`)}
          normalize={normalizeDecimalField}
          rules={[
            { required: true },
            amountRule(currencyDigits[receivable.currency] ?? 2, t, true, outstandingOf(receivable)),
          ]}
        >
          <Input inputMode="decimal" data-testid="write-off-amount" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('原因', 'Reason')}
          rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="write-off-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
