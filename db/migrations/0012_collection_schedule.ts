import { sql, type Kysely } from 'kysely';

/**
 * The collection schedule 收款日程 (issue 13): a planned collection date per customer (the current plan;
 * each change audited) and the calls made to collect, with any promise to pay (append-only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('collection_plans')
    .addColumn('customer_no', 'text', (c) => c.primaryKey().references('customers.customer_no'))
    .addColumn('planned_on', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('collection_calls')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('called_on', 'date', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('promise_currency', 'char(3)')
    .addColumn('promise_amount', 'numeric(18, 4)')
    .addColumn('promise_date', 'date')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table collection_calls add constraint collection_calls_promise check (
    (promise_amount is null) = (promise_currency is null) and (promise_amount is null) = (promise_date is null))`.execute(
    db,
  );
  await db.schema
    .createIndex('collection_calls_customer')
    .on('collection_calls')
    .columns(['customer_no', 'id'])
    .execute();
  await sql`create trigger collection_calls_append_only before update or delete on collection_calls
    for each row execute function ledger_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('collection_calls').ifExists().execute();
  await db.schema.dropTable('collection_plans').ifExists().execute();
}
