/**
 * Migration 0030: a statement left `disputed` with every dispute case resolved (before the rule that sends it back to
 * `sent` when its last case is resolved) moves to `sent`, audited on the statement by the system; a statement with an
 * open case, and statements in other states, stay as they are.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../db/audit-verify';
import { migrateToLatest } from '../../db/migrate';
import { createTestDatabase } from '../support/database';

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase({ migrateTo: '0029_visit_visited_at' });
});
afterAll(async () => h?.close());

describe('statements stuck in disputed (migration 0030)', () => {
  it('moves a disputed statement without an open case to sent, audited; leaves the others', async () => {
    // Only the rows the migration reads: foreign keys (customers, receivables, users) are not checked meanwhile.
    await sql`set session_replication_role = replica`.execute(h.db);
    const statement = (id: number, status: string) =>
      sql`insert into statements (id, customer_no, period_from, period_to, status, sections, created_by)
          overriding system value
          values (${id}, 'C0001', '2026-10-01', '2026-10-31', ${status}, '[]', 'finance')`.execute(h.db);
    const dispute = (statementId: number, lineId: number, status: 'open' | 'resolved') =>
      sql`insert into dispute_cases (statement_id, statement_line_id, receivable_id, customer_no, currency, amount,
                                     reason, owner_id, status, outcome, resolution, created_by)
          values (${statementId}, ${lineId}, 1, 'C0001', 'CNY', 100, 'x', 'sales', ${status},
                  ${status === 'resolved' ? 'customer_pays' : null}, ${status === 'resolved' ? 'paid' : null}, 'sales')`.execute(
        h.db,
      );
    await statement(1, 'disputed'); // both cases resolved: stuck
    await dispute(1, 11, 'resolved');
    await dispute(1, 12, 'resolved');
    await statement(2, 'disputed'); // one case still open
    await dispute(2, 21, 'resolved');
    await dispute(2, 22, 'open');
    await statement(3, 'confirmed');
    await statement(4, 'sent');
    await sql`set session_replication_role = origin`.execute(h.db);

    await migrateToLatest(h.db);
    const rows = await h.db.selectFrom('statements').select(['id', 'status']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, status: 'sent' },
      { id: 2, status: 'disputed' },
      { id: 3, status: 'confirmed' },
      { id: 4, status: 'sent' },
    ]);
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['record_id', 'action', 'actor_id', 'from_state', 'to_state'])
      .where('record_type', '=', 'statement')
      .execute();
    expect(audit).toEqual([
      {
        record_id: '1',
        action: 'statement.disputes_settled',
        actor_id: 'system',
        from_state: 'disputed',
        to_state: 'sent',
      },
    ]);
    expect((await verifyAuditLog(h.db)).intact).toBe(true);
  });
});
