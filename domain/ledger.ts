/**
 * The receivables ledger's arithmetic 欠款臺帳 (§3.4.1), in one place and free of I/O. Amounts are
 * exact `Decimal`s (lib/money.ts); every entry on a receivable is signed — positive
 * raises what the customer owes (invoice, an upward adjustment), negative lowers it (credit note, a
 * downward adjustment, a receipt's allocation, a GM-approved write-off 壞賬核銷). A receivable's outstanding amount is the sum of its
 * entries, never stored; a receipt's unallocated credit is its amount less its allocations and refunds.
 * Nothing is ever edited: a correction is a new entry.
 */
import type { Currency } from '../machines/catalog';
import { Decimal, moneyText } from '../lib/money';
import { daysBetween } from './payment-terms';
import { countText, DAYS } from './words';
import { bilingual } from '../machines/refusal-text';

export const ENTRY_KINDS = ['invoice', 'credit_note', 'adjustment', 'allocation', 'write_off'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  invoice: '發票 Invoice',
  credit_note: '貸項通知 Credit note',
  adjustment: '調整 Adjustment',
  allocation: '收款沖銷 Receipt allocated',
  write_off: '壞賬核銷 Written off',
};

/** One ledger entry as the arithmetic needs it: signed scaled amount, business date it counts from. */
export interface EntryFigure {
  amount: Decimal;
  entryDate: string;
}

/** Sum of the entries dated on or before `asOf` (all of them without it): the outstanding amount. */
export function sumAsOf(entries: readonly EntryFigure[], asOf?: string): Decimal {
  let s = new Decimal(0);
  for (const e of entries) if (asOf === undefined || e.entryDate <= asOf) s = s.plus(e.amount);
  return s;
}

/** A receivable as an allocation sees it. `outstanding` is the sum of its entries now. */
/**
 * How people know a receivable in a text (a refusal, a label): its job number and item, `"J2026-00012 · 海運費"` —
 * never its internal id.
 */
export const receivableText = (r: { jobNo: string; label: string }): string => `${r.jobNo} · ${r.label}`;

export interface OpenReceivable {
  id: number;
  /** Its job and item (receivableText). */
  jobNo: string;
  label: string;
  customerNo: string;
  currency: Currency;
  invoiceDate: string;
  outstanding: Decimal;
}

/** A receipt as an allocation sees it: its unallocated credit now. */
export interface ReceiptBalance {
  id: number;
  customerNo: string;
  currency: Currency;
  receivedOn: string;
  unallocated: Decimal;
}

export interface AllocationRequest {
  receivableId: number;
  /** Positive amount. */
  amount: Decimal;
}

/** Why a request is refused: the body field it concerns and a message for people. */
export interface LedgerProblem {
  field: string;
  message: string;
}

/**
 * Checks allocations of one receipt to receivables and returns the allocation entries (negative
 * amounts), or the first problem: a receivable not of the receipt's customer or currency, listed twice,
 * an amount of zero, more than its outstanding amount, or a total beyond the receipt's unallocated
 * credit. Money moves only from the receipt's credit to the receivables, exactly: the sum of the
 * entries is minus the total allocated (a fast-check property holds this).
 * `entryDate` of each entry: the later of `date` and the receivable's invoice date.
 */
