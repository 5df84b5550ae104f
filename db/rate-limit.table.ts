import type { ColumnType } from 'kysely';

/** A rate-limit window: `hits` counted for `key` until `expires_at` (unlogged: counters need no crash safety). */
export interface RateLimitTable {
  key: string;
  hits: number;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}
