import { sql, type Kysely, type Transaction } from 'kysely';
import { GENESIS_HASH, rowHash } from '../lib/audit-chain';
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

/** Serialises appends so each row links to the one committed before it. */
const AUDIT_CHAIN_LOCK = 7_242_001;

/**
 * Appends one audit row, chained to the previous one (lib/audit-chain.ts). With an idempotency key, a
 * second append of the same key is a no-op (returns false). Runs in the caller's transaction, or in
 * its own when given the database.
 */
export async function appendAudit(db: Transaction<Database> | Kysely<Database>, e: AuditEntry): Promise<boolean> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, e));
  const trx = db;
  if (e.idempotencyKey && (await findAuditByKey(trx, e.recordType, e.recordId, e.idempotencyKey))) return false;
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('row_hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.row_hash ?? GENESIS_HASH;
  const occurredAt = new Date();
  const content = {
    occurredAt,
    actorId: e.actorId,
    actorRole: e.actorRole,
    onBehalfOf: e.onBehalfOf ?? null,
    recordType: e.recordType,
    recordId: e.recordId,
    action: e.action,
    fromState: e.fromState ?? null,
    toState: e.toState ?? null,
    comment: e.comment ?? null,
    // Stored as jsonb and read back parsed: hash what will be read back.
    changes: e.changes ? JSON.parse(JSON.stringify(e.changes)) : null,
    idempotencyKey: e.idempotencyKey ?? null,
  };
  const inserted = await trx
    .insertInto('audit_log')
    .values({
      occurred_at: occurredAt,
      actor_id: content.actorId,
      actor_role: content.actorRole,
      on_behalf_of: content.onBehalfOf,
      record_type: content.recordType,
      record_id: content.recordId,
      action: content.action,
      from_state: content.fromState,
      to_state: content.toState,
      comment: content.comment,
      changes: content.changes ? JSON.stringify(content.changes) : null,
      idempotency_key: content.idempotencyKey,
      prev_hash: prevHash,
      row_hash: rowHash(prevHash, content),
    })
    .onConflict((oc) => oc.columns(['record_type', 'record_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findAuditByKey(
  db: Kysely<Database> | Transaction<Database>,
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

/**
 * The record an earlier request with this Idempotency-Key wrote, for a record type whose id is issued
 * by the write itself (e.g. a contract template's version): its `record_id`, or undefined when the key
 * wrote nothing of that type.
 */
export async function findRecordIdByKey(
  db: Kysely<Database> | Transaction<Database>,
  recordType: string,
  key: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('record_id')
    .where('record_type', '=', recordType)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row?.record_id;
}

export async function listAuditForRecord(
  db: Kysely<Database>,
  recordType: string,
  recordId: string,
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .orderBy('id')
    .execute();
}

export interface AuditSearch {
  actorId?: string | undefined;
  actorRole?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export async function searchAudit(db: Kysely<Database>, f: AuditSearch): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.actorRole) q = q.where('actor_role', '=', f.actorRole);
  if (f.recordType) q = q.where('record_type', '=', f.recordType);
  if (f.recordId) q = q.where('record_id', '=', f.recordId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Audit rows in id order, `batch` at a time, for verifying the chain without loading it whole. */
export async function* auditRowsInOrder(db: Kysely<Database>, batch = 5000): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export async function recordStepRejection(
  db: Kysely<Database>,
  r: {
    actorId: string;
    actorRole: string;
    onBehalfOf: string | null;
    recordType: string;
    recordId: string;
    event: string;
    code: string;
    message: string;
    idempotencyKey: string | null;
  },
): Promise<void> {
  await db
    .insertInto('step_rejections')
    .values({
      actor_id: r.actorId,
      actor_role: r.actorRole,
      on_behalf_of: r.onBehalfOf,
      record_type: r.recordType,
      record_id: r.recordId,
      event: r.event,
      code: r.code,
      message: r.message.slice(0, 1000),
      idempotency_key: r.idempotencyKey,
    })
    .execute();
}

export async function listStepRejections(db: Kysely<Database>, recordType: string, recordId: string) {
  return db
    .selectFrom('step_rejections')
    .selectAll()
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .orderBy('id')
    .execute();
}

/** Transitions of many records of one type, in order, for step durations. */
export async function listTransitions(db: Kysely<Database>, recordType: string, recordId?: string) {
  let q = db
    .selectFrom('audit_log')
    .select(['record_id', 'occurred_at', 'from_state', 'to_state', 'action'])
    .where('record_type', '=', recordType)
    .where('to_state', 'is not', null);
  if (recordId) q = q.where('record_id', '=', recordId);
  return q.orderBy('record_id').orderBy('id').execute();
}
