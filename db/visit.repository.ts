/** Customer visits, their follow-ups, visit plans, success diaries and their comments (migration 0022): all SQL. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { plusDays } from '../domain/calendar';
import type { DiaryPrefill, VisitRecord, VisitStatus } from '../domain/visit';
import type { Database } from './database';
import type { DiaryCommentRow, DiaryRow, VisitFollowUpRow, VisitPlanRow, VisitRow } from './visit.table';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertVisit(
  trx: Transaction<Database>,
  v: {
    customerNo: string;
    ownerId: string;
    weekStart: string;
    plannedAt: Date;
    purpose: string;
    questions: string | null;
    material: string | null;
    appointmentConfirmedAt: Date | null;
  },
): Promise<VisitRow> {
  return trx
    .insertInto('visits')
    .values({
      customer_no: v.customerNo,
      owner_id: v.ownerId,
      week_start: v.weekStart,
      planned_at: v.plannedAt,
      purpose: v.purpose,
      questions: v.questions,
      material: v.material,
      appointment_confirmed_at: v.appointmentConfirmedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findVisit(db: Db, id: number): Promise<VisitRow | undefined> {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockVisit(trx: Transaction<Database>, id: number): Promise<VisitRow | undefined> {
  return trx.selectFrom('visits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateVisit(
  trx: Transaction<Database>,
  id: number,
  patch: {
    status?: VisitStatus;
    plannedAt?: Date;
    weekStart?: string;
    appointmentConfirmedAt?: Date;
    /** When the visit took place; its business date is stored beside it as `visited_on`. */
    visitedAt?: { at: Date; on: string };
    record?: VisitRecord;
    cancelReason?: string;
  },
): Promise<VisitRow> {
  return trx
    .updateTable('visits')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.plannedAt ? { planned_at: patch.plannedAt } : {}),
      ...(patch.weekStart ? { week_start: patch.weekStart } : {}),
      ...(patch.appointmentConfirmedAt ? { appointment_confirmed_at: patch.appointmentConfirmedAt } : {}),
      ...(patch.visitedAt ? { visited_at: patch.visitedAt.at, visited_on: patch.visitedAt.on } : {}),
      ...(patch.record ? { record: JSON.stringify(patch.record) } : {}),
      ...(patch.cancelReason ? { cancel_reason: patch.cancelReason } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface VisitFilter {
  /** Owners in sight; undefined: all. */
  ownerIds?: readonly string[] | undefined;
  weekStart?: string | undefined;
  status?: VisitStatus | undefined;
  visitedFrom?: string | undefined;
  visitedTo?: string | undefined;
  /**
   * The weekly report's week (its Monday): recorded visits that took place in it (`visited_on` within the week),
   * and visits not recorded (planned, cancelled) of that plan week.
   */
  reportWeek?: string | undefined;
}

/** Visits with the customer's name, by planned time. */
export async function listVisits(db: Db, f: VisitFilter): Promise<(VisitRow & { customer_name: string })[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  let q = db
    .selectFrom('visits as v')
    .innerJoin('customers as c', 'c.customer_no', 'v.customer_no')
    .selectAll('v')
    .select('c.full_name as customer_name');
  if (f.ownerIds) q = q.where('v.owner_id', 'in', [...f.ownerIds]);
  if (f.weekStart) q = q.where('v.week_start', '=', f.weekStart);
  if (f.status) q = q.where('v.status', '=', f.status);
  if (f.visitedFrom) q = q.where('v.visited_on', '>=', f.visitedFrom);
  if (f.visitedTo) q = q.where('v.visited_on', '<=', f.visitedTo);
  if (f.reportWeek) {
    const { from, to } = { from: f.reportWeek, to: plusDays(f.reportWeek, 6) };
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('v.status', '=', 'recorded'), eb('v.visited_on', '>=', from), eb('v.visited_on', '<=', to)]),
        eb.and([eb('v.status', '!=', 'recorded'), eb('v.week_start', '=', from)]),
      ]),
    );
  }
  return q.orderBy('v.planned_at').orderBy('v.id').execute();
}

export async function insertFollowUps(
  trx: Transaction<Database>,
  visitId: number,
  items: readonly { action: string; ownerId: string; dueOn: string }[],
): Promise<VisitFollowUpRow[]> {
  if (items.length === 0) return [];
  return trx
    .insertInto('visit_follow_ups')
    .values(items.map((i) => ({ visit_id: visitId, action: i.action, owner_id: i.ownerId, due_on: i.dueOn })))
    .returningAll()
    .execute();
}

export async function listFollowUps(db: Db, visitIds: readonly number[]): Promise<VisitFollowUpRow[]> {
  if (visitIds.length === 0) return [];
  return db
    .selectFrom('visit_follow_ups')
    .selectAll()
    .where('visit_id', 'in', [...visitIds])
    .orderBy('id')
    .execute();
}

