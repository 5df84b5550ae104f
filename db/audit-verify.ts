import type { Kysely } from 'kysely';
import {
  auditChainHeads,
  auditCheckpointsInOrder,
  auditRowsInOrder,
  checkpointLeavesByHeadRow,
  readAuditChainOrigin,
} from './audit.repository';
import type { AuditRow } from './audit.table';
import type { Database } from './database';
import { checkpointHash, GENESIS_HASH, merkleRoot, rowHash } from '../lib/audit-chain';

/** The chained content of a stored audit row (snake_case columns), as lib/audit-chain.ts hashes it. */
export const chainContentOf = (r: Omit<AuditRow, 'id' | 'prev_hash' | 'row_hash'>) => ({
  occurredAt: new Date(r.occurred_at),
  actorId: r.actor_id,
  actorRole: r.actor_role,
  onBehalfOf: r.on_behalf_of,
  recordType: r.record_type,
  recordId: r.record_id,
  action: r.action,
  fromState: r.from_state,
  toState: r.to_state,
  comment: r.comment,
  changes: r.changes,
  idempotencyKey: r.idempotency_key,
});

/**
 * Why verification failed:
 * - `content_changed`: a row's content no longer hashes to its row_hash;
 * - `link_broken`: a row's prev_hash is not the hash of the row before it in its chain (a row deleted,
 *   inserted or moved; before migration 0017 the chain is global, after it per record);
 * - `row_missing`: a checkpoint commits a head row that is gone, or the old global chain ends short;
 * - `checkpoint_mismatch`: a checkpoint's leaf does not match the record's chain at that row;
 * - `checkpoint_changed` / `checkpoint_link_broken`: a checkpoint's root or hash does not recompute, or it
 *   does not link to the checkpoint before it;
 * - `head_mismatch`: a record's chain does not end where its chain head says (the newest rows of a record
 *   removed before a checkpoint committed them).
 */
export type AuditBreak =
  | 'content_changed'
  | 'link_broken'
  | 'row_missing'
  | 'checkpoint_mismatch'
  | 'checkpoint_changed'
  | 'checkpoint_link_broken'
  | 'head_mismatch';

export type AuditVerdict =
  | {
      intact: true;
      /** Audit rows verified. */
      rows: number;
      /** Records with a chain. */
      records: number;
      /** Rows of the single global chain of before migration 0017, verified as before. */
      legacyRows: number;
      checkpoints: number;
      /** Rows no checkpoint commits yet (appended since the last one). */
      uncheckpointedRows: number;
      /** The newest checkpoint's hash (the global chain's head); publish it to anchor the log. */
      lastHash: string;
    }
  | {
      intact: false;
      /** Rows verified good before the break. */
      rows: number;
      reason: AuditBreak;
      /** The audit row where it breaks, when a row is at fault. */
      brokenAtId?: number;
      checkpointId?: number;
      recordType?: string;
      recordId?: string;
      expected: string;
      found: string;
    };

type Broken = Extract<AuditVerdict, { intact: false }>;

const keyOf = (t: string, i: string) => `${t}\u0000${i}`;

/**
 * Verifies the audit log: the old global chain up to migration 0017, every record's chain after it, that
 * every checkpoint leaf matches its record's chain, that the checkpoints' roots and links recompute, and
 * that each record's chain ends at its chain head. Reads in batches inside one REPEATABLE READ snapshot
 * (or the caller's transaction); stops at the first break. Memory: one entry per record.
 */
