import { sql, type Kysely } from 'kysely';

/** Quote to contract: quotes and revisions, internal quote, cost budget, settlement basis, contracts, inbox, delegation, outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column price_authority_pct numeric(5, 2)`.execute(db);

  await sql`create sequence quote_id_seq`.execute(db);
  await db.schema
    .createTable('quotes')
    .addColumn('quote_no', 'text', (c) => c.primaryKey())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('tariff_version_no', 'integer', (c) => c.notNull().references('tariff_versions.version_no'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('needs_price_approval', 'boolean', (c) => c.notNull())
    .addColumn('below_cost', 'boolean', (c) => c.notNull())
    .addColumn('totals', 'jsonb', (c) => c.notNull())
    .addColumn('contract_no', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('quotes_customer_idx').on('quotes').columns(['customer_no', 'created_at']).execute();
  await db.schema.createIndex('quotes_owner_idx').on('quotes').columns(['owner_id', 'status']).execute();

  // Every revision's priced lines are kept: a quote never loses its history.
  await db.schema
    .createTable('quote_revisions')
    .addColumn('quote_no', 'text', (c) => c.notNull().references('quotes.quote_no'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('lines', 'jsonb', (c) => c.notNull())
    .addColumn('totals', 'jsonb', (c) => c.notNull())
    .addColumn('needs_price_approval', 'boolean', (c) => c.notNull())
    .addColumn('below_cost', 'boolean', (c) => c.notNull())
    .addColumn('authority_pct', 'numeric(5, 2)', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('quote_revisions_pk', ['quote_no', 'revision'])
    .execute();

  await db.schema
    .createTable('internal_quotes')
    .addColumn('quote_no', 'text', (c) => c.notNull().references('quotes.quote_no'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('fee_items', 'jsonb', (c) => c.notNull())
    .addColumn('project', 'jsonb', (c) => c.notNull())
    .addColumn('budget', 'jsonb', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('budget_approved_by', 'text')
    .addColumn('budget_approved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('internal_quotes_pk', ['quote_no', 'revision'])
    .execute();

  // 結算依據: what settlement will bill and reconcile against (later issues build on it).
  await db.schema
    .createTable('settlement_basis')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('quote_no', 'text', (c) => c.notNull().references('quotes.quote_no'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('payer', 'text')
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('revenue', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('cost', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('settlement_basis_quote_idx')
    .on('settlement_basis')
    .columns(['quote_no', 'revision'])
    .execute();

  await db.schema
    .createTable('contract_templates')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('clauses', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('contracts')
    .addColumn('quote_no', 'text', (c) => c.primaryKey().references('quotes.quote_no'))
    .addColumn('template_version', 'integer', (c) => c.notNull().references('contract_templates.version'))
    .addColumn('clause_changes', 'jsonb', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('contract_no', 'text', (c) => c.unique())
    .addColumn('numbered_at', 'timestamptz')
    .addColumn('approvals', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('signed_on', 'date')
    .addColumn('signed_recorded_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cost_accountings')
    .addColumn('quote_no', 'text', (c) => c.primaryKey().references('quotes.quote_no'))
    .addColumn('actuals', 'jsonb', (c) => c.notNull())
    .addColumn('sheet', 'jsonb', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Inbox read model: one open item per record, for the role whose turn it is.
  await db.schema
    .createTable('work_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('customer_no', 'text')
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('since', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .execute();
  await sql`create unique index work_items_open_uq on work_items (record_type, record_id) where closed_at is null`.execute(
    db,
  );
  await sql`create index work_items_inbox_idx on work_items (role, since) where closed_at is null`.execute(db);

  await db.schema
    .createTable('delegations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('from_user', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('to_user', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('delegations_dates', sql`starts_on <= ends_on`)
    .execute();
  await db.schema
    .createIndex('delegations_to_idx')
    .on('delegations')
    .columns(['to_user', 'starts_on', 'ends_on'])
    .execute();

  // Outbox: notices to people; a pluggable sender delivers them (logging in development).
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index notifications_pending_idx on notifications (id) where state = 'pending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'notifications',
    'delegations',
    'work_items',
    'cost_accountings',
    'contracts',
    'contract_templates',
    'settlement_basis',
    'internal_quotes',
    'quote_revisions',
    'quotes',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop sequence if exists quote_id_seq`.execute(db);
  await sql`alter table users drop column if exists price_authority_pct`.execute(db);
}
