/**
 * All SQL of reconciliation 對帳: write-off proposals, statements and their lines, dispute cases and
 * notes, finance's balance uploads and differences, collection targets and the collection-rate sums.
 * Amounts are numeric(18,4) decimal strings; dates business dates `YYYY-MM-DD`.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database';
import type {
  BalanceDifferenceRow,
  DisputeCaseRow,
  DisputeOutcome,
  ReconciliationNoteRow,
  StatementLineRow,
  StatementRow,
  StatementSection,
  StatementStatus,
  WriteOffRow,
  WriteOffStatus,
} from './reconciliation.table';

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------------
// Write-offs 壞賬核銷

/** A write-off with its receivable's job and label and the customer's name and owner. */
export interface WriteOffDetailRow extends WriteOffRow {
  job_no: string;
  label: string;
  customer_name: string;
  owner_id: string;
}

const writeOffQuery = (db: Db) =>
  db
    .selectFrom('write_offs as w')
    .innerJoin('receivables as r', 'r.id', 'w.receivable_id')
    .innerJoin('customers as c', 'c.customer_no', 'w.customer_no')
    .selectAll('w')
    .select(['r.job_no', 'r.label', 'c.full_name as customer_name', 'c.owner_id']);

export async function findWriteOff(db: Db, id: number): Promise<WriteOffDetailRow | undefined> {
  return writeOffQuery(db).where('w.id', '=', id).executeTakeFirst();
}

/** Write-offs newest first; `ownerIds` the owners in sight (undefined: all). */
export async function listWriteOffs(
  db: Db,
  f: { status?: WriteOffStatus | undefined; customerNo?: string | undefined; ownerIds?: readonly string[] | undefined },
): Promise<WriteOffDetailRow[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  let q = writeOffQuery(db);
  if (f.status) q = q.where('w.status', '=', f.status);
  if (f.customerNo) q = q.where('w.customer_no', '=', f.customerNo);
  if (f.ownerIds) q = q.where('c.owner_id', 'in', [...f.ownerIds]);
  return q.orderBy('w.id', 'desc').limit(500).execute();
}

