/** All SQL about `Idempotency-Key`s: which request each key names (see api/idempotency.ts). */
import type { Kysely } from 'kysely';
import type { Database } from './database';

/**
 * Binds `key` to the request described by `fingerprint`, or reads what it is bound to.
 * Returns `'new'` the first time, `'same'` when the key already names this request (a retry), and the
 * row of the other request when it names a different one. Safe under concurrency: one insert wins.
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  c: { key: string; actorId: string; method: string; route: string; fingerprint: string },
): Promise<'new' | 'same' | { actorId: string; method: string; route: string }> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ key: c.key, actor_id: c.actorId, method: c.method, route: c.route, fingerprint: c.fingerprint })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return 'new';
  const existing = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('key', '=', c.key)
    .executeTakeFirstOrThrow();
  if (existing.fingerprint === c.fingerprint) return 'same';
  return { actorId: existing.actor_id, method: existing.method, route: existing.route };
}
