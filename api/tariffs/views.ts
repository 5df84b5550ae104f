/** Builds the API's tariff shapes from the read model and, while the process runs, the workflow's live step. */
import { listAuditForRecord } from '../../db/audit.repository';
import { effectiveToOf, findTariffLines, findTariffVersion, fromLineRow } from '../../db/tariff.repository';
import type { TariffVersionRow } from '../../db/tariff.table';
import { stateLabel } from '../../domain/labels';
import { AppError } from '../../lib/errors';
import { SERVICE_TYPE_LABELS } from '../../machines/catalog';
import type { Role } from '../../machines/roles';
import { TARIFF_STEPS, tariffMachine, tariffStatusFacts } from '../../machines/tariff.machine';
import type { TariffView } from '../../domain/tariff';
import { mayActIn } from '../acting';
import { costSide, mayReadBudget } from '../quotes/budget-access';
import { actionsFor } from '../actions';
import { tariffWorkflowId } from '../../workflows/ids';
import { tariffStatusQuery } from '../../workflows/tariff.definitions';
import type { CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { historyNamed, historyUserIds, onBehalfOfLast } from '../history';
import { findDisplayNames } from '../../db/user.repository';
import { QUERY_TIMEOUT_MS } from '../temporal-call';

/** Roles that see versions before they are locked; everyone else sees locked versions only. */
const TARIFF_DRAFT_READERS: readonly Role[] = ['commerce', 'gm', 'marketing_manager', 'auditor', 'admin'];

/** True when `user` reads versions before they are locked: own role or a delegation of a `TARIFF_DRAFT_READERS` role. */
export const readsTariffDrafts = (deps: ApiDeps, user: CurrentUser): Promise<boolean> =>
  mayActIn(deps, user, TARIFF_DRAFT_READERS);

/** True when a version is readable by one who reads drafts (`readsDrafts`, from `readsTariffDrafts`) or not. */
export const mayReadTariff = (readsDrafts: boolean, row: Pick<TariffVersionRow, 'status'>) =>
  row.status === 'locked' || readsDrafts;

export const toTariffSummary = (r: TariffVersionRow & { effective_to?: string | null }) => ({
  versionNo: r.version_no,
  title: r.title,
  status: r.status,
  statusLabel: stateLabel('tariff', r.status)!,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to ?? null,
  draftedBy: r.drafted_by,
  submittedBy: r.submitted_by,
  approvedBy: r.approved_by,
  lockedAt: r.locked_at ? r.locked_at.toISOString() : null,
  sourceChangeId: r.source_change_id,
  basedOnVersionNo: r.based_on_version_no,
});

/** The version, or 404 when it does not exist or the caller may not see it. */
export async function loadTariffVersion(
  deps: ApiDeps,
  user: CurrentUser,
  versionNo: number,
): Promise<TariffVersionRow> {
  const row = await findTariffVersion(deps.db, versionNo);
  if (!row || (row.status !== 'locked' && !(await readsTariffDrafts(deps, user))))
    throw new AppError('not_found', `找不到原始報價第 ${versionNo} 版 Tariff version ${versionNo} not found`);
  return row;
}

export async function tariffDetail(deps: ApiDeps, user: CurrentUser, versionNo: number) {
  const row = await loadTariffVersion(deps, user, versionNo);
  const [lines, history, effectiveTo, readsBudget] = await Promise.all([
    findTariffLines(deps.db, versionNo),
    listAuditForRecord(deps.db, 'tariff', String(versionNo)),
    row.status === 'locked' ? effectiveToOf(deps.db, versionNo) : Promise.resolve(null),
    mayReadBudget(deps, user),
  ]);
  const names = await findDisplayNames(deps.db, [
    row.drafted_by,
    ...(row.approved_by ? [row.approved_by] : []),
    ...historyUserIds(history),
  ]);
  // Approved by the GM's delegate: the GM it was approved for (the history's on_behalf_of).
  const approvedFor = onBehalfOfLast(history, ['tariff.approved'], row.approved_by);
  const live = await liveStep(deps, row);
  const snapshot = live.view
    ? tariffMachine.resolveState({ value: live.view.machine.value as never, context: live.view.machine.context })
    : null;
  const actions = await actionsFor(deps, user, snapshot, {
    steps: TARIFF_STEPS,
    basePath: `/tariffs/${versionNo}`,
    status: live.view?.status ?? row.status,
    pendingRole: live.pendingRole as Role | null,
    // Editing lines is judged with the line count it would set; an empty set is refused by the body schema.
    eventFor: (spec, actor) =>
      spec.event === 'lines.replaced'
        ? ({ type: spec.event, actor, lineCount: 1 } as never)
        : { type: spec.event, actor },
  });
  return {
    ...toTariffSummary({ ...row, effective_to: effectiveTo }),
    draftedByName: names.get(row.drafted_by) ?? null,
    approvedByName: row.approved_by ? (names.get(row.approved_by) ?? null) : null,
    approvedOnBehalfOf: approvedFor,
    approvedOnBehalfOfName: approvedFor ? (names.get(approvedFor) ?? null) : null,
    pendingRole: live.pendingRole,
    stepSource: live.stepSource,
    actions,
    lines: lines.map((l) => {
      const line = fromLineRow(l);
      return {
        ...line,
        budgetCost: costSide(readsBudget, line.budgetCost),
        validFrom: line.validFrom ?? null,
        validTo: line.validTo ?? null,
        serviceTypeLabel: SERVICE_TYPE_LABELS[line.serviceType],
      };
    }),
    history: historyNamed(history, names),
  };
}

/**
 * Whose turn it is: asked of the running workflow (Query); a finished version, or a workflow that
 * cannot be reached right now, answers from the read model.
 */
async function liveStep(
  deps: ApiDeps,
  row: TariffVersionRow,
): Promise<{ pendingRole: string | null; stepSource: 'workflow' | 'record'; view?: TariffView }> {
  if (row.status === 'locked' || row.status === 'discarded') return { pendingRole: null, stepSource: 'record' };
  try {
    const handle = deps.temporal.workflow.getHandle(
      tariffWorkflowId(deps.temporalConfig.workflowIdPrefix, row.version_no),
    );
    const view = await deps.temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(tariffStatusQuery));
    return { pendingRole: view.pendingRole, stepSource: 'workflow', view };
  } catch {
    return { pendingRole: tariffStatusFacts(row.status).role, stepSource: 'record' };
  }
}
