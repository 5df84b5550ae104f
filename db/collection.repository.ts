/** All SQL of the collection schedule 收款日程: plans, calls and promises, and the customers' recent job counts. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CollectionCallRow } from './collection-call.table';
import type { CollectionPlanRow } from './collection-plan.table';
import type { Database } from './database';

type Db = Kysely<Database> | Transaction<Database>;

export async function findPlans(db: Db, customerNos: readonly string[]): Promise<Map<string, CollectionPlanRow>> {
  if (!customerNos.length) return new Map();
  const rows = await db
    .selectFrom('collection_plans')
    .selectAll()
    .where('customer_no', 'in', [...customerNos])
    .execute();
  return new Map(rows.map((r) => [r.customer_no, r]));
}

/** Sets the customer's planned collection date (row locked first); returns the plan it replaced. */
export async function setPlan(
  trx: Transaction<Database>,
  p: { customerNo: string; plannedOn: string; note: string | null; by: string },
): Promise<CollectionPlanRow | undefined> {
  const before = await trx
    .selectFrom('collection_plans')
    .selectAll()
    .where('customer_no', '=', p.customerNo)
    .forUpdate()
    .executeTakeFirst();
  await trx
    .insertInto('collection_plans')
    .values({ customer_no: p.customerNo, planned_on: p.plannedOn, note: p.note, set_by: p.by })
    .onConflict((oc) =>
      oc.column('customer_no').doUpdateSet({ planned_on: p.plannedOn, note: p.note, set_by: p.by, set_at: new Date() }),
    )
    .execute();
  return before;
}

export async function insertCall(
  trx: Transaction<Database>,
  c: {
    customerNo: string;
    calledOn: string;
    outcome: string;
    promise: { currency: string; amount: string; date: string } | null;
    note: string | null;
    by: string;
  },
): Promise<CollectionCallRow> {
  return trx
    .insertInto('collection_calls')
    .values({
      customer_no: c.customerNo,
      called_on: c.calledOn,
      outcome: c.outcome,
      promise_currency: c.promise?.currency ?? null,
      promise_amount: c.promise?.amount ?? null,
      promise_date: c.promise?.date ?? null,
      note: c.note,
      recorded_by: c.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCall(db: Db, id: number): Promise<CollectionCallRow | undefined> {
  return db.selectFrom('collection_calls').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The calls of customers made on or before `asOf`, newest first. */
export async function listCalls(db: Db, customerNos: readonly string[], asOf: string): Promise<CollectionCallRow[]> {
  if (!customerNos.length) return [];
  return db
    .selectFrom('collection_calls')
    .selectAll()
    .where('customer_no', 'in', [...customerNos])
    .where('called_on', '<=', asOf)
    .orderBy('called_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Money received from a customer in a currency with received_on in [from, to] (decimal string). */
export async function receivedBetween(
  db: Db,
  customerNo: string,
  currency: string,
  from: string,
  to: string,
): Promise<string> {
  const r = await db
    .selectFrom('receipts')
    .select(sql<string>`coalesce(sum(amount), 0)::text`.as('v'))
    .where('customer_no', '=', customerNo)
    .where('currency', '=', currency)
    .where('received_on', '>=', from)
    .where('received_on', '<=', to)
    .executeTakeFirst();
  return r?.v ?? '0';
}

/** Jobs opened per customer in the 365 days up to `asOf` (business calendar). */
export async function jobsLastYear(db: Db, customerNos: readonly string[], asOf: string): Promise<Map<string, number>> {
  if (!customerNos.length) return new Map();
  const rows = await db
    .selectFrom('jobs')
    .select(['customer_no', sql<string>`count(*)::text`.as('n')])
    .where('customer_no', 'in', [...customerNos])
    .where(
      sql<boolean>`(created_at at time zone ${sql.lit(process.env.BUSINESS_TIMEZONE || 'Asia/Shanghai')})::date
      between ${asOf}::date - 364 and ${asOf}::date`,
    )
    .groupBy('customer_no')
    .execute();
  return new Map(rows.map((r) => [r.customer_no, Number(r.n)]));
}
