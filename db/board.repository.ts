/**
 * All SQL of the daily sheets (§2): order follow-up, deliveries, open exceptions, container volume and
 * its monthly budget. `ownerIds` is the set of salespeople whose jobs the caller may see (undefined =
 * everyone); an empty set sees nothing.
 */
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { ExceptionType } from '../domain/job';
import type { JobStage } from '../machines/job.machine';
import { VOLUME_STEPS, type VolumeRow } from '../lib/volume';
import type { Database } from './database';

type Db = Kysely<Database> | Transaction<Database>;
export type OwnerIds = readonly string[] | undefined;

const ownedBy = (column: string, ids: readonly string[]): Expression<SqlBool> =>
  ids.length ? sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})` : sql<SqlBool>`false`;

/** 「接單跟進表」: open jobs, urgent first then longest in their stage, and how many per stage (without the stage filter). */
export async function listOpenJobs(
  db: Db,
  f: {
    ownerIds: OwnerIds;
    stage?: JobStage | undefined;
    customerNo?: string | undefined;
    /** Only jobs with a step waiting on this role ("my jobs" of an operations role). */
    waitingOn?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  let base = db.selectFrom('jobs as j').where('j.status', '=', 'in_progress');
  if (f.ownerIds) base = base.where(ownedBy('j.owner_id', f.ownerIds));
  if (f.customerNo) base = base.where('j.customer_no', '=', f.customerNo);
  if (f.waitingOn) base = base.where(sql<boolean>`${f.waitingOn} = any(j.waiting_roles)`);
  const listed = f.stage ? base.where('j.current_stage', '=', f.stage) : base;
  const [rows, count, byStage] = await Promise.all([
    listed
      .leftJoin('customers as c', 'c.customer_no', 'j.customer_no')
      .leftJoin('users as u', 'u.id', 'j.owner_id')
      .selectAll('j')
      .select(['c.full_name as customer_name', 'u.display_name as owner_name'])
      .select((eb) =>
        eb
          .selectFrom('job_exceptions as x')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('x.job_no', '=', 'j.job_no')
          .where('x.status', '=', 'open')
          .as('open_exceptions'),
      )
      .orderBy('j.urgent', 'desc')
      .orderBy('j.stage_since', 'asc')
      .orderBy('j.job_no', 'asc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    listed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select([
        'j.current_stage as stage',
        sql<number>`count(*)`.as('jobs'),
        sql<number>`count(*) filter (where j.urgent)`.as('urgent'),
      ])
      .groupBy('j.current_stage')
      .execute(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, open_exceptions: Number(r.open_exceptions ?? 0) })),
    total: Number(count.n),
    byStage: byStage.map((s) => ({ stage: s.stage, jobs: Number(s.jobs), urgent: Number(s.urgent) })),
  };
}

/** 「送貨跟進表」: containers to be delivered on the given days, by day, customer, job and container. */
export async function listDeliveries(
  db: Db,
  f: { dates: readonly string[]; ownerIds: OwnerIds; customerNo?: string | undefined },
) {
  let q = db
    .selectFrom('job_containers as jc')
    .innerJoin('jobs as j', 'j.job_no', 'jc.job_no')
    .leftJoin('customers as c', 'c.customer_no', 'j.customer_no')
    .where('jc.delivery_date', 'in', [...f.dates]);
  if (f.ownerIds) q = q.where(ownedBy('j.owner_id', f.ownerIds));
  if (f.customerNo) q = q.where('j.customer_no', '=', f.customerNo);
  return q
    .selectAll('jc')
    .select(['j.customer_no', 'j.owner_id', 'j.urgent', 'c.full_name as customer_name'])
    .orderBy('jc.delivery_date')
    .orderBy('j.customer_no')
    .orderBy('jc.job_no')
    .orderBy('jc.container_key')
    .execute();
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];

const openExceptions = (db: Db, ownerIds: OwnerIds) => {
  let q = db
    .selectFrom('job_exceptions as x')
    .innerJoin('jobs as j', 'j.job_no', 'x.job_no')
    .leftJoin('customers as c', 'c.customer_no', 'x.customer_no')
    .where('x.status', '=', 'open');
  if (ownerIds) q = q.where(ownedBy('x.owner_id', ownerIds));
  return q;
};

const exceptionColumns = [
  'x.id',
  'x.job_no',
  'x.owner_id',
  'x.customer_no',
  'x.stage',
  'x.type',
  'x.description',
  'x.remedy',
  'x.customer_notified_at',
  'x.raised_by',
  'x.raised_at',
  'j.current_stage as job_stage',
  'j.urgent',
  'c.full_name as customer_name',
] as const;

/** 「異常動態表」: open exceptions, oldest first. */
export async function listOpenExceptions(
  db: Db,
  f: {
    ownerIds: OwnerIds;
    stage?: JobStage | undefined;
    type?: ExceptionType | undefined;
    limit: number;
    offset: number;
  },
) {
  let q = openExceptions(db, f.ownerIds);
  if (f.stage) q = q.where('x.stage', '=', f.stage);
  if (f.type) q = q.where('x.type', '=', f.type);
  const [rows, count] = await Promise.all([
    q.select(exceptionColumns).orderBy('x.raised_at').orderBy('x.id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type OpenExceptionRow = Awaited<ReturnType<typeof listOpenExceptions>>['rows'][number];

/** Open exceptions the morning briefing reports: customs and transport ones, receivable anomalies and unconfirmed extra charges. */
export async function listBriefingExceptions(db: Db, ownerIds: OwnerIds): Promise<OpenExceptionRow[]> {
  return openExceptions(db, ownerIds)
    .where((eb) =>
      eb.or([
        eb('x.stage', 'in', ['customs', 'transport']),
        eb('x.type', 'in', ['receivable_anomaly', 'unconfirmed_extra_charge']),
      ]),
    )
    .select(exceptionColumns)
    .orderBy('x.raised_at')
    .orderBy('x.id')
    .execute();
}

/** Jobs whose order was received 「接單」 on a business day (their `job.created` event). */
export async function listJobsReceivedOn(db: Db, date: string, ownerIds: OwnerIds) {
  let q = db
    .selectFrom('job_events as e')
    .innerJoin('jobs as j', 'j.job_no', 'e.job_no')
    .leftJoin('customers as c', 'c.customer_no', 'j.customer_no')
    .where('e.step', '=', VOLUME_STEPS.created)
    .where('e.business_date', '=', date);
  if (ownerIds) q = q.where(ownedBy('e.owner_id', ownerIds));
  return q
    .leftJoin('users as u', 'u.id', 'j.owner_id')
    .select([
      'u.display_name as owner_name',
      'j.job_no',
      'j.customer_no',
      'j.owner_id',
      'j.direction',
      'j.current_stage',
      'j.status',
      'j.urgent',
      'j.container_type',
      'j.container_count',
      'j.cargo',
      'j.eta',
      'c.full_name as customer_name',
    ])
    .orderBy('j.urgent', 'desc')
    .orderBy('j.job_no')
    .execute();
}

/**
 * Container volume per business day and salesperson from `job_events` — the SQL twin of
 * `volumeOf` in lib/volume.ts (test/db/volume.test.ts holds them equal).
 */
export async function findVolume(db: Db, f: { from: string; to: string; ownerIds: OwnerIds }): Promise<VolumeRow[]> {
  const S = VOLUME_STEPS;
  let q = db
    .selectFrom('job_events as e')
    .innerJoin('jobs as j', 'j.job_no', 'e.job_no')
    .where('e.business_date', '>=', f.from)
    .where('e.business_date', '<=', f.to)
    .where((eb) =>
      eb.or([
        eb('e.step', 'in', [S.created, S.released, S.arrived]),
        eb.and([eb('e.step', '=', S.loaded), eb('j.direction', '=', 'export')]),
      ]),
    );
  if (f.ownerIds) q = q.where(ownedBy('e.owner_id', f.ownerIds));
  const rows = await q
    .select([
      'e.business_date',
      'e.owner_id',
      sql<number>`count(*) filter (where e.step = ${S.created})`.as('orders_received'),
      sql<number>`coalesce(sum(e.containers) filter (where e.step = ${S.created}), 0)`.as('containers_ordered'),
      sql<number>`coalesce(sum(e.containers) filter (where e.step = ${S.released}), 0)`.as('containers_released'),
      sql<number>`coalesce(sum(e.containers) filter (where e.step in (${S.arrived}, ${S.loaded})), 0)`.as(
        'containers_delivered',
      ),
      sql<number>`count(*) filter (where e.step = ${S.created} and e.urgent)`.as('urgent_orders'),
    ])
    .groupBy(['e.business_date', 'e.owner_id'])
    .orderBy('e.business_date')
    .orderBy('e.owner_id')
    .execute();
  return rows.map((r) => ({
    businessDate: r.business_date,
    ownerId: r.owner_id,
    ordersReceived: Number(r.orders_received),
    containersOrdered: Number(r.containers_ordered),
    containersReleased: Number(r.containers_released),
    containersDelivered: Number(r.containers_delivered),
    urgentOrders: Number(r.urgent_orders),
  }));
}

/** The month's container-volume budget summed over the owners; null when none of them has one. */
export async function sumVolumeBudget(db: Db, month: string, ownerIds: OwnerIds): Promise<number | null> {
  let q = db.selectFrom('container_volume_budgets as b').where('b.month', '=', month);
  if (ownerIds) q = q.where(ownedBy('b.owner_id', ownerIds));
  const row = await q.select([sql<number | null>`sum(b.budget_containers)`.as('total')]).executeTakeFirstOrThrow();
  return row.total === null ? null : Number(row.total);
}

/** One salesperson's budget for a month, locked for the caller's change. */
export async function lockVolumeBudget(trx: Transaction<Database>, ownerId: string, month: string) {
  return trx
    .selectFrom('container_volume_budgets')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertVolumeBudget(
  trx: Transaction<Database>,
  ownerId: string,
  month: string,
  budgetContainers: number,
) {
  return trx
    .insertInto('container_volume_budgets')
    .values({ owner_id: ownerId, month, budget_containers: budgetContainers })
    .onConflict((oc) =>
      oc
        .columns(['owner_id', 'month'])
        .doUpdateSet({ budget_containers: budgetContainers, updated_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
