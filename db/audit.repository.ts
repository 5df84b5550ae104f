import type { AuditedRecordType } from '../domain/record-types';
import { sql, type Kysely, type Transaction } from 'kysely';
import { checkpointHash, GENESIS_HASH, merkleRoot, rowHash, sortLeaves, type CheckpointLeaf } from '../lib/audit-chain';
import type { AuditRow } from './audit.table';
import type { Database } from './database';

export interface AuditEntry {
  actorId: string;
  actorRole: string;
  onBehalfOf?: string | null;
  /** One of domain/record-types.ts AUDITED_RECORD_TYPES (the audit page and record history offer exactly those). */
  recordType: AuditedRecordType;
  recordId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  changes?: Record<string, unknown> | null;
  idempotencyKey?: string | null;
}

/** One checkpoint writer at a time (several worker processes run the periodic task); appends never take it. */
const AUDIT_CHECKPOINT_LOCK = 7_242_002;

/**
 * Appends one audit row to its record's chain (lib/audit-chain.ts): the row's prev_hash is the hash of
 * the record's previous row. Locks only that record's chain head (`audit_chain_heads`, created on the
 * record's first row), so appends to other records run in parallel. With an idempotency key, a second
 * append of the same key to the same record is a no-op (returns false). Runs in the caller's
 * transaction (READ COMMITTED), or in its own when given the database.
 */
export async function appendAudit(db: Transaction<Database> | Kysely<Database>, e: AuditEntry): Promise<boolean> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, e));
  const trx = db;
  const lockHead = () =>
    trx
      .selectFrom('audit_chain_heads')
      .select('head_hash')
      .where('record_type', '=', e.recordType)
      .where('record_id', '=', e.recordId)
      .forUpdate()
      .executeTakeFirst();
  let head = await lockHead();
  if (!head) {
    await trx
      .insertInto('audit_chain_heads')
      .values({
        record_type: e.recordType,
        record_id: e.recordId,
        seq: 0,
        head_id: null,
        head_hash: GENESIS_HASH,
        committed_seq: 0,
      })
      .onConflict((oc) => oc.columns(['record_type', 'record_id']).doNothing())
      .execute();
    head = await lockHead();
    if (!head) throw new Error(`audit chain head of ${e.recordType} ${e.recordId} vanished`);
  }
  const prevHash = head.head_hash;
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
  // One statement: the row (nothing when its key was already used for this record) and the head moved to it.
  const moved = await trx
    .with('ins', (q) =>
      q
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
        .returning(['id', 'row_hash']),
    )
    .updateTable('audit_chain_heads')
    .from('ins')
    .set((eb) => ({
      seq: eb('audit_chain_heads.seq', '+', 1),
      head_id: eb.ref('ins.id'),
      head_hash: eb.ref('ins.row_hash'),
    }))
    .where('audit_chain_heads.record_type', '=', e.recordType)
    .where('audit_chain_heads.record_id', '=', e.recordId)
    .returning('ins.id')
    .executeTakeFirst();
  return moved !== undefined;
}

export interface AuditCheckpoint {
  id: number;
  createdAt: Date;
  prevHash: string;
  leafCount: number;
  merkleRoot: string;
  hash: string;
}

/**
 * Writes one checkpoint: the chain heads that moved since the previous checkpoint (one leaf per record),
 * their Merkle root, chained to the previous checkpoint's hash (the first one to the last hash of the
 * chain of before migration 0017). Heads locked by an append in flight are skipped and committed by the
 * next checkpoint. Returns null when nothing moved or another process is writing one. Idempotent in
 * effect: running it twice commits nothing twice. In the caller's transaction, or its own.
 */
