/**
 * All SQL of plans and summaries (`plans`) and of the sales figures they and the monthly sales analysis
 * read: per salesperson and customer over a date range (business dates, both ends inclusive).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PlanKind, PlanTargets, SalesFigures } from '../domain/plan';
import { LOST_QUOTE_STATUSES, type LostQuoteStatus } from '../domain/quote';
import { businessTimeZone } from '../lib/dates';
import { VOLUME_STEPS } from '../lib/volume';
import type { PlanStatus } from '../machines/plan.machine';
import type { Database } from './database';
import type { PlanRow, PlanSections } from './plan.table';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewPlan {
  kind: PlanKind;
  period: string;
  ownerId: string;
  periodFrom: string;
  periodTo: string;
  dueOn: string;
  dueAt: string;
  targets: PlanTargets | null;
  nextTargets: PlanTargets;
  nextQuarters: PlanTargets[] | null;
  sections: PlanSections;
}

export async function insertPlan(trx: Transaction<Database>, p: NewPlan): Promise<PlanRow> {
  return trx
    .insertInto('plans')
    .values({
      kind: p.kind,
      period: p.period,
      owner_id: p.ownerId,
      status: 'draft',
      period_from: p.periodFrom,
      period_to: p.periodTo,
      due_on: p.dueOn,
      due_at: new Date(p.dueAt),
      targets: JSON.stringify(p.targets),
      next_targets: JSON.stringify(p.nextTargets),
      next_quarters: JSON.stringify(p.nextQuarters),
      sections: JSON.stringify(p.sections),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPlan(db: Db, id: number): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Plans by id: kind, period and author only (the inbox names a plan by them: api/inbox-names.ts). */
export async function findPlanNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('plans')
    .select(['id', 'kind', 'period', 'owner_id'])
    .where('id', 'in', [...ids])
    .execute();
}

export async function lockPlan(trx: Transaction<Database>, id: number): Promise<PlanRow | undefined> {
  return trx.selectFrom('plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findPlanByPeriod(
  db: Db,
  ownerId: string,
  kind: PlanKind,
  period: string,
): Promise<PlanRow | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('kind', '=', kind)
    .where('period', '=', period)
    .executeTakeFirst();
}

