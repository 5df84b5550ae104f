/** Request scaffolding the HTTP (and browser) tests share: a status check that returns the body, row counts. */
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../db/database';

/** What `Stack.http` answers (test/support/stack.ts). */
export interface HttpAnswer {
  status: number;
  body: any;
}

/**
 * The body of an answer expected to have `status` (200 unless told); otherwise the test fails with the status
 * and the start of the body (the API's code, message and details) in its message.
 */
export async function ok(p: Promise<HttpAnswer>, status = 200): Promise<any> {
  const r = await p;
  expect(r.status, JSON.stringify(r.body).slice(0, 600)).toBe(status);
  return r.body;
}

/**
 * The row counts of `tables` as one string (`"3/0/12"`), to compare before and after a request that must write
 * nothing. The table names are the test's own constants (they go into the SQL as identifiers).
 */
export async function rowCounts(db: Kysely<Database>, tables: readonly (keyof Database & string)[]): Promise<string> {
  const r = await sql<{ n: string }>`select ${sql.join(
    tables.map((t) => sql`(select count(*) from ${sql.table(t)})`),
    sql` || '/' || `,
  )} as n`.execute(db);
  return r.rows[0]!.n;
}
