import type { Kysely } from 'kysely';
import { auditRowsInOrder } from './audit.repository';
import type { AuditRow } from './audit.table';
import type { Database } from './database';
import { GENESIS_HASH, verifyChain, type ChainVerdict } from '../lib/audit-chain';

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

const toChainRow = (r: AuditRow) => ({ id: r.id, prevHash: r.prev_hash, rowHash: r.row_hash, ...chainContentOf(r) });

/** Verifies the whole audit chain in batches; stops at the first broken row. */
export async function verifyAuditLog(db: Kysely<Database>): Promise<ChainVerdict> {
  let state = { prevHash: GENESIS_HASH, count: 0 };
  for await (const batch of auditRowsInOrder(db)) {
    const verdict = verifyChain(batch.map(toChainRow), state);
    if (!verdict.intact) return verdict;
    state = { prevHash: verdict.lastHash, count: verdict.rows };
  }
  return { intact: true, rows: state.count, lastHash: state.prevHash };
}
