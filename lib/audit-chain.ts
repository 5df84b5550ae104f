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
