import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH } from '../../lib/audit-chain';
import { writeAuditCheckpoint } from '../audit.repository';
import type { Database } from '../database';

/**
 * Per-record audit chains and checkpoints (issue 15): no global lock on audit appends. The rows written
 * before this migration keep their single global chain and are verified as before (they are not
 * re-linked: rewriting their hashes would erase the evidence they carry); `audit_chain_origin` records
 * where that chain ends. Each record's chain head starts at its last old row, and a first checkpoint
 * commits all those heads, chained to the old chain's last hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`lock table audit_log in share mode`.execute(db);
  await sql`
    create table audit_chain_origin (
      id integer primary key check (id = 1),
      legacy_last_id integer not null,
      legacy_rows integer not null,
      legacy_last_hash char(64) not null,
      migrated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table audit_chain_heads (
      record_type text not null,
      record_id text not null,
      seq integer not null,
      head_id integer,
      head_hash char(64) not null,
      committed_seq integer not null default 0,
      primary key (record_type, record_id)
    )`.execute(db);
  await sql`
    create table audit_checkpoints (
      id integer primary key generated always as identity,
      created_at timestamptz not null,
      prev_hash char(64) not null,
      leaf_count integer not null,
      merkle_root char(64) not null,
      hash char(64) not null
    )`.execute(db);
  await sql`
    create table audit_checkpoint_leaves (
      checkpoint_id integer not null references audit_checkpoints (id),
      record_type text not null,
      record_id text not null,
      seq integer not null,
      head_id integer not null,
      head_hash char(64) not null,
      primary key (checkpoint_id, record_type, record_id)
    )`.execute(db);
  await sql`create index audit_checkpoint_leaves_head_idx on audit_checkpoint_leaves (head_id)`.execute(db);
  // Evidence is append-only, as audit_log is (migration 0004).
  for (const t of ['audit_chain_origin', 'audit_checkpoints', 'audit_checkpoint_leaves']) {
    await sql`create trigger ${sql.raw(`${t}_no_update`)} before update or delete on ${sql.table(t)} for each row execute function audit_log_append_only()`.execute(
      db,
    );
    await sql`create trigger ${sql.raw(`${t}_no_truncate`)} before truncate on ${sql.table(t)} for each statement execute function audit_log_append_only()`.execute(
      db,
    );
    await sql`revoke update, delete, truncate on ${sql.table(t)} from public`.execute(db);
  }

  const last = await sql<{ id: number; row_hash: string; n: number }>`
    select id, row_hash, (select count(*)::int from audit_log) as n from audit_log order by id desc limit 1`.execute(
    db,
  );
  const legacy = last.rows[0];
  await sql`
    insert into audit_chain_origin (id, legacy_last_id, legacy_rows, legacy_last_hash)
    values (1, ${legacy?.id ?? 0}, ${legacy?.n ?? 0}, ${legacy?.row_hash ?? GENESIS_HASH})`.execute(db);
  await sql`
    insert into audit_chain_heads (record_type, record_id, seq, head_id, head_hash, committed_seq)
    select record_type, record_id, n, id, row_hash, 0 from (
      select record_type, record_id, id, row_hash,
             count(*) over (partition by record_type, record_id)::int as n,
             row_number() over (partition by record_type, record_id order by id desc) as r
      from audit_log
    ) x where r = 1`.execute(db);
  await writeAuditCheckpoint(db as Kysely<Database>);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_checkpoint_leaves, audit_checkpoints, audit_chain_heads, audit_chain_origin`.execute(
    db,
  );
}
