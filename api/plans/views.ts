/** How a plan is shown: its facts, actuals next to targets, what the caller may do, its history. */
import type { Kysely } from 'kysely';
import { listAuditForRecord } from '../../db/audit.repository';
import type { Database } from '../../db/database';
import { salesFigures } from '../../db/plan.repository';
import { listCollectionTargets } from '../../db/reconciliation.repository';
import type { PlanRow } from '../../db/plan.table';
import { findDisplayNames, findUsersByIds } from '../../db/user.repository';
import { stateLabel } from '../../domain/labels';
import { deadlineApplies } from '../../domain/rhythm';
import { actualsOf, compareToTargets, PLAN_KIND_LABELS, type PlanKind, type PlanMeasure } from '../../domain/plan';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { actionsOf } from '../../machines/permission';
import { PLAN_STEPS, planSnapshot } from '../../machines/plan.machine';
import type { Role } from '../../machines/roles';
import { actorsSeeing, pickUnbarred, sightIn } from '../acting';
import type { CurrentUser } from '../auth';
import { historyNamed, historyUserIds, onBehalfOfLast } from '../history';

/** Who reads plans: their authors, sales managers (their team), the marketing manager, the GM, auditors. */
export const PLAN_READERS: readonly Role[] = ['sales', 'sales_manager', 'marketing_manager', 'gm', 'auditor'];

/** Every role that takes a step of a plan: its author, their sales manager (own role or delegated). */
export const PLAN_ACTORS: readonly Role[] = ['sales', 'sales_manager'];

/** Authors whose plans the user sees; undefined: all. */
export async function planScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<readonly string[] | undefined> {
  // Own role and each delegated one (a sales manager's delegate reads the delegator's team): api/acting.ts.
  return sightIn({ db }, user, PLAN_READERS);
}

/** 404 for a plan that does not exist or is out of sight (its internal number is not repeated). */
export const noPlan = () => new AppError('not_found', '查無此計劃或總結 No such plan or summary');

/** The plan when the caller may see it, else 404 (the same answer as for an id that does not exist). */
export function visiblePlan(scope: readonly string[] | undefined, _id: number, row: PlanRow | undefined): PlanRow {
  if (!row || (scope && !scope.includes(row.owner_id))) throw noPlan();
  return row;
}

/** How people know a plan: its kind and period, 「月計劃與總結 2026-11」 / 'Monthly plan and summary 2026-11'. */
export const planText = (p: { kind: PlanKind; period: string }) => ({
  zh: `${PLAN_KIND_LABELS[p.kind].zh} ${p.period}`,
  en: `${PLAN_KIND_LABELS[p.kind].en} ${p.period}`,
});

/** 422 text: a report's period (a week, month or year) that has not begun yet. */
export const notBegun = (kind: PlanKind, period: string) =>
  `${PERIOD_WORDS[kind].zh} ${period} 尚未開始 The ${PERIOD_WORDS[kind].en} ${period} has not begun`;

const PERIOD_WORDS: Record<PlanKind, { zh: string; en: string }> = {
  weekly: { zh: '週', en: 'week' },
  monthly: { zh: '月份', en: 'month' },
  annual: { zh: '年度', en: 'year' },
};

export const MEASURE_LABELS: Record<PlanMeasure, { zh: string; en: string }> = {
  containers: { zh: '柜量（已送達）', en: 'Containers delivered' },
  // One basis for both (db/plan.repository.ts salesFigures): what was invoiced in the period.
  revenue: { zh: '營業額（已開票）', en: 'Revenue invoiced' },
  margin: { zh: '毛利（已開票，按成本預算）', en: 'Margin on invoiced (cost budget)' },
  newCustomers: { zh: '新客戶', en: 'New customers' },
  collectionRate: { zh: '回款率 %', en: 'Collection rate %' },
};

/** Open past its due time, for a period the author was asked for (joined by its first day, domain/rhythm.ts). */
const isOverdue = (p: PlanRow, joinedOn: string | undefined, now: Date) =>
  (p.status === 'draft' || p.status === 'returned') &&
  p.due_at.getTime() < now.getTime() &&
  (joinedOn === undefined || deadlineApplies({ deadline: p.kind, period: p.period }, joinedOn));