export async function verifyAuditLog(db: Kysely<Database>): Promise<AuditVerdict> {
  if (!db.isTransaction)
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => verifyAuditLog(trx));
  const origin = (await readAuditChainOrigin(db)) ?? {
    legacy_last_id: 0,
    legacy_rows: 0,
    legacy_last_hash: GENESIS_HASH,
  };
  const heads = new Map<string, { hash: string; seq: number; committed: number }>();
  let legacyPrev = GENESIS_HASH;
  let legacyRows = 0;
  let rows = 0;
  const broken = (b: Omit<Broken, 'intact' | 'rows'>): Broken => ({ intact: false, rows, ...b });

  const leafBatches = checkpointLeavesByHeadRow(db);
  let leafBuf: Awaited<ReturnType<typeof leafBatches.next>>['value'] = [];
  let leafAt = 0;
  const peekLeaf = async () => {
    if (leafBuf && leafAt < leafBuf.length) return leafBuf[leafAt];
    const next = await leafBatches.next();
    leafBuf = next.done ? [] : next.value;
    leafAt = 0;
    return leafBuf?.[0];
  };

  for await (const batch of auditRowsInOrder(db)) {
    for (const r of batch) {
      for (let l = await peekLeaf(); l && l.head_id < r.id; l = await peekLeaf())
        return broken({
          reason: 'row_missing',
          brokenAtId: l.head_id,
          checkpointId: l.checkpoint_id,
          recordType: l.record_type,
          recordId: l.record_id,
          expected: l.head_hash,
          found: 'no row',
        });
      const key = keyOf(r.record_type, r.record_id);
      const head = heads.get(key);
      const legacy = r.id <= origin.legacy_last_id;
      const prev = legacy ? legacyPrev : (head?.hash ?? GENESIS_HASH);
      const at = { brokenAtId: r.id, recordType: r.record_type, recordId: r.record_id };
      if (r.prev_hash !== prev) return broken({ ...at, reason: 'link_broken', expected: prev, found: r.prev_hash });
      const h = rowHash(prev, chainContentOf(r));
      if (h !== r.row_hash) return broken({ ...at, reason: 'content_changed', expected: h, found: r.row_hash });
      if (legacy) {
        legacyPrev = h;
        legacyRows += 1;
      }
      const seq = (head?.seq ?? 0) + 1;
      let committed = head?.committed ?? 0;
      for (let l = await peekLeaf(); l && l.head_id === r.id; l = await peekLeaf()) {
        const found = `${l.record_type} ${l.record_id} #${l.seq} ${l.head_hash}`;
        const expected = `${r.record_type} ${r.record_id} #${seq} ${h}`;
        if (found !== expected)
          return broken({ ...at, checkpointId: l.checkpoint_id, reason: 'checkpoint_mismatch', expected, found });
        committed = Math.max(committed, l.seq);
        leafAt += 1;
      }
      heads.set(key, { hash: h, seq, committed });
      rows += 1;
    }
  }
  const orphan = await peekLeaf();
  if (orphan)
    return broken({
      reason: 'row_missing',
      brokenAtId: orphan.head_id,
      checkpointId: orphan.checkpoint_id,
      recordType: orphan.record_type,
      recordId: orphan.record_id,
      expected: orphan.head_hash,
      found: 'no row',
    });
  if (legacyRows !== origin.legacy_rows || legacyPrev !== origin.legacy_last_hash)
    return broken({
      reason: 'row_missing',
      brokenAtId: origin.legacy_last_id,
      expected: `${origin.legacy_rows} rows ending ${origin.legacy_last_hash}`,
      found: `${legacyRows} rows ending ${legacyPrev}`,
    });

  // Each record's chain ends where its head says (catches its newest rows removed before a checkpoint).
  const seen = new Set<string>();
  for await (const batch of auditChainHeads(db)) {
    for (const hd of batch) {
      if (hd.seq === 0) continue;
      const key = keyOf(hd.record_type, hd.record_id);
      seen.add(key);
      const got = heads.get(key);
      const found = got ? `#${got.seq} ${got.hash}` : 'no rows';
      if (found !== `#${hd.seq} ${hd.head_hash}`)
        return broken({
          reason: 'head_mismatch',
          ...(hd.head_id !== null ? { brokenAtId: hd.head_id } : {}),
          recordType: hd.record_type,
          recordId: hd.record_id,
          expected: `#${hd.seq} ${hd.head_hash}`,
          found,
        });
    }
  }
  for (const [key, got] of heads)
    if (!seen.has(key)) {
      const [recordType, recordId] = key.split('\u0000') as [string, string];
      return broken({
        reason: 'head_mismatch',
        recordType,
        recordId,
        expected: 'a chain head',
        found: `#${got.seq} ${got.hash}`,
      });
    }

  // The global chain of checkpoints, from the end of the old global chain.
  let prevCp = origin.legacy_last_hash;
  let checkpoints = 0;
  for await (const batch of auditCheckpointsInOrder(db)) {
    for (const cp of batch) {
      if (cp.prev_hash !== prevCp)
        return broken({ reason: 'checkpoint_link_broken', checkpointId: cp.id, expected: prevCp, found: cp.prev_hash });
      const leaves = cp.leaves.map((l) => ({
        recordType: l.record_type,
        recordId: l.record_id,
        seq: l.seq,
        headId: l.head_id,
        headHash: l.head_hash,
      }));
      const root = merkleRoot(leaves);
      const hash = checkpointHash(prevCp, {
        createdAt: new Date(cp.created_at),
        leafCount: cp.leaf_count,
        merkleRoot: root,
      });
      if (leaves.length !== cp.leaf_count || root !== cp.merkle_root || hash !== cp.hash)
        return broken({
          reason: 'checkpoint_changed',
          checkpointId: cp.id,
          expected: `${leaves.length} leaves, root ${root}, hash ${hash}`,
          found: `${cp.leaf_count} leaves, root ${cp.merkle_root}, hash ${cp.hash}`,
        });
      prevCp = cp.hash;
      checkpoints += 1;
    }
  }
  let uncheckpointedRows = 0;
  for (const h of heads.values()) uncheckpointedRows += h.seq - h.committed;
  return {
    intact: true,
    rows,
    records: heads.size,
    legacyRows,
    checkpoints,
    uncheckpointedRows,
    lastHash: prevCp,
  };
}
