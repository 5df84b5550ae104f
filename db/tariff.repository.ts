/** All SQL about tariff versions, their lines and tariff changes. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { formatUnitPrice } from '../lib/money';
import type { TariffLineInput } from '../machines/catalog';
import { businessToday } from '../lib/dates';
import type { Database } from './database';
import type { TariffChangeRow, TariffLineRow, TariffVersionRow, TariffVersionStatus } from './tariff.table';

type Db = Kysely<Database> | Transaction<Database>;

const toLineRow = (versionNo: number, line: TariffLineInput, i: number) => ({
  version_no: versionNo,
  line_no: i + 1,
  service_type: line.serviceType,
  industry: line.industry,
  commodity: line.commodity,
  route_from: line.routeFrom,
  route_to: line.routeTo,
  unit: line.unit,
  currency: line.currency,
  price: line.price,
  budget_cost: line.budgetCost,
  valid_from: line.validFrom ?? null,
  valid_to: line.validTo ?? null,
});

export const fromLineRow = (r: TariffLineRow): TariffLineInput & { lineNo: number } => ({
  lineNo: r.line_no,
  serviceType: r.service_type as TariffLineInput['serviceType'],
  industry: r.industry,
  commodity: r.commodity,
  routeFrom: r.route_from,
  routeTo: r.route_to,
  unit: r.unit as TariffLineInput['unit'],
  currency: r.currency as TariffLineInput['currency'],
  // numeric(18,4) answers "350.0000": shown with the currency's digits (rates: 4 decimals).
  price: formatUnitPrice(r.price, r.unit as TariffLineInput['unit'], r.currency as TariffLineInput['currency']),
  budgetCost: formatUnitPrice(
    r.budget_cost,
    r.unit as TariffLineInput['unit'],
    r.currency as TariffLineInput['currency'],
  ),
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

/** Creates the draft row, or updates title and date of an existing draft; replaces its lines. */
export async function saveTariffDraft(
  trx: Transaction<Database>,
  d: { versionNo: number; title: string; effectiveFrom: string; draftedBy: string; lines: TariffLineInput[] },
): Promise<void> {
  await trx
    .insertInto('tariff_versions')
    .values({
      version_no: d.versionNo,
      title: d.title,
      status: 'draft',
      effective_from: d.effectiveFrom,
      drafted_by: d.draftedBy,
    })
    .onConflict((oc) =>
      oc
        .column('version_no')
        .doUpdateSet({ title: d.title, effective_from: d.effectiveFrom, updated_at: sql`now()` })
        .where('tariff_versions.status', '=', 'draft'),
    )
    .execute();
  await replaceTariffLines(trx, d.versionNo, d.lines);
}

async function replaceTariffLines(
  trx: Transaction<Database>,
  versionNo: number,
  lines: TariffLineInput[],
): Promise<void> {
  await trx.deleteFrom('tariff_lines').where('version_no', '=', versionNo).execute();
  if (lines.length)
    await trx
      .insertInto('tariff_lines')
      .values(lines.map((l, i) => toLineRow(versionNo, l, i)))
      .execute();
}

export async function setTariffStatus(
  trx: Transaction<Database>,
  versionNo: number,
  status: TariffVersionStatus,
  actorId: string,
): Promise<void> {
  await trx
    .updateTable('tariff_versions')
    .set({
      status,
      updated_at: sql`now()`,
      ...(status === 'pending_gm' ? { submitted_by: actorId } : {}),
      ...(status === 'locked' ? { approved_by: actorId, locked_at: sql`now()` } : {}),
    })
    .where('version_no', '=', versionNo)
    .execute();
}

export async function findTariffVersion(db: Db, versionNo: number): Promise<TariffVersionRow | undefined> {
  return db.selectFrom('tariff_versions').selectAll().where('version_no', '=', versionNo).executeTakeFirst();
}

export async function findTariffLines(db: Db, versionNo: number): Promise<TariffLineRow[]> {
  return db.selectFrom('tariff_lines').selectAll().where('version_no', '=', versionNo).orderBy('line_no').execute();
}

/**
 * Locked versions with the date each stops being in force: a version is in force from its
 * effective date until the next locked version's effective date (ties: the later lock wins).
 */
function lockedWithEnd(db: Db) {
  return db
    .selectFrom('tariff_versions')
    .selectAll()
    .select(
      sql<string | null>`lead(effective_from) over (order by effective_from, locked_at, version_no)`.as('effective_to'),
    )
    .where('status', '=', 'locked');
}

export type TariffVersionListRow = TariffVersionRow & { effective_to: string | null };