/** The business date each of `ids` joined (their account's creation), for `toPlanSummary`. */
export async function joinedDates(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await findUsersByIds(db, ids);
  return new Map(rows.map((u) => [u.id, businessToday(u.created_at)]));
}

/**
 * The list row of a plan. `joinedOn`: authors' join dates (`joinedDates`) — a report of a period that began before
 * its author joined is never overdue.
 */
export function toPlanSummary(
  p: PlanRow,
  names: ReadonlyMap<string, string>,
  joinedOn: ReadonlyMap<string, string>,
  now = new Date(),
) {
  return {
    id: p.id,
    kind: p.kind,
    kindLabel: PLAN_KIND_LABELS[p.kind],
    period: p.period,
    periodFrom: p.period_from,
    periodTo: p.period_to,
    ownerId: p.owner_id,
    ownerName: names.get(p.owner_id) ?? null,
    status: p.status,
    statusLabel: stateLabel('plan', p.status)!,
    dueOn: p.due_on,
    dueAt: p.due_at.toISOString(),
    overdue: isOverdue(p, joinedOn.get(p.owner_id), now),
    late: p.first_submitted_at !== null && p.first_submitted_at.getTime() > p.due_at.getTime(),
    submittedAt: p.submitted_at?.toISOString() ?? null,
    updatedAt: p.updated_at.toISOString(),
  };
}

/** The whole plan as the caller sees it, with the period's actuals computed now (up to its end, or today). */
export async function planView(db: Kysely<Database>, user: CurrentUser, p: PlanRow) {
  const today = businessToday();
  const asOf = p.period_to < today ? p.period_to : today;
  const actuals = actualsOf(await salesFigures(db, { from: p.period_from, to: asOf, ownerIds: [p.owner_id] }));
  const audit = await listAuditForRecord(db, 'plan', String(p.id));
  const names = await findDisplayNames(db, [
    p.owner_id,
    ...(p.decided_by ? [p.decided_by] : []),
    ...historyUserIds(audit),
  ]);
  // The manager's decision by a delegate names the manager it was taken for (the history's on_behalf_of).
  const decidedFor = onBehalfOfLast(audit, ['plan.accepted', 'plan.returned'], p.decided_by);
  const snapshot = planSnapshot(p.status, p.owner_id);
  const actor = { id: user.id, role: user.role };
  // Own role first, then each delegation whose sight holds the author (a delegate acts on the delegator's behalf).
  const actors = await actorsSeeing({ db }, user, PLAN_ACTORS, p.owner_id);
  // A monthly plan's collection rate is set against the manager's target of that month when there is one.
  const managerTarget =
    p.kind === 'monthly'
      ? ((await listCollectionTargets(db, p.period_from.slice(0, 7), [p.owner_id]))[0]?.target_pct ?? null)
      : null;
  return {
    ...toPlanSummary(p, names, await joinedDates(db, [p.owner_id])),
    targets: p.targets,
    nextTargets: p.next_targets,
    nextQuarters: p.next_quarters,
    sections: p.sections,
    actualsAsOf: asOf,
    actuals,
    comparison: compareToTargets(p.targets, actuals, managerTarget).map((c) => ({
      ...c,
      measureLabel: MEASURE_LABELS[c.measure],
    })),
    decision:
      p.decided_by && p.decided_at
        ? {
            by: p.decided_by,
            byName: names.get(p.decided_by) ?? null,
            onBehalfOf: decidedFor,
            onBehalfOfName: decidedFor ? (names.get(decidedFor) ?? null) : null,
            at: p.decided_at.toISOString(),
            comment: p.decision_comment,
          }
        : null,
    version: p.version,
    editable: snapshot.can({ type: 'plan.updated', actor }),
    actions: actionsOf(snapshot, PLAN_STEPS, {
      basePath: `/plans/${p.id}`,
      actorFor: (roles) => pickUnbarred(actors, roles, [p.owner_id]),
      status: p.status,
    }),
    history: historyNamed(audit, names),
  };
}
