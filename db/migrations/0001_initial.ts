import { sql, type Kysely } from 'kysely';
import { ROLES } from '../../machines/roles';

const roleList = sql.raw(ROLES.map((r) => `'${r}'`).join(','));

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in (${roleList})`))
    .addColumn('manager_id', 'text', (c) => c.references('users.id'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('counters_pk', ['name', 'period'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('normalized_name', 'text', (c) => c.notNull().unique())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('fax', 'text')
    .addColumn('contact_person', 'text', (c) => c.notNull())
    .addColumn('industry', 'text')
    .addColumn('credit_standing', 'text')
    .addColumn('payment_terms', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('creation_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('customers_owner_idx').on('customers').columns(['owner_id', 'status']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('on_behalf_of', 'text')
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('comment', 'text')
    .addColumn('changes', 'jsonb')
    .addColumn('idempotency_key', 'text')
    .addUniqueConstraint('audit_log_idempotency_uq', ['record_type', 'record_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('audit_log_record_idx')
    .on('audit_log')
    .columns(['record_type', 'record_id', 'id'])
    .execute();

  await sql`create sequence tariff_version_no_seq`.execute(db);
  await db.schema
    .createTable('tariff_versions')
    .addColumn('version_no', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('locked_at', 'timestamptz')
    .addColumn('source_change_id', 'integer')
    .addColumn('based_on_version_no', 'integer', (c) => c.references('tariff_versions.version_no'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('tariff_versions_in_force_idx')
    .on('tariff_versions')
    .columns(['status', 'effective_from'])
    .execute();

  await db.schema
    .createTable('tariff_lines')
    .addColumn('version_no', 'integer', (c) => c.notNull().references('tariff_versions.version_no').onDelete('cascade'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('commodity', 'text', (c) => c.notNull())
    .addColumn('route_from', 'text', (c) => c.notNull())
    .addColumn('route_to', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('price', 'numeric(18, 4)', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('budget_cost', 'numeric(18, 4)', (c) => c.notNull().check(sql`budget_cost >= 0`))
    .addColumn('valid_from', 'date')
    .addColumn('valid_to', 'date')
    .addPrimaryKeyConstraint('tariff_lines_pk', ['version_no', 'line_no'])
    .execute();

  await sql`create sequence tariff_change_id_seq`.execute(db);
  await db.schema
    .createTable('tariff_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('base_version_no', 'integer', (c) => c.notNull().references('tariff_versions.version_no'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('lines', 'jsonb', (c) => c.notNull())
    .addColumn('marketing_approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('result_version_no', 'integer', (c) => c.references('tariff_versions.version_no'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A client's Idempotency-Key on a create maps to the number reserved for it, so a retry finds the same record.
  await db.schema
    .createTable('request_keys')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('ref', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('request_keys_pk', ['actor_id', 'scope', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'request_keys',
    'tariff_changes',
    'tariff_lines',
    'tariff_versions',
    'audit_log',
    'customers',
    'counters',
    'users',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop sequence if exists tariff_version_no_seq, tariff_change_id_seq`.execute(db);
}
