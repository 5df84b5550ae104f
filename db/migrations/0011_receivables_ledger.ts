import { sql, type Kysely } from 'kysely';

/**
 * The receivables ledger 欠款臺帳 (issue 13): each receivable's invoice date and payment terms; its
 * entries (invoice, credit note, adjustment, receipt allocation — signed, append-only); receipts
 * 收款 and their refunds (append-only); each contract's payment terms. Existing receivables get their
 * invoice entry and the terms they were billed on (30 days after billing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('receivables')
    .addColumn('invoice_date', 'date')
    .addColumn('payment_terms', 'text')
    .execute();
  await sql`update receivables set invoice_date = (created_at at time zone 'Asia/Shanghai')::date,
    payment_terms = 'days_after_invoice+30'`.execute(db);
  await sql`alter table receivables alter column invoice_date set not null, alter column payment_terms set not null`.execute(
    db,
  );
  await db.schema.createIndex('receivables_customer').on('receivables').columns(['customer_no', 'currency']).execute();

  await db.schema
    .createTable('receipts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('receipts_customer').on('receipts').columns(['customer_no', 'currency']).execute();

  await db.schema
    .createTable('receivable_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('receivable_id', 'integer', (c) => c.notNull().references('receivables.id'))
    .addColumn('customer_no', 'text', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('invoice', 'credit_note', 'adjustment', 'allocation')`),
    )
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('entry_date', 'date', (c) => c.notNull())
    .addColumn('receipt_id', 'integer', (c) => c.references('receipts.id'))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table receivable_entries add constraint receivable_entries_receipt
    check ((kind = 'allocation') = (receipt_id is not null))`.execute(db);
  await db.schema
    .createIndex('receivable_entries_receivable')
    .on('receivable_entries')
    .column('receivable_id')
    .execute();
  await db.schema.createIndex('receivable_entries_receipt').on('receivable_entries').column('receipt_id').execute();
  await db.schema
    .createIndex('receivable_entries_customer')
    .on('receivable_entries')
    .columns(['customer_no', 'currency'])
    .execute();
  await sql`insert into receivable_entries (receivable_id, customer_no, currency, kind, amount, entry_date, created_by)
    select id, customer_no, currency, 'invoice', amount, invoice_date, 'system' from receivables order by id`.execute(
    db,
  );

  await db.schema
    .createTable('receipt_refunds')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('receipt_id', 'integer', (c) => c.notNull().references('receipts.id'))
    .addColumn('amount', 'numeric(18, 4)', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('refunded_on', 'date', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('receipt_refunds_receipt').on('receipt_refunds').column('receipt_id').execute();

  await db.schema
    .createTable('contract_payment_terms')
    .addColumn('contract_no', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('monthly_statement', 'days_after_invoice')`))
    .addColumn('days', 'integer', (c) => c.notNull().check(sql`days between 0 and 365`))
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The ledger is append-only: an entry, a receipt or a refund is never changed or removed.
  await sql`create function ledger_append_only() returns trigger language plpgsql as $$
    begin raise exception '% is append-only: record a correcting entry instead', tg_table_name; end $$`.execute(db);
  for (const t of ['receivable_entries', 'receipts', 'receipt_refunds'])
    await sql`create trigger ${sql.raw(`${t}_append_only`)} before update or delete on ${sql.table(t)}
      for each row execute function ledger_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['contract_payment_terms', 'receipt_refunds', 'receivable_entries', 'receipts'])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`drop function if exists ledger_append_only()`.execute(db);
  await db.schema.dropIndex('receivables_customer').ifExists().execute();
  await db.schema.alterTable('receivables').dropColumn('invoice_date').dropColumn('payment_terms').execute();
}
