/**
 * A receipt's steps on the customer ledger 欠款臺帳 (CustomerLedgerPage.tsx loads this module when one opens), drawn
 * from the receipt's `actions` (api/receivables/ledger-actions.ts receiptActions): allocate its unallocated credit
 * to open receivables of its customer and currency (`POST /receipts/{id}/allocations`), or refund part or all of it
 * (`POST /receipts/{id}/refunds`). Both are judged against the ledger as it stands today (not the page's as-of
 * date): each amount positive with the currency's digits, an allocation at most its receivable's outstanding
 * amount, all together at most the receipt's unallocated credit — named under its field before anything is sent;
 * the API's refusal naming a field is shown under that field too.
 */
import { Alert, Button, Form, Input, Modal, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { fieldMessage, fieldName } from '../../api/errors';
import { formHas, placeFieldErrors } from '../../api/formErrors';
import { DataTable } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { TableScroll } from '../../components/TableScroll';
import { Typography } from '../../components/Typography';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { formatAmount } from '../../format/money';
import { amountRule, decimalProblem, normalizeDecimalField, normalizeDecimalInput } from '../../format/number';
import { amountText, exceedsProblem, parseAmount, TOGETHER, WHOLE_LABELS } from '../../format/parts';
import { Decimal } from '../../../../lib/money';
import { moneyDateTooEarly } from '../../../../domain/money-dates';
import { useT } from '../../i18n';

type Ledger = paths['/ledgers/{customerNo}']['get']['responses']['200']['content']['application/json'];
type Receivable = Ledger['receivables'][number];
type Receipt = Ledger['receipts'][number];

/** The customer's ledger today (the steps act on the records as they are now, whatever the page's as-of date). */
function useLedgerNow(customerNo: string) {
  const { businessTimeZone } = useConfig();
  const asOf = businessToday(businessTimeZone);
  return useQuery({
    queryKey: ['ledger', customerNo, asOf],
    queryFn: () => unwrap(api.GET('/ledgers/{customerNo}', { params: { path: { customerNo }, query: { asOf } } })),
  });
}

/** Allocate a receipt's unallocated credit 沖銷應收款 to open receivables of its customer and currency. */
export function AllocateModal({
  customerNo,
  receiptId,
  onClose,
}: {
  customerNo: string;
  receiptId: number;
  onClose: () => void;
}) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const now = useLedgerNow(customerNo);
  const write = useWrite([['ledger', customerNo], ['receipts']]);
  const [alloc, setAlloc] = useState<Record<number, string>>({});
  /** The API's refusal of a row (by receivable id) or of the allocations together. */
  const [refused, setRefused] = useState<{ rows: Record<number, string>; total?: string }>({ rows: {} });
  const [tried, setTried] = useState(false);
  const receipt: Receipt | undefined = now.data?.receipts.find((p) => p.id === receiptId);
  const currency = receipt?.currency ?? 'CNY';
  const digits = currencyDigits[currency] ?? 2;
  const rows: Receivable[] = (now.data?.receivables ?? []).filter(
    (r) => r.currency === currency && new Decimal(r.outstanding).gt(0),
  );
  const filled = rows.filter((r) => (alloc[r.id] ?? '').trim() !== '');

  /** A row's problem (positive, the currency's digits, at most its outstanding amount), named by its row. */
  const rowProblem = (r: Receivable): string | null => {
    const v = alloc[r.id] ?? '';
    const p =
      v.trim() === ''
        ? null
        : (decimalProblem(v, digits, t, true) ??
          exceedsProblem(v, { amount: r.outstanding, currency, label: WHOLE_LABELS.outstanding }, digits, t));
    return p ? `${fieldName(['allocations', rows.indexOf(r), 'amount'], t)}：${p}` : (refused.rows[r.id] ?? null);
  };
  const totalProblem = ((): string | null => {
    if (!receipt) return null;
    if (tried && filled.length === 0)
      return `${fieldName('allocations', t)}：${t('請填寫至少一項', 'Fill in at least one row')}`;
    let sum = new Decimal(0);
    for (const r of filled) {
      const m = parseAmount(alloc[r.id]!, digits);
      if (m === null) return null;
      sum = sum.plus(m);
    }
    const whole = { amount: receipt.unallocated, currency, label: WHOLE_LABELS.unallocated };
    const p = exceedsProblem(amountText(sum, digits), whole, digits, t, TOGETHER);
    return p ? `${fieldName('allocations', t)}：${p}` : (refused.total ?? null);
  })();
  const allocated = filled.reduce((s, r) => s.plus(parseAmount(alloc[r.id]!, digits) ?? 0), new Decimal(0));

  const submit = async () => {
    setTried(true);
    if (filled.length === 0 || filled.some(rowProblem) || totalProblem) return; // named under each; nothing sent
    const sent = filled.map((r) => ({ receivableId: r.id, amount: alloc[r.id]!.trim() }));
    try {
      await write.mutateAsync({
        method: 'POST',
        path: `/receipts/${receiptId}/allocations`,
        body: { allocations: sent },
      });
      onClose();
    } catch (e) {
      // A refusal naming a row (allocations.N.…) goes under that row, one naming the allocations at the total.
      if (!(e instanceof ApiError)) return;
      const next: { rows: Record<number, string>; total?: string } = { rows: {} };
      for (const f of e.fields) {
        const m = /(?:^|\.)allocations\.(\d+)\.(\w+)$/.exec(f.path);
        const target = m ? sent[Number(m[1])] : undefined;
        const message = `${fieldName(f.path, t)}：${fieldMessage(f.message, t, m?.[2] ?? 'allocations')}`;
        if (target) next.rows[target.receivableId] = message;
        else if (/(^|\.)allocations$/.test(f.path)) next.total = message;
      }
      setRefused(next);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={t(`沖銷應收款：收款 #${receiptId}`, `Allocate receipt #${receiptId}`)}
      okText={t('沖銷', 'Allocate')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'allocate-submit', disabled: !receipt } as never}
      confirmLoading={write.isPending}
      onCancel={onClose}
      onOk={() => void submit()}
    >
      {now.isLoading && <Spin />}
      {now.isError && <Alert type="error" title={t('無法讀取欠款臺帳', 'Could not read the ledger')} />}
      <WriteError error={write.error} />
      {receipt && (
        <>
          <p data-testid="allocate-credit">
            {receipt.reference} · {receipt.receivedOn} · {t('未沖銷', 'Unallocated')}{' '}
            <Money amount={receipt.unallocated} currency={currency} />
          </p>
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
                {
                  title: t('未收', 'Outstanding'),
                  key: 'outstanding',
                  align: 'right',
                  render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
                },
                {
                  title: t('本次沖銷', 'Allocate'),
                  key: 'allocate',
                  render: (_, r) => {
                    const problem = rowProblem(r);
                    return (
                      <Space orientation="vertical" size={2}>
                        <Space>
                          <Input
                            aria-label={t(`沖銷 ${r.label}`, `Allocate to ${r.label}`)}
                            data-testid={`credit-allocate-${r.id}`}
                            inputMode="decimal"
                            style={{ width: 130 }}
                            value={alloc[r.id] ?? ''}
                            status={problem ? 'error' : undefined}
                            aria-invalid={problem ? true : undefined}
                            aria-describedby={problem ? `credit-allocate-${r.id}-error` : undefined}
                            onChange={(e) => {
                              setRefused({ rows: {} });
                              setAlloc({ ...alloc, [r.id]: normalizeDecimalInput(e.target.value) });
                            }}
                          />
                          <Button
                            size="small"
                            onClick={() => {
                              // In full: the outstanding amount, or what credit is left when less.
                              const others = filled
                                .filter((x) => x.id !== r.id)
                                .reduce((s, x) => s.plus(parseAmount(alloc[x.id]!, digits) ?? 0), new Decimal(0));
                              const left = new Decimal(receipt.unallocated).minus(others);
                              const out = new Decimal(r.outstanding);
                              setAlloc({
                                ...alloc,
                                [r.id]: amountText(Decimal.max(Decimal.min(out, left), 0), digits),
                              });
                            }}
                          >
                            {t('全額', 'In full')}
                          </Button>
                        </Space>
                        {problem && (
                          <Typography.Text
                            type="danger"
                            id={`credit-allocate-${r.id}-error`}
                            data-testid={`credit-allocate-${r.id}-error`}
                          >
                            {problem}
                          </Typography.Text>
                        )}
                      </Space>
                    );
                  },
                },
              ]}
            />
          </TableScroll>
          <div style={{ margin: '12px 0' }} data-testid="allocate-totals">
            {t('本次沖銷', 'Allocating')} {currency} {formatAmount(amountText(allocated, digits), digits)} ·{' '}
            {t('餘下未沖銷', 'Credit left')} {currency}{' '}
            {formatAmount(amountText(new Decimal(receipt.unallocated).minus(allocated), digits), digits)}
          </div>
          {totalProblem && <Alert type="error" role="alert" data-testid="allocate-total-error" title={totalProblem} />}
        </>
      )}
    </Modal>
  );
}

