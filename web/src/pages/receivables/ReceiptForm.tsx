/**
 * Receipt entry 收款登記 (finance): date, currency, amount, payer, reference, and its allocation to the
 * customer's open receivables in that currency (partial amounts allowed); what is not allocated stays
 * the customer's credit. Sums shown here are exact (integer minor units); the API checks everything
 * again and its refusal is shown as it is. One Idempotency-Key per submission, reused on a retry.
 */
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { DateInput } from '../../components/DateInput';
import { useMemo, useState } from 'react';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { formatAmount } from '../../format/money';
import { TableScroll } from '../../components/TableScroll';
import { useT } from '../../i18n';

type Ledger = paths['/ledgers/{customerNo}']['get']['responses']['200']['content']['application/json'];
type Receivable = Ledger['receivables'][number];

/** "12.5" with 2 digits → 1250n; null when it is not an amount with at most `digits` decimals. */
function toMinor(v: string, digits: number): bigint | null {
  const m = /^(\d{1,14})(?:\.(\d+))?$/.exec(v.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  return BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((m[2] ?? '').padEnd(digits, '0') || '0');
}
const fromMinor = (v: bigint, digits: number): string => {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(digits + 1, '0');
  return `${neg ? '-' : ''}${digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s}`;
};

export function ReceiptForm({ ledger, onDone }: { ledger: Ledger; onDone: () => void }) {
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const open = ledger.receivables.filter((r) => Number(r.outstanding) > 0);
  const currencies = [...new Set([...open.map((r) => r.currency), ...Object.keys(currencyDigits)])];
  const [currency, setCurrency] = useState(open[0]?.currency ?? 'CNY');
  const [amount, setAmount] = useState('');
  const [alloc, setAlloc] = useState<Record<number, string>>({});
  const [form] = Form.useForm<{ payer: string; receivedOn: string; reference: string; note?: string }>();
  const write = useWrite([['ledger', ledger.customerNo]]);
  const digits = currencyDigits[currency] ?? 2;
  const rows = open.filter((r) => r.currency === currency);

  const totals = useMemo(() => {
    const amt = toMinor(amount, digits);
    let allocated = 0n;
    let bad = false;
    for (const r of rows) {
      const v = alloc[r.id];
      if (!v) continue;
      const m = toMinor(v, digits);
      if (m === null) bad = true;
      else allocated += m;
    }
    return { amt, allocated, bad, rest: amt === null ? null : amt - allocated };
  }, [amount, alloc, rows, digits]);

  const submit = async (v: { payer: string; receivedOn: string; reference: string; note?: string }) => {
    const allocations = rows
      .filter((r) => alloc[r.id] && alloc[r.id]!.trim() !== '')
      .map((r) => ({ receivableId: r.id, amount: alloc[r.id]!.trim() }));
    try {
      await write.mutateAsync({
        method: 'POST',
        path: '/receipts',
        body: {
          customerNo: ledger.customerNo,
          payer: v.payer,
          currency,
          amount: amount.trim(),
          receivedOn: v.receivedOn,
          reference: v.reference,
          ...(v.note ? { note: v.note } : {}),
          allocations,
        },
      });
      setAlloc({});
      setAmount('');
      form.resetFields();
      onDone();
    } catch {
      // shown by WriteError
    }
  };

  return (
    <Card title={t('登記收款', 'Enter a receipt')} data-testid="receipt-form" style={{ marginBottom: 16 }}>
      <WriteError error={write.error} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ payer: ledger.customerName, receivedOn: businessToday(businessTimeZone) }}
        onFinish={(v) => void submit(v)}
      >
        <Space wrap align="start">
          <Form.Item label={t('幣別', 'Currency')}>
            <Select
              aria-label={t('幣別', 'Currency')}
              data-testid="receipt-currency"
              style={{ width: 110 }}
              value={currency}
              onChange={(c) => {
                setCurrency(c);
                setAlloc({});
              }}
              options={currencies.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
          <Form.Item label={t('金額', 'Amount')} required>
            <Input
              aria-label={t('金額', 'Amount')}
              data-testid="receipt-amount"
              inputMode="decimal"
              style={{ width: 160 }}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              status={amount && toMinor(amount, digits) === null ? 'error' : undefined}
            />
          </Form.Item>
          <Form.Item
            name="receivedOn"
            label={t('收款日', 'Received on')}
            rules={[{ required: true, message: t('請選擇日期', 'Pick a date') }]}
          >
            <DateInput data-testid="receipt-date" allowClear={false} />
          </Form.Item>
          <Form.Item
            name="payer"
            label={t('付款人', 'Payer')}
            rules={[{ required: true, message: t('請輸入付款人', 'Enter the payer') }]}
          >
            <Input data-testid="receipt-payer" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t('銀行參考號', 'Reference')}
            rules={[{ required: true, message: t('請輸入參考號', 'Enter the reference') }]}
          >
            <Input data-testid="receipt-reference" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="note" label={t('備註', 'Note')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('沖銷應收款', 'Allocate to receivables')}</Typography.Text>
        <TableScroll label={t('沖銷應收款', 'Allocate to receivables')}>
          <Table<Receivable>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={rows}
            locale={{ emptyText: t(`沒有 ${currency} 未收款`, `No open ${currency} receivables`) }}
            columns={[
              { title: t('作業', 'Job'), dataIndex: 'jobNo', key: 'job' },
              { title: t('項目', 'Item'), dataIndex: 'label', key: 'label' },
              { title: t('到期日', 'Due'), dataIndex: 'dueDate', key: 'due' },
              {
                title: t('未收', 'Outstanding'),
                key: 'outstanding',
                align: 'right',
                render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
              },
              {
                title: t('本次沖銷', 'Allocate'),
                key: 'allocate',
                render: (_, r) => (
                  <Space>
                    <Input
                      aria-label={t(`沖銷 ${r.label}`, `Allocate to ${r.label}`)}
                      data-testid={`allocate-${r.id}`}
                      inputMode="decimal"
                      style={{ width: 140 }}
                      value={alloc[r.id] ?? ''}
                      onChange={(e) => setAlloc({ ...alloc, [r.id]: e.target.value })}
                    />
                    <Button size="small" onClick={() => setAlloc({ ...alloc, [r.id]: r.outstanding })}>
                      {t('全額', 'In full')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </TableScroll>
        <div style={{ margin: '12px 0' }} data-testid="receipt-totals">
          {t('已沖銷', 'Allocated')} {currency} {formatAmount(fromMinor(totals.allocated, digits), digits)} ·{' '}
          {t('未沖銷（客戶貸餘）', 'Unallocated (customer credit)')}{' '}
          {totals.rest === null ? '—' : `${currency} ${formatAmount(fromMinor(totals.rest, digits), digits)}`}
        </div>
        {(totals.bad || (totals.rest !== null && totals.rest < 0n)) && (
          <Alert
            type="warning"
            style={{ marginBottom: 12 }}
            title={t(
              `沖銷金額須為 ${currency} 金額（最多 ${digits} 位小數），合計不得超過收款金額`,
              `Allocations must be ${currency} amounts (at most ${digits} decimals), together at most the receipt`,
            )}
          />
        )}
        <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="receipt-submit">
          {t('登記收款', 'Enter receipt')}
        </Button>
      </Form>
    </Card>
  );
}
