/**
 * SQL of credit control: the credit hold in force and the managers' overrides of it (table
 * `credit_hold_overrides`, migration 0021). An override counts only for the hold it was made under
 * (`hold_set_at` = the hold's `set_at`).
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { ActiveCreditHold, CreditHoldScope } from '../domain/credit-control';
import type { CreditHoldOverrideRow } from './collection-case.table';
import type { Database } from './database';

type Db = Kysely<Database> | Transaction<Database>;

/** The customer's credit hold in force, or null (no row, or lifted). */
export async function findActiveHold(db: Db, customerNo: string): Promise<ActiveCreditHold | null> {
  const row = await db
    .selectFrom('credit_holds')
    .selectAll()
    .where('customer_no', '=', customerNo)
    .where('on_hold', '=', true)
    .executeTakeFirst();
  return row ? { customerNo: row.customer_no, reason: row.reason, setBy: row.set_by, setAt: row.set_at } : null;
}

/** The customers among `customerNos` on credit hold now. */
export async function findHeldCustomers(db: Db, customerNos: readonly string[]): Promise<Set<string>> {
  if (!customerNos.length) return new Set();
  const rows = await db
    .selectFrom('credit_holds')
    .select('customer_no')
    .where('customer_no', 'in', [...customerNos])
    .where('on_hold', '=', true)
    .execute();
  return new Set(rows.map((r) => r.customer_no));
}

/** The override of `hold` for a job's delivery, if one was recorded. */
export async function findDeliveryOverride(
  db: Db,
  hold: ActiveCreditHold,
  jobNo: string,
): Promise<CreditHoldOverrideRow | undefined> {
  return db
    .selectFrom('credit_hold_overrides')
    .selectAll()
    .where('customer_no', '=', hold.customerNo)
    .where('hold_set_at', '=', hold.setAt)
    .where('scope', '=', 'delivery')
    .where('job_no', '=', jobNo)
    .orderBy('id')
    .executeTakeFirst();
}