/** Refund 退款 part or all of a receipt's unallocated credit: amount, date (default today), bank reference. */
export function RefundModal({
  customerNo,
  receiptId,
  onClose,
}: {
  customerNo: string;
  receiptId: number;
  onClose: () => void;
}) {
  const t = useT();
  const { currencyDigits, businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const now = useLedgerNow(customerNo);
  const write = useWrite([['ledger', customerNo], ['receipts']]);
  const [form] = Form.useForm<{ amount: string; refundedOn: string; reference: string }>();
  const receipt = now.data?.receipts.find((p) => p.id === receiptId);
  const currency = receipt?.currency ?? 'CNY';
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !receipt) return;
    await write
      .mutateAsync({
        method: 'POST',
        path: `/receipts/${receiptId}/refunds`,
        body: { amount: v.amount.trim(), refundedOn: v.refundedOn, reference: v.reference.trim() },
      })
      .then(onClose, (e: unknown) => void placeFieldErrors(e, form, t, formHas(form)));
  };
  return (
    <Modal
      open
      title={t(`退款：收款 #${receiptId}`, `Refund receipt #${receiptId}`)}
      okText={t('退款', 'Refund')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ 'data-testid': 'refund-submit', disabled: !receipt } as never}
      confirmLoading={write.isPending}
      onCancel={onClose}
      onOk={() => void submit()}
    >
      {now.isLoading && <Spin />}
      <WriteError error={write.error} />
      {receipt && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ amount: receipt.unallocated, refundedOn: today, reference: '' }}
        >
          <p data-testid="refund-credit">
            {receipt.reference} · {receipt.receivedOn} · {t('未沖銷', 'Unallocated')}{' '}
            <Money amount={receipt.unallocated} currency={currency} />
          </p>
          <Form.Item
            name="amount"
            label={t(`退款金額（${currency}）`, `Refund amount (${currency})`)}
            normalize={normalizeDecimalField}
            rules={[
              { required: true },
              amountRule(currencyDigits[currency] ?? 2, t, true, {
                amount: receipt.unallocated,
                currency,
                label: WHOLE_LABELS.unallocated,
              }),
            ]}
          >
            <Input inputMode="decimal" data-testid="refund-amount" />
          </Form.Item>
          <Form.Item
            name="refundedOn"
            label={t('退款日', 'Refunded on')}
            rules={[
              { required: true },
              {
                // Not in the future, not before the start of last year (domain/money-dates.ts), not before the money
                // came in (the API refuses each with 422 too).
                validator: async (_: unknown, v: string | undefined) => {
                  if (v && v > today)
                    throw new Error(
                      `${fieldName('refundedOn', t)}：${t('不可晚於今天', 'must not be in the future')} (${today})`,
                    );
                  const early = v ? moneyDateTooEarly(v, today) : null;
                  if (early) throw new Error(`${fieldName('refundedOn', t)}：${t(early.zh, early.en)}`);
                  if (v && v < receipt.receivedOn)
                    throw new Error(
                      `${fieldName('refundedOn', t)}：${t('不可早於收款日', 'must not be before the receipt’s date')} (${receipt.receivedOn})`,
                    );
                },
              },
            ]}
          >
            <DateInput data-testid="refund-date" allowClear={false} />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t('參考號', 'Reference')}
            rules={[
              { required: true, whitespace: true, message: `${fieldName('reference', t)}：${t('必填', 'Required')}` },
            ]}
          >
            <Input maxLength={200} data-testid="refund-reference" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
