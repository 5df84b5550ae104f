/**
 * All SQL of abnormal collection 異常收款 and credit control: which customers and currencies have money
 * past due unpaid (from the ledger: the sum of each receivable's entries), the collection cases (one open
 * per customer and currency), credit holds and credit limits. Amounts are numeric(18,4) decimal strings.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CollectionProposal } from '../domain/collection-case';
import type { CollectionCaseRow, CreditHoldRow, CreditLimitRow } from './collection-case.table';
import type { Database } from './database';

type Db = Kysely<Database> | Transaction<Database>;

/** A customer and currency with receivables past due (due date before `today`) and unpaid. */
export interface OverdueGroup {
  customer_no: string;
  currency: string;
  owner_id: string;
  /** Sum of the outstanding amounts of the overdue receivables (decimal string, > 0). */
  overdue: string;
  oldest_due_date: string;
}

/**
 * Customers and currencies with money past due on `today` (a receivable whose due date is before it and
 * whose entries sum above zero), with the customer's current salesperson. `only` narrows it to one
 * customer and currency, or to some customers (`customerNos`, every currency).
 */
export async function listOverdueGroups(
  db: Db,
  today: string,
  only?: { customerNo: string; currency: string } | { customerNos: readonly string[] },
): Promise<OverdueGroup[]> {
  let q = db
    .selectFrom('receivables as r')
    .innerJoin('customers as c', 'c.customer_no', 'r.customer_no')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('receivable_entries')
          .select(['receivable_id', sql<string>`sum(amount)`.as('outstanding')])
          .groupBy('receivable_id')
          .as('e'),
      (j) => j.onRef('e.receivable_id', '=', 'r.id'),
    )
    .select([
      'r.customer_no',
      'r.currency',
      'c.owner_id',
      sql<string>`sum(e.outstanding)::text`.as('overdue'),
      sql<string>`min(r.due_date)::text`.as('oldest_due_date'),
    ])
    .where('r.due_date', '<', today) // past due: the rule of domain/ledger.ts isPastDue (due before today, business zone)
    .where(sql<boolean>`e.outstanding > 0`)
    .groupBy(['r.customer_no', 'r.currency', 'c.owner_id'])
    .orderBy('r.customer_no')
    .orderBy('r.currency');
  if (only && 'customerNos' in only) {
    if (!only.customerNos.length) return [];
    q = q.where('r.customer_no', 'in', [...only.customerNos]);
  } else if (only) q = q.where('r.customer_no', '=', only.customerNo).where('r.currency', '=', only.currency);
  return q.execute();
}

