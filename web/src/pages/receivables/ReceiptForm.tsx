/**
 * Receipt entry 收款登記 (finance): date, currency, amount, payer, reference, and its allocation to the
 * customer's open receivables in that currency (partial amounts allowed); what is not allocated stays
 * the customer's credit. Sums shown here are exact (integer minor units). Before anything is sent the form
 * names what is wrong under its field: the amount positive with at most the currency's digits (amountRule),
 * each allocation likewise and not more than its receivable's outstanding amount (named by its row), the
 * allocations together not more than the receipt (format/parts.ts; the API refuses both with 422 too), the
 * date not after today nor before the start of last year in the business time zone (domain/money-dates.ts; the API
 * refuses such a receipt with 422 too, and its
 * refusal is shown with the field named). One Idempotency-Key per submission,
 * reused on a retry.
 */
import { Alert, Button, Form, Input, Select, Space } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { useMemo, useState } from 'react';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { formatAmount } from '../../format/money';
import { amountRule, decimalProblem, normalizeDecimalInput } from '../../format/number';
import { Decimal } from '../../../../lib/money';
import { moneyDateTooEarly } from '../../../../domain/money-dates';
import { amountText, exceedsProblem, parseAmount, TOGETHER, WHOLE_LABELS } from '../../format/parts';
import { fieldName } from '../../api/errors';
import { TableScroll } from '../../components/TableScroll';
import { useT } from '../../i18n';

type Fields = { amount: string; payer: string; receivedOn: string; reference: string; note?: string };
type Ledger = paths['/ledgers/{customerNo}']['get']['responses']['200']['content']['application/json'];
type Receivable = Ledger['receivables'][number];

export function ReceiptForm({ ledger, onDone }: { ledger: Ledger; onDone: () => void }) {
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const open = ledger.receivables.filter((r) => Number(r.outstanding) > 0);
  const currencies = [...new Set([...open.map((r) => r.currency), ...Object.keys(currencyDigits)])];
  const [currency, setCurrency] = useState(open[0]?.currency ?? 'CNY');
  const [alloc, setAlloc] = useState<Record<number, string>>({});
  const [form] = Form.useForm<Fields>();
  const amount = (Form.useWatch('amount', form) as string | undefined) ?? '';
  const today = businessToday(businessTimeZone);
  const write = useWrite([['ledger', ledger.customerNo]]);
  const digits = currencyDigits[currency] ?? 2;
  const rows = open.filter((r) => r.currency === currency);

  const totals = useMemo(() => {
    const amt = parseAmount(amount, digits);
    let allocated = new Decimal(0);
    let bad = false;
    for (const r of rows) {
      const v = alloc[r.id];
      if (!v) continue;
      const m = parseAmount(v, digits);
      if (m === null) bad = true;
      else allocated = allocated.plus(m);
    }
    return { amt, allocated, bad, rest: amt === null ? null : amt.minus(allocated) };
  }, [amount, alloc, rows, digits]);

  /**
   * An allocation's problem (positive, the currency's digits, at most the receivable's outstanding amount), named by
   * its row; null when empty or fine.
   */
  const allocProblem = (r: Receivable) => {
    const v = alloc[r.id] ?? '';
    const p =
      v.trim() === ''
        ? null
        : (decimalProblem(v, digits, t, true) ??
          exceedsProblem(v, { amount: r.outstanding, currency, label: WHOLE_LABELS.outstanding }, digits, t));
    return p ? `${fieldName(['allocations', rows.indexOf(r), 'amount'], t)}：${p}` : null;
  };
  /** The allocations together beyond the receipt's amount (both valid amounts), named; else null. */
  const totalProblem = (() => {
    if (totals.amt === null || totals.bad) return null;
    const whole = { amount: amountText(totals.amt, digits), currency, label: WHOLE_LABELS.receipt };
    const p = exceedsProblem(amountText(totals.allocated, digits), whole, digits, t, TOGETHER);
    return p ? `${fieldName('allocations', t)}：${p}` : null;
  })();

  const submit = async (v: Fields) => {
    if (rows.some(allocProblem) || totalProblem) return; // each named under its row or the total; nothing sent
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
          amount: v.amount.trim(),
          receivedOn: v.receivedOn,
          reference: v.reference,
          ...(v.note ? { note: v.note } : {}),
          allocations,
        },
      });
      setAlloc({});
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
        initialValues={{ payer: ledger.customerName, receivedOn: today, amount: '' }}
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
                // The amount's digits follow the currency: judge a typed amount again.
                if (form.getFieldValue('amount')) void form.validateFields(['amount']).catch(() => undefined);
              }}
              options={currencies.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
          <Form.Item
            name="amount"
            label={t('金額', 'Amount')}
            normalize={(v: unknown) => (typeof v === 'string' ? normalizeDecimalInput(v) : v)}
            rules={[{ required: true }, amountRule(digits, t)]}
          >
            <Input data-testid="receipt-amount" inputMode="decimal" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="receivedOn"
            label={t('收款日', 'Received on')}
            rules={[
              { required: true },
              {
                // Money cannot have arrived after today, nor before the start of last year (business time zone;
                // domain/money-dates.ts); the API refuses both too.
                validator: async (_: unknown, v: string | undefined) => {
                  if (v && v > today)
                    throw new Error(
                      `${fieldName('receivedOn', t)}：${t('不可晚於今天', 'must not be in the future')} (${today})`,
                    );
                  const early = v ? moneyDateTooEarly(v, today) : null;
                  if (early) throw new Error(`${fieldName('receivedOn', t)}：${t(early.zh, early.en)}`);
                },
              },
            ]}
          >
            <DateInput data-testid="receipt-date" allowClear={false} />
          </Form.Item>
          <Form.Item name="payer" label={t('付款人', 'Payer')} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="receipt-payer" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="reference" label={t('參考號', 'Reference')} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="receipt-reference" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="note" label={t('備註', 'Note')}>
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('沖銷應收款', 'Allocate to receivables')}</Typography.Text>
        <TableScroll label={t('沖銷應收款', 'Allocate to receivables')}>
          <DataTable<Receivable>
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
                      status={allocProblem(r) ? 'error' : undefined}
                      aria-invalid={allocProblem(r) ? true : undefined}
                      aria-describedby={allocProblem(r) ? `allocate-${r.id}-error` : undefined}
                      onChange={(e) => setAlloc({ ...alloc, [r.id]: normalizeDecimalInput(e.target.value) })}
                    />
                    <Button size="small" onClick={() => setAlloc({ ...alloc, [r.id]: r.outstanding })}>
                      {t('全額', 'In full')}
                    </Button>
                    {allocProblem(r) && (
                      <Typography.Text
                        type="danger"
                        id={`allocate-${r.id}-error`}
                        data-testid={`allocate-${r.id}-error`}
                      >
                        {allocProblem(r)}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </TableScroll>
        <div style={{ margin: '12px 0' }} data-testid="receipt-totals">
          {t('已沖銷', 'Allocated')} {currency} {formatAmount(amountText(totals.allocated, digits), digits)} ·{' '}
          {t('未沖銷（客戶貸餘）', 'Unallocated (customer credit)')}{' '}
          {totals.rest === null ? '—' : `${currency} ${formatAmount(amountText(totals.rest, digits), digits)}`}
        </div>
        {totalProblem && (
          <Alert
            type="error"
            role="alert"
            style={{ marginBottom: 12 }}
            data-testid="receipt-total-error"
            title={totalProblem}
          />
        )}
        <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="receipt-submit">
          {t('登記收款', 'Enter receipt')}
        </Button>
      </Form>
    </Card>
  );
}
