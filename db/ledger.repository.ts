/**
 * All SQL of the receivables ledger 欠款臺帳: receivables with their outstanding amounts as of a date,
 * their entries, receipts with their unallocated credit, refunds, and contracts' payment terms. Amounts
 * are numeric(18,4) decimal strings; sums are exact. Dates are business dates `YYYY-MM-DD`; "as of" a
 * date counts what is dated on or before it (entry_date, invoice_date, received_on, refunded_on).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PaymentTermKind, PaymentTerms } from '../domain/payment-terms';
import type { EntryKind } from '../domain/ledger';
import type { Database } from './database';
import type { ReceivableEntryRow } from './receivable-entry.table';
import type { ReceiptRow } from './receipt.table';
import type { ReceiptRefundRow } from './receipt-refund.table';

type Db = Kysely<Database> | Transaction<Database>;

export async function findContractPaymentTerms(db: Db, contractNo: string): Promise<PaymentTerms | undefined> {
  const row = await db
    .selectFrom('contract_payment_terms')
    .select(['kind', 'days'])
    .where('contract_no', '=', contractNo)
    .executeTakeFirst();
  return row ? { kind: row.kind, days: row.days } : undefined;
}

/** The signed contract `contractNo` with its customer and the customer's owner, if it exists. */
export async function findContractParty(
  db: Db,
  contractNo: string,
): Promise<{ contractNo: string; customerNo: string; ownerId: string } | undefined> {
  const row = await db
    .selectFrom('contracts as k')
    .innerJoin('quotes as q', 'q.quote_no', 'k.quote_no')
    .innerJoin('customers as c', 'c.customer_no', 'q.customer_no')
    .select(['k.contract_no', 'c.customer_no', 'c.owner_id'])
    .where('k.contract_no', '=', contractNo)
    .executeTakeFirst();
  return row?.contract_no
    ? { contractNo: row.contract_no, customerNo: row.customer_no, ownerId: row.owner_id }
    : undefined;
}

/** Sets a contract's payment terms (the row locked first); returns what they were. */
export async function setContractPaymentTerms(
  trx: Transaction<Database>,
  contractNo: string,
  terms: PaymentTerms,
  by: string,
): Promise<PaymentTerms | undefined> {
  const before = await trx
    .selectFrom('contract_payment_terms')
    .select(['kind', 'days'])
    .where('contract_no', '=', contractNo)
    .forUpdate()
    .executeTakeFirst();
  await trx
    .insertInto('contract_payment_terms')
    .values({ contract_no: contractNo, kind: terms.kind, days: terms.days, set_by: by })
    .onConflict((oc) =>
      oc.column('contract_no').doUpdateSet({ kind: terms.kind, days: terms.days, set_by: by, set_at: new Date() }),
    )
    .execute();
  return before ? { kind: before.kind as PaymentTermKind, days: before.days } : undefined;
}

/** A receivable with its customer, owner and sums of its entries as of a date (decimal strings). */
export interface ReceivableBalanceRow {
  id: number;
  job_no: string;
  customer_no: string;
  customer_name: string;
  owner_id: string;
  owner_name: string;
  credit_standing: string | null;
  contract_no: string;
  label: string;
  source: string;
  currency: string;
  amount: string;
  invoice_date: string;
  payment_terms: string;
  due_date: string;
  credited: string;
  adjusted: string;
  /** Positive: what GM-approved write-offs took off. */
  written_off: string;
  received: string;
  outstanding: string;
}

export interface ReceivableFilter {
  asOf: string;
  customerNo?: string | undefined;
  /** Owners whose customers are in sight; undefined: all. */
  ownerIds?: readonly string[] | undefined;
  ownerId?: string | undefined;
  currency?: string | undefined;
  jobNo?: string | undefined;
  /** Only those with a non-zero outstanding amount as of the date. */
  openOnly?: boolean;
}

