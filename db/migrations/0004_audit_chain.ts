import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH, rowHash } from '../../lib/audit-chain';
import { chainContentOf } from '../audit-verify';

/**
 * Tamper evidence for the audit log: a hash chain over its rows, and a database that refuses UPDATE,
 * DELETE and TRUNCATE on it — for every role, the application's own included. Also the log of steps
 * the workflows refused (validator outcomes), which auditors see in a record's history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column prev_hash char(64), add column row_hash char(64)`.execute(db);
  // Rows are hashed at millisecond precision, the precision the application writes them with.
  await sql`update audit_log set occurred_at = date_trunc('milliseconds', occurred_at)`.execute(db);
  const rows = await sql<Record<string, any>>`select * from audit_log order by id`.execute(db);
  let prev = GENESIS_HASH;
  for (const r of rows.rows) {
    const hash = rowHash(prev, chainContentOf(r as never));
    await sql`update audit_log set prev_hash = ${prev}, row_hash = ${hash} where id = ${r.id}`.execute(db);
    prev = hash;
  }
  await sql`alter table audit_log alter column prev_hash set not null, alter column row_hash set not null`.execute(db);
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
    db,
  );
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(
    db,
  );
  // Grants as a second wall where the application connects as a non-owner role.
  await sql`revoke update, delete, truncate on audit_log from public`.execute(db);

  await db.schema
    .createTable('step_rejections')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('on_behalf_of', 'text')
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .execute();
  await db.schema
    .createIndex('step_rejections_record_idx')
    .on('step_rejections')
    .columns(['record_type', 'record_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_log_time_idx').on('audit_log').columns(['occurred_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('step_rejections').ifExists().execute();
  await sql`drop trigger if exists audit_log_no_update on audit_log`.execute(db);
  await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop function if exists audit_log_append_only()`.execute(db);
  await sql`alter table audit_log drop column prev_hash, drop column row_hash`.execute(db);
}
