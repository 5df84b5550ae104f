/** All SQL of the shared rate-limit counters (api/rate-limit.ts). */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database';

/**
 * Counts one hit for `key` in its fixed window of `windowMs` (a new window starts when the last one
 * expired), atomically across every process on the database. Returns the hits so far in the window
 * and the milliseconds until it ends.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const window = `${Math.max(1, Math.round(windowMs))} milliseconds`;
  const { rows } = await sql<{ hits: number; ttl_ms: string }>`
    insert into rate_limits as r (key, hits, expires_at) values (${key}, 1, now() + ${window}::interval)
    on conflict (key) do update set
      hits = case when r.expires_at <= now() then 1 else r.hits + 1 end,
      expires_at = case when r.expires_at <= now() then now() + ${window}::interval else r.expires_at end
    returning hits, ceil(extract(epoch from (expires_at - now())) * 1000)::text as ttl_ms`.execute(db);
  const row = rows[0]!;
  return { hits: row.hits, ttlMs: Math.max(0, Number(row.ttl_ms)) };
}

/** Removes windows that ended before `before` (housekeeping; counters of live windows stay). */
export async function purgeRateLimits(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('expires_at', '<', before).execute();
}