/** Changes a plan's content or status; bumps its version. */
export async function updatePlan(
  trx: Transaction<Database>,
  id: number,
  p: {
    status?: PlanStatus;
    targets?: PlanTargets | null;
    nextTargets?: PlanTargets;
    nextQuarters?: PlanTargets[] | null;
    sections?: PlanSections;
    firstSubmittedAt?: Date;
    submittedAt?: Date;
    decidedBy?: string | null;
    decidedAt?: Date | null;
    decisionComment?: string | null;
  },
): Promise<PlanRow> {
  return trx
    .updateTable('plans')
    .set({
      ...(p.status ? { status: p.status } : {}),
      ...(p.targets !== undefined ? { targets: JSON.stringify(p.targets) } : {}),
      ...(p.nextTargets ? { next_targets: JSON.stringify(p.nextTargets) } : {}),
      ...(p.nextQuarters !== undefined ? { next_quarters: JSON.stringify(p.nextQuarters) } : {}),
      ...(p.sections ? { sections: JSON.stringify(p.sections) } : {}),
      ...(p.firstSubmittedAt ? { first_submitted_at: p.firstSubmittedAt } : {}),
      ...(p.submittedAt ? { submitted_at: p.submittedAt } : {}),
      ...(p.decidedBy !== undefined ? { decided_by: p.decidedBy } : {}),
      ...(p.decidedAt !== undefined ? { decided_at: p.decidedAt } : {}),
      ...(p.decisionComment !== undefined ? { decision_comment: p.decisionComment } : {}),
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface PlanFilter {
  /** Authors in sight; undefined: all. */
  ownerIds: readonly string[] | undefined;
  kind?: PlanKind | undefined;
  status?: PlanStatus | undefined;
  ownerId?: string | undefined;
  limit: number;
  offset: number;
}

/** Plans in sight, the latest period first. */
export async function listPlans(db: Db, f: PlanFilter): Promise<{ rows: PlanRow[]; total: number }> {
  let q = db.selectFrom('plans');
  if (f.ownerIds) q = f.ownerIds.length ? q.where('owner_id', 'in', [...f.ownerIds]) : q.where(sql<boolean>`false`);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.ownerId) q = q.where('owner_id', '=', f.ownerId);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('period_from', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** One salesperson's figures for one customer over a date range (money per currency, exact decimal strings). */
export interface FigureRow extends SalesFigures {
  ownerId: string;
  customerNo: string;
  money: Map<string, { revenue: string; margin: string }>;
  collection: Map<string, { due: string; collected: string }>;
}

/**
 * The sales figures of a date range per salesperson and customer — the formulas of the summaries' actuals
 * and of the monthly sales analysis (README, "Plans and summaries"):
 * - containers delivered: job events `transport.arrived` (import) and `transport.loaded` (export jobs) dated
 *   in the range, by the job's salesperson — the monthly container sheet's "delivered";
 * - revenue and margin, on **one basis — what was invoiced in the range** (invoice date), by the customer's
 *   salesperson and currency: revenue = Σ invoice amounts; margin = Σ invoice amount × budgeted margin ÷
 *   budgeted revenue of the receivable's contract in that currency (its settlement basis 結算依據, the GM-approved
 *   cost budget of the signed revision) — i.e. invoiced − the budgeted cost of what was invoiced; a currency the
 *   budget earns nothing in counts margin 0 (charged on at cost). **Net of price corrections**: credit notes 貸項
 *   (negative) and adjustments (signed) dated in the range change both revenue and margin by their amount — the
 *   cost stays, the price changed (write-offs do not: a bad debt is not a lower price). Exact strings, rounded
 *   once by `actualsOf`;
 * - new customer: a customer whose first contract was signed in the range;
 * - collection: `collectionFigures` (the collection rate's sums, domain/collection-rate.ts).
 * `ownerIds` undefined: every salesperson.
 */
export async function salesFigures(
  db: Db,
  f: { from: string; to: string; ownerIds: readonly string[] | undefined },
): Promise<FigureRow[]> {
  const owners = f.ownerIds;
  if (owners && owners.length === 0) return [];
  const inOwners = (col: string) => (owners ? sql`and ${sql.ref(col)} in (${sql.join([...owners])})` : sql``);
  const [volume, invoiced, firsts, collection] = await Promise.all([
    sql<{ owner_id: string; customer_no: string; n: string }>`
      select e.owner_id, e.customer_no, coalesce(sum(e.containers), 0)::text as n
        from job_events e join jobs j on j.job_no = e.job_no
       where e.business_date between ${f.from} and ${f.to}
         and (e.step = ${VOLUME_STEPS.arrived} or (e.step = ${VOLUME_STEPS.loaded} and j.direction = 'export'))
         ${inOwners('e.owner_id')}
       group by e.owner_id, e.customer_no`.execute(db),
    // Revenue and margin on one basis: what was invoiced in the range. Each receivable's budgeted margin is its
    // amount × the margin ÷ revenue of its contract's settlement basis in its currency (exact; rounded once, in
    // actualsOf); a currency the budget earns nothing in is charged on at cost (margin 0).
    // Credit notes and adjustments dated in the range take their amount off (or add it to) both.
    sql<{ owner_id: string; customer_no: string; currency: string; revenue: string; margin: string }>`
      select owner_id, customer_no, currency, sum(revenue)::text as revenue, sum(margin)::text as margin from (
        select c.owner_id, r.customer_no, r.currency, r.amount as revenue,
               coalesce(r.amount * b.margin / nullif(b.revenue, 0), 0) as margin
          from receivables r
          join customers c on c.customer_no = r.customer_no
          left join contracts k on k.contract_no = r.contract_no
          left join quotes q on q.quote_no = k.quote_no
          left join lateral (
            select sum(sb.revenue) as revenue, sum(sb.revenue - sb.cost) as margin
              from settlement_basis sb
             where sb.quote_no = q.quote_no and sb.revision = q.revision and sb.currency = r.currency
          ) b on true
         where r.invoice_date between ${f.from} and ${f.to} ${inOwners('c.owner_id')}
        union all
        select c.owner_id, r.customer_no, r.currency, e.amount, e.amount
          from receivable_entries e
          join receivables r on r.id = e.receivable_id
          join customers c on c.customer_no = r.customer_no
         where e.kind in ('credit_note', 'adjustment') and e.entry_date between ${f.from} and ${f.to}
               ${inOwners('c.owner_id')}
      ) x
       group by owner_id, customer_no, currency`.execute(db),
    sql<{ owner_id: string; customer_no: string }>`
      select q.owner_id, q.customer_no
        from contracts k join quotes q on q.quote_no = k.quote_no
       where k.signed_on is not null ${inOwners('q.owner_id')}
       group by q.owner_id, q.customer_no
      having min(k.signed_on) between ${f.from} and ${f.to}`.execute(db),
    collectionFigures(db, { from: f.from, to: f.to, ownerIds: owners }),
  ]);
  const rows = new Map<string, FigureRow>();
  const rowOf = (ownerId: string, customerNo: string): FigureRow => {
    const k = `${ownerId}\u0000${customerNo}`;
    let r = rows.get(k);
    if (!r) {
      r = { ownerId, customerNo, containersDelivered: 0, money: new Map(), newCustomer: 0, collection: new Map() };
      rows.set(k, r);
    }
    return r;
  };
  const moneyOf = (r: FigureRow, currency: string) => {
    let m = r.money.get(currency);
    if (!m) r.money.set(currency, (m = { revenue: '0', margin: '0' }));
    return m;
  };
  for (const v of volume.rows) rowOf(v.owner_id, v.customer_no).containersDelivered = Number(v.n);
  for (const v of invoiced.rows) {
    const m = moneyOf(rowOf(v.owner_id, v.customer_no), v.currency);
    m.revenue = v.revenue;
    m.margin = v.margin;
  }
  for (const v of firsts.rows) rowOf(v.owner_id, v.customer_no).newCustomer = 1;
  for (const v of collection)
    rowOf(v.owner_id, v.customer_no).collection.set(v.currency, { due: v.due, collected: v.collected });
  return [...rows.values()].sort((a, b) =>
    a.ownerId === b.ownerId ? a.customerNo.localeCompare(b.customerNo) : a.ownerId.localeCompare(b.ownerId),
  );
}

/**
 * The sums of the collection rate 回款率 (domain/collection-rate.ts states the formula) per salesperson (the
 * customer's owner), customer and currency: receivables whose due date lies in `from` … `to` (business dates,
 * inclusive); `due` = their invoice + credit notes + adjustments dated up to `to`, `collected` = the receipts
 * allocated to them dated up to `to` (exact decimal strings). One query. `ownerIds` undefined: every salesperson.
 */
export async function collectionFigures(
  db: Db,
  f: { from: string; to: string; ownerIds: readonly string[] | undefined },
): Promise<{ owner_id: string; customer_no: string; currency: string; due: string; collected: string }[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  const inOwners = f.ownerIds ? sql`and c.owner_id in (${sql.join([...f.ownerIds])})` : sql``;
  const { rows } = await sql<{
    owner_id: string;
    customer_no: string;
    currency: string;
    due: string;
    collected: string;
  }>`
      select c.owner_id, r.customer_no, r.currency,
             coalesce(sum(e.amount) filter (where e.kind in ('invoice', 'credit_note', 'adjustment')), 0)::text as due,
             coalesce(-sum(e.amount) filter (where e.kind = 'allocation'), 0)::text as collected
        from receivables r
        join customers c on c.customer_no = r.customer_no
        left join receivable_entries e on e.receivable_id = r.id and e.entry_date <= ${f.to}
       where r.due_date between ${f.from} and ${f.to} ${inOwners}
       group by c.owner_id, r.customer_no, r.currency`.execute(db);
  return rows;
}

/** Quotes won and lost by one salesperson with one customer over a date range (definitions: `LOST_QUOTE_STATUSES`). */
export interface QuoteOutcomeRow {
  ownerId: string;
  customerNo: string;
  /** Quotes whose contract was signed in the range. */
  won: number;
  /** Quotes that ended without a contract in the range, by the final state they moved into. */
  lost: Record<LostQuoteStatus, number>;
}

/**
 * The lost half of `quoteOutcomes`: per salesperson, customer and final state, the quotes whose audited
 * transition into a `LOST_QUOTE_STATUSES` state fell on a business date (BUSINESS_TIMEZONE) in `from` … `to`
 * (inclusive). The dates are turned into the instants that bound them (midnight of `from` up to, not including,
 * midnight after `to`, in the business time zone), so the range is a plain comparison on `occurred_at` that the
 * index `audit_log_transition_idx` (migration 0026) serves. `ownerIds` undefined: every salesperson; an empty
 * list is the caller's to short-cut. Exported so that a test can EXPLAIN the query the analysis runs.
 */
export function lostQuotesQuery(f: { from: string; to: string; ownerIds: readonly string[] | undefined }) {
  const zone = businessTimeZone();
  const inOwners = f.ownerIds ? sql`and q.owner_id in (${sql.join([...f.ownerIds])})` : sql``;
  return sql<{ owner_id: string; customer_no: string; status: LostQuoteStatus; n: string }>`
      select q.owner_id, q.customer_no, a.to_state as status, count(distinct a.record_id)::text as n
        from audit_log a join quotes q on q.quote_no = a.record_id
       where a.record_type = 'quote'
         and a.to_state in (${sql.join([...LOST_QUOTE_STATUSES])})
         and a.from_state is distinct from a.to_state
         and a.occurred_at >= (${f.from}::date::timestamp at time zone ${zone})
         and a.occurred_at < ((${f.to}::date + 1)::timestamp at time zone ${zone})
         ${inOwners}
       group by q.owner_id, q.customer_no, a.to_state`;
}

/**
 * Quotes won and lost in `from` … `to` (business dates, inclusive) per salesperson and customer, as the
 * monthly sales analysis counts them (domain/quote.ts `LOST_QUOTE_STATUSES`): won — its contract's signature
 * date in the range; lost — the audited transition into refused / expired / withdrawn / cancelled on a business
 * date (BUSINESS_TIMEZONE) in the range. `ownerIds` undefined: every salesperson. Sorted by salesperson, customer.
 */
export async function quoteOutcomes(
  db: Db,
  f: { from: string; to: string; ownerIds: readonly string[] | undefined },
): Promise<QuoteOutcomeRow[]> {
  const owners = f.ownerIds;
  if (owners && owners.length === 0) return [];
  const inOwners = owners ? sql`and q.owner_id in (${sql.join([...owners])})` : sql``;
  const [won, lost] = await Promise.all([
    sql<{ owner_id: string; customer_no: string; n: string }>`
      select q.owner_id, q.customer_no, count(distinct k.quote_no)::text as n
        from contracts k join quotes q on q.quote_no = k.quote_no
       where k.signed_on between ${f.from} and ${f.to} ${inOwners}
       group by q.owner_id, q.customer_no`.execute(db),
    lostQuotesQuery(f).execute(db),
  ]);
  const rows = new Map<string, QuoteOutcomeRow>();
  const rowOf = (ownerId: string, customerNo: string): QuoteOutcomeRow => {
    const k = `${ownerId}\u0000${customerNo}`;
    let r = rows.get(k);
    if (!r) {
      r = {
        ownerId,
        customerNo,
        won: 0,
        lost: Object.fromEntries(LOST_QUOTE_STATUSES.map((st) => [st, 0])) as Record<LostQuoteStatus, number>,
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const w of won.rows) rowOf(w.owner_id, w.customer_no).won = Number(w.n);
  for (const l of lost.rows) rowOf(l.owner_id, l.customer_no).lost[l.status] = Number(l.n);
  return [...rows.values()].sort(
    (a, b) => a.ownerId.localeCompare(b.ownerId) || a.customerNo.localeCompare(b.customerNo),
  );
}

/** Customers' full names by number. */
export async function findCustomerNames(db: Db, customerNos: readonly string[]): Promise<Map<string, string>> {
  if (customerNos.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['customer_no', 'full_name'])
    .where('customer_no', 'in', [...customerNos])
    .execute();
  return new Map(rows.map((r) => [r.customer_no, r.full_name]));
}

/** The status of each owner's report of `kind` and `period` (owners without one are absent). */
export async function planStatusesOf(db: Db, kind: PlanKind, period: string): Promise<Map<string, PlanStatus>> {
  const rows = await db
    .selectFrom('plans')
    .select(['owner_id', 'status'])
    .where('kind', '=', kind)
    .where('period', '=', period)
    .execute();
  return new Map(rows.map((r) => [r.owner_id, r.status]));
}
