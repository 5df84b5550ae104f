/** Answers of the receivables routes: amounts with their currency's digits, days past due and buckets, balances per currency. */
import type { ReceiptBalanceRow, ReceivableBalanceRow } from '../../db/ledger.repository';
import type { ReceivableEntryRow } from '../../db/receivable-entry.table';
import { receivableLabel } from '../../domain/job-billing';
import { roleLabel } from '../../domain/labels';
import { bucketOf, daysPastDue } from '../../domain/ledger';
import type { Currency } from '../../machines/catalog';
import { Decimal, formatMoney, parseDecimal } from '../../lib/money';

/** A numeric(18,4) string shown with the currency's digits (entries are exact in them, nothing is lost). */
export const fmt = (amount: string, currency: string): string => formatMoney(amount, currency as Currency);
/** A computed sum shown with the currency's digits. */
export const fmtScaled = (v: Decimal, currency: string): string => formatMoney(v, currency as Currency);

export function toReceivable(r: ReceivableBalanceRow, asOf: string, edges: readonly number[]) {
  const days = daysPastDue(r.due_date, asOf);
  return {
    id: r.id,
    jobNo: r.job_no,
    customerNo: r.customer_no,
    customerName: r.customer_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    contractNo: r.contract_no,
    label: receivableLabel(r.label),
    source: r.source,
    currency: r.currency,
    amount: fmt(r.amount, r.currency),
    invoiceDate: r.invoice_date,
    paymentTerms: r.payment_terms,
    dueDate: r.due_date,
    credited: fmt(r.credited, r.currency),
    adjusted: fmt(r.adjusted, r.currency),
    writtenOff: fmt(r.written_off, r.currency),
    received: fmt(r.received, r.currency),
    outstanding: fmt(r.outstanding, r.currency),
    daysPastDue: days,
    bucket: parseDecimal(r.outstanding).isZero() ? 'settled' : bucketOf(days, edges),
  };
}

const SYSTEM = roleLabel('system');
/** Display names by user id (findDisplayNames); `system` (billing raised by the job's step) is 系統 System. */
export type Names = ReadonlyMap<string, string>;
export const nameIn = (names: Names, id: string): string | null =>
  id === 'system' ? `${SYSTEM.zh} ${SYSTEM.en}` : (names.get(id) ?? null);

export const toEntry = (e: ReceivableEntryRow, names: Names) => ({
  id: e.id,
  receivableId: e.receivable_id,
  kind: e.kind,
  currency: e.currency,
  amount: fmt(e.amount, e.currency),
  entryDate: e.entry_date,
  receiptId: e.receipt_id,
  reason: e.reason,
  createdBy: e.created_by,
  createdByName: nameIn(names, e.created_by),
  createdAt: e.created_at.toISOString(),
});

export const toReceipt = (p: ReceiptBalanceRow, names: Names) => ({
  id: p.id,
  customerNo: p.customer_no,
  customerName: p.customer_name,
  payer: p.payer,
  currency: p.currency,
  amount: fmt(p.amount, p.currency),
  receivedOn: p.received_on,
  reference: p.reference,
  note: p.note,
  enteredBy: p.entered_by,
  enteredByName: nameIn(names, p.entered_by),
  allocated: fmt(p.allocated, p.currency),
  refunded: fmt(p.refunded, p.currency),
  unallocated: fmt(p.unallocated, p.currency),
});

/** Balances per currency (never summed across currencies) of receivables and receipts, in currency order. */
export function balancesOf(receivables: readonly ReceivableBalanceRow[], receipts: readonly ReceiptBalanceRow[]) {
  const zero = () => ({
    invoiced: new Decimal(0),
    credited: new Decimal(0),
    adjusted: new Decimal(0),
    writtenOff: new Decimal(0),
    received: new Decimal(0),
    outstanding: new Decimal(0),
    credit: new Decimal(0),
  });
  const by = new Map<string, ReturnType<typeof zero>>();
  const of = (c: string) => by.get(c) ?? by.set(c, zero()).get(c)!;
  for (const r of receivables) {
    const b = of(r.currency);
    b.invoiced = b.invoiced.plus(parseDecimal(r.amount));
    b.credited = b.credited.plus(parseDecimal(r.credited));
    b.adjusted = b.adjusted.plus(parseDecimal(r.adjusted));
    b.writtenOff = b.writtenOff.plus(parseDecimal(r.written_off));
    b.received = b.received.plus(parseDecimal(r.received));
    b.outstanding = b.outstanding.plus(parseDecimal(r.outstanding));
  }
  for (const p of receipts) {
    const b = of(p.currency);
    b.credit = b.credit.plus(parseDecimal(p.unallocated));
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, b]) => ({
      currency,
      invoiced: fmtScaled(b.invoiced, currency),
      credited: fmtScaled(b.credited, currency),
      adjusted: fmtScaled(b.adjusted, currency),
      writtenOff: fmtScaled(b.writtenOff, currency),
      received: fmtScaled(b.received, currency),
      outstanding: fmtScaled(b.outstanding, currency),
      unallocatedCredit: fmtScaled(b.credit, currency),
      net: fmtScaled(b.outstanding.minus(b.credit), currency),
    }));
}
