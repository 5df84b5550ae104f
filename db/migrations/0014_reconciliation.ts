import { sql, type Kysely } from 'kysely';

/**
 * Reconciliation 對帳 (issue 13): write-offs 壞賬 as their own ledger entry kind and their proposals;
 * statements per customer and period with their lines and currency sections (a snapshot as sent);
 * dispute cases of statement lines with their notes; finance's uploaded receivables balances and their
 * differences from the ledger; collection-rate targets per salesperson and month.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table receivable_entries drop constraint receivable_entries_kind_check`.execute(db);
  await sql`alter table receivable_entries add constraint receivable_entries_kind_check
    check (kind in ('invoice', 'credit_note', 'adjustment', 'allocation', 'write_off'))`.execute(db);

  await db.schema
    .createTable('write_offs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('receivable_id', 'integer', (c) => c.notNull().references('receivables.id'))
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('proposed', 'approved', 'refused', 'returned')`),
    )
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_role', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('desk'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_comment', 'text')
    .addColumn('entry_id', 'integer', (c) => c.references('receivable_entries.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('write_offs_receivable').on('write_offs').column('receivable_id').execute();
  // One live proposal per receivable at a time.
  await sql`create unique index write_offs_one_open on write_offs (receivable_id)
    where status in ('proposed', 'returned')`.execute(db);

  await db.schema
    .createTable('statements')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'sent', 'confirmed', 'disputed')`))
    .addColumn('sections', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_by', 'text')
    .addColumn('sent_on', 'date')
    .addColumn('answered_by', 'text')
    .addColumn('answered_on', 'date')
    .addColumn('customer_reference', 'text')
    .execute();
  await sql`alter table statements add constraint statements_period check (period_from <= period_to)`.execute(db);
  await db.schema.createIndex('statements_customer').on('statements').columns(['customer_no', 'period_to']).execute();

  await db.schema
    .createTable('statement_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('statement_id', 'integer', (c) => c.notNull().references('statements.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('receivable_id', 'integer', (c) => c.notNull().references('receivables.id'))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('job_no', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('invoice_date', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('outstanding', 'numeric(18, 4)', (c) => c.notNull())
    .addUniqueConstraint('statement_lines_no', ['statement_id', 'line_no'])
    .execute();
  await sql`create trigger statement_lines_append_only before update or delete on statement_lines
    for each row execute function ledger_append_only()`.execute(db);

  await db.schema
    .createTable('dispute_cases')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('statement_id', 'integer', (c) => c.notNull().references('statements.id'))
    .addColumn('statement_line_id', 'integer', (c) => c.notNull().unique().references('statement_lines.id'))
    .addColumn('receivable_id', 'integer', (c) => c.notNull().references('receivables.id'))
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'resolved')`))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('adjustment', 'credit_note', 'customer_pays')`))
    .addColumn('resolution', 'text')
    .addColumn('entry_id', 'integer', (c) => c.references('receivable_entries.id'))
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table dispute_cases add constraint dispute_cases_outcome
    check ((status = 'resolved') = (outcome is not null))`.execute(db);
  await db.schema.createIndex('dispute_cases_receivable').on('dispute_cases').column('receivable_id').execute();

  await db.schema
    .createTable('balance_uploads')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('csv', 'xlsx')`))
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('balance_differences')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('upload_id', 'integer', (c) => c.notNull().references('balance_uploads.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('finance_balance', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('ledger_balance', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('agreed', 'open', 'resolved')`))
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution in ('correction', 'explanation')`))
    .addColumn('resolution_note', 'text')
    .addColumn('entry_id', 'integer', (c) => c.references('receivable_entries.id'))
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addUniqueConstraint('balance_differences_key', ['upload_id', 'customer_no', 'currency'])
    .execute();

  // Notes on a dispute case or a balance difference: append-only.
  await db.schema
    .createTable('reconciliation_notes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('subject', 'text', (c) => c.notNull().check(sql`subject in ('dispute', 'balance_difference')`))
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('written_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('reconciliation_notes_subject')
    .on('reconciliation_notes')
    .columns(['subject', 'subject_id'])
    .execute();
  await sql`create trigger reconciliation_notes_append_only before update or delete on reconciliation_notes
    for each row execute function ledger_append_only()`.execute(db);

  await db.schema
    .createTable('collection_targets')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('month', 'char(7)', (c) => c.notNull())
    .addColumn('target_pct', 'numeric(5, 2)', (c) => c.notNull().check(sql`target_pct between 0 and 100`))
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('collection_targets_pk', ['owner_id', 'month'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'collection_targets',
    'reconciliation_notes',
    'balance_differences',
    'balance_uploads',
    'dispute_cases',
    'statement_lines',
    'statements',
    'write_offs',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`alter table receivable_entries drop constraint receivable_entries_kind_check`.execute(db);
  await sql`alter table receivable_entries add constraint receivable_entries_kind_check
    check (kind in ('invoice', 'credit_note', 'adjustment', 'allocation'))`.execute(db);
}