/** Receivables invoiced on or before `asOf`, with entry sums as of it; by customer, currency, due date. */
export async function listReceivableBalances(db: Db, f: ReceivableFilter): Promise<ReceivableBalanceRow[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  const sumOf = (kind: EntryKind | null) =>
    kind
      ? sql<string>`coalesce(sum(e.amount) filter (where e.kind = ${kind} and e.entry_date <= ${f.asOf}), 0)::text`
      : sql<string>`coalesce(sum(e.amount) filter (where e.entry_date <= ${f.asOf}), 0)::text`;
  let q = db
    .selectFrom('receivables as r')
    .innerJoin('customers as c', 'c.customer_no', 'r.customer_no')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .leftJoin('receivable_entries as e', 'e.receivable_id', 'r.id')
    .select([
      'r.id',
      'r.job_no',
      'r.customer_no',
      'c.full_name as customer_name',
      'c.owner_id',
      'u.display_name as owner_name',
      'c.credit_standing',
      'r.contract_no',
      'r.label',
      'r.source',
      'r.currency',
      'r.amount',
      'r.invoice_date',
      'r.payment_terms',
      'r.due_date',
      sumOf('credit_note').as('credited'),
      sumOf('adjustment').as('adjusted'),
      sql<string>`(-coalesce(sum(e.amount) filter (where e.kind = 'write_off' and e.entry_date <= ${f.asOf}), 0))::text`.as(
        'written_off',
      ),
      sql<string>`(-coalesce(sum(e.amount) filter (where e.kind = 'allocation' and e.entry_date <= ${f.asOf}), 0))::text`.as(
        'received',
      ),
      sumOf(null).as('outstanding'),
    ])
    .where('r.invoice_date', '<=', f.asOf)
    .groupBy(['r.id', 'c.full_name', 'c.owner_id', 'c.credit_standing', 'u.display_name']);
  if (f.customerNo) q = q.where('r.customer_no', '=', f.customerNo);
  if (f.ownerIds) q = q.where('c.owner_id', 'in', [...f.ownerIds]);
  if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId);
  if (f.currency) q = q.where('r.currency', '=', f.currency);
  if (f.jobNo) q = q.where('r.job_no', '=', f.jobNo);
  if (f.openOnly) q = q.having(sql<boolean>`coalesce(sum(e.amount) filter (where e.entry_date <= ${f.asOf}), 0) <> 0`);
  return q.orderBy('r.customer_no').orderBy('r.currency').orderBy('r.due_date').orderBy('r.id').execute();
}

/** The ledger entries of a customer dated on or before `asOf`, in date order. */
export async function listCustomerEntries(db: Db, customerNo: string, asOf: string): Promise<ReceivableEntryRow[]> {
  return db
    .selectFrom('receivable_entries')
    .selectAll()
    .where('customer_no', '=', customerNo)
    .where('entry_date', '<=', asOf)
    .orderBy('entry_date')
    .orderBy('id')
    .execute();
}

/** A receipt with what of it is allocated and refunded as of a date, and the rest (unallocated credit). */
export interface ReceiptBalanceRow extends ReceiptRow {
  customer_name: string;
  owner_id: string;
  owner_name: string;
  allocated: string;
  refunded: string;
  unallocated: string;
}

export interface ReceiptFilter {
  asOf: string;
  customerNo?: string | undefined;
  ownerIds?: readonly string[] | undefined;
  ownerId?: string | undefined;
  currency?: string | undefined;
  receiptId?: number | undefined;
  /** Only receipts with unallocated credit left as of the date. */
  withCreditOnly?: boolean;
}

