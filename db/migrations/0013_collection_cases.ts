import { sql, type Kysely } from 'kysely';

/**
 * Abnormal collection 異常收款 and credit control (issue 13 §3.4.4): the collection cases (one open case
 * per customer and currency; the read model of workflow `collection-case-<id>`), the customers' credit
 * holds (current state; every change audited) and credit limits per customer and currency.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('collection_cases')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('overdue_at_open', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('oldest_due_date', 'date', (c) => c.notNull())
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addColumn('proposal', 'jsonb')
    .addColumn('proposed_by', 'text')
    .addColumn('decision', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_reason', 'text')
    .addColumn('workflow_started', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create unique index collection_cases_open on collection_cases (customer_no, currency)
    where closed_at is null`.execute(db);
  await db.schema.createIndex('collection_cases_status').on('collection_cases').columns(['status', 'id']).execute();

  await db.schema
    .createTable('credit_holds')
    .addColumn('customer_no', 'text', (c) => c.primaryKey().references('customers.customer_no'))
    .addColumn('on_hold', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('case_id', 'integer')
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('credit_limits')
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('credit_limits_pk', ['customer_no', 'currency'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('credit_limits').ifExists().execute();
  await db.schema.dropTable('credit_holds').ifExists().execute();
  await db.schema.dropTable('collection_cases').ifExists().execute();
}
