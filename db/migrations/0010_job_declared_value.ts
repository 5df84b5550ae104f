import { sql, type Kysely } from 'kysely';

/**
 * A job's declared cargo value 「申報貨值」 (exact decimal, in the currency of the contract's
 * per-cent-of-value lines): the base those lines are billed on. Null: not declared (billed on the
 * value the contract was priced on).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('declared_value', 'numeric(18, 4)')
    .addColumn('declared_value_currency', 'char(3)')
    .execute();
  await sql`alter table jobs add constraint jobs_declared_value_pair check ((declared_value is null) = (declared_value_currency is null))`.execute(
    db,
  );
  // A container number is looked up across open jobs (one box, one open job).
  await db.schema
    .createIndex('job_containers_container_no')
    .on('job_containers')
    .column('container_no')
    .where(sql.ref('container_no'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('job_containers_container_no').ifExists().execute();
  await sql`alter table jobs drop constraint if exists jobs_declared_value_pair`.execute(db);
  await db.schema.alterTable('jobs').dropColumn('declared_value').dropColumn('declared_value_currency').execute();
}
