import { sql, type Kysely } from 'kysely';

/** Per-user rate-limit counters shared by every API process (api/rate-limit.ts): one row per key and window. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unlogged table rate_limits (key text primary key, hits integer not null, expires_at timestamptz not null)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists rate_limits`.execute(db);
}
