import { sql, type Transaction } from 'kysely';
import type { Database } from './database';

/**
 * Next value of a gap-free counter. The row stays locked until the caller's transaction ends, so a
 * rolled-back transaction gives its number back and concurrent callers queue instead of skipping.
 */
export async function nextCounterValue(trx: Transaction<Database>, name: string, period: number): Promise<number> {
  const row = await trx
    .insertInto('counters')
    .values({ name, period, last_value: 1 })
    .onConflict((oc) => oc.columns(['name', 'period']).doUpdateSet({ last_value: sql`counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

/** Renders a number format such as `C{year}-{seq:5}`. */
export function formatNumber(format: string, year: number, seq: number): string {
  return format
    .replace('{year}', String(year))
    .replace(/\{seq(?::(\d+))?\}/, (_m, width?: string) => String(seq).padStart(width ? Number(width) : 1, '0'));
}
