import { sql, type Kysely } from 'kysely';

/** Shipment follow-up: jobs, their containers, events, exceptions, receivables and container-volume budgets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence job_id_seq`.execute(db);
  await sql`create sequence job_exception_id_seq`.execute(db);
  await db.schema
    .createTable('jobs')
    .addColumn('job_no', 'text', (c) => c.primaryKey())
    .addColumn('contract_no', 'text', (c) => c.notNull())
    .addColumn('quote_no', 'text', (c) => c.notNull().references('quotes.quote_no'))
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text')
    .addColumn('stages', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_stage', 'text')
    .addColumn('waiting', 'jsonb', (c) => c.notNull())
    .addColumn('waiting_roles', sql`text[]`, (c) => c.notNull())
    .addColumn('stage_since', 'timestamptz', (c) => c.notNull())
    .addColumn('cargo', 'text', (c) => c.notNull())
    .addColumn('port_of_loading', 'text', (c) => c.notNull())
    .addColumn('port_of_discharge', 'text', (c) => c.notNull())
    .addColumn('vessel', 'text')
    .addColumn('voyage', 'text')
    .addColumn('etd', 'date')
    .addColumn('eta', 'date')
    .addColumn('required_arrival', 'date')
    .addColumn('urgent', 'boolean', (c) => c.notNull())
    .addColumn('container_type', 'text', (c) => c.notNull())
    .addColumn('container_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('jobs_owner_idx').on('jobs').columns(['owner_id', 'status']).execute();

  await db.schema
    .createTable('job_containers')
    .addColumn('job_no', 'text', (c) => c.notNull().references('jobs.job_no'))
    .addColumn('container_key', 'text', (c) => c.notNull())
    .addColumn('container_no', 'text')
    .addColumn('container_type', 'text', (c) => c.notNull())
    .addColumn('last_step', 'text')
    .addColumn('delivery_date', 'date')
    .addColumn('delivery_place', 'text')
    .addColumn('truck', 'text')
    .addColumn('driver', 'text')
    .addColumn('driver_phone', 'text')
    .addColumn('arrived_at', 'timestamptz')
    .addColumn('customer_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('unloaded_at', 'timestamptz')
    .addPrimaryKeyConstraint('job_containers_pk', ['job_no', 'container_key'])
    .execute();

  // Every accepted job step, once: the source of container volume and the job's timeline.
  await db.schema
    .createTable('job_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('job_no', 'text', (c) => c.notNull().references('jobs.job_no'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('container_key', 'text')
    .addColumn('containers', 'integer', (c) => c.notNull())
    .addColumn('urgent', 'boolean', (c) => c.notNull())
    .addColumn('business_date', 'date', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addUniqueConstraint('job_events_key_uq', ['job_no', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('job_events_volume_idx')
    .on('job_events')
    .columns(['business_date', 'owner_id', 'step'])
    .execute();

  await db.schema
    .createTable('job_exceptions')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('job_no', 'text', (c) => c.notNull().references('jobs.job_no'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('customer_notified_at', 'timestamptz')
    .addColumn('remedy', 'text')
    .addColumn('progress', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolution', 'text')
    .execute();
  await sql`create index job_exceptions_open_idx on job_exceptions (owner_id, raised_at) where status = 'open'`.execute(
    db,
  );

  await db.schema
    .createTable('receivables')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('job_no', 'text', (c) => c.notNull().references('jobs.job_no'))
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('contract_no', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('container_volume_budgets')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('budget_containers', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('container_volume_budgets_pk', ['owner_id', 'month'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['container_volume_budgets', 'receivables', 'job_exceptions', 'job_events', 'job_containers', 'jobs'])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`drop sequence if exists job_id_seq, job_exception_id_seq`.execute(db);
}