export function planAllocations(
  receipt: ReceiptBalance,
  receivables: ReadonlyMap<number, OpenReceivable>,
  requests: readonly AllocationRequest[],
  date: string,
): { entries: { receivableId: number; amount: Decimal; entryDate: string }[] } | { problem: LedgerProblem } {
  const seen = new Set<number>();
  let total = new Decimal(0);
  const entries: { receivableId: number; amount: Decimal; entryDate: string }[] = [];
  for (const [i, r] of requests.entries()) {
    const field = `allocations.${i}`;
    const rec = receivables.get(r.receivableId);
    if (!rec || rec.customerNo !== receipt.customerNo)
      return {
        problem: {
          field: `${field}.receivableId`,
          message: bilingual(
            `${rec ? `應收款 ${receivableText(rec)}` : `應收款編號 ${r.receivableId}`} 不屬於客戶 ${receipt.customerNo}`,
            `${rec ? `receivable ${receivableText(rec)}` : `receivable id ${r.receivableId}`} is not one of customer ${receipt.customerNo}'s`,
          ),
        },
      };
    if (seen.has(r.receivableId))
      return {
        problem: {
          field: `${field}.receivableId`,
          message: bilingual(
            `應收款 ${receivableText(rec)} 重複列出`,
            `receivable ${receivableText(rec)} is listed twice`,
          ),
        },
      };
    seen.add(r.receivableId);
    if (rec.currency !== receipt.currency)
      return {
        problem: {
          field: `${field}.receivableId`,
          message: bilingual(
            `應收款 ${receivableText(rec)} 為 ${rec.currency}，收款為 ${receipt.currency}：不同幣別不得混用`,
            `receivable ${receivableText(rec)} is in ${rec.currency}, the receipt in ${receipt.currency}: currencies are never mixed`,
          ),
        },
      };
    if (r.amount.lte(0)) return { problem: { field: `${field}.amount`, message: 'must be greater than zero' } };
    if (r.amount.gt(rec.outstanding))
      return {
        problem: {
          field: `${field}.amount`,
          message: bilingual(
            `超過應收款 ${receivableText(rec)} 的未收金額 ${moneyText(rec.outstanding, rec.currency)}`,
            `more than the outstanding ${moneyText(rec.outstanding, rec.currency)} of receivable ${receivableText(rec)}`,
          ),
        },
      };
    total = total.plus(r.amount);
    entries.push({
      receivableId: r.receivableId,
      amount: r.amount.neg(),
      entryDate: rec.invoiceDate > date ? rec.invoiceDate : date,
    });
  }
  if (total.gt(receipt.unallocated))
    return {
      problem: {
        field: 'allocations',
        message: bilingual('分配總額超過收款的未分配餘額', `the allocations exceed the receipt's unallocated credit`),
      },
    };
  return { entries };
}

/** A correction of a receivable: a credit note, an adjustment, a GM-approved write-off. */
export interface CorrectionRequest {
  kind: 'credit_note' | 'adjustment' | 'write_off';
  /** A credit note and a write-off always lower what is owed. */
  direction: 'increase' | 'decrease';
  /** Positive. */
  amount: Decimal;
}

/**
 * The signed entry of a correction on a receivable whose outstanding amount is `outstanding`, or why it
 * is refused: an amount of zero or less, a credit note or write-off raising what is owed, or lowering by
 * more than the outstanding amount (no receivable goes below zero). The entry moves the outstanding
 * amount by exactly its own amount — a fast-check property holds that corrections neither create nor
 * lose money (outstanding = sum of entries).
 */
export function planCorrection(
  outstanding: Decimal,
  c: CorrectionRequest,
): { amount: Decimal } | { problem: LedgerProblem } {
  if (c.kind !== 'adjustment' && c.direction === 'increase')
    return {
      problem: {
        field: 'direction',
        message: bilingual(
          `${c.kind === 'write_off' ? '壞賬核銷' : '貸項'}只能減少應收金額`,
          `a ${c.kind} always lowers what is owed`,
        ),
      },
    };
  if (c.amount.lte(0)) return { problem: { field: 'amount', message: 'must be greater than zero' } };
  if (c.direction === 'decrease' && c.amount.gt(outstanding))
    return {
      problem: {
        field: 'amount',
        message: bilingual('超過應收款的未收金額', 'more than the receivable’s outstanding amount'),
      },
    };
  return { amount: c.direction === 'decrease' ? c.amount.neg() : c.amount };
}

/**
 * Aging buckets 賬齡 by days past due = as-of date − due date, in calendar days of the business calendar.
 * `edges` [30, 60, 90] give: not yet due (≤ 0 days: due on the as-of date itself is not yet overdue),
 * 1–30, 31–60, 61–90, over 90; a boundary day belongs to the bucket it ends (30 → 1–30, 31 → 31–60).
 */
