/**
 * A customer's ledger 欠款臺帳 as of a date: balances per currency (never summed across currencies),
 * receivables with invoiced / credited / adjusted / received / outstanding and days past due, every
 * entry, receipts with their unallocated credit. Buttons come from the ledger's `actions` and each
 * receivable's (api/receivables/ledger-actions.ts): enter a receipt with its allocation, a credit note or
 * adjustment, a write-off proposal 壞賬核銷 (the GM decides it on /desk/write-offs), and each receipt's (allocate
 * its unallocated credit 沖銷應收款 or refund it 退款, ReceiptDialogs.tsx); a step the caller's role could take but
 * may not now is a disabled button with the reason written beside it.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { Alert, Button, Space, Spin, Tag, Tooltip } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { Money } from '../../format/Money';
import { Decimal } from '../../../../lib/money';
import type { Label } from '../../format/labels';
import { DateInput } from '../../components/DateInput';
import { TableScroll } from '../../components/TableScroll';
import { useT } from '../../i18n';
import { REASON_LABELS } from '../../actions/ActionBar';
import { ENTRY_KIND_LABELS } from './shared';
import { countText, DAYS } from '../../../../domain/words';
import { moneyColumn } from '../../components/columns';
import { customerText } from '../../format/labels';

type Ledger = paths['/ledgers/{customerNo}']['get']['responses']['200']['content']['application/json'];
type Receivable = Ledger['receivables'][number];

/**
 * What makes an outstanding amount, in order: invoiced, then each credit note (negative), adjustment (signed),
 * write-off and receipt (positive, taken off) — a receivable's one cell (應收及沖減 Invoiced and since) and each
 * currency's balance card read the same list, so both add up to the outstanding amount shown under them. Nil
 * amounts other than invoiced are left out.
 */
const AMOUNT_PARTS = [
  ['amount', ['應收', 'Invoiced']],
  ['credited', ['貸項', 'Credited']],
  ['adjusted', ['調整', 'Adjusted']],
  ['writtenOff', ['壞賬核銷', 'Written off']],
  ['received', ['已收', 'Received']],
] as const satisfies readonly (readonly [string, Label])[];

/** The non-nil parts of `amounts` (AMOUNT_PARTS; `amount` is the invoiced amount, always shown). */
function amountParts(amounts: Record<(typeof AMOUNT_PARTS)[number][0], string>) {
  return AMOUNT_PARTS.filter(([k]) => k === 'amount' || !new Decimal(amounts[k]).isZero()).map(
    ([k, label]) => [k, label, amounts[k]] as const,
  );
}

// The entry dialogs and the receipt form (antd Form, Select, Input): modules of their own, loaded when opened (issue 11).
const EntryModal = lazy(() => import('./LedgerDialogs').then((m) => ({ default: m.EntryModal })));
const WriteOffModal = lazy(() => import('./LedgerDialogs').then((m) => ({ default: m.WriteOffModal })));
const AllocateModal = lazy(() => import('./ReceiptDialogs').then((m) => ({ default: m.AllocateModal })));
const RefundModal = lazy(() => import('./ReceiptDialogs').then((m) => ({ default: m.RefundModal })));
const ReceiptForm = lazy(() => import('./ReceiptForm').then((m) => ({ default: m.ReceiptForm })));

