/** All SQL about jobs: lookups, lists, containers, exceptions, receivables, timeline. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database';
import type { JobRow } from './job.table';
import type { JobStage, JobStatus } from '../machines/job.machine';

type Db = Kysely<Database> | Transaction<Database>;

export async function findJob(db: Db, jobNo: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('job_no', '=', jobNo).executeTakeFirst();
}

export async function listJobs(
  db: Db,
  f: { ownerIds?: readonly string[] | undefined; status?: JobStatus | undefined; stage?: JobStage | undefined; customerNo?: string | undefined; limit: number; offset: number },
): Promise<{ rows: JobRow[]; total: number }> {
  let q = db.selectFrom('jobs');
  if (f.ownerIds) q = f.ownerIds.length ? q.where('owner_id', 'in', f.ownerIds) : q.where('owner_id', '=', '\u0000');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.stage) q = q.where('current_stage', '=', f.stage);
  if (f.customerNo) q = q.where('customer_no', '=', f.customerNo);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('urgent', 'desc').orderBy('stage_since', 'asc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findJobParts(db: Db, jobNo: string) {
  const [containers, exceptions, receivables] = await Promise.all([
    db.selectFrom('job_containers').selectAll().where('job_no', '=', jobNo).orderBy('container_key').execute(),
    db.selectFrom('job_exceptions').selectAll().where('job_no', '=', jobNo).orderBy('id').execute(),
    db.selectFrom('receivables').selectAll().where('job_no', '=', jobNo).orderBy('id').execute(),
  ]);
  return { containers, exceptions, receivables };
}

export async function findJobException(db: Db, id: number) {
  return db.selectFrom('job_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
}
