import { sql, type Kysely } from 'kysely';

/**
 * Customer visits 客戶訪問 and the success diary 成功日記 (issue 14, §2.3.2, §2.4.7, §2.4.9, §3.2.7–§3.2.8):
 * planned and recorded visits with their follow-ups, the week's visit plan as submitted, each working
 * day's diary of a salesperson (with the system's pre-filled facts as they stood when submitted) and the
 * sales manager's comments on it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('visits')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('week_start', 'date', (c) => c.notNull())
    .addColumn('planned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('questions', 'text')
    .addColumn('material', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('appointment_confirmed_at', 'timestamptz')
    .addColumn('visited_on', 'date')
    .addColumn('record', 'jsonb')
    .addColumn('cancel_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table visits add constraint visits_status check (status in ('planned', 'recorded', 'cancelled'))`.execute(
    db,
  );
  await db.schema.createIndex('visits_owner_week').on('visits').columns(['owner_id', 'week_start']).execute();
  await db.schema.createIndex('visits_customer_visited').on('visits').columns(['customer_no', 'visited_on']).execute();
  await db.schema
    .createTable('visit_follow_ups')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('visits.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .addColumn('done_note', 'text')
    .execute();
  await db.schema.createIndex('visit_follow_ups_visit').on('visit_follow_ups').column('visit_id').execute();
  await db.schema
    .createTable('visit_plans')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('week_start', 'date', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('on_time', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('visit_plans_pk', ['owner_id', 'week_start'])
    .execute();
  await db.schema
    .createTable('diaries')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('today_work', 'text', (c) => c.notNull())
    .addColumn('tomorrow_plan', 'text', (c) => c.notNull())
    .addColumn('prefill', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('on_time', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('diaries_pk', ['owner_id', 'day'])
    .execute();
  await db.schema
    .createTable('diary_comments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('diary_comments_diary', ['owner_id', 'day'], 'diaries', ['owner_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('diary_comments').ifExists().execute();
  await db.schema.dropTable('diaries').ifExists().execute();
  await db.schema.dropTable('visit_plans').ifExists().execute();
  await db.schema.dropTable('visit_follow_ups').ifExists().execute();
  await db.schema.dropTable('visits').ifExists().execute();
}
