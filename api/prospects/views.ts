/** Who sees prospects, and how a prospect and its risk assessment are shown. */
import type { Kysely } from 'kysely';
import { listAuditForRecord } from '../../db/audit.repository';
import type { Database } from '../../db/database';
import type { RecordAction } from '../../domain/actions';
import type { ProspectRiskAssessmentRow, ProspectRow } from '../../db/plan.table';
import {
  countRiskAssessments,
  findProspectByCustomer,
  latestRiskAssessment,
  listCustomerQuotes,
} from '../../db/prospect.repository';
import { findDisplayNames, listUsers } from '../../db/user.repository';
import { sightOf } from '../acting';
import { stateLabel, type Label } from '../../domain/labels';
import { AppError } from '../../lib/errors';
import { actionsOf } from '../../machines/permission';
import { PROSPECT_STEPS, prospectSnapshot } from '../../machines/prospect.machine';
import type { Role } from '../../machines/roles';
import type { CurrentUser } from '../auth';
import { historyNamed, historyUserIds } from '../history';

/** Who reads prospects: salespeople their own, sales managers their team's, the marketing manager, the GM, auditors all. */
export const PROSPECT_READERS: readonly Role[] = ['sales', 'sales_manager', 'marketing_manager', 'gm', 'auditor'];
/** Who creates prospects and takes their steps: the salesperson who owns the customer. */
export const PROSPECT_WRITERS: readonly Role[] = ['sales'];

/**
 * The pipeline's own actions for `user` (GET /prospects `actions`): taking a prospective customer in as a
 * lead (POST /prospects) for the roles the route lets write (PROSPECT_WRITERS), none for the others —
 * the same list `requireRole` checks, so the desk's create button and the route cannot disagree.
 */
export function prospectListActions(user: CurrentUser): RecordAction[] {
  if (!PROSPECT_WRITERS.includes(user.role)) return [];
  return [
    {
      step: 'create',
      method: 'POST',
      path: '/prospects',
      labelZh: '新增開發客戶',
      labelEn: 'Add a prospect',
      commentRequired: false,
      allowed: true,
    },
  ];
}

/** The owners whose prospects `user` sees; undefined: all; [] none. */
export async function prospectScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<readonly string[] | undefined> {
  // The one rule of "my team" (api/acting.ts `sightOf`), in the user's own role.
  return PROSPECT_READERS.includes(user.role) ? sightOf({ db }, { id: user.id, role: user.role }) : [];
}

/**
 * The salespeople the pipeline's salesperson filter offers `user` (GET /prospects `salespeople`), by id:
 * a sales manager the salespeople of their team, the marketing manager, the GM and auditors every
 * salesperson (active or not, as their prospects stay in sight); a salesperson none (they see their own only).
 */
export async function prospectSalespeople(
  db: Kysely<Database>,
  user: CurrentUser,
): Promise<{ id: string; name: string }[]> {
  if (user.role === 'sales') return [];
  const scope = await prospectScopeOf(db, user);
  const sales = await listUsers(db, { role: 'sales' });
  return sales.filter((u) => !scope || scope.includes(u.id)).map((u) => ({ id: u.id, name: u.display_name }));
}

/**
 * The customer's prospect as its card shows it (CustomerProspect): stage, the risk assessment in force in
 * short and the audited stage history; null when the customer never was in the pipeline or `user` may not
 * read that prospect (then the card offers no link that would answer 404 — commerce, for one, sees the
 * assessment in the review context).
 */
export async function customerProspect(db: Kysely<Database>, user: CurrentUser, customerNo: string) {
  if (!PROSPECT_READERS.includes(user.role)) return null;
  const p = await findProspectByCustomer(db, customerNo);
  const scope = await prospectScopeOf(db, user);
  if (!p || (scope && !scope.includes(p.owner_id))) return null;
  const [a, audit] = await Promise.all([
    latestRiskAssessment(db, customerNo),
    listAuditForRecord(db, 'prospect', String(p.id)),
  ]);
  const names = await findDisplayNames(db, [p.owner_id, ...historyUserIds(audit)]);
  return {
    id: p.id,
    stage: p.stage,
    stageLabel: stateLabel('prospect', p.stage)!,
    stageSince: p.stage_since.toISOString(),
    ownerName: names.get(p.owner_id) ?? null,
    lostReason: p.lost_reason,
    riskAssessment: a
      ? {
          riskLevel: a.rating,
          riskLevelLabel: RISK_LEVEL_LABELS[a.rating],
          reasons: a.reasons,
          assessedAt: a.assessed_at.toISOString(),
        }
      : null,
    history: historyNamed(audit, names),
  };
}

