/**
 * Per-record audit chains and checkpoints (issue 15, migration 0017): appends to different records run in
 * parallel, rows of before the migration stay verified as one global chain, and altering, deleting or
 * reordering a row in one record's chain, or a checkpoint, is found by verifyAuditLog.
 */
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, writeAuditCheckpoint, type AuditEntry } from '../../db/audit.repository';
import { chainContentOf, verifyAuditLog, type AuditVerdict } from '../../db/audit-verify';
import type { Database } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { GENESIS_HASH, rowHash } from '../../lib/audit-chain';
import { createTestDatabase } from '../support/database';

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;
let legacy: Handle;
let h: Handle;

const entry = (recordId: string, action: string, key?: string): AuditEntry => ({
  actorId: 'gm',
  actorRole: 'gm',
  recordType: 'quote',
  recordId,
  action,
  changes: { note: `${action} of ${recordId}`, amounts: { USD: '12.50' } },
  idempotencyKey: key ?? `${recordId}-${action}`,
});

const rowsOf = (db: Handle['db'], recordId: string) =>
  db.selectFrom('audit_log').selectAll().where('record_id', '=', recordId).orderBy('id').execute();

class Rollback extends Error {}

/** Runs `tamper` with every trigger off (as a superuser can), verifies inside the same transaction, rolls back. */
async function verifyAfter(db: Handle['db'], tamper: (trx: Transaction<Database>) => Promise<void>) {
  let verdict: AuditVerdict | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await tamper(trx);
      verdict = await verifyAuditLog(trx);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return verdict!;
}

beforeAll(async () => {
  [legacy, h] = await Promise.all([
    createTestDatabase({ migrateTo: '0012_collection_schedule' }),
    createTestDatabase(),
  ]);
});
afterAll(async () => Promise.all([legacy?.close(), h?.close()]));

