import { sql, type Kysely } from 'kysely';
import type { Database } from './database';

/**
 * The number reserved for (actor, scope, key): taken from `sequence` on first use and returned again on
 * every retry with the same key, so a repeated create starts no second record.
 */
export async function reserveNumberForKey(
  db: Kysely<Database>,
  actorId: string,
  scope: string,
  key: string,
  sequence: 'tariff_version_no_seq' | 'tariff_change_id_seq' | 'quote_id_seq' | 'job_id_seq' | 'job_exception_id_seq',
): Promise<{ ref: number; reused: boolean }> {
  const inserted = await db
    .insertInto('request_keys')
    .values({ actor_id: actorId, scope, key, ref: sql<number>`nextval(${sequence}::regclass)` })
    .onConflict((oc) => oc.columns(['actor_id', 'scope', 'key']).doNothing())
    .returning('ref')
    .executeTakeFirst();
  if (inserted) return { ref: inserted.ref, reused: false };
  const existing = await db
    .selectFrom('request_keys')
    .select('ref')
    .where('actor_id', '=', actorId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return { ref: existing.ref, reused: true };
}

/** The record id a create of (actor, scope) with this key made, if one was made. */
export async function findRefForKey(
  db: Kysely<Database>,
  actorId: string,
  scope: string,
  key: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('request_keys')
    .select('ref')
    .where('actor_id', '=', actorId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.ref;
}

/**
 * Records that the create of (actor, scope) with this key made record `ref`, in the caller's
 * transaction: a concurrent create with the same key fails on the primary key and rolls back.
 */
export async function recordRefForKey(
  db: Kysely<Database>,
  actorId: string,
  scope: string,
  key: string,
  ref: number,
): Promise<void> {
  await db.insertInto('request_keys').values({ actor_id: actorId, scope, key, ref }).execute();
}