export async function writeAuditCheckpoint(
  db: Kysely<Database> | Transaction<Database>,
  now: Date = new Date(),
): Promise<AuditCheckpoint | null> {
  if (!db.isTransaction) return db.transaction().execute((trx) => writeAuditCheckpoint(trx, now));
  const trx = db;
  const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${AUDIT_CHECKPOINT_LOCK}) as ok`.execute(trx);
  if (!got.rows[0]?.ok) return null;
  const heads = await trx
    .selectFrom('audit_chain_heads')
    .select(['record_type', 'record_id', 'seq', 'head_id', 'head_hash'])
    .whereRef('seq', '>', 'committed_seq')
    .forUpdate()
    .skipLocked()
    .execute();
  if (heads.length === 0) return null;
  const leaves: CheckpointLeaf[] = sortLeaves(
    heads.map((h) => ({
      recordType: h.record_type,
      recordId: h.record_id,
      seq: h.seq,
      headId: h.head_id!,
      headHash: h.head_hash,
    })),
  );
  const previous = await trx
    .selectFrom('audit_checkpoints')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const origin = previous
    ? undefined
    : await trx.selectFrom('audit_chain_origin').select('legacy_last_hash').executeTakeFirst();
  const prevHash = previous?.hash ?? origin?.legacy_last_hash ?? GENESIS_HASH;
  const createdAt = new Date(Math.floor(now.getTime()));
  const root = merkleRoot(leaves);
  const hash = checkpointHash(prevHash, { createdAt, leafCount: leaves.length, merkleRoot: root });
  const { id } = await trx
    .insertInto('audit_checkpoints')
    .values({ created_at: createdAt, prev_hash: prevHash, leaf_count: leaves.length, merkle_root: root, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < leaves.length; i += 1000) {
    const chunk = leaves.slice(i, i + 1000);
    await trx
      .insertInto('audit_checkpoint_leaves')
      .values(
        chunk.map((l) => ({
          checkpoint_id: id,
          record_type: l.recordType,
          record_id: l.recordId,
          seq: l.seq,
          head_id: l.headId,
          head_hash: l.headHash,
        })),
      )
      .execute();
    await sql`
      update audit_chain_heads h set committed_seq = v.seq
      from (values ${sql.join(chunk.map((l) => sql`(${l.recordType}, ${l.recordId}, ${l.seq}::int)`))}) as v(t, i, seq)
      where h.record_type = v.t and h.record_id = v.i`.execute(trx);
  }
  return { id, createdAt, prevHash, leafCount: leaves.length, merkleRoot: root, hash };
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
  /** The actor's login, or a part of their display name. */
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
  if (f.actorId) {
    // The login, or a part of a display name (陳志明 finds `sales`): the desk names people by name, never the login.
    const actor = f.actorId;
    const pattern = `%${actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('actor_id', '=', actor),
        eb('actor_id', 'in', eb.selectFrom('users as u').select('u.id').where('u.display_name', 'ilike', pattern)),
      ]),
    );
  }
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

/** Where the per-record chains begin (migration 0017): the end of the global chain of before. */
export async function readAuditChainOrigin(db: Kysely<Database>) {
  return db
    .selectFrom('audit_chain_origin')
    .select(['legacy_last_id', 'legacy_rows', 'legacy_last_hash'])
    .executeTakeFirst();
}

/** Checkpoint leaves in head-row order (`head_id`, then checkpoint), `batch` at a time. */
export async function* checkpointLeavesByHeadRow(db: Kysely<Database>, batch = 5000) {
  let after = { headId: 0, checkpointId: 0 };
  for (;;) {
    const rows = await db
      .selectFrom('audit_checkpoint_leaves')
      .selectAll()
      .where(sql<boolean>`(head_id, checkpoint_id) > (${after.headId}, ${after.checkpointId})`)
      .orderBy('head_id')
      .orderBy('checkpoint_id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { headId: last.head_id, checkpointId: last.checkpoint_id };
  }
}

/** Checkpoints in id order with their leaves, `batch` checkpoints at a time. */
export async function* auditCheckpointsInOrder(db: Kysely<Database>, batch = 200) {
  let after = 0;
  for (;;) {
    const cps = await db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (cps.length === 0) return;
    const leaves = await db
      .selectFrom('audit_checkpoint_leaves')
      .selectAll()
      .where(
        'checkpoint_id',
        'in',
        cps.map((c) => c.id),
      )
      .execute();
    const byCheckpoint = new Map<number, typeof leaves>();
    for (const l of leaves) byCheckpoint.set(l.checkpoint_id, [...(byCheckpoint.get(l.checkpoint_id) ?? []), l]);
    yield cps.map((c) => ({ ...c, leaves: byCheckpoint.get(c.id) ?? [] }));
    after = cps[cps.length - 1]!.id;
  }
}

/** Every record's chain head as the append path keeps it, `batch` at a time. */
export async function* auditChainHeads(db: Kysely<Database>, batch = 5000) {
  let after = { t: '', i: '' };
  for (;;) {
    const rows = await db
      .selectFrom('audit_chain_heads')
      .selectAll()
      .where(sql<boolean>`(record_type, record_id) > (${after.t}, ${after.i})`)
      .orderBy('record_type')
      .orderBy('record_id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { t: last.record_type, i: last.record_id };
  }
}
