import type { Kysely, Transaction } from 'kysely';
import type { AuditRow } from './audit.table';
import type { Database } from './database';

export interface AuditEntry {
  actorId: string;
  actorRole: string;
  onBehalfOf?: string | null;
  recordType: string;
  recordId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  changes?: Record<string, unknown> | null;
  idempotencyKey?: string | null;
}

/** Appends one audit row; with an idempotency key, a second append of the same key is a no-op (returns false). */
export async function appendAudit(trx: Transaction<Database> | Kysely<Database>, e: AuditEntry): Promise<boolean> {
  const inserted = await trx
    .insertInto('audit_log')
    .values({
      actor_id: e.actorId,
      actor_role: e.actorRole,
      on_behalf_of: e.onBehalfOf ?? null,
      record_type: e.recordType,
      record_id: e.recordId,
      action: e.action,
      from_state: e.fromState ?? null,
      to_state: e.toState ?? null,
      comment: e.comment ?? null,
      changes: e.changes ? JSON.stringify(e.changes) : null,
      idempotency_key: e.idempotencyKey ?? null,
    })
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findAuditByKey(
  db: Kysely<Database>,
  recordType: string,
  recordId: string,
  key: string,
): Promise<AuditRow | undefined> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function listAuditForRecord(db: Kysely<Database>, recordType: string, recordId: string): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .orderBy('id')
    .execute();
}
