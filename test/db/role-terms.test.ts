/** Migration 0036: inbox items stored with the old name of the marketing manager (市場部經理) read 營銷中心經理. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { ROLE_LABELS } from '../../machines/roles';
import { createTestDatabase } from '../support/database';

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase({ migrateTo: '0029_visit_visited_at' });
});
afterAll(async () => h?.close());

describe('role terms (migration 0036)', () => {
  it('renames the marketing manager in stored inbox labels and leaves other labels alone', async () => {
    const item = (recordId: string, stepLabel: string) => ({
      record_type: 'tariff_change',
      record_id: recordId,
      step: 'pending_marketing_manager',
      role: 'marketing_manager',
      owner_id: null,
      customer_no: null,
      summary: JSON.stringify({ stepLabel, title: 'reason' }),
      since: new Date(),
    });
    await h.db
      .insertInto('work_items')
      .values([
        item('1', '待市場部經理審批 Waiting for the marketing manager'),
        item('2', '待總經理審批 Waiting for the GM'),
      ])
      .execute();
    await migrateToLatest(h.db);
    const rows = await h.db.selectFrom('work_items').select(['record_id', 'summary']).orderBy('record_id').execute();
    expect(rows.map((r) => r.summary.stepLabel)).toEqual([
      '待營銷中心經理審批 Waiting for the marketing manager',
      '待總經理審批 Waiting for the GM',
    ]);
    expect(rows[0]!.summary.title).toBe('reason');
    expect(ROLE_LABELS.marketing_manager).toBe('營銷中心經理 Marketing manager');
  });
});