export default function CustomerLedgerPage() {
  const t = useT();
  /** `monthly_statement+15` → 月結 +15 天 Monthly statement + 15 days (domain/payment-terms.ts). */
  const termsLabel = (text: string) => {
    const m = /^(monthly_statement|days_after_invoice)\+(\d+)$/.exec(text);
    if (!m) return text;
    const [zh, en] = countText(Number(m[2]), DAYS);
    return m[1] === 'monthly_statement'
      ? t(`月結 +${zh}`, `Monthly statement + ${en}`)
      : t(`發票後 ${zh}`, `${en} after invoice`);
  };
  const { customerNo = '' } = useParams();
  const { businessTimeZone } = useConfig();
  // The as-of date lives in the URL (?asOf=YYYY-MM-DD) so a reload or a shared link keeps it.
  const [params, setParams] = useSearchParams();
  const asOfParam = params.get('asOf');
  const asOf = asOfParam && /^\d{4}-\d{2}-\d{2}$/.test(asOfParam) ? asOfParam : businessToday(businessTimeZone);
  const setAsOf = (d: string) =>
    setParams(
      (p) => {
        p.set('asOf', d);
        return p;
      },
      { replace: true },
    );
  const [entering, setEntering] = useState(false);
  const [entryFor, setEntryFor] = useState<Receivable | null>(null);
  const [writeOffFor, setWriteOffFor] = useState<Receivable | null>(null);
  /** The receipt step open (allocate or refund its credit), by receipt id. */
  const [receiptStep, setReceiptStep] = useState<{ step: 'allocations' | 'refunds'; receiptId: number } | null>(null);
  const ledger = useQuery({
    queryKey: ['ledger', customerNo, asOf],
    queryFn: () => unwrap(api.GET('/ledgers/{customerNo}', { params: { path: { customerNo }, query: { asOf } } })),
  });
  const cases = useQuery({
    queryKey: ['collection-cases', 'customer', customerNo],
    queryFn: () =>
      unwrap(api.GET('/collection-cases', { params: { query: { customerNo, open: 'true', mine: 'false' } } })),
  });
  const l = ledger.data;
  const mayReceive = !!l?.actions.some((a) => a.step === 'receipts' && a.allowed);
  const mayStep = (r: Receivable) => r.actions.length > 0;
  /** An entry's receivable by its job and item (the ledger's own rows), `#id` when not among them. */
  const receivableName = (id: number) => {
    const r = l?.receivables.find((x) => x.id === id);
    return r ? `${r.jobNo} · ${r.label}` : `#${id}`;
  };
  const bucketLabel = (r: Receivable) =>
    r.bucket === 'settled' ? (
      <Tag color="#237804">{t('已結清', 'Settled')}</Tag>
    ) : r.daysPastDue > 0 ? (
      <Tag color="#c0392b">
        {t(`逾期 ${countText(r.daysPastDue, DAYS)[0]}`, `${countText(r.daysPastDue, DAYS)[1]} overdue`)}
      </Tag>
    ) : (
      <Tag color="#1f5fa8">{t('未到期', 'Not yet due')}</Tag>
    );

  // A customer the caller may not see (another team's) or that does not exist: the error alone, as the quote, job
  // and statement pages do — not an empty ledger that reads as "owes nothing" (try-out s13).
  if (ledger.error instanceof ApiError && (ledger.error.status === 404 || ledger.error.status === 403))
    return <ErrorState error={ledger.error} title={['找不到此客戶的臺帳', 'No ledger for this customer']} />;
  return (
    <section aria-labelledby="ledger-title">
      <Typography.Title level={2} id="ledger-title" style={{ fontSize: 22 }}>
        {t('欠款臺帳', 'Customer ledger')} {l ? customerText(l.customerNo, l.customerName) : customerNo}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/desk/receivables">← {t('賬齡表', 'Aging')}</Link>
        <label>
          {t('截至日期', 'As of')}{' '}
          <DateInput
            aria-label={t('截至日期', 'As of')}
            data-testid="ledger-as-of"
            allowClear={false}
            value={asOf}
            onChange={(d) => d && setAsOf(d)}
          />
        </label>
        {l?.actions.some((a) => a.step === 'statements' && a.allowed) && (
          <Link to={`/desk/statements?customerNo=${encodeURIComponent(customerNo)}`} data-testid="draw-statement">
            {t('建立對帳單', 'Draw a statement')}
          </Link>
        )}
        {mayReceive && (
          <Button type="primary" data-testid="enter-receipt" onClick={() => setEntering(!entering)}>
            {t('登記收款', 'Enter a receipt')}
          </Button>
        )}
      </Space>
      {ledger.isError && <ErrorState compact error={ledger.error} onRetry={() => void ledger.refetch()} />}
      <QueryError query={cases} title={['無法讀取異常收款案件', 'Could not read the collection cases']} />
      {(cases.data?.items.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="ledger-collection-cases"
          title={
            <Space wrap>
              {t('異常收款案件', 'Abnormal collection cases')}:
              {cases.data!.items.map((c) => (
                <Link key={c.caseId} to={`/desk/collection-cases/${c.caseId}`} data-testid={`ledger-case-${c.caseId}`}>
                  {c.currency} · {t(`案件 ${c.caseId}`, `case ${c.caseId}`)} · {t(c.statusLabelZh, c.statusLabelEn)}
                </Link>
              ))}
            </Space>
          }
        />
      )}
      <Suspense fallback={entering ? <Spin /> : null}>
        {l && entering && mayReceive && <ReceiptForm ledger={l} onDone={() => setEntering(false)} />}
        {entryFor && <EntryModal receivable={entryFor} onClose={() => setEntryFor(null)} />}
        {writeOffFor && <WriteOffModal receivable={writeOffFor} onClose={() => setWriteOffFor(null)} />}
        {receiptStep?.step === 'allocations' && (
          <AllocateModal
            customerNo={customerNo}
            receiptId={receiptStep.receiptId}
            onClose={() => setReceiptStep(null)}
          />
        )}
        {receiptStep?.step === 'refunds' && (
          <RefundModal customerNo={customerNo} receiptId={receiptStep.receiptId} onClose={() => setReceiptStep(null)} />
        )}
      </Suspense>
      <Space wrap style={{ marginBottom: 16 }} data-testid="ledger-balances">
        {(l?.balances ?? []).map((b) => (
          <Card key={b.currency} size="small" title={b.currency} style={{ minWidth: 240 }}>
            {amountParts({ ...b, amount: b.invoiced }).map(([k, label, amount]) => (
              <div key={k} data-testid={`balance-${k}-${b.currency}`}>
                {t.label(label)} <Money amount={amount} currency={b.currency} />
              </div>
            ))}
            <div data-testid={`outstanding-${b.currency}`}>
              <strong>
                {t('未收', 'Outstanding')} <Money amount={b.outstanding} currency={b.currency} />
              </strong>
            </div>
            <div>
              {t('未沖銷收款', 'Unallocated credit')} <Money amount={b.unallocatedCredit} currency={b.currency} />
            </div>
            <div>
              {t('淨額', 'Net')} <Money amount={b.net} currency={b.currency} />
            </div>
          </Card>
        ))}
      </Space>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        {t('應收款', 'Receivables')}
      </Typography.Title>
      <TableScroll label={t('應收款', 'Receivables')}>
        <DataTable<Receivable>
          data-testid="ledger-receivables"
          rowKey="id"
          size="small"
          pagination={false}
          loading={ledger.isLoading}
          dataSource={l?.receivables ?? []}
          columns={[
            {
              title: t('作業 / 項目', 'Job / Item'),
              key: 'job',
              width: 170,
              render: (_, r) => (
                <>
                  <Link to={`/desk/jobs/${r.jobNo}`}>{r.jobNo}</Link>
                  <div>{r.label}</div>
                </>
              ),
            },
            {
              title: t('發票 / 到期', 'Invoice / Due'),
              key: 'dates',
              width: 175,
              render: (_, r) => (
                <>
                  <div style={{ whiteSpace: 'nowrap' }}>
                    {r.invoiceDate} → {r.dueDate}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {termsLabel(r.paymentTerms)}
                  </Typography.Text>
                </>
              ),
            },
            {
              // What made the outstanding amount: invoiced, then each credit, adjustment and receipt that is not nil.
              title: t('應收及沖減', 'Invoiced and since'),
              key: 'amounts',
              align: 'right',
              width: 215,
              render: (_, r) => (
                <div data-testid={`amounts-${r.id}`}>
                  {amountParts(r).map(([k, label, amount]) => (
                    <div key={k} style={{ whiteSpace: 'nowrap' }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t.label(label)}
                      </Typography.Text>{' '}
                      <Money amount={amount} currency={r.currency} />
                    </div>
                  ))}
                </div>
              ),
            },
            {
              title: t('未收', 'Outstanding'),
              key: 'outstanding',
              align: 'right',
              width: 125,
              render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
            },
            { title: t('狀態', 'Status'), key: 'bucket', width: 130, render: (_, r) => bucketLabel(r) },
            ...((l?.receivables ?? []).some(mayStep)
              ? [
                  {
                    title: t('操作', 'Actions'),
                    key: 'actions',
                    render: (_: unknown, r: Receivable) => (
                      <Space orientation="vertical" size={4}>
                        {r.actions.map((a) => {
                          const open = a.step === 'entries' ? setEntryFor : setWriteOffFor;
                          const why = a.reason ? t.label(REASON_LABELS[a.reason]) : undefined;
                          return (
                            <Tooltip key={a.step} title={why}>
                              <Button
                                size="small"
                                disabled={!a.allowed}
                                aria-label={`${t(a.labelZh, a.labelEn)} ${r.label}${why ? ` (${why})` : ''}`}
                                data-testid={`${a.step === 'entries' ? 'adjust' : a.step}-${r.id}`}
                                onClick={() => open(r)}
                              >
                                {t(a.labelZh, a.labelEn)}
                              </Button>
                            </Tooltip>
                          );
                        })}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </TableScroll>
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 24 }}>
        {t('收款', 'Receipts')}
      </Typography.Title>
      <TableScroll label={t('收款', 'Receipts')}>
        <DataTable
          data-testid="ledger-receipts"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={l?.receipts ?? []}
          columns={[
            {
              title: t('收款日 / 參考號', 'Received / Ref.'),
              key: 'on',
              width: 170,
              render: (_, p) => (
                <>
                  <div style={{ whiteSpace: 'nowrap' }}>{p.receivedOn}</div>
                  <div>{p.reference}</div>
                </>
              ),
            },
            { title: t('付款人', 'Payer'), dataIndex: 'payer', key: 'payer' },
            ...(['amount', 'allocated', 'refunded', 'unallocated'] as const).map((k) => ({
              title: {
                amount: t('收款金額', 'Amount received'),
                allocated: t('已沖銷', 'Allocated'),
                refunded: t('已退款', 'Refunded'),
                unallocated: t('未沖銷', 'Unallocated'),
              }[k],
              key: k,
              align: 'right' as const,
              width: 135,
              render: (_: unknown, p: Ledger['receipts'][number]) => <Money amount={p[k]} currency={p.currency} />,
            })),
            {
              title: t('登記人', 'Entered by'),
              key: 'by',
              width: 110,
              render: (_, r) => r.enteredByName ?? r.enteredBy,
            },
            ...((l?.receipts ?? []).some((p) => p.actions.length > 0)
              ? [
                  {
                    // The receipt's own steps (its `actions`): allocate or refund what is unallocated today.
                    title: t('操作', 'Actions'),
                    key: 'actions',
                    render: (_: unknown, p: Ledger['receipts'][number]) => (
                      <Space orientation="vertical" size={4}>
                        {p.actions.map((a) => {
                          const why = a.reason ? t.label(REASON_LABELS[a.reason]) : undefined;
                          return (
                            <div key={a.step}>
                              <Button
                                size="small"
                                disabled={!a.allowed}
                                aria-label={`${t(a.labelZh, a.labelEn)} ${p.reference}${why ? ` (${why})` : ''}`}
                                data-testid={`receipt-${a.step}-${p.id}`}
                                onClick={() =>
                                  (a.step === 'allocations' || a.step === 'refunds') &&
                                  setReceiptStep({ step: a.step, receiptId: p.id })
                                }
                              >
                                {t(a.labelZh, a.labelEn)}
                              </Button>
                              {why && (
                                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                                  {why}
                                </Typography.Text>
                              )}
                            </div>
                          );
                        })}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </TableScroll>
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 24 }}>
        {t('分錄', 'Entries')}
      </Typography.Title>
      <TableScroll label={t('分錄', 'Entries')}>
        <DataTable
          data-testid="ledger-entries"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={l?.entries ?? []}
          columns={[
            {
              title: t('日期 / 類別', 'Date / Kind'),
              key: 'date',
              width: 170,
              render: (_, e) => (
                <>
                  <div style={{ whiteSpace: 'nowrap' }}>{e.entryDate}</div>
                  <div>{t.label(ENTRY_KIND_LABELS[e.kind] ?? [e.kind, e.kind])}</div>
                </>
              ),
            },
            {
              // The receivable (job · item) and, for an allocation or a refund, its receipt.
              title: t('應收款 / 收款', 'Receivable / Receipt'),
              key: 'rid',
              width: 230,
              render: (_, e) => (
                <>
                  <div>{receivableName(e.receivableId)}</div>
                  {e.receiptId != null && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`收款 #${e.receiptId}`, `receipt #${e.receiptId}`)}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            { ...moneyColumn<Ledger['entries'][number]>(t('金額', 'Amount')), width: 135 },
            { title: t('原因', 'Reason'), dataIndex: 'reason', key: 'reason' },
            {
              title: t('記錄人', 'By'),
              key: 'by',
              width: 110,
              render: (_, r) => r.createdByName ?? r.createdBy,
            },
          ]}
        />
      </TableScroll>
    </section>
  );
}