/** Follow-ups by id with their visit's dates (the inbox names a follow-up by its visit: api/inbox-names.ts). */
export async function findFollowUpsWithVisit(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('visit_follow_ups as f')
    .innerJoin('visits as v', 'v.id', 'f.visit_id')
    .select(['f.id', 'f.action', 'v.visited_on', 'v.planned_at'])
    .where('f.id', 'in', [...ids])
    .execute();
}

export async function lockFollowUp(trx: Transaction<Database>, id: number): Promise<VisitFollowUpRow | undefined> {
  return trx.selectFrom('visit_follow_ups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findFollowUp(db: Db, id: number): Promise<VisitFollowUpRow | undefined> {
  return db.selectFrom('visit_follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markFollowUpDone(
  trx: Transaction<Database>,
  id: number,
  by: string,
  note: string | null,
): Promise<VisitFollowUpRow> {
  return trx
    .updateTable('visit_follow_ups')
    .set({ done_at: new Date(), done_by: by, done_note: note })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findVisitPlan(db: Db, ownerId: string, weekStart: string): Promise<VisitPlanRow | undefined> {
  return db
    .selectFrom('visit_plans')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('week_start', '=', weekStart)
    .executeTakeFirst();
}

export async function insertVisitPlan(
  trx: Transaction<Database>,
  p: { ownerId: string; weekStart: string; onTime: boolean },
): Promise<VisitPlanRow> {
  return trx
    .insertInto('visit_plans')
    .values({ owner_id: p.ownerId, week_start: p.weekStart, on_time: p.onTime })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Customers (not terminated) of the owners in sight with no visit recorded in [from, to], with the date of
 * their last recorded visit (null: never visited), longest unvisited first.
 */
export async function listCustomersNotVisited(
  db: Db,
  f: { ownerIds?: readonly string[] | undefined; from: string; to: string },
): Promise<
  { customer_no: string; full_name: string; owner_id: string; status: string; last_visited_on: string | null }[]
> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  let q = db
    .selectFrom('customers as c')
    .select([
      'c.customer_no',
      'c.full_name',
      'c.owner_id',
      'c.status',
      sql<string | null>`(select to_char(max(v.visited_on), 'YYYY-MM-DD') from visits v
        where v.customer_no = c.customer_no and v.status = 'recorded')`.as('last_visited_on'),
    ])
    .where('c.status', '<>', 'terminated')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('visits as v')
            .select('v.id')
            .whereRef('v.customer_no', '=', 'c.customer_no')
            .where('v.status', '=', 'recorded')
            .where('v.visited_on', '>=', f.from)
            .where('v.visited_on', '<=', f.to),
        ),
      ),
    );
  if (f.ownerIds) q = q.where('c.owner_id', 'in', [...f.ownerIds]);
  return q
    .orderBy(sql`last_visited_on asc nulls first`)
    .orderBy('c.customer_no')
    .execute();
}