/** The open case of a customer and currency, if any. */
export async function findOpenCase(
  db: Db,
  customerNo: string,
  currency: string,
): Promise<CollectionCaseRow | undefined> {
  return db
    .selectFrom('collection_cases')
    .selectAll()
    .where('customer_no', '=', customerNo)
    .where('currency', '=', currency)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

/** Opens a case unless one is open for the customer and currency (the partial unique index decides); undefined then. */
export async function insertCaseIfNone(
  trx: Transaction<Database>,
  c: {
    customerNo: string;
    currency: string;
    ownerId: string;
    openedOn: string;
    overdue: string;
    oldestDueDate: string;
    dueAt: Date;
  },
): Promise<CollectionCaseRow | undefined> {
  return trx
    .insertInto('collection_cases')
    .values({
      customer_no: c.customerNo,
      currency: c.currency,
      owner_id: c.ownerId,
      status: 'awaiting_proposal',
      opened_on: c.openedOn,
      overdue_at_open: c.overdue,
      oldest_due_date: c.oldestDueDate,
      due_at: c.dueAt,
      proposal: null,
    })
    .onConflict((oc) => oc.columns(['customer_no', 'currency']).where('closed_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Open cases whose workflow has not been started yet. */
export async function listUnstartedCases(db: Db): Promise<CollectionCaseRow[]> {
  return db
    .selectFrom('collection_cases')
    .selectAll()
    .where('closed_at', 'is', null)
    .where('workflow_started', '=', false)
    .orderBy('id')
    .execute();
}

export async function markCasesStarted(db: Db, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('collection_cases')
    .set({ workflow_started: true })
    .where('id', 'in', [...ids])
    .execute();
}

/** Open cases (workflow started) of customers and currencies with nothing past due left: their money is in. */
export async function listSettledOpenCases(db: Db, today: string): Promise<number[]> {
  const overdue = await listOverdueGroups(db, today);
  const still = new Set(overdue.map((g) => `${g.customer_no}|${g.currency}`));
  const open = await db
    .selectFrom('collection_cases')
    .select(['id', 'customer_no', 'currency'])
    .where('closed_at', 'is', null)
    .where('workflow_started', '=', true)
    .execute();
  return open.filter((c) => !still.has(`${c.customer_no}|${c.currency.trim()}`)).map((c) => c.id);
}

export async function findCase(db: Db, id: number): Promise<CollectionCaseRow | undefined> {
  return db.selectFrom('collection_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The case's read model after a step. */
export async function updateCase(
  trx: Transaction<Database>,
  id: number,
  p: {
    status: string;
    dueAt: Date | null;
    escalated?: boolean;
    proposal?: { proposal: CollectionProposal; by: string };
    decision?: { decision: string; by: string };
    closedReason?: string;
  },
): Promise<void> {
  await trx
    .updateTable('collection_cases')
    .set({
      status: p.status,
      due_at: p.dueAt,
      ...(p.escalated ? { escalated_at: sql<Date>`now()` } : {}),
      ...(p.proposal
        ? {
            proposal: JSON.stringify(p.proposal.proposal),
            proposed_by: p.proposal.by,
            decision: null,
            decided_by: null,
          }
        : {}),
      ...(p.decision ? { decision: p.decision.decision, decided_by: p.decision.by, decided_at: sql<Date>`now()` } : {}),
      ...(p.closedReason ? { closed_at: sql<Date>`now()`, closed_reason: p.closedReason } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export interface CaseFilter {
  /** Owners whose customers are in sight; undefined: all. */
  ownerIds?: readonly string[] | undefined;
  customerNo?: string | undefined;
  status?: string | undefined;
  open?: boolean | undefined;
  /**
   * Cases waiting for the caller: any clause holds — a case of `ownerId`, or in one of `statuses`, and (when
   * `ownerIds` is given) of one of those owners. An empty list: none.
   */
  waitingFor?:
    | readonly {
        ownerIds?: readonly string[] | undefined;
        ownerId?: string | undefined;
        statuses?: readonly string[] | undefined;
      }[]
    | undefined;
  limit: number;
  offset: number;
}

/** Cases with the customer's name, newest first. */
export async function listCases(
  db: Db,
  f: CaseFilter,
): Promise<{ rows: (CollectionCaseRow & { customer_name: string })[]; total: number }> {
  if (f.ownerIds && f.ownerIds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('collection_cases as k').innerJoin('customers as c', 'c.customer_no', 'k.customer_no');
  if (f.ownerIds) q = q.where('k.owner_id', 'in', [...f.ownerIds]);
  if (f.customerNo) q = q.where('k.customer_no', '=', f.customerNo);
  if (f.status) q = q.where('k.status', '=', f.status);
  if (f.open !== undefined) q = q.where('k.closed_at', f.open ? 'is' : 'is not', null);
  if (f.waitingFor) {
    const clauses = f.waitingFor.filter(
      (c) => (c.ownerId !== undefined || c.statuses?.length) && c.ownerIds?.length !== 0,
    );
    if (clauses.length === 0) return { rows: [], total: 0 };
    q = q.where((eb) =>
      eb.or(
        clauses.map((c) =>
          eb.and([
            ...(c.ownerIds ? [eb('k.owner_id', 'in', [...c.ownerIds])] : []),
            eb.or([
              ...(c.ownerId !== undefined ? [eb('k.owner_id', '=', c.ownerId)] : []),
              ...(c.statuses?.length ? [eb('k.status', 'in', [...c.statuses])] : []),
            ]),
          ]),
        ),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll('k')
      .select('c.full_name as customer_name')
      .orderBy('k.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Opens an extra inbox item beside the record's open one (the escalation to the sales manager). */
export async function addWorkItem(
  trx: Transaction<Database>,
  w: {
    recordType: string;
    recordId: string;
    step: string;
    role: string;
    ownerId: string;
    customerNo: string;
    summary: Record<string, unknown>;
    dueAt: Date | null;
  },
): Promise<void> {
  await trx
    .insertInto('work_items')
    .values({
      record_type: w.recordType,
      record_id: w.recordId,
      step: w.step,
      role: w.role,
      owner_id: w.ownerId,
      customer_no: w.customerNo,
      summary: JSON.stringify(w.summary),
      since: sql<Date>`now()`,
      due_at: w.dueAt,
    })
    .execute();
}

export async function findCreditHold(db: Db, customerNo: string): Promise<CreditHoldRow | undefined> {
  return db.selectFrom('credit_holds').selectAll().where('customer_no', '=', customerNo).executeTakeFirst();
}

/** Sets or lifts a customer's credit hold (row locked first); returns what it was. */
export async function setCreditHold(
  trx: Transaction<Database>,
  h: { customerNo: string; onHold: boolean; reason: string; caseId: number | null; by: string },
): Promise<CreditHoldRow | undefined> {
  const before = await trx
    .selectFrom('credit_holds')
    .selectAll()
    .where('customer_no', '=', h.customerNo)
    .forUpdate()
    .executeTakeFirst();
  const values = { on_hold: h.onHold, reason: h.reason, case_id: h.caseId, set_by: h.by, set_at: new Date() };
  await trx
    .insertInto('credit_holds')
    .values({ customer_no: h.customerNo, ...values })
    .onConflict((oc) => oc.column('customer_no').doUpdateSet(values))
    .execute();
  return before;
}

export async function listCreditLimits(db: Db, customerNo: string): Promise<CreditLimitRow[]> {
  return db.selectFrom('credit_limits').selectAll().where('customer_no', '=', customerNo).orderBy('currency').execute();
}

/** Sets a customer's credit limit in a currency (row locked first); returns what it was. */
export async function setCreditLimit(
  trx: Transaction<Database>,
  l: { customerNo: string; currency: string; amount: string; by: string },
): Promise<CreditLimitRow | undefined> {
  const before = await trx
    .selectFrom('credit_limits')
    .selectAll()
    .where('customer_no', '=', l.customerNo)
    .where('currency', '=', l.currency)
    .forUpdate()
    .executeTakeFirst();
  const values = { amount: l.amount, set_by: l.by, set_at: new Date() };
  await trx
    .insertInto('credit_limits')
    .values({ customer_no: l.customerNo, currency: l.currency, ...values })
    .onConflict((oc) => oc.columns(['customer_no', 'currency']).doUpdateSet(values))
    .execute();
  return before;
}
