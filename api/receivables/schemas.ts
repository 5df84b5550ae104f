import { z } from 'zod';
import { ENTRY_KINDS } from '../../domain/ledger';
import { PAYMENT_TERM_KINDS } from '../../domain/payment-terms';
import { CURRENCIES, type Currency } from '../../machines/catalog';
import { amountDigitsProblem } from '../../lib/money';
import { RecordActions } from '../actions';
import { currencyAmounts, identifier, isoDate, moneyAmount, optionalText, text } from '../schemas';

const positive = moneyAmount.refine((v) => !/^0(\.0+)?$/.test(v), 'must be greater than zero');
const id = z.coerce.number().int().min(1).max(2_147_483_647);

export const CustomerLedgerParams = z.strictObject({ customerNo: identifier() });
export const ReceiptParams = z.strictObject({ receiptId: id });
export const ReceivableParams = z.strictObject({ receivableId: id });
export const ContractParams = z.strictObject({ contractNo: identifier() });

export const AsOfQuery = z.strictObject({
  asOf: isoDate.optional().describe('Balances as of this business date (default today): entries dated on or before it'),
});

const AllocationBody = z.strictObject({ receivableId: id, amount: positive });

/** Each allocation amount in the receipt's currency's digits (400 at its own path). */
function allocationDigits(obj: { currency: Currency; allocations?: { amount: string }[] }, ctx: z.RefinementCtx): void {
  for (const [i, a] of (obj.allocations ?? []).entries()) {
    const problem = amountDigitsProblem('amount', a.amount, obj.currency);
    if (problem) ctx.addIssue({ code: 'custom', path: ['allocations', i, 'amount'], message: problem });
  }
}

export const CreateReceiptBody = z
  .strictObject({
    customerNo: text(64),
    payer: text(200).describe('Who paid (the customer or a third party paying for it)'),
    currency: z.enum(CURRENCIES),
    amount: positive,
    receivedOn: isoDate.describe(
      'Business date the money arrived; not in the future, not before the start of last year',
    ),
    reference: text(200).describe('Bank reference, cheque or remittance number'),
    note: optionalText(2000),
    allocations: z
      .array(AllocationBody)
      .max(200)
      .default([])
      .describe(
        'Receivables of the customer this money pays, each at most its outstanding amount; the rest stays unallocated credit',
      ),
  })
  .superRefine(currencyAmounts('amount'))
  .superRefine(allocationDigits);

export const AllocateBody = z.strictObject({ allocations: z.array(AllocationBody).min(1).max(200) });

export const RefundBody = z.strictObject({
  amount: positive,
  refundedOn: isoDate.optional().describe('Default today; not before the receipt, not in the future'),
  reference: text(200),
});

export const EntryBody = z
  .strictObject({
    kind: z.enum(['credit_note', 'adjustment']),
    direction: z
      .enum(['increase', 'decrease'])
      .optional()
      .describe('adjustment: whether it raises or lowers what is owed (required); a credit note always lowers it'),
    amount: positive,
    entryDate: isoDate.optional().describe('Default today; not before the invoice date, not in the future'),
    reason: text(2000),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'adjustment' && !b.direction)
      ctx.addIssue({ code: 'custom', path: ['direction'], message: 'an adjustment needs a direction' });
    if (b.kind === 'credit_note' && b.direction === 'increase')
      ctx.addIssue({ code: 'custom', path: ['direction'], message: 'a credit note always lowers what is owed' });
  });

export const PaymentTermsBody = z.strictObject({
  kind: z.enum(PAYMENT_TERM_KINDS),
  days: z.number().int().min(0).max(365),
});

export const PaymentTermsView = z.object({
  contractNo: z.string(),
  kind: z.enum(PAYMENT_TERM_KINDS),
  days: z.number().int(),
  text: z.string(),
  label: z.string(),
});

const money = z.string().describe('Exact decimal with the currency’s digits');

export const ReceivableView = z.object({
  id: z.number().int(),
  jobNo: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  contractNo: z.string(),
  label: z.string(),
  source: z.string(),
  currency: z.string(),
  amount: money,
  invoiceDate: z.string(),
  paymentTerms: z.string(),
  dueDate: z.string(),
  credited: money,
  adjusted: money,
  writtenOff: money.describe('What GM-approved write-offs 壞賬核銷 took off (positive)'),
  received: money,
  outstanding: money,
  daysPastDue: z.number().int().describe('As-of date − due date in calendar days (≤ 0: not yet due)'),
  bucket: z.string(),
});

export const EntryView = z.object({
  id: z.number().int(),
  receivableId: z.number().int(),
  kind: z.enum(ENTRY_KINDS),
  currency: z.string(),
  amount: money.describe('Signed: positive raises what is owed'),
  entryDate: z.string(),
  receiptId: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string(),
  createdByName: z.string().nullable().describe('Display name of createdBy (`system`: 系統 System)'),
  createdAt: z.string(),
});