export async function lockWriteOff(trx: Transaction<Database>, id: number): Promise<WriteOffRow | undefined> {
  return trx.selectFrom('write_offs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The live (proposed or returned) proposal on a receivable, if any. */
export async function findLiveWriteOff(db: Db, receivableId: number): Promise<WriteOffRow | undefined> {
  return db
    .selectFrom('write_offs')
    .selectAll()
    .where('receivable_id', '=', receivableId)
    .where('status', 'in', ['proposed', 'returned'])
    .executeTakeFirst();
}

export async function insertWriteOff(
  trx: Transaction<Database>,
  w: {
    receivableId: number;
    customerNo: string;
    currency: string;
    amount: string;
    reason: string;
    proposedBy: string;
    proposedRole: string;
    source: string;
  },
): Promise<WriteOffRow> {
  return trx
    .insertInto('write_offs')
    .values({
      receivable_id: w.receivableId,
      customer_no: w.customerNo,
      currency: w.currency,
      amount: w.amount,
      reason: w.reason,
      status: 'proposed',
      proposed_by: w.proposedBy,
      proposed_role: w.proposedRole,
      source: w.source,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateWriteOff(
  trx: Transaction<Database>,
  id: number,
  patch: Partial<
    Pick<WriteOffRow, 'status' | 'amount' | 'reason' | 'decided_by' | 'decided_at' | 'decision_comment' | 'entry_id'>
  >,
): Promise<void> {
  await trx
    .updateTable('write_offs')
    .set({ ...patch, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Statements 對帳單 and disputes

export interface StatementHeadRow extends StatementRow {
  customer_name: string;
  owner_id: string;
  owner_name: string;
  open_disputes: number;
}

const statementQuery = (db: Db) =>
  db
    .selectFrom('statements as s')
    .innerJoin('customers as c', 'c.customer_no', 's.customer_no')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .selectAll('s')
    .select([
      'c.full_name as customer_name',
      'c.owner_id',
      'u.display_name as owner_name',
      sql<number>`(select count(*)::int from dispute_cases d where d.statement_id = s.id and d.status = 'open')`.as(
        'open_disputes',
      ),
    ]);

export async function findStatement(db: Db, id: number): Promise<StatementHeadRow | undefined> {
  return statementQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export async function listStatements(
  db: Db,
  f: {
    customerNo?: string | undefined;
    status?: StatementStatus | undefined;
    ownerIds?: readonly string[] | undefined;
  },
): Promise<StatementHeadRow[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  let q = statementQuery(db);
  if (f.customerNo) q = q.where('s.customer_no', '=', f.customerNo);
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.ownerIds) q = q.where('c.owner_id', 'in', [...f.ownerIds]);
  return q.orderBy('s.id', 'desc').limit(500).execute();
}

export async function lockStatement(trx: Transaction<Database>, id: number): Promise<StatementRow | undefined> {
  return trx.selectFrom('statements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Takes the transaction lock on drawing statements of `customerNo` and returns the earliest statement of that customer
 * whose period [from, to] overlaps the given one (none: undefined). Two draws for one customer at once wait for each
 * other, so the later one sees the first; the exclusion constraint `statements_no_overlap` (migration 0031) backs it.
 */
export async function lockOverlappingStatement(
  trx: Transaction<Database>,
  customerNo: string,
  from: string,
  to: string,
): Promise<Pick<StatementRow, 'id' | 'period_from' | 'period_to' | 'status'> | undefined> {
  await sql`select pg_advisory_xact_lock(hashtext(${`statement-period:${customerNo}`}))`.execute(trx);
  return trx
    .selectFrom('statements')
    .select(['id', 'period_from', 'period_to', 'status'])
    .where('customer_no', '=', customerNo)
    .where('period_from', '<=', to)
    .where('period_to', '>=', from)
    .orderBy('id')
    .executeTakeFirst();
}

export async function insertStatement(
  trx: Transaction<Database>,
  s: {
    customerNo: string;
    periodFrom: string;
    periodTo: string;
    sections: StatementSection[];
    createdBy: string;
    lines: Omit<StatementLineRow, 'id' | 'statement_id'>[];
  },
): Promise<number> {
  const { id } = await trx
    .insertInto('statements')
    .values({
      customer_no: s.customerNo,
      period_from: s.periodFrom,
      period_to: s.periodTo,
      status: 'draft',
      sections: JSON.stringify(s.sections),
      created_by: s.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (s.lines.length)
    await trx
      .insertInto('statement_lines')
      .values(s.lines.map((l) => ({ ...l, statement_id: id })))
      .execute();
  return id;
}

export async function updateStatement(
  trx: Transaction<Database>,
  id: number,
  patch: Partial<
    Pick<StatementRow, 'status' | 'sent_by' | 'sent_on' | 'answered_by' | 'answered_on' | 'customer_reference'>
  >,
): Promise<void> {
  await trx.updateTable('statements').set(patch).where('id', '=', id).execute();
}

/** How many of a statement's dispute cases are still open (read after locking the statement, to count the others). */
export async function countOpenDisputes(trx: Transaction<Database>, statementId: number): Promise<number> {
  const r = await trx
    .selectFrom('dispute_cases')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('statement_id', '=', statementId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function listStatementLines(db: Db, statementId: number): Promise<StatementLineRow[]> {
  return db
    .selectFrom('statement_lines')
    .selectAll()
    .where('statement_id', '=', statementId)
    .orderBy('line_no')
    .execute();
}

/** A dispute case with its customer's name and owner, its statement line's number and the case owner's name. */
export interface DisputeDetailRow extends DisputeCaseRow {
  customer_name: string;
  customer_owner_id: string;
  owner_name: string;
  line_no: number;
  job_no: string;
  label: string;
}

const disputeQuery = (db: Db) =>
  db
    .selectFrom('dispute_cases as d')
    .innerJoin('customers as c', 'c.customer_no', 'd.customer_no')
    .innerJoin('users as u', 'u.id', 'd.owner_id')
    .innerJoin('statement_lines as l', 'l.id', 'd.statement_line_id')
    .selectAll('d')
    .select([
      'c.full_name as customer_name',
      'c.owner_id as customer_owner_id',
      'u.display_name as owner_name',
      'l.line_no',
      'l.job_no',
      'l.label',
    ]);

export async function findDispute(db: Db, id: number): Promise<DisputeDetailRow | undefined> {
  return disputeQuery(db).where('d.id', '=', id).executeTakeFirst();
}

export async function listDisputes(
  db: Db,
  f: {
    statementId?: number | undefined;
    status?: 'open' | 'resolved' | undefined;
    ownerId?: string | undefined;
    customerNo?: string | undefined;
    ownerIds?: readonly string[] | undefined;
  },
): Promise<DisputeDetailRow[]> {
  if (f.ownerIds && f.ownerIds.length === 0) return [];
  let q = disputeQuery(db);
  if (f.statementId !== undefined) q = q.where('d.statement_id', '=', f.statementId);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.ownerId) q = q.where('d.owner_id', '=', f.ownerId);
  if (f.customerNo) q = q.where('d.customer_no', '=', f.customerNo);
  if (f.ownerIds) q = q.where('c.owner_id', 'in', [...f.ownerIds]);
  return q.orderBy('d.id').limit(500).execute();
}

export async function lockDispute(trx: Transaction<Database>, id: number): Promise<DisputeCaseRow | undefined> {
  return trx.selectFrom('dispute_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertDisputes(
  trx: Transaction<Database>,
  rows: Omit<
    DisputeCaseRow,
    'id' | 'created_at' | 'status' | 'outcome' | 'resolution' | 'entry_id' | 'resolved_by' | 'resolved_at'
  >[],
): Promise<number[]> {
  if (!rows.length) return [];
  const ids = await trx
    .insertInto('dispute_cases')
    .values(rows.map((r) => ({ ...r, status: 'open' as const })))
    .returning('id')
    .execute();
  return ids.map((r) => r.id);
}

export async function resolveDisputeRow(
  trx: Transaction<Database>,
  id: number,
  r: { outcome: DisputeOutcome; resolution: string; entryId: number | null; by: string },
): Promise<void> {
  await trx
    .updateTable('dispute_cases')
    .set({
      status: 'resolved',
      outcome: r.outcome,
      resolution: r.resolution,
      entry_id: r.entryId,
      resolved_by: r.by,
      resolved_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The amounts under open dispute per receivable (decimal strings), for the receivables given
 * (all without `receivableIds`). A receivable has at most the sum of its open cases disputed.
 */
export async function openDisputedByReceivable(
  db: Db,
  receivableIds?: readonly number[],
): Promise<Map<number, string>> {
  if (receivableIds && receivableIds.length === 0) return new Map();
  let q = db
    .selectFrom('dispute_cases')
    .select(['receivable_id', sql<string>`sum(amount)::text`.as('amount')])
    .where('status', '=', 'open')
    .groupBy('receivable_id');
  if (receivableIds) q = q.where('receivable_id', 'in', [...receivableIds]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.receivable_id, r.amount]));
}

export async function insertNote(
  trx: Transaction<Database>,
  n: { subject: 'dispute' | 'balance_difference'; subjectId: number; note: string; by: string },
): Promise<ReconciliationNoteRow> {
  return trx
    .insertInto('reconciliation_notes')
    .values({ subject: n.subject, subject_id: n.subjectId, note: n.note, written_by: n.by })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listNotes(
  db: Db,
  subject: 'dispute' | 'balance_difference',
  subjectIds: readonly number[],
): Promise<(ReconciliationNoteRow & { written_by_name: string | null })[]> {
  if (!subjectIds.length) return [];
  return db
    .selectFrom('reconciliation_notes as n')
    .leftJoin('users as u', 'u.id', 'n.written_by')
    .selectAll('n')
    .select('u.display_name as written_by_name')
    .where('n.subject', '=', subject)
    .where('n.subject_id', 'in', [...subjectIds])
    .orderBy('n.id')
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Finance's balance uploads

export async function insertBalanceUpload(
  trx: Transaction<Database>,
  u: {
    asOf: string;
    format: 'csv' | 'xlsx';
    by: string;
    rows: Pick<
      BalanceDifferenceRow,
      'row_no' | 'customer_no' | 'currency' | 'finance_balance' | 'ledger_balance' | 'status'
    >[];
  },
): Promise<number> {
  const { id } = await trx
    .insertInto('balance_uploads')
    .values({ as_of: u.asOf, format: u.format, uploaded_by: u.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (u.rows.length)
    await trx
      .insertInto('balance_differences')
      .values(u.rows.map((r) => ({ ...r, upload_id: id })))
      .execute();
  return id;
}

export async function listBalanceUploads(db: Db) {
  return db
    .selectFrom('balance_uploads as b')
    .selectAll('b')
    .select([
      sql<string | null>`(select u.display_name from users u where u.id = b.uploaded_by)`.as('uploaded_by_name'),
      sql<number>`(select count(*)::int from balance_differences d where d.upload_id = b.id)`.as('rows'),
      sql<number>`(select count(*)::int from balance_differences d where d.upload_id = b.id and d.status = 'open')`.as(
        'open',
      ),
    ])
    .orderBy('b.id', 'desc')
    .limit(200)
    .execute();
}

export async function findBalanceUpload(db: Db, id: number) {
  return db
    .selectFrom('balance_uploads as b')
    .selectAll('b')
    .select(sql<string | null>`(select u.display_name from users u where u.id = b.uploaded_by)`.as('uploaded_by_name'))
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export interface BalanceDifferenceDetailRow extends BalanceDifferenceRow {
  customer_name: string;
  owner_id: string;
  resolved_by_name: string | null;
}

export async function listBalanceDifferences(
  db: Db,
  f: { uploadId?: number; id?: number },
): Promise<BalanceDifferenceDetailRow[]> {
  let q = db
    .selectFrom('balance_differences as d')
    .innerJoin('customers as c', 'c.customer_no', 'd.customer_no')
    .selectAll('d')
    .leftJoin('users as r', 'r.id', 'd.resolved_by')
    .select(['c.full_name as customer_name', 'c.owner_id', 'r.display_name as resolved_by_name']);
  if (f.uploadId !== undefined) q = q.where('d.upload_id', '=', f.uploadId);
  if (f.id !== undefined) q = q.where('d.id', '=', f.id);
  return q.orderBy('d.row_no').execute();
}

export async function lockBalanceDifference(
  trx: Transaction<Database>,
  id: number,
): Promise<BalanceDifferenceRow | undefined> {
  return trx.selectFrom('balance_differences').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function resolveBalanceDifferenceRow(
  trx: Transaction<Database>,
  id: number,
  r: { resolution: 'correction' | 'explanation'; note: string; entryId: number | null; by: string },
): Promise<void> {
  await trx
    .updateTable('balance_differences')
    .set({
      status: 'resolved',
      resolution: r.resolution,
      resolution_note: r.note,
      entry_id: r.entryId,
      resolved_by: r.by,
      resolved_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * The ledger's net balance per customer and currency as of `asOf`: receivables' entries dated on or
 * before it, less receipts' unallocated credit as of it (decimal strings). Key `customerNo|currency`.
 */
export async function netBalancesAsOf(db: Db, asOf: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ customer_no: string; currency: string; net: string }>`
    with owed as (
      select e.customer_no, e.currency, sum(e.amount) as v from receivable_entries e
      join receivables r on r.id = e.receivable_id
      where e.entry_date <= ${asOf} and r.invoice_date <= ${asOf}
      group by e.customer_no, e.currency),
    credit as (
      select p.customer_no, p.currency, sum(p.amount
        - coalesce((select -sum(e.amount) from receivable_entries e where e.receipt_id = p.id and e.entry_date <= ${asOf}), 0)
        - coalesce((select sum(x.amount) from receipt_refunds x where x.receipt_id = p.id and x.refunded_on <= ${asOf}), 0)) as v
      from receipts p where p.received_on <= ${asOf}
      group by p.customer_no, p.currency)
    select coalesce(o.customer_no, c.customer_no) as customer_no, coalesce(o.currency, c.currency) as currency,
      (coalesce(o.v, 0) - coalesce(c.v, 0))::text as net
    from owed o full join credit c on c.customer_no = o.customer_no and c.currency = o.currency`.execute(db);
  return new Map(rows.map((r) => [`${r.customer_no}|${r.currency.trim()}`, r.net]));
}

/** The customer numbers that exist among `nos`. */
export async function existingCustomerNos(db: Db, nos: readonly string[]): Promise<Set<string>> {
  if (!nos.length) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select('customer_no')
    .where('customer_no', 'in', [...nos])
    .execute();
  return new Set(rows.map((r) => r.customer_no));
}

// ---------------------------------------------------------------------------------------------------
// Collection rate 回款率

/** The collection-rate targets 回款率目標 of `month` (YYYY-MM) for `ownerIds` (undefined: everyone's). */
export async function listCollectionTargets(db: Db, month: string, ownerIds?: readonly string[]) {
  if (ownerIds && ownerIds.length === 0) return [];
  let q = db.selectFrom('collection_targets').selectAll().where('month', '=', month);
  if (ownerIds) q = q.where('owner_id', 'in', [...ownerIds]);
  return q.execute();
}

/** Sets a salesperson's target of a month (per cent, 2 decimals); returns the previous one, if any. */
export async function upsertCollectionTarget(
  trx: Transaction<Database>,
  t: { ownerId: string; month: string; targetPct: string; by: string },
): Promise<string | undefined> {
  const before = await trx
    .selectFrom('collection_targets')
    .select('target_pct')
    .where('owner_id', '=', t.ownerId)
    .where('month', '=', t.month)
    .forUpdate()
    .executeTakeFirst();
  await trx
    .insertInto('collection_targets')
    .values({ owner_id: t.ownerId, month: t.month, target_pct: t.targetPct, set_by: t.by })
    .onConflict((oc) =>
      oc.columns(['owner_id', 'month']).doUpdateSet({ target_pct: t.targetPct, set_by: t.by, set_at: new Date() }),
    )
    .execute();
  return before?.target_pct;
}
