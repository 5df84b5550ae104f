/**
 * Migration 0035: inbox items stored with the English half of their step label apart (`summary.stepLabelEn`,
 * collection cases and visit re-confirmation before session 11) hold the one `中文 English` label afterwards, and
 * `GET /inbox` reads it as stored (no join at read time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { createTestDatabase } from '../support/database';

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase({ migrateTo: '0029_visit_visited_at' });
});
afterAll(async () => h?.close());

describe('inbox step labels in one string (migration 0035)', () => {
  it('joins a stored English half into the label, drops the key and leaves other items alone', async () => {
    const item = (recordId: string, summary: Record<string, unknown>) => ({
      record_type: 'collection_case',
      record_id: recordId,
      step: 'reminder',
      role: 'sales',
      owner_id: null,
      customer_no: null,
      summary: JSON.stringify(summary),
      since: new Date(),
    });
    await h.db
      .insertInto('work_items')
      .values([
        item('1', { stepLabel: '催收提醒', stepLabelEn: 'Collection reminder', plannedOn: '2026-11-02' }),
        item('2', { stepLabel: '收款前致電客戶 Call the customer before collection' }),
        item('3', { stepLabelEn: 'English only' }),
      ])
      .execute();
    await migrateToLatest(h.db);
    const rows = await h.db.selectFrom('work_items').select(['record_id', 'summary']).orderBy('record_id').execute();
    expect(rows.map((r) => r.summary)).toEqual([
      { stepLabel: '催收提醒 Collection reminder', plannedOn: '2026-11-02' },
      { stepLabel: '收款前致電客戶 Call the customer before collection' },
      {},
    ]);
  });
});
