/**
 * All SQL about shipment jobs: the job row, its containers, events, exceptions and receivables, and the
 * contract a job is opened under. Callers pass a transaction where several writes must commit together.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database';
import type { JobContainerRow } from './job-container.table';
import type { ExceptionProgressNote, JobExceptionRow } from './job-exception.table';
import type { JobRow } from './job.table';
import type { QuoteRow } from './quote.table';
import type { ReceivableRow } from './receivable.table';
import type { ContainerType, ExceptionType } from '../domain/job';
import type { Currency } from '../machines/catalog';
import type { Direction, DueStep, JobStage, JobStatus, PaymentMethod } from '../machines/job.machine';

type Db = Kysely<Database> | Transaction<Database>;

/** A job row with its customer's name (`customer_name`, joined in the same query: the desk prints `C0001 name`). */
export type JobWithCustomer = JobRow & { customer_name: string | null };

/** The job's customer's name, read in the job's own query (a scalar subquery: a join would make filters ambiguous). */
const customerName = (eb: ExpressionBuilder<Database, 'jobs'>) =>
  eb
    .selectFrom('customers as c')
    .select('c.full_name')
    .whereRef('c.customer_no', '=', 'jobs.customer_no')
    .as('customer_name');

/** The job `jobNo` with its customer's name, or undefined. */
export async function findJob(db: Db, jobNo: string): Promise<JobWithCustomer | undefined> {
  return db.selectFrom('jobs').selectAll().select(customerName).where('job_no', '=', jobNo).executeTakeFirst();
}

/** The job row locked for the rest of the transaction (throws when there is none). */
export async function lockJob(trx: Transaction<Database>, jobNo: string): Promise<JobRow> {
  return trx.selectFrom('jobs').selectAll().where('job_no', '=', jobNo).forUpdate().executeTakeFirstOrThrow();
}

