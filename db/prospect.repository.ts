/**
 * All SQL of the prospects pipeline 客戶開發 (`prospects`) and the risk assessments 風險評估 of prospects
 * (`prospect_risk_assessments`, append-only: the newest row of a customer is the one in force).
 */
import type { Kysely, Transaction } from 'kysely';
import type { ProspectStage } from '../machines/prospect.machine';
import type { Database } from './database';
import type { ProspectRiskAssessmentRow, ProspectRow } from './plan.table';

type Db = Kysely<Database> | Transaction<Database>;

/** A prospect row with its customer's name and whether a risk assessment is on record. */
export type ProspectListRow = ProspectRow & {
  customer_name: string;
  customer_status: string;
  rating: 'low' | 'medium' | 'high' | null;
};

export async function insertProspect(
  trx: Transaction<Database>,
  p: { customerNo: string; ownerId: string; source: string | null; note: string | null },
): Promise<ProspectRow> {
  return trx
    .insertInto('prospects')
    .values({ customer_no: p.customerNo, owner_id: p.ownerId, stage: 'lead', source: p.source, note: p.note })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findProspect(db: Db, id: number): Promise<ProspectRow | undefined> {
  return db.selectFrom('prospects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProspectByCustomer(db: Db, customerNo: string): Promise<ProspectRow | undefined> {
  return db.selectFrom('prospects').selectAll().where('customer_no', '=', customerNo).executeTakeFirst();
}

export async function lockProspect(trx: Transaction<Database>, id: number): Promise<ProspectRow | undefined> {
  return trx.selectFrom('prospects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The customer's prospect, locked until the transaction ends. */
export async function lockProspectByCustomer(
  trx: Transaction<Database>,
  customerNo: string,
): Promise<ProspectRow | undefined> {
  return trx.selectFrom('prospects').selectAll().where('customer_no', '=', customerNo).forUpdate().executeTakeFirst();
}

/** Moves a prospect to `stage` (now); `lostReason` is kept only while lost. */
export async function setProspectStage(
  trx: Transaction<Database>,
  id: number,
  stage: ProspectStage,
  lostReason: string | null,
): Promise<void> {
  await trx
    .updateTable('prospects')
    .set({ stage, stage_since: new Date(), lost_reason: lostReason })
    .where('id', '=', id)
    .execute();
}

export interface ProspectFilter {
  /** Owners in sight; undefined: all. */
  ownerIds?: readonly string[] | undefined;
  ownerId?: string | undefined;
  stage?: ProspectStage | undefined;
  /** Part of the customer's number or name. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Prospects in sight, newest stage change first, with the count per stage of the whole selection (stage filter aside). */
export async function listProspects(
  db: Db,
  f: ProspectFilter,
): Promise<{ rows: ProspectListRow[]; total: number; byStage: Record<string, number> }> {
  if (f.ownerIds && f.ownerIds.length === 0) return { rows: [], total: 0, byStage: {} };
  let q = db
    .selectFrom('prospects as p')
    .innerJoin('customers as c', 'c.customer_no', 'p.customer_no')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('prospect_risk_assessments')
          .distinctOn('customer_no')
          .select(['customer_no', 'rating'])
          .orderBy('customer_no')
          .orderBy('id', 'desc')
          .as('r'),
      (j) => j.onRef('r.customer_no', '=', 'p.customer_no'),
    );
  if (f.ownerIds) q = q.where('p.owner_id', 'in', f.ownerIds);
  if (f.ownerId) q = q.where('p.owner_id', '=', f.ownerId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('p.customer_no', 'ilike', like), eb('c.full_name', 'ilike', like)]));
  }
  const counts = await q
    .select(['p.stage', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('p.stage')
    .execute();
  const byStage = Object.fromEntries(counts.map((c) => [c.stage, Number(c.n)]));
  if (f.stage) q = q.where('p.stage', '=', f.stage);
  const total = f.stage ? (byStage[f.stage] ?? 0) : counts.reduce((n, c) => n + Number(c.n), 0);
  const rows = await q
    .selectAll('p')
    .select(['c.full_name as customer_name', 'c.status as customer_status', 'r.rating'])
    .orderBy('p.stage_since', 'desc')
    .orderBy('p.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows: rows as ProspectListRow[], total, byStage };
}

export interface NewRiskAssessment {
  customerNo: string;
  businessScope: string;
  yearsTrading: number;
  annualContainers: number;
  financialStanding: string;
  paymentHistory: string;
  rating: 'low' | 'medium' | 'high';
  reasons: string;
  assessedBy: string;
}

export async function insertRiskAssessment(
  trx: Transaction<Database>,
  a: NewRiskAssessment,
): Promise<ProspectRiskAssessmentRow> {
  return trx
    .insertInto('prospect_risk_assessments')
    .values({
      customer_no: a.customerNo,
      business: a.businessScope,
      years_trading: a.yearsTrading,
      annual_containers: a.annualContainers,
      finances: a.financialStanding,
      payment_history: a.paymentHistory,
      rating: a.rating,
      reasons: a.reasons,
      assessed_by: a.assessedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The risk assessment in force for a customer (the newest), if any. */
export async function latestRiskAssessment(db: Db, customerNo: string): Promise<ProspectRiskAssessmentRow | undefined> {
  return db
    .selectFrom('prospect_risk_assessments')
    .selectAll()
    .where('customer_no', '=', customerNo)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** How many risk assessments a customer has (the newest is in force). */
export async function countRiskAssessments(db: Db, customerNo: string): Promise<number> {
  const r = await db
    .selectFrom('prospect_risk_assessments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('customer_no', '=', customerNo)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The customer's quotes, newest first, with their contract number and signature date when there is one. */
export async function listCustomerQuotes(db: Db, customerNo: string) {
  return db
    .selectFrom('quotes as q')
    .leftJoin('contracts as k', 'k.quote_no', 'q.quote_no')
    .select(['q.quote_no', 'q.status', 'q.revision', 'q.created_at', 'q.contract_no', 'k.signed_on'])
    .where('q.customer_no', '=', customerNo)
    .orderBy('q.created_at', 'desc')
    .limit(100)
    .execute();
}
