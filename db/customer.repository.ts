/** All SQL about customers 「客戶」 (§3.3.4): numbering, the normalised-name rule, lookups, lists, changes. */
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import { customerNameKey } from '../domain/customer-name';
import type { CustomerStatus } from '../machines/customer.machine';
import { formatNumber, nextCounterValue } from './counter.repository';
import type { CustomerRow, CustomerTable } from './customer.table';
import type { Database } from './database';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The key two customers' names may not share (domain/customer-name.ts), stored as `normalized_name`.
 * "星辰貿易有限公司", "星辰\u200B貿易有限公司" and "星辰贸易有限公司" are the same customer.
 */
export const normalizeCustomerName = customerNameKey;

/** Next customer number of `year`; the counter stays locked until the caller's transaction ends, so numbers have no gaps. */
export async function issueCustomerNo(trx: Transaction<Database>, format: string, year: number): Promise<string> {
  return formatNumber(format, year, await nextCounterValue(trx, 'customer_no', year));
}

/** Contact and commercial data of a customer, as entered. */
export interface CustomerFields {
  fullName: string;
  address: string;
  phone: string;
  fax?: string | null | undefined;
  contactPerson: string;
  industry?: string | null | undefined;
  creditStanding?: string | null | undefined;
  paymentTerms?: string | null | undefined;
}

export async function insertCustomer(
  trx: Transaction<Database>,
  c: CustomerFields & { customerNo: string; ownerId: string; creationKey: string | null },
): Promise<CustomerRow> {
  return trx
    .insertInto('customers')
    .values({
      customer_no: c.customerNo,
      full_name: c.fullName,
      normalized_name: normalizeCustomerName(c.fullName),
      address: c.address,
      phone: c.phone,
      fax: c.fax ?? null,
      contact_person: c.contactPerson,
      industry: c.industry ?? null,
      credit_standing: c.creditStanding ?? null,
      payment_terms: c.paymentTerms ?? null,
      status: 'prospective',
      owner_id: c.ownerId,
      creation_key: c.creationKey,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCustomerByNo(db: Db, customerNo: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('customer_no', '=', customerNo).executeTakeFirst();
}

/**
 * How a text (a mail, a notice, a refusal) names a customer: its number and full name, `"C0001 深圳星辰貿易"`;
 * the number alone when no such customer exists.
 */
export async function customerText(db: Db, customerNo: string): Promise<string> {
  const name = (await findCustomerByNo(db, customerNo))?.full_name;
  return name ? `${customerNo} ${name}` : customerNo;
}

/** The customer row, locked until the transaction ends, so concurrent changes queue. */
export async function lockCustomerByNo(
  trx: Transaction<Database>,
  customerNo: string,
): Promise<CustomerRow | undefined> {
  return trx.selectFrom('customers').selectAll().where('customer_no', '=', customerNo).forUpdate().executeTakeFirst();
}

export async function findCustomerByCreationKey(db: Db, creationKey: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('creation_key', '=', creationKey).executeTakeFirst();
}

export async function findCustomerByNormalizedName(db: Db, normalizedName: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('normalized_name', '=', normalizedName).executeTakeFirst();
}

export interface CustomerFilter {
  /** Part of the name (any width, case or punctuation) or of the number. */
  q?: string;
  status?: CustomerStatus;
  ownerId?: string;
  /** Owners whose customers the caller may see; undefined means all. */
  visibleOwnerIds?: readonly string[];
  limit: number;
  offset: number;
}

/** One page of customers in number order, and how many match in all. */
export async function listCustomers(db: Db, f: CustomerFilter): Promise<{ rows: CustomerRow[]; total: number }> {
  if (f.visibleOwnerIds?.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('customers');
  if (f.visibleOwnerIds) q = q.where('owner_id', 'in', f.visibleOwnerIds);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.ownerId) q = q.where('owner_id', '=', f.ownerId);
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    const normalized = normalizeCustomerName(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('full_name', 'ilike', pattern),
        eb('customer_no', 'ilike', pattern),
        ...(normalized ? [eb('normalized_name', 'like', `%${escapeLike(normalized)}%`)] : []),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('customer_no').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const COLUMNS = {
  fullName: 'full_name',
  address: 'address',
  phone: 'phone',
  fax: 'fax',
  contactPerson: 'contact_person',
  industry: 'industry',
  creditStanding: 'credit_standing',
  paymentTerms: 'payment_terms',
} as const satisfies Record<keyof CustomerFields, keyof CustomerRow>;

/** Writes the given fields (a new full name is normalised again) and counts one more version. */
export async function updateCustomer(
  trx: Transaction<Database>,
  id: number,
  patch: Partial<CustomerFields>,
): Promise<CustomerRow> {
  const set: Record<string, string | null> = {};
  for (const [field, column] of Object.entries(COLUMNS)) {
    const value = patch[field as keyof CustomerFields];
    if (value !== undefined) set[column] = value;
  }
  if (patch.fullName !== undefined) set.normalized_name = normalizeCustomerName(patch.fullName);
  const values = set as Updateable<CustomerTable>;
  return trx
    .updateTable('customers')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setCustomerStatus(
  trx: Transaction<Database>,
  id: number,
  status: CustomerStatus,
): Promise<CustomerRow> {
  return trx
    .updateTable('customers')
    .set({ status, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** True when the database refused a write for a duplicate unique value (anywhere in the cause chain). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