export async function listJobs(
  db: Db,
  f: {
    ownerIds?: readonly string[] | undefined;
    status?: JobStatus | undefined;
    stage?: JobStage | undefined;
    customerNo?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ rows: JobWithCustomer[]; total: number }> {
  let q = db.selectFrom('jobs');
  if (f.ownerIds) q = f.ownerIds.length ? q.where('owner_id', 'in', f.ownerIds) : q.where('owner_id', '=', '\u0000');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.stage) q = q.where('current_stage', '=', f.stage);
  if (f.customerNo) q = q.where('customer_no', '=', f.customerNo);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .select(customerName)
      .orderBy('urgent', 'desc')
      .orderBy('stage_since', 'asc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The quote a contract number was issued on (undefined when no quote carries it). */
export async function findQuoteOfContract(db: Db, contractNo: string): Promise<QuoteRow | undefined> {
  return db.selectFrom('quotes').selectAll().where('contract_no', '=', contractNo).executeTakeFirst();
}

/** A new job as entered. Dates are business dates `YYYY-MM-DD`; a second insert of the same number does nothing. */
export interface NewJob {
  jobNo: string;
  contractNo: string;
  quoteNo: string;
  customerNo: string;
  ownerId: string;
  direction: Direction;
  payment: PaymentMethod | null;
  stages: JobStage[];
  stage: JobStage | null;
  waiting: DueStep[];
  cargo: string;
  portOfLoading: string;
  portOfDischarge: string;
  vessel: string | null;
  voyage: string | null;
  etd: string | null;
  eta: string | null;
  requiredArrival: string | null;
  urgent: boolean;
  declaredValue: { currency: Currency; amount: string } | null;
  containerType: ContainerType;
  /** Container keys in order, each with its number where known. */
  containers: { key: string; containerNo: string | null }[];
}

/** Inserts the job and its containers (idempotent by job number) and returns the stored job. */
export async function insertJob(trx: Transaction<Database>, j: NewJob): Promise<JobRow> {
  await trx
    .insertInto('jobs')
    .values({
      job_no: j.jobNo,
      contract_no: j.contractNo,
      quote_no: j.quoteNo,
      customer_no: j.customerNo,
      owner_id: j.ownerId,
      direction: j.direction,
      payment_method: j.payment,
      stages: JSON.stringify(j.stages),
      status: 'in_progress',
      current_stage: j.stage,
      waiting: JSON.stringify(j.waiting),
      waiting_roles: [...new Set(j.waiting.flatMap((w) => w.roles))],
      stage_since: sql<Date>`now()`,
      cargo: j.cargo,
      port_of_loading: j.portOfLoading,
      port_of_discharge: j.portOfDischarge,
      vessel: j.vessel,
      voyage: j.voyage,
      etd: j.etd,
      eta: j.eta,
      required_arrival: j.requiredArrival,
      urgent: j.urgent,
      declared_value: j.declaredValue?.amount ?? null,
      declared_value_currency: j.declaredValue?.currency ?? null,
      container_type: j.containerType,
      container_count: j.containers.length,
    })
    .onConflict((oc) => oc.column('job_no').doNothing())
    .execute();
  await trx
    .insertInto('job_containers')
    .values(
      j.containers.map((c) => ({
        job_no: j.jobNo,
        container_key: c.key,
        container_no: c.containerNo,
        container_type: j.containerType,
      })),
    )
    .onConflict((oc) => oc.columns(['job_no', 'container_key']).doNothing())
    .execute();
  return trx.selectFrom('jobs').selectAll().where('job_no', '=', j.jobNo).executeTakeFirstOrThrow();
}

/** Where the job stands after a step: status, stage (its `stage_since` reset when it changed), what it waits for. */
export async function updateJobProgress(
  trx: Transaction<Database>,
  jobNo: string,
  p: { status: JobStatus; stage: JobStage | null; stageChanged: boolean; waiting: DueStep[]; completedNow: boolean },
): Promise<void> {
  await trx
    .updateTable('jobs')
    .set({
      status: p.status,
      current_stage: p.stage,
      waiting: JSON.stringify(p.waiting),
      waiting_roles: [...new Set(p.waiting.flatMap((w) => w.roles))],
      updated_at: sql<Date>`now()`,
      ...(p.stageChanged ? { stage_since: sql<Date>`now()` } : {}),
      ...(p.completedNow ? { completed_at: sql<Date>`now()` } : {}),
    })
    .where('job_no', '=', jobNo)
    .execute();
}

/** One row of the job's event log (the source of container volume). */
export async function insertJobEvent(
  trx: Transaction<Database>,
  e: {
    job: JobRow;
    stage: JobStage | null;
    step: string;
    container: string | null;
    containers: number;
    businessDate: string;
    actorId: string;
    idempotencyKey: string;
  },
): Promise<void> {
  await trx
    .insertInto('job_events')
    .values({
      job_no: e.job.job_no,
      owner_id: e.job.owner_id,
      customer_no: e.job.customer_no,
      stage: e.stage,
      step: e.step,
      container_key: e.container,
      containers: e.containers,
      urgent: e.job.urgent,
      business_date: e.businessDate,
      actor_id: e.actorId,
      idempotency_key: e.idempotencyKey,
    })
    .execute();
}

/** Facts a step records on containers: all of the job's, or the one named. Only the facts given are written. */
export interface ContainerFacts {
  containerNo?: string | undefined;
  deliveryDate?: string | undefined;
  deliveryPlace?: string | undefined;
  truck?: string | undefined;
  driver?: string | undefined;
  driverPhone?: string | undefined;
}

export async function recordContainerStep(
  trx: Transaction<Database>,
  jobNo: string,
  container: string | null,
  step: string,
  f: ContainerFacts,
): Promise<void> {
  let q = trx
    .updateTable('job_containers')
    .set({
      last_step: step,
      ...(f.containerNo ? { container_no: f.containerNo } : {}),
      ...(f.deliveryDate ? { delivery_date: f.deliveryDate } : {}),
      ...(f.deliveryPlace ? { delivery_place: f.deliveryPlace } : {}),
      ...(f.truck ? { truck: f.truck } : {}),
      ...(f.driver ? { driver: f.driver } : {}),
      ...(f.driverPhone ? { driver_phone: f.driverPhone } : {}),
    })
    .where('job_no', '=', jobNo);
  if (container) q = q.where('container_key', '=', container);
  await q.execute();
}

/** A container arrived at the factory now; whether the customer confirmed it. */
export async function markContainerArrived(
  trx: Transaction<Database>,
  jobNo: string,
  container: string,
  customerConfirmed: boolean,
): Promise<void> {
  await trx
    .updateTable('job_containers')
    .set({ arrived_at: sql<Date>`now()`, customer_confirmed: customerConfirmed })
    .where('job_no', '=', jobNo)
    .where('container_key', '=', container)
    .execute();
}

/** A container was unloaded now. */
export async function markContainerUnloaded(
  trx: Transaction<Database>,
  jobNo: string,
  container: string,
): Promise<void> {
  await trx
    .updateTable('job_containers')
    .set({ unloaded_at: sql<Date>`now()` })
    .where('job_no', '=', jobNo)
    .where('container_key', '=', container)
    .execute();
}

export async function insertJobException(
  trx: Transaction<Database>,
  x: {
    id: number;
    job: JobRow;
    stage: JobStage;
    type: ExceptionType;
    description: string;
    customerNotified: boolean;
    remedy: string | null;
    raisedBy: string;
  },
): Promise<void> {
  await trx
    .insertInto('job_exceptions')
    .values({
      id: x.id,
      job_no: x.job.job_no,
      owner_id: x.job.owner_id,
      customer_no: x.job.customer_no,
      stage: x.stage,
      type: x.type,
      description: x.description,
      customer_notified_at: x.customerNotified ? sql<Date>`now()` : null,
      remedy: x.remedy,
      status: 'open',
      raised_by: x.raisedBy,
    })
    .execute();
}

export async function resolveJobException(
  trx: Transaction<Database>,
  id: number,
  by: string,
  resolution: string | null,
): Promise<void> {
  await trx
    .updateTable('job_exceptions')
    .set({ status: 'resolved', resolved_by: by, resolved_at: sql<Date>`now()`, resolution })
    .where('id', '=', id)
    .execute();
}

/** Appends a progress note; `customerNotified` sets the time the customer was told, once. */
export async function addJobExceptionProgress(
  trx: Transaction<Database>,
  id: number,
  note: ExceptionProgressNote,
  customerNotified: boolean,
): Promise<void> {
  await trx
    .updateTable('job_exceptions')
    .set({
      progress: sql<string>`progress || ${JSON.stringify([note])}::jsonb`,
      ...(customerNotified ? { customer_notified_at: sql<Date>`coalesce(customer_notified_at, now())` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Which of `containerNos` are on a job still in progress (other than `exceptJobNo`), and on which job
 * and container: one box is on one open job at a time.
 */
export async function findOpenJobsHoldingContainers(
  db: Db,
  containerNos: readonly string[],
  exceptJobNo?: string,
): Promise<{ containerNo: string; jobNo: string; containerKey: string }[]> {
  if (!containerNos.length) return [];
  let q = db
    .selectFrom('job_containers as c')
    .innerJoin('jobs as j', 'j.job_no', 'c.job_no')
    .select(['c.container_no', 'c.job_no', 'c.container_key'])
    .where('c.container_no', 'in', containerNos)
    .where('j.status', '=', 'in_progress');
  if (exceptJobNo) q = q.where('c.job_no', '!=', exceptJobNo);
  const rows = await q.orderBy('c.job_no').execute();
  return rows.map((r) => ({ containerNo: r.container_no!, jobNo: r.job_no, containerKey: r.container_key }));
}

export async function findJobException(db: Db, id: number): Promise<JobExceptionRow | undefined> {
  return db.selectFrom('job_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A receivable line of a billed job; `amount` exact in the currency's digits. */
export interface NewReceivable {
  label: string;
  source: 'service' | 'fee_item' | 'actual_charge';
  currency: string;
  amount: string;
}

/**
 * The receivables of a billed job, each with its invoice entry in the ledger (receivable_entries), in the
 * caller's transaction. `invoiceDate` / `dueDate` business dates; `paymentTerms` as domain/payment-terms.ts writes them.
 */
export async function insertReceivables(
  trx: Transaction<Database>,
  job: JobRow,
  billing: { invoiceDate: string; dueDate: string; paymentTerms: string },
  rows: NewReceivable[],
): Promise<void> {
  if (!rows.length) return;
  const inserted = await trx
    .insertInto('receivables')
    .values(
      rows.map((r) => ({
        job_no: job.job_no,
        customer_no: job.customer_no,
        contract_no: job.contract_no,
        invoice_date: billing.invoiceDate,
        payment_terms: billing.paymentTerms,
        due_date: billing.dueDate,
        ...r,
      })),
    )
    .returning(['id', 'customer_no', 'currency', 'amount', 'invoice_date'])
    .execute();
  await trx
    .insertInto('receivable_entries')
    .values(
      inserted.map((r) => ({
        receivable_id: r.id,
        customer_no: r.customer_no,
        currency: r.currency,
        kind: 'invoice' as const,
        amount: r.amount,
        entry_date: r.invoice_date,
        created_by: 'system',
      })),
    )
    .execute();
}

export async function findJobParts(
  db: Db,
  jobNo: string,
): Promise<{ containers: JobContainerRow[]; exceptions: JobExceptionRow[]; receivables: ReceivableRow[] }> {
  const [containers, exceptions, receivables] = await Promise.all([
    db.selectFrom('job_containers').selectAll().where('job_no', '=', jobNo).orderBy('container_key').execute(),
    db.selectFrom('job_exceptions').selectAll().where('job_no', '=', jobNo).orderBy('id').execute(),
    db.selectFrom('receivables').selectAll().where('job_no', '=', jobNo).orderBy('id').execute(),
  ]);
  return { containers, exceptions, receivables };
}