/** The prospect when in sight, else 404 (the same answer as for an id that does not exist). */
export function visibleProspect(
  scope: readonly string[] | undefined,
  _id: number,
  row: ProspectRow | undefined,
): ProspectRow {
  if (!row || (scope && !scope.includes(row.owner_id)))
    throw new AppError('not_found', '查無此潛在客戶開發 No such prospect');
  return row;
}

export const RISK_LEVEL_LABELS: Record<'low' | 'medium' | 'high', Label> = {
  low: { zh: '低風險', en: 'Low risk' },
  medium: { zh: '中風險', en: 'Medium risk' },
  high: { zh: '高風險', en: 'High risk' },
};

/** A risk assessment as answers show it (also in the quote review context). */
export function riskAssessmentView(a: ProspectRiskAssessmentRow, names: ReadonlyMap<string, string>) {
  return {
    id: a.id,
    businessScope: a.business,
    yearsTrading: a.years_trading,
    annualContainers: a.annual_containers,
    financialStanding: a.finances,
    paymentHistory: a.payment_history,
    riskLevel: a.rating,
    riskLevelLabel: RISK_LEVEL_LABELS[a.rating],
    reasons: a.reasons,
    assessedBy: a.assessed_by,
    assessedByName: names.get(a.assessed_by) ?? null,
    assessedAt: a.assessed_at.toISOString(),
  };
}

/** The list row of a prospect. */
export function toProspectSummary(
  p: ProspectRow & { customer_name: string; rating: 'low' | 'medium' | 'high' | null },
  names: ReadonlyMap<string, string>,
) {
  return {
    id: p.id,
    customerNo: p.customer_no,
    customerName: p.customer_name,
    ownerId: p.owner_id,
    ownerName: names.get(p.owner_id) ?? null,
    stage: p.stage,
    stageLabel: stateLabel('prospect', p.stage)!,
    stageSince: p.stage_since.toISOString(),
    source: p.source,
    lostReason: p.lost_reason,
    riskLevel: p.rating,
    createdAt: p.created_at.toISOString(),
  };
}

/** The whole prospect as `user` sees it: its risk assessment in force, the customer's quotes, actions, history. */
export async function prospectView(
  db: Kysely<Database>,
  user: CurrentUser,
  p: ProspectRow & { customer_name: string; customer_status: string },
) {
  const [assessment, assessments, quotes, audit] = await Promise.all([
    latestRiskAssessment(db, p.customer_no),
    countRiskAssessments(db, p.customer_no),
    listCustomerQuotes(db, p.customer_no),
    listAuditForRecord(db, 'prospect', String(p.id)),
  ]);
  const names = await findDisplayNames(db, [
    p.owner_id,
    ...(assessment ? [assessment.assessed_by] : []),
    ...historyUserIds(audit),
  ]);
  const snapshot = prospectSnapshot(p.stage, p.owner_id, Boolean(assessment));
  const actor = { id: user.id, role: user.role };
  return {
    ...toProspectSummary({ ...p, rating: assessment?.rating ?? null }, names),
    note: p.note,
    customerStatus: p.customer_status,
    riskAssessment: assessment ? riskAssessmentView(assessment, names) : null,
    assessments,
    quotes: quotes.map((q) => ({
      quoteNo: q.quote_no,
      status: q.status,
      statusLabel: stateLabel('quote', q.status)!,
      revision: q.revision,
      createdAt: q.created_at.toISOString(),
      contractNo: q.contract_no,
      signedOn: q.signed_on,
    })),
    actions: actionsOf(snapshot, PROSPECT_STEPS, {
      basePath: `/prospects/${p.id}`,
      actorFor: (roles) => (roles.includes(user.role) ? actor : undefined),
      status: p.stage,
    }),
    history: historyNamed(audit, names),
  };
}