export const ReceiptView = z.object({
  id: z.number().int(),
  customerNo: z.string(),
  customerName: z.string(),
  payer: z.string(),
  currency: z.string(),
  amount: money,
  receivedOn: z.string(),
  reference: z.string(),
  note: z.string().nullable(),
  enteredBy: z.string(),
  enteredByName: z.string().nullable().describe('Display name of enteredBy'),
  allocated: money,
  refunded: money,
  unallocated: money.describe('Credit of the customer not yet allocated nor refunded'),
});

export const ReceiptDetail = ReceiptView.extend({
  allocations: z.array(
    z.object({
      entryId: z.number().int(),
      receivableId: z.number().int(),
      jobNo: z.string(),
      label: z.string(),
      amount: money,
      entryDate: z.string(),
    }),
  ),
  refunds: z.array(
    z.object({
      id: z.number().int(),
      amount: money,
      refundedOn: z.string(),
      reference: z.string(),
      enteredBy: z.string(),
      enteredByName: z.string().nullable(),
    }),
  ),
});

export const CurrencyBalance = z.object({
  currency: z.string(),
  invoiced: money,
  credited: money,
  adjusted: money,
  writtenOff: money,
  received: money,
  outstanding: money.describe('Sum of the receivables’ entries'),
  unallocatedCredit: money,
  net: money.describe('outstanding − unallocated credit'),
});

export const CustomerLedger = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  asOf: z.string(),
  balances: z.array(CurrencyBalance).describe('One per currency, never summed across currencies'),
  receivables: z.array(
    ReceivableView.extend({ actions: RecordActions.describe('Steps on this receivable now (ledger-actions.ts)') }),
  ),
  entries: z.array(EntryView),
  receipts: z.array(ReceiptView.extend({ actions: RecordActions.describe('Steps on this receipt now') })),
  actions: RecordActions.describe('Ledger-wide steps now: enter a receipt, draw a statement'),
});

export const ReceivableListQuery = z.strictObject({
  asOf: isoDate.optional(),
  customerNo: identifier().optional(),
  ownerId: identifier().optional(),
  currency: z.enum(CURRENCIES).optional(),
  jobNo: identifier().optional(),
  open: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only receivables with an outstanding amount (the unpaid list 未收款客戶明細表)'),
});

export const ReceivableList = z.object({ asOf: z.string(), items: z.array(ReceivableView) });

export const ReceiptListQuery = z.strictObject({
  asOf: isoDate.optional(),
  customerNo: identifier().optional(),
  currency: z.enum(CURRENCIES).optional(),
  withCredit: z.enum(['true', 'false']).optional().describe('true: only receipts with unallocated credit'),
});
export const ReceiptList = z.object({ asOf: z.string(), items: z.array(ReceiptView) });

const bucketEdges = z
  .string()
  .regex(/^\d{1,4}(,\d{1,4}){0,9}$/, 'must be 1–10 whole numbers of days, comma-separated, e.g. 30,60,90')
  .describe('Bucket edges in days past due (default AGING_BUCKET_DAYS, 30,60,90)');

export const AgingQuery = z.strictObject({
  asOf: isoDate.optional(),
  customerNo: identifier().optional(),
  ownerId: identifier().optional(),
  currency: z.enum(CURRENCIES).optional(),
  buckets: bucketEdges.optional(),
});

export const ExportQuery = AgingQuery.extend({
  report: z
    .enum(['aging', 'detail', 'unpaid'])
    .describe('aging 賬齡表, detail 應收款客戶明細表, unpaid 未收款客戶明細表'),
});

const BucketAmounts = z.record(z.string(), money);
export const AgingRow = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  currency: z.string(),
  buckets: BucketAmounts,
  outstanding: money,
  unallocatedCredit: money,
  net: money,
  disputed: money.describe(
    'Of the outstanding amount, what is under open dispute 爭議 (kept in the buckets; left out of the collection schedule)',
  ),
});
export const AgingTotal = z.object({ currency: z.string(), buckets: BucketAmounts, outstanding: money });

export const AgingReport = z.object({
  asOf: z.string(),
  timeZone: z.string(),
  buckets: z.array(
    z.object({
      key: z.string(),
      labelZh: z.string(),
      labelEn: z.string(),
      fromDays: z.number().int().nullable(),
      toDays: z.number().int().nullable(),
    }),
  ),
  rows: z.array(AgingRow).describe('Per customer and currency'),
  bySalesperson: z.array(AgingTotal.extend({ ownerId: z.string(), ownerName: z.string() })),
  totals: z.array(AgingTotal).describe('Per currency'),
});