export async function listTariffVersions(
  db: Db,
  f: { status?: TariffVersionStatus | 'superseded' | undefined; limit: number; offset: number },
): Promise<TariffVersionListRow[]> {
  const locked = await lockedWithEnd(db).execute();
  const ends = new Map(locked.map((r) => [r.version_no, r.effective_to]));
  let q = db.selectFrom('tariff_versions').selectAll().orderBy('version_no', 'desc');
  if (f.status && f.status !== 'superseded') q = q.where('status', '=', f.status);
  const rows = await q.execute();
  const today = businessToday();
  return rows
    .map((r) => ({ ...r, effective_to: ends.get(r.version_no) ?? null }))
    .filter(
      (r) => f.status !== 'superseded' || (r.status === 'locked' && r.effective_to !== null && r.effective_to <= today),
    )
    .slice(f.offset, f.offset + f.limit);
}

/** The locked version in force on `date` (YYYY-MM-DD), if any. */
export async function findTariffInForce(db: Db, date: string): Promise<TariffVersionListRow | undefined> {
  const row = await db
    .selectFrom(lockedWithEnd(db).as('v'))
    .selectAll()
    .where('v.effective_from', '<=', date)
    .where((eb) => eb.or([eb('v.effective_to', 'is', null), eb('v.effective_to', '>', date)]))
    .orderBy('v.effective_from', 'desc')
    .executeTakeFirst();
  return row as TariffVersionListRow | undefined;
}

export async function effectiveToOf(db: Db, versionNo: number): Promise<string | null> {
  const row = await db
    .selectFrom(lockedWithEnd(db).as('v'))
    .select('v.effective_to')
    .where('v.version_no', '=', versionNo)
    .executeTakeFirst();
  return row?.effective_to ?? null;
}

export async function insertTariffChange(
  trx: Transaction<Database>,
  c: {
    id: number;
    baseVersionNo: number;
    reason: string;
    effectiveFrom: string;
    proposedBy: string;
    lines: TariffLineInput[];
  },
): Promise<void> {
  await trx
    .insertInto('tariff_changes')
    .values({
      id: c.id,
      base_version_no: c.baseVersionNo,
      status: 'pending_marketing_manager',
      reason: c.reason,
      effective_from: c.effectiveFrom,
      proposed_by: c.proposedBy,
      lines: JSON.stringify(c.lines),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function findTariffChange(db: Db, id: number): Promise<TariffChangeRow | undefined> {
  return db.selectFrom('tariff_changes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTariffChanges(
  db: Db,
  f: { status?: string | undefined; proposedBy?: string | undefined; limit: number; offset: number },
): Promise<TariffChangeRow[]> {
  let q = db.selectFrom('tariff_changes').selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset);
  if (f.status) q = q.where('status', '=', f.status as TariffChangeRow['status']);
  if (f.proposedBy) q = q.where('proposed_by', '=', f.proposedBy);
  return q.execute();
}

/**
 * The GM approved a tariff change: a new locked version (next number of `tariff_version_no_seq`) is
 * created from the change's lines, based on its base version. Returns the new version number.
 */
export async function lockVersionFromChange(
  trx: Transaction<Database>,
  change: TariffChangeRow,
  approvedBy: string,
): Promise<number> {
  const { no } = await sql<{ no: number }>`select nextval('tariff_version_no_seq')::int as no`
    .execute(trx)
    .then((r) => r.rows[0]!);
  await trx
    .insertInto('tariff_versions')
    .values({
      version_no: no,
      title: `Change #${change.id}: ${change.reason}`.slice(0, 200),
      status: 'locked',
      effective_from: change.effective_from,
      drafted_by: change.proposed_by,
      submitted_by: change.proposed_by,
      approved_by: approvedBy,
      locked_at: new Date(),
      source_change_id: change.id,
      based_on_version_no: change.base_version_no,
    })
    .execute();
  if (change.lines.length)
    await trx
      .insertInto('tariff_lines')
      .values(change.lines.map((l, i) => toLineRow(no, l, i)))
      .execute();
  return no;
}

/** Moves a tariff change to `status`, recording who approved as marketing manager, who decided, and the resulting version. */
export async function setTariffChangeStatus(
  trx: Transaction<Database>,
  id: number,
  s: { status: TariffChangeRow['status']; marketingApprovedBy?: string; decidedBy?: string; resultVersionNo?: number },
): Promise<void> {
  await trx
    .updateTable('tariff_changes')
    .set({
      status: s.status,
      updated_at: sql`now()`,
      ...(s.marketingApprovedBy ? { marketing_approved_by: s.marketingApprovedBy } : {}),
      ...(s.decidedBy ? { decided_by: s.decidedBy } : {}),
      ...(s.resultVersionNo ? { result_version_no: s.resultVersionNo } : {}),
    })
    .where('id', '=', id)
    .execute();
}