/** Receipts received on or before `asOf` with their balances as of it, newest first. */
export async function listReceiptBalances(db: Db, f: ReceiptFilter): Promise<ReceiptBalanceRow[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  const allocated = sql<string>`coalesce((select -sum(e.amount) from receivable_entries e
    where e.receipt_id = p.id and e.entry_date <= ${f.asOf}), 0)`;
  const refunded = sql<string>`coalesce((select sum(x.amount) from receipt_refunds x
    where x.receipt_id = p.id and x.refunded_on <= ${f.asOf}), 0)`;
  let q = db
    .selectFrom('receipts as p')
    .innerJoin('customers as c', 'c.customer_no', 'p.customer_no')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .selectAll('p')
    .select([
      'c.full_name as customer_name',
      'c.owner_id',
      'u.display_name as owner_name',
      sql<string>`${allocated}::text`.as('allocated'),
      sql<string>`${refunded}::text`.as('refunded'),
      sql<string>`(p.amount - ${allocated} - ${refunded})::text`.as('unallocated'),
    ])
    .where('p.received_on', '<=', f.asOf);
  if (f.customerNo) q = q.where('p.customer_no', '=', f.customerNo);
  if (f.ownerIds) q = q.where('c.owner_id', 'in', [...f.ownerIds]);
  if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId);
  if (f.currency) q = q.where('p.currency', '=', f.currency);
  if (f.receiptId !== undefined) q = q.where('p.id', '=', f.receiptId);
  if (f.withCreditOnly) q = q.where(sql<boolean>`p.amount - ${allocated} - ${refunded} <> 0`);
  return q.orderBy('p.received_on', 'desc').orderBy('p.id', 'desc').execute();
}