/** A customer's open jobs and open exceptions, for the visit record screen (§3.2.7: 近期服務狀況). */
export async function findCustomerService(db: Db, customerNo: string) {
  const [jobs, exceptions, lastVisit] = await Promise.all([
    db
      .selectFrom('jobs')
      .select(['job_no', 'current_stage', 'status', 'urgent', 'eta', 'container_type', 'container_count', 'created_at'])
      .where('customer_no', '=', customerNo)
      .where('status', '<>', 'completed')
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('job_exceptions')
      .select(['id', 'job_no', 'stage', 'type', 'description', 'raised_at'])
      .where('customer_no', '=', customerNo)
      .where('status', '=', 'open')
      .orderBy('raised_at')
      .limit(50)
      .execute(),
    db
      .selectFrom('visits')
      .select(['id', 'visited_on'])
      .where('customer_no', '=', customerNo)
      .where('status', '=', 'recorded')
      .orderBy('visited_on', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { jobs, exceptions, lastVisit };
}

export async function findDiary(db: Db, ownerId: string, day: string): Promise<DiaryRow | undefined> {
  return db.selectFrom('diaries').selectAll().where('owner_id', '=', ownerId).where('day', '=', day).executeTakeFirst();
}

export async function insertDiary(
  trx: Transaction<Database>,
  d: { ownerId: string; day: string; todayWork: string; tomorrowPlan: string; prefill: DiaryPrefill; onTime: boolean },
): Promise<DiaryRow> {
  return trx
    .insertInto('diaries')
    .values({
      owner_id: d.ownerId,
      day: d.day,
      today_work: d.todayWork,
      tomorrow_plan: d.tomorrowPlan,
      prefill: JSON.stringify(d.prefill),
      on_time: d.onTime,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Diaries of the owners within [from, to]. */
export async function listDiaries(
  db: Db,
  f: { ownerIds?: readonly string[] | undefined; from: string; to: string },
): Promise<DiaryRow[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  let q = db.selectFrom('diaries').selectAll().where('day', '>=', f.from).where('day', '<=', f.to);
  if (f.ownerIds) q = q.where('owner_id', 'in', [...f.ownerIds]);
  return q.orderBy('day').orderBy('owner_id').execute();
}

export async function listDiaryComments(db: Db, ownerId: string, day: string): Promise<DiaryCommentRow[]> {
  return db
    .selectFrom('diary_comments')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('day', '=', day)
    .orderBy('id')
    .execute();
}

export async function insertDiaryComment(
  trx: Transaction<Database>,
  c: { ownerId: string; day: string; authorId: string; comment: string },
): Promise<DiaryCommentRow> {
  return trx
    .insertInto('diary_comments')
    .values({ owner_id: c.ownerId, day: c.day, author_id: c.authorId, comment: c.comment })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * What the records say of `ownerId`'s business day `day` (the instants [dayStart, dayEnd)): quote steps
 * they took, steps and exceptions of their customers' jobs, their customers' receipts, visits recorded;
 * and their visits planned on `nextDay`. Amounts are the stored decimals (the caller formats them).
 */
export async function findDiaryFacts(
  db: Db,
  f: {
    ownerId: string;
    day: string;
    dayStart: Date;
    dayEnd: Date;
    nextDay: string;
    nextDayEnd: Date;
    nextDayStart: Date;
  },
): Promise<
  Omit<DiaryPrefill, 'receipts'> & { receipts: { id: number; customer_no: string; currency: string; amount: string }[] }
> {
  const [quoteRows, jobRows, raised, resolved, receipts, visits, next] = await Promise.all([
    db
      .selectFrom('audit_log as a')
      .innerJoin('quotes as q', 'q.quote_no', 'a.record_id')
      .select(['a.record_id', 'q.customer_no', 'a.action'])
      .where('a.record_type', '=', 'quote')
      .where('a.actor_id', '=', f.ownerId)
      .where('a.occurred_at', '>=', f.dayStart)
      .where('a.occurred_at', '<', f.dayEnd)
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('job_events')
      .select(['job_no', 'customer_no', 'step'])
      .where('owner_id', '=', f.ownerId)
      .where('business_date', '=', f.day)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('job_exceptions')
      .select(['id', 'job_no', 'customer_no', 'type'])
      .where('owner_id', '=', f.ownerId)
      .where('raised_at', '>=', f.dayStart)
      .where('raised_at', '<', f.dayEnd)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('job_exceptions')
      .select(['id', 'job_no', 'customer_no', 'type'])
      .where('owner_id', '=', f.ownerId)
      .where('resolved_at', '>=', f.dayStart)
      .where('resolved_at', '<', f.dayEnd)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('receipts as r')
      .innerJoin('customers as c', 'c.customer_no', 'r.customer_no')
      .select(['r.id', 'r.customer_no', 'r.currency', sql<string>`r.amount::text`.as('amount')])
      .where('c.owner_id', '=', f.ownerId)
      .where('r.received_on', '=', f.day)
      .orderBy('r.id')
      .execute(),
    db
      .selectFrom('visits')
      .select(['id', 'customer_no', 'purpose'])
      .where('owner_id', '=', f.ownerId)
      .where('status', '=', 'recorded')
      .where('visited_on', '=', f.day)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('visits')
      .select(['id', 'customer_no', 'purpose', 'planned_at'])
      .where('owner_id', '=', f.ownerId)
      .where('status', '=', 'planned')
      .where('planned_at', '>=', f.nextDayStart)
      .where('planned_at', '<', f.nextDayEnd)
      .orderBy('planned_at')
      .execute(),
  ]);
  const quotes = new Map<string, { quoteNo: string; customerNo: string; actions: string[] }>();
  for (const r of quoteRows) {
    const q = quotes.get(r.record_id) ?? { quoteNo: r.record_id, customerNo: r.customer_no, actions: [] };
    if (!q.actions.includes(r.action)) q.actions.push(r.action);
    quotes.set(r.record_id, q);
  }
  const jobs = new Map<string, { jobNo: string; customerNo: string; steps: string[] }>();
  for (const r of jobRows) {
    const j = jobs.get(r.job_no) ?? { jobNo: r.job_no, customerNo: r.customer_no, steps: [] };
    if (!j.steps.includes(r.step)) j.steps.push(r.step);
    jobs.set(r.job_no, j);
  }
  return {
    quotes: [...quotes.values()],
    jobs: [...jobs.values()],
    exceptions: [
      ...raised.map((e) => ({
        id: e.id,
        jobNo: e.job_no,
        customerNo: e.customer_no,
        type: e.type,
        event: 'raised' as const,
      })),
      ...resolved.map((e) => ({
        id: e.id,
        jobNo: e.job_no,
        customerNo: e.customer_no,
        type: e.type,
        event: 'resolved' as const,
      })),
    ],
    receipts: receipts.map((r) => ({
      id: r.id,
      customer_no: r.customer_no,
      currency: r.currency.trim(),
      amount: r.amount,
    })),
    visits: visits.map((v) => ({ id: v.id, customerNo: v.customer_no, purpose: v.purpose })),
    nextDayVisits: next.map((v) => ({
      id: v.id,
      customerNo: v.customer_no,
      purpose: v.purpose,
      plannedAt: v.planned_at.toISOString(),
    })),
  };
}