export async function findOverride(db: Db, id: number): Promise<CreditHoldOverrideRow | undefined> {
  return db.selectFrom('credit_hold_overrides').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The overrides made under `hold`, oldest first. */
export async function listOverrides(db: Db, hold: ActiveCreditHold): Promise<CreditHoldOverrideRow[]> {
  return db
    .selectFrom('credit_hold_overrides')
    .selectAll()
    .where('customer_no', '=', hold.customerNo)
    .where('hold_set_at', '=', hold.setAt)
    .orderBy('id')
    .execute();
}

/** Records an override in the caller's transaction; returns the row. */
export async function insertOverride(
  trx: Transaction<Database>,
  o: {
    hold: ActiveCreditHold;
    scope: CreditHoldScope;
    contractNo: string | null;
    jobNo: string | null;
    reason: string;
    by: { id: string; role: string; onBehalfOf?: string | undefined };
  },
): Promise<CreditHoldOverrideRow> {
  return trx
    .insertInto('credit_hold_overrides')
    .values({
      customer_no: o.hold.customerNo,
      hold_set_at: o.hold.setAt,
      scope: o.scope,
      contract_no: o.contractNo,
      job_no: o.jobNo,
      reason: o.reason,
      granted_by: o.by.id,
      granted_role: o.by.role,
      on_behalf_of: o.by.onBehalfOf ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Takes an unused `job_open` override of `hold` for the contract for the job opened with `usedKey`
 * (`<userId>:<Idempotency-Key>`): the one it already took on a retry, else the oldest unused one,
 * atomically (a concurrent open cannot take the same one). Undefined when there is none.
 */
export async function claimJobOpenOverride(
  db: Kysely<Database>,
  hold: ActiveCreditHold,
  contractNo: string,
  usedKey: string,
  by: string,
): Promise<CreditHoldOverrideRow | undefined> {
  const base = db
    .selectFrom('credit_hold_overrides')
    .selectAll()
    .where('customer_no', '=', hold.customerNo)
    .where('hold_set_at', '=', hold.setAt)
    .where('scope', '=', 'job_open')
    .where('contract_no', '=', contractNo);
  const taken = await base.where('used_key', '=', usedKey).executeTakeFirst();
  if (taken) return taken;
  return db.transaction().execute(async (trx) => {
    const free = await trx
      .selectFrom('credit_hold_overrides')
      .select('id')
      .where('customer_no', '=', hold.customerNo)
      .where('hold_set_at', '=', hold.setAt)
      .where('scope', '=', 'job_open')
      .where('contract_no', '=', contractNo)
      .where('used_key', 'is', null)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!free) return undefined;
    return trx
      .updateTable('credit_hold_overrides')
      .set({ used_key: usedKey, used_by: by, used_at: new Date() })
      .where('id', '=', free.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Notes the job an override of `job_open` was used for. */
export async function markOverrideUsedBy(db: Db, id: number, jobNo: string): Promise<void> {
  await db.updateTable('credit_hold_overrides').set({ used_job_no: jobNo }).where('id', '=', id).execute();
}

/**
 * The exposure CTEs (ending in `exposure`: customer_no, currency, open_receivables, unbilled_work) of the
 * customers `customers` selects (a value or a subquery): `open_receivables` — the sum of the entries of their
 * receivables; `unbilled_work` — per signed contract (quote status `signed`), its quoted total in the currency
 * minus what receivables of that contract were billed in it, at least 0. The one exposure rule's SQL.
 */
const exposureCtes = (customers: RawBuilder<unknown>) => sql`
    open as (
      select r.customer_no, r.currency::text as currency, sum(e.amount) as amount
      from receivables r join receivable_entries e on e.receivable_id = r.id
      where r.customer_no in (${customers})
      group by r.customer_no, r.currency
    ), contracted as (
      select q.customer_no, q.contract_no, t->>'currency' as currency, sum((t->>'amount')::numeric) as amount
      from quotes q cross join lateral jsonb_array_elements(q.totals) t
      where q.customer_no in (${customers}) and q.status = 'signed' and q.contract_no is not null
      group by q.customer_no, q.contract_no, t->>'currency'
    ), billed as (
      select contract_no, currency, sum(amount) as amount from receivables
      where customer_no in (${customers}) group by contract_no, currency
    ), unbilled as (
      select c.customer_no, c.currency, sum(greatest(c.amount - coalesce(b.amount, 0), 0)) as amount
      from contracted c left join billed b on b.contract_no = c.contract_no and b.currency::text = c.currency
      group by c.customer_no, c.currency
    ), exposure as (
      select coalesce(o.customer_no, u.customer_no) as customer_no, trim(coalesce(o.currency, u.currency)) as currency,
        coalesce(o.amount, 0) as open_receivables, coalesce(u.amount, 0) as unbilled_work
      from open o full join unbilled u on u.customer_no = o.customer_no and u.currency = o.currency
    )`;

/**
 * The customer's exposure per currency (`exposureCtes`): open receivables and signed unbilled work,
 * decimal strings.
 */
export async function findExposure(
  db: Db,
  customerNo: string,
): Promise<{ currency: string; open_receivables: string; unbilled_work: string }[]> {
  const { rows } = await sql<{ currency: string; open_receivables: string; unbilled_work: string }>`
    with ${exposureCtes(sql`${customerNo}`)}
    select currency, open_receivables::text as open_receivables, unbilled_work::text as unbilled_work
    from exposure order by 1`.execute(db);
  return rows;
}

/**
 * For many customers at once (an inbox page), in one query: each credit limit of theirs with the customer's
 * exposure in its currency (0 when none). Customers without a limit have no rows. Decimal strings.
 */
export async function findLimitedExposures(
  db: Db,
  customerNos: readonly string[],
): Promise<
  { customer_no: string; currency: string; limit: string; open_receivables: string; unbilled_work: string }[]
> {
  if (customerNos.length === 0) return [];
  const { rows } = await sql<{
    customer_no: string;
    currency: string;
    limit: string;
    open_receivables: string;
    unbilled_work: string;
  }>`
    with lim as (
      select customer_no, trim(currency) as currency, amount from credit_limits
      where customer_no in (${sql.join([...new Set(customerNos)])})
    ), ${exposureCtes(sql`select customer_no from lim`)}
    select l.customer_no, l.currency, l.amount::text as limit,
      coalesce(x.open_receivables, 0)::text as open_receivables, coalesce(x.unbilled_work, 0)::text as unbilled_work
    from lim l left join exposure x on x.customer_no = l.customer_no and x.currency = l.currency
    order by 1, 2`.execute(db);
  return rows;
}
