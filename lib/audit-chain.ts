/**
 * The audit log's hash chain: each row carries the hash of the row before it and the hash of its own
 * canonical content, so a changed, inserted or deleted row breaks the chain from that row on.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  occurredAt: Date;
  actorId: string;
  actorRole: string;
  onBehalfOf: string | null;
  recordType: string;
  recordId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  comment: string | null;
  changes: unknown;
  idempotencyKey: string | null;
}

/** JSON with object keys sorted at every level, so equal content always serialises the same way. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function rowHash(prevHash: string, c: ChainedContent): string {
  const content = canonicalJson([
    c.occurredAt.toISOString(),
    c.actorId,
    c.actorRole,
    c.onBehalfOf,
    c.recordType,
    c.recordId,
    c.action,
    c.fromState,
    c.toState,
    c.comment,
    c.changes ?? null,
    c.idempotencyKey,
  ]);
  return createHash('sha256').update(`${prevHash}\n${content}`).digest('hex');
}

export interface ChainRow extends ChainedContent {
  id: number;
  prevHash: string;
  rowHash: string;
}

export type ChainVerdict =
  | { intact: true; rows: number; lastHash: string }
  | {
      intact: false;
      rows: number;
      brokenAtId: number;
      reason: 'content_changed' | 'link_broken';
      expected: string;
      found: string;
    };

/** Walks rows in id order and reports the first row whose link or content does not hold. */
export function verifyChain(
  rows: Iterable<ChainRow>,
  start: { prevHash: string; count: number } = { prevHash: GENESIS_HASH, count: 0 },
): ChainVerdict {
  let prev = start.prevHash;
  let n = start.count;
  for (const r of rows) {
    if (r.prevHash !== prev)
      return { intact: false, rows: n, brokenAtId: r.id, reason: 'link_broken', expected: prev, found: r.prevHash };
    const h = rowHash(prev, r);
    if (h !== r.rowHash)
      return { intact: false, rows: n, brokenAtId: r.id, reason: 'content_changed', expected: h, found: r.rowHash };
    prev = r.rowHash;
    n += 1;
  }
  return { intact: true, rows: n, lastHash: prev };
}

/*
 * Per-record chains and checkpoints (issue 15, migration 0017). Each record's rows form their own chain:
 * a row's prevHash is the rowHash of the previous row of the same record (GENESIS_HASH for its first
 * row; a record with rows from before 0017 continues from its last old row). Appends to different
 * records therefore never wait for one another. A periodic checkpoint commits the chain heads that moved
 * since the previous checkpoint — one leaf per record: its chain length, head row id and head hash — as a
 * Merkle root, and chains the checkpoints into one global chain starting from the last hash of the old
 * global chain. Truncating, rewriting or reordering a record's chain behind a checkpoint then breaks
 * either the record's links or the checkpoint's leaf.
 */

/** One record's chain head as a checkpoint commits it. `seq`: rows in the record's chain (1-based position of the head). */
export interface CheckpointLeaf {
  recordType: string;
  recordId: string;
  seq: number;
  headId: number;
  headHash: string;
}

/** Leaves in the one order a root is computed in: by record type, then record id, by UTF-16 code units (not a collation). */
export function sortLeaves<T extends Pick<CheckpointLeaf, 'recordType' | 'recordId'>>(leaves: T[]): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...leaves].sort((a, b) => cmp(a.recordType, b.recordType) || cmp(a.recordId, b.recordId));
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function leafHash(l: CheckpointLeaf): string {
  return sha256(`leaf\n${canonicalJson([l.recordType, l.recordId, l.seq, l.headId, l.headHash])}`);
}

/**
 * The Merkle root of a checkpoint's leaves (sorted with `sortLeaves` first): leaf hashes paired level by
 * level (`node\n<left><right>`), an odd last node carried up unchanged. GENESIS_HASH for no leaves.
 */
export function merkleRoot(leaves: CheckpointLeaf[]): string {
  let level = sortLeaves(leaves).map(leafHash);
  if (level.length === 0) return GENESIS_HASH;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? sha256(`node\n${level[i]}${level[i + 1]}`) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** A checkpoint's own hash, linking it to the one before (the global chain of checkpoints). */
export function checkpointHash(
  prevHash: string,
  c: { createdAt: Date; leafCount: number; merkleRoot: string },
): string {
  return sha256(`checkpoint\n${prevHash}\n${canonicalJson([c.createdAt.toISOString(), c.leafCount, c.merkleRoot])}`);
}