export async function findReceipt(db: Db, id: number): Promise<ReceiptRow | undefined> {
  return db.selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A customer's bank reference as receipts are told apart by it: trimmed, inner spaces dropped, upper case
 * (「bank-001 」 and 「BANK-001」 are one reference).
 */
export const receiptReferenceKey = (reference: string): string => reference.replace(/\s+/g, '').toUpperCase();

/**
 * The customer's earliest receipt with the same bank reference (receiptReferenceKey), if any — after taking a
 * transaction lock on (customer, reference), so two entries of one reference cannot both find none and both be
 * booked. Call inside the transaction that inserts the receipt.
 */
export async function lockReceiptReference(
  trx: Transaction<Database>,
  customerNo: string,
  reference: string,
): Promise<ReceiptRow | undefined> {
  const key = receiptReferenceKey(reference);
  await sql`select pg_advisory_xact_lock(hashtext(${`receipt-reference:${customerNo}:${key}`}))`.execute(trx);
  return trx
    .selectFrom('receipts')
    .selectAll()
    .where('customer_no', '=', customerNo)
    .where(sql<string>`upper(regexp_replace(reference, '\s+', '', 'g'))`, '=', key)
    .orderBy('id')
    .executeTakeFirst();
}

/** Locks a receipt for an allocation or refund (FOR SHARE would let two allocations spend the same credit). */
export async function lockReceipt(trx: Transaction<Database>, id: number): Promise<ReceiptRow | undefined> {
  return trx.selectFrom('receipts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A receipt's unallocated credit now: amount − allocations − refunds (decimal string). */
export async function receiptUnallocatedNow(db: Db, id: number): Promise<string> {
  const r = await sql<{ v: string }>`select (p.amount
      - coalesce((select -sum(e.amount) from receivable_entries e where e.receipt_id = p.id), 0)
      - coalesce((select sum(x.amount) from receipt_refunds x where x.receipt_id = p.id), 0))::text as v
    from receipts p where p.id = ${id}`.execute(db);
  return r.rows[0]?.v ?? '0';
}

/** The allocations and refunds of a receipt, oldest first. */
export async function findReceiptParts(
  db: Db,
  id: number,
): Promise<{ allocations: (ReceivableEntryRow & { job_no: string; label: string })[]; refunds: ReceiptRefundRow[] }> {
  const [allocations, refunds] = await Promise.all([
    db
      .selectFrom('receivable_entries as e')
      .innerJoin('receivables as r', 'r.id', 'e.receivable_id')
      .selectAll('e')
      .select(['r.job_no', 'r.label'])
      .where('e.receipt_id', '=', id)
      .orderBy('e.id')
      .execute(),
    db.selectFrom('receipt_refunds').selectAll().where('receipt_id', '=', id).orderBy('id').execute(),
  ]);
  return { allocations, refunds };
}

/**
 * Locks receivables (in id order, so two writers never deadlock) and returns each with its outstanding
 * amount now (sum of all its entries). Ids that do not exist are missing from the answer.
 */
export async function lockReceivables(
  trx: Transaction<Database>,
  ids: readonly number[],
): Promise<
  {
    id: number;
    job_no: string;
    label: string;
    customer_no: string;
    currency: string;
    invoice_date: string;
    due_date: string;
    outstanding: string;
  }[]
> {
  if (!ids.length) return [];
  const rows = await trx
    .selectFrom('receivables')
    .select(['id', 'job_no', 'label', 'customer_no', 'currency', 'invoice_date', 'due_date'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
  if (!rows.length) return [];
  const sums = await trx
    .selectFrom('receivable_entries')
    .select(['receivable_id', sql<string>`sum(amount)::text`.as('outstanding')])
    .where(
      'receivable_id',
      'in',
      rows.map((r) => r.id),
    )
    .groupBy('receivable_id')
    .execute();
  const by = new Map(sums.map((s) => [s.receivable_id, s.outstanding]));
  return rows.map((r) => ({ ...r, outstanding: by.get(r.id) ?? '0' }));
}

export interface NewReceipt {
  customerNo: string;
  payer: string;
  currency: string;
  amount: string;
  receivedOn: string;
  reference: string;
  note: string | null;
  enteredBy: string;
}

export async function insertReceipt(trx: Transaction<Database>, r: NewReceipt): Promise<ReceiptRow> {
  return trx
    .insertInto('receipts')
    .values({
      customer_no: r.customerNo,
      payer: r.payer,
      currency: r.currency,
      amount: r.amount,
      received_on: r.receivedOn,
      reference: r.reference,
      note: r.note,
      entered_by: r.enteredBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewEntry {
  receivableId: number;
  customerNo: string;
  currency: string;
  kind: Exclude<EntryKind, 'invoice'>;
  /** Signed decimal string. */
  amount: string;
  entryDate: string;
  receiptId?: number | null;
  reason?: string | null;
  createdBy: string;
}

export async function insertEntries(trx: Transaction<Database>, entries: NewEntry[]): Promise<ReceivableEntryRow[]> {
  if (!entries.length) return [];
  return trx
    .insertInto('receivable_entries')
    .values(
      entries.map((e) => ({
        receivable_id: e.receivableId,
        customer_no: e.customerNo,
        currency: e.currency,
        kind: e.kind,
        amount: e.amount,
        entry_date: e.entryDate,
        receipt_id: e.receiptId ?? null,
        reason: e.reason ?? null,
        created_by: e.createdBy,
      })),
    )
    .returningAll()
    .execute();
}

export async function findEntry(db: Db, id: number): Promise<ReceivableEntryRow | undefined> {
  return db.selectFrom('receivable_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRefund(
  trx: Transaction<Database>,
  r: { receiptId: number; amount: string; refundedOn: string; reference: string; enteredBy: string },
): Promise<ReceiptRefundRow> {
  return trx
    .insertInto('receipt_refunds')
    .values({
      receipt_id: r.receiptId,
      amount: r.amount,
      refunded_on: r.refundedOn,
      reference: r.reference,
      entered_by: r.enteredBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The receivable `id` with its customer's owner (for access checks), if it exists. */
export async function findReceivableWithOwner(
  db: Db,
  id: number,
): Promise<
  | {
      id: number;
      job_no: string;
      label: string;
      customer_no: string;
      owner_id: string;
      currency: string;
      due_date: string;
    }
  | undefined
> {
  return db
    .selectFrom('receivables as r')
    .innerJoin('customers as c', 'c.customer_no', 'r.customer_no')
    .select(['r.id', 'r.job_no', 'r.label', 'r.customer_no', 'c.owner_id', 'r.currency', 'r.due_date'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}
