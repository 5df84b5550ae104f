import { sql, type Kysely } from 'kysely';

/**
 * Credit control (issue 13 §3.4.4): a manager's recorded override of a customer's credit hold. An
 * override is for one hold (the hold's `set_at`: a hold lifted and set again voids the overrides of the
 * earlier one) and one target — `job_open`: one new job under a contract (used by the first job opened
 * with it, `used_key` / `used_job_no`); `delivery`: releasing a job's containers for delivery.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credit_hold_overrides')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('hold_set_at', 'timestamptz', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('job_open', 'delivery')`))
    .addColumn('contract_no', 'text')
    .addColumn('job_no', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_role', 'text', (c) => c.notNull())
    .addColumn('on_behalf_of', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('used_key', 'text')
    .addColumn('used_by', 'text')
    .addColumn('used_job_no', 'text')
    .addColumn('used_at', 'timestamptz')
    .execute();
  await sql`alter table credit_hold_overrides add constraint credit_hold_overrides_target check (
    (scope = 'job_open' and contract_no is not null and job_no is null)
    or (scope = 'delivery' and job_no is not null and contract_no is null))`.execute(db);
  await db.schema
    .createIndex('credit_hold_overrides_customer')
    .on('credit_hold_overrides')
    .columns(['customer_no', 'hold_set_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('credit_hold_overrides').ifExists().execute();
}
