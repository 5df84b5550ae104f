/**
 * Migration 0031: one statement per customer and day. Statements drawn before it that overlap an earlier one of their
 * customer are kept as drawn (marked `legacy_overlap`, outside the constraint) — the migration does not fail on them —
 * and from then on the database refuses any statement overlapping an unmarked one of its customer (23P01), whatever
 * path writes it; other customers and adjacent periods are free.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { createTestDatabase } from '../support/database';

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase({ migrateTo: '0030_statement_disputes_settled' });
});
afterAll(async () => h?.close());

const statement = (customerNo: string, from: string, to: string, id?: number) =>
  id === undefined
    ? sql`insert into statements (customer_no, period_from, period_to, status, sections, created_by)
          values (${customerNo}, ${from}, ${to}, 'draft', '[]', 'finance')`.execute(h.db)
    : sql`insert into statements (id, customer_no, period_from, period_to, status, sections, created_by)
          overriding system value values (${id}, ${customerNo}, ${from}, ${to}, 'draft', '[]', 'finance')`.execute(
        h.db,
      );

describe('statement periods never overlap (migration 0031)', () => {
  it('keeps the overlaps drawn before it, and refuses every new one in the database', async () => {
    // Only the rows the migration reads: foreign keys (customers) are not checked meanwhile.
    await sql`set session_replication_role = replica`.execute(h.db);
    await statement('C0001', '2026-09-01', '2026-09-30', 1);
    await statement('C0001', '2026-09-15', '2026-10-15', 2); // overlaps 1
    await statement('C0001', '2026-10-01', '2026-10-31', 3); // overlaps 2 (not 1)
    await statement('C0002', '2026-09-01', '2026-09-30', 4);

    await migrateToLatest(h.db);
    const rows = await h.db.selectFrom('statements').select(['id', 'legacy_overlap']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, legacy_overlap: false },
      { id: 2, legacy_overlap: true },
      { id: 3, legacy_overlap: true },
      { id: 4, legacy_overlap: false },
    ]);
    await sql`select setval(pg_get_serial_sequence('statements', 'id'), 10)`.execute(h.db);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    // Overlapping statement 1 of the same customer, even by one day: refused by the exclusion constraint.
    expect(await code(statement('C0001', '2026-09-30', '2026-11-30'))).toBe('23P01');
    expect(await code(statement('C0001', '2026-08-01', '2026-09-01'))).toBe('23P01');
    // The next day, or another customer: free.
    expect(await code(statement('C0001', '2026-11-01', '2026-11-30'))).toBe('ok');
    expect(await code(statement('C0003', '2026-09-01', '2026-09-30'))).toBe('ok');
    // A new statement overlapping another new one: refused too.
    expect(await code(statement('C0001', '2026-11-15', '2026-12-15'))).toBe('23P01');
    await sql`set session_replication_role = origin`.execute(h.db);
  });
});
