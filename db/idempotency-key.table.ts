import type { ColumnType, Selectable } from 'kysely';

/**
 * Which request an `Idempotency-Key` names: the first request that carried it (after its shape and the
 * caller's token were accepted). One row per key, whoever sent it; kept for good.
 */
export interface IdempotencyKeyTable {
  key: string;
  /** The user who sent the first request with this key. */
  actor_id: string;
  method: string;
  /** The route pattern, e.g. `/quotes/:quoteNo/approve`. */
  route: string;
  /** sha256 (hex) of the canonical JSON of user, method, route, path parameters, query and body. */
  fingerprint: string;
  created_at: ColumnType<Date, never, never>;
}
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