describe('audit rows written before per-record chains (migration 0017)', () => {
  it('stay verified as one global chain; each record continues from its last old row; a first checkpoint commits them', async () => {
    // Five rows as the code of before wrote them: one chain across all records.
    let prev = GENESIS_HASH;
    for (const [recordId, action] of [
      ['QL-1', 'quote.drafted'],
      ['QL-2', 'quote.drafted'],
      ['QL-1', 'quote.submitted'],
      ['QL-2', 'quote.submitted'],
      ['QL-1', 'review.approved'],
    ] as const) {
      const e = entry(recordId, action);
      const content = chainContentOf({
        occurred_at: new Date(Math.floor(Date.now())),
        actor_id: e.actorId,
        actor_role: e.actorRole,
        on_behalf_of: null,
        record_type: e.recordType,
        record_id: e.recordId,
        action: e.action,
        from_state: null,
        to_state: null,
        comment: null,
        changes: JSON.parse(JSON.stringify(e.changes)),
        idempotency_key: e.idempotencyKey!,
      });
      const hash = rowHash(prev, content);
      await legacy.db
        .insertInto('audit_log')
        .values({
          occurred_at: content.occurredAt,
          actor_id: e.actorId,
          actor_role: e.actorRole,
          record_type: 'quote',
          record_id: recordId,
          action,
          changes: JSON.stringify(e.changes),
          idempotency_key: e.idempotencyKey!,
          prev_hash: prev,
          row_hash: hash,
        })
        .execute();
      prev = hash;
    }
    expect(await migrateToLatest(legacy.db)).toContain('0017_audit_record_chains');

    const before = await verifyAuditLog(legacy.db);
    expect(before).toMatchObject({ intact: true, rows: 5, legacyRows: 5, records: 2, checkpoints: 1 });
    expect(before).toMatchObject({ uncheckpointedRows: 0 });

    expect(await appendAudit(legacy.db, entry('QL-1', 'customer.confirmed'))).toBe(true);
    expect(await appendAudit(legacy.db, entry('QL-3', 'quote.drafted'))).toBe(true);
    const ql1 = await rowsOf(legacy.db, 'QL-1');
    expect(ql1.at(-1)!.prev_hash).toBe(ql1.at(-2)!.row_hash);
    expect((await rowsOf(legacy.db, 'QL-3'))[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(await verifyAuditLog(legacy.db)).toMatchObject({
      intact: true,
      rows: 7,
      legacyRows: 5,
      uncheckpointedRows: 2,
    });

    const cp = await writeAuditCheckpoint(legacy.db);
    expect(cp).toMatchObject({ leafCount: 2 });
    const after = await verifyAuditLog(legacy.db);
    expect(after).toMatchObject({ intact: true, rows: 7, records: 3, checkpoints: 2, uncheckpointedRows: 0 });
    expect(after).toMatchObject({ lastHash: cp!.hash });

    // An old row changed is still found where it was before.
    const second = (await rowsOf(legacy.db, 'QL-2'))[0]!;
    const v = await verifyAfter(legacy.db, (trx) =>
      sql`update audit_log set comment = 'later' where id = ${second.id}`.execute(trx).then(() => undefined),
    );
    expect(v).toMatchObject({ intact: false, reason: 'content_changed', brokenAtId: second.id });
  });
});

describe('per-record audit chains', () => {
  const records = Array.from({ length: 8 }, (_, i) => `QP-${i + 1}`);
  const steps = ['quote.drafted', 'quote.submitted', 'review.approved', 'customer.confirmed'];

  beforeAll(async () => {
    // 8 records × 4 steps, all at once; every step sent twice (a retried activity): one row each.
    const results = await Promise.all(
      records.flatMap((r) =>
        steps.flatMap((s) => [
          h.db.transaction().execute((trx) => appendAudit(trx, entry(r, s))),
          appendAudit(h.db, entry(r, s)),
        ]),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(32);
    await writeAuditCheckpoint(h.db);
    // Two more rows per record after the checkpoint: committed by none yet.
    for (const r of records.slice(0, 2)) await appendAudit(h.db, entry(r, 'internal.submitted'));
  });

  it('links each row to the previous row of its own record and verifies intact', async () => {
    for (const r of records) {
      const rows = await rowsOf(h.db, r);
      expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.row_hash);
    }
    expect(await verifyAuditLog(h.db)).toMatchObject({
      intact: true,
      rows: 34,
      records: 8,
      legacyRows: 0,
      checkpoints: 1,
      uncheckpointedRows: 2,
    });
  });

  it('detects a row altered in one record’s chain', async () => {
    const row = (await rowsOf(h.db, 'QP-3'))[2]!;
    const v = await verifyAfter(h.db, async (trx) => {
      await sql`update audit_log set changes = '{"note":"edited"}'::jsonb where id = ${row.id}`.execute(trx);
    });
    expect(v).toMatchObject({ intact: false, reason: 'content_changed', brokenAtId: row.id, recordId: 'QP-3' });
  });

  it('detects a row deleted from the middle of one record’s chain at the row after it', async () => {
    const rows = await rowsOf(h.db, 'QP-4');
    const v = await verifyAfter(h.db, async (trx) => {
      await sql`delete from audit_log where id = ${rows[1]!.id}`.execute(trx);
    });
    expect(v).toMatchObject({ intact: false, reason: 'link_broken', brokenAtId: rows[2]!.id, recordId: 'QP-4' });
  });

  it('detects the last row of a chain deleted after a checkpoint committed it', async () => {
    const rows = await rowsOf(h.db, 'QP-5');
    const v = await verifyAfter(h.db, async (trx) => {
      await sql`delete from audit_log where id = ${rows.at(-1)!.id}`.execute(trx);
    });
    expect(v).toMatchObject({ intact: false, reason: 'row_missing', brokenAtId: rows.at(-1)!.id, recordId: 'QP-5' });
  });

  it('detects the newest row deleted before any checkpoint committed it (the chain head disagrees)', async () => {
    const rows = await rowsOf(h.db, 'QP-1');
    const v = await verifyAfter(h.db, async (trx) => {
      await sql`delete from audit_log where id = ${rows.at(-1)!.id}`.execute(trx);
    });
    expect(v).toMatchObject({ intact: false, reason: 'head_mismatch', recordId: 'QP-1' });
  });

  it('detects two rows of one record’s chain swapped', async () => {
    const [, b, c] = await rowsOf(h.db, 'QP-6');
    const cols = sql.raw(
      'occurred_at, actor_id, actor_role, on_behalf_of, record_type, record_id, action, from_state, to_state, comment, changes, idempotency_key, prev_hash, row_hash',
    );
    const v = await verifyAfter(h.db, async (trx) => {
      // One statement reads both rows as they were: a true swap of everything but the ids.
      await sql`alter table audit_log drop constraint audit_log_idempotency_uq`.execute(trx);
      await sql`update audit_log a set (${cols}) = (select ${cols} from audit_log x where x.id = case a.id when ${b!.id}::int then ${c!.id}::int else ${b!.id}::int end) where a.id in (${b!.id}, ${c!.id})`.execute(
        trx,
      );
    });
    expect(v).toMatchObject({ intact: false, reason: 'link_broken', brokenAtId: b!.id, recordId: 'QP-6' });
  });

  it('detects a record’s chain rewritten consistently (every hash recomputed) against the checkpoint', async () => {
    const rows = await rowsOf(h.db, 'QP-7');
    const v = await verifyAfter(h.db, async (trx) => {
      let prev = GENESIS_HASH;
      for (const [i, r] of rows.entries()) {
        const changed = { ...r, comment: i === 1 ? 'rewritten' : r.comment };
        const hash = rowHash(prev, chainContentOf(changed));
        await sql`update audit_log set comment = ${changed.comment}, prev_hash = ${prev}, row_hash = ${hash} where id = ${r.id}`.execute(
          trx,
        );
        await sql`update audit_chain_heads set head_hash = ${hash} where record_id = ${r.record_id}`.execute(trx);
        prev = hash;
      }
    });
    expect(v).toMatchObject({ intact: false, reason: 'checkpoint_mismatch', brokenAtId: rows.at(-1)!.id });
  });

  it('detects a checkpoint whose root or leaf was changed', async () => {
    const cp = await h.db.selectFrom('audit_checkpoints').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const root = await verifyAfter(h.db, async (trx) => {
      await sql`update audit_checkpoints set merkle_root = ${'f'.repeat(64)} where id = ${cp.id}`.execute(trx);
    });
    expect(root).toMatchObject({ intact: false, reason: 'checkpoint_changed', checkpointId: cp.id });
    const leaf = await verifyAfter(h.db, async (trx) => {
      await sql`update audit_checkpoint_leaves set head_hash = ${'e'.repeat(64)} where checkpoint_id = ${cp.id} and record_id = 'QP-8'`.execute(
        trx,
      );
    });
    expect(leaf).toMatchObject({ intact: false, reason: 'checkpoint_mismatch', checkpointId: cp.id, recordId: 'QP-8' });
  });

  it('detects a checkpoint removed from the global chain of checkpoints', async () => {
    await appendAudit(h.db, entry('QP-8', 'internal.submitted'));
    const second = await writeAuditCheckpoint(h.db);
    expect(second).toMatchObject({ leafCount: 3 }); // QP-1, QP-2 and QP-8 moved since the first
    const first = await h.db.selectFrom('audit_checkpoints').select('id').orderBy('id').executeTakeFirstOrThrow();
    const v = await verifyAfter(h.db, async (trx) => {
      await sql`delete from audit_checkpoint_leaves where checkpoint_id = ${first.id}`.execute(trx);
      await sql`delete from audit_checkpoints where id = ${first.id}`.execute(trx);
    });
    expect(v).toMatchObject({ intact: false, reason: 'checkpoint_link_broken', checkpointId: second!.id });
    expect(await verifyAuditLog(h.db)).toMatchObject({ intact: true, checkpoints: 2, lastHash: second!.hash });
  });

  it('commits nothing twice and nothing when no chain moved; checkpoints and appends run side by side', async () => {
    expect(await writeAuditCheckpoint(h.db)).toBeNull();
    const more = Array.from({ length: 40 }, (_, i) => appendAudit(h.db, entry(`QC-${i % 10}`, `step.${i}`)));
    const cps = Array.from({ length: 5 }, () => writeAuditCheckpoint(h.db).catch(() => null));
    await Promise.all([...more, ...cps]);
    await writeAuditCheckpoint(h.db);
    expect(await verifyAuditLog(h.db)).toMatchObject({ intact: true, records: 18, uncheckpointedRows: 0 });
  });
});