export const DEFAULT_AGING_EDGES: readonly number[] = [30, 60, 90];

export interface AgingBucket {
  key: string;
  labelZh: string;
  labelEn: string;
  /** Smallest days past due in the bucket (null: not yet due). */
  fromDays: number | null;
  /** Largest days past due in the bucket (null: no upper end). */
  toDays: number | null;
}

/** The buckets of strictly increasing positive `edges` (validated by the caller). */
export function agingBuckets(edges: readonly number[] = DEFAULT_AGING_EDGES): AgingBucket[] {
  const out: AgingBucket[] = [{ key: 'not_due', labelZh: '未到期', labelEn: 'Not yet due', fromDays: null, toDays: 0 }];
  let lo = 1;
  for (const e of edges) {
    out.push({
      key: `d${lo}_${e}`,
      labelZh: `逾期 ${lo}–${e} 天`,
      labelEn: `${lo}–${e} days`,
      fromDays: lo,
      toDays: e,
    });
    lo = e + 1;
  }
  const last = edges[edges.length - 1] ?? 0;
  out.push({
    key: `over_${last}`,
    labelZh: `逾期超過 ${countText(last, DAYS)[0]}`,
    labelEn: `Over ${countText(last, DAYS)[1]}`,
    fromDays: last + 1,
    toDays: null,
  });
  return out;
}

/** Whether `edges` are usable bucket edges: 1–10 strictly increasing whole days from 1 to 3650. */
export const validAgingEdges = (edges: readonly number[]): boolean =>
  edges.length >= 1 &&
  edges.length <= 10 &&
  edges.every((e, i) => Number.isInteger(e) && e >= 1 && e <= 3650 && (i === 0 || e > edges[i - 1]!));

/** Days past due on `asOf` of a receivable due on `dueDate` (negative: not yet due). */
export const daysPastDue = (dueDate: string, asOf: string): number => daysBetween(dueDate, asOf);

/**
 * Whether a receivable due on `dueDate` is past due (overdue) on `asOf`, both business dates (YYYY-MM-DD, the
 * business time zone's calendar: `businessToday()` for now). The one rule of "overdue": past due from the day
 * after the due day — on the due day itself it is not yet due (the aging's `not_due` bucket, `bucketOf`); a
 * write-off proposal (§3.4.2) is refused `not_due` before it; the collection's past-due receivables are these.
 */
export const isPastDue = (dueDate: string, asOf: string): boolean => daysPastDue(dueDate, asOf) > 0;

/** A receivable's standing on a day (the job page's status column, GET /jobs/{no} `receivables[].status`). */
export type ReceivableStanding = 'settled' | 'overdue' | 'part_settled' | 'open';

/**
 * The standing on `asOf` of a receivable of `amount` with `outstanding` left (both exact decimal strings of its
 * currency, from its ledger entries — never a stored status): `settled` 已結清 nothing outstanding; `overdue` 逾期
 * outstanding past its due date (`isPastDue`); `part_settled` 部分結清 less outstanding than invoiced (received,
 * credited or adjusted in part); else `open` 未收.
 */
export function receivableStanding(
  amount: string,
  outstanding: string,
  dueDate: string,
  asOf: string,
): ReceivableStanding {
  const left = new Decimal(outstanding);
  if (left.lte(0)) return 'settled';
  if (isPastDue(dueDate, asOf)) return 'overdue';
  return left.lt(new Decimal(amount)) ? 'part_settled' : 'open';
}

/** The bucket key for a number of days past due. */
export function bucketOf(days: number, edges: readonly number[] = DEFAULT_AGING_EDGES): string {
  if (!(days > 0)) return 'not_due'; // the threshold of isPastDue
  let lo = 1;
  for (const e of edges) {
    if (days <= e) return `d${lo}_${e}`;
    lo = e + 1;
  }
  return `over_${edges[edges.length - 1] ?? 0}`;
}
