import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../db/work-item.repository';
import { dispatchOnce, type OutgoingNotification } from '../../worker/outbox';
import { createTestDatabase } from '../support/database';

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const notice = (key: string, recipientId = 'gm') => ({
  kind: 'test',
  recipientId,
  recordType: 'quote',
  recordId: 'Q1',
  subject: 's',
  body: 'b',
  dedupeKey: key,
});

describe('notification outbox', () => {
  it('queues a notice once per dedupe key and the dispatcher sends it once', async () => {
    await enqueueNotification(h.db, notice('k1'));
    await enqueueNotification(h.db, notice('k1'));
    const sent: OutgoingNotification[] = [];
    const sender = { send: async (n: OutgoingNotification) => void sent.push(n) };
    expect(await dispatchOnce(h.db, sender)).toBe(1);
    expect(await dispatchOnce(h.db, sender)).toBe(0);
    expect(sent.map((n) => n.recipientId)).toEqual(['gm']);
    const row = await h.db
      .selectFrom('notifications')
      .selectAll()
      .where('dedupe_key', '=', 'k1')
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('sent');
    expect(row.sent_at).not.toBeNull();
  });

  it('a notice the sender cannot deliver is marked failed and the rest still go out', async () => {
    await enqueueNotification(h.db, notice('k2', 'broken'));
    await enqueueNotification(h.db, notice('k3', 'commerce'));
    const sent: string[] = [];
    await dispatchOnce(h.db, {
      send: async (n) => {
        if (n.recipientId === 'broken') throw new Error('gateway down');
        sent.push(n.recipientId);
      },
    });
    expect(sent).toEqual(['commerce']);
    const states = await h.db
      .selectFrom('notifications')
      .select(['dedupe_key', 'state'])
      .where('dedupe_key', 'in', ['k2', 'k3'])
      .orderBy('dedupe_key')
      .execute();
    expect(states).toEqual([
      { dedupe_key: 'k2', state: 'failed' },
      { dedupe_key: 'k3', state: 'sent' },
    ]);
  });
});
