import { listAuditForRecord } from '../../db/audit.repository';
import { findDisplayNames } from '../../db/user.repository';
import { formatUnitPrice } from '../../lib/money';
import { findTariffChange, findTariffLines, fromLineRow } from '../../db/tariff.repository';
import type { TariffChangeRow } from '../../db/tariff.table';
import { stateLabel } from '../../domain/labels';
import { AppError } from '../../lib/errors';
import { diffTariffLines } from '../../lib/tariff-diff';
import type { Role } from '../../machines/roles';
import {
  TARIFF_CHANGE_STEPS,
  tariffChangeMachine,
  tariffChangeStatusFacts,
} from '../../machines/tariff-change.machine';
import { tariffChangeWorkflowId } from '../../workflows/ids';
import { tariffChangeStatusQuery } from '../../workflows/tariff.definitions';
import { mayActIn } from '../acting';
import { costSide, mayReadBudget } from '../quotes/budget-access';
import { actionsFor } from '../actions';
import { QUERY_TIMEOUT_MS } from '../temporal-call';
import type { CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { historyNamed, historyUserIds } from '../history';

/** Roles that see every tariff change; proposers see their own. */
export const TARIFF_CHANGE_READERS: readonly Role[] = ['commerce', 'marketing_manager', 'gm', 'auditor', 'admin'];

/** True when `user` reads every tariff change: own role or a delegation of one of `TARIFF_CHANGE_READERS`. */
export const readsEveryChange = (deps: ApiDeps, user: CurrentUser): Promise<boolean> =>
  mayActIn(deps, user, TARIFF_CHANGE_READERS);

const mayReadChange = async (deps: ApiDeps, user: CurrentUser, row: Pick<TariffChangeRow, 'proposed_by'>) =>
  row.proposed_by === user.id || (await readsEveryChange(deps, user));

/** A change as the list shows it; `proposedByName` the proposer's display name (null when unknown). */
export const toChangeSummary = (r: TariffChangeRow, proposedByName: string | null) => ({
  changeId: r.id,
  baseVersionNo: r.base_version_no,
  status: r.status,
  statusLabel: stateLabel('tariff_change', r.status)!,
  reason: r.reason,
  effectiveFrom: r.effective_from,
  proposedBy: r.proposed_by,
  proposedByName,
  marketingApprovedBy: r.marketing_approved_by,
  decidedBy: r.decided_by,
  resultVersionNo: r.result_version_no,
  pendingRole: tariffChangeStatusFacts(r.status).role,
  createdAt: r.created_at.toISOString(),
});

export async function loadChange(deps: ApiDeps, user: CurrentUser, id: number): Promise<TariffChangeRow> {
  const row = await findTariffChange(deps.db, id);
  if (!row || !(await mayReadChange(deps, user, row)))
    throw new AppError('not_found', `找不到原始報價修改 ${id} Tariff change ${id} not found`);
  return row;
}

export async function changeDetail(deps: ApiDeps, user: CurrentUser, id: number) {
  const row = await loadChange(deps, user, id);
  const [baseLines, history, readsBudget] = await Promise.all([
    findTariffLines(deps.db, row.base_version_no),
    listAuditForRecord(deps.db, 'tariff_change', String(id)),
    mayReadBudget(deps, user),
  ]);
  const names = await findDisplayNames(deps.db, [row.proposed_by, ...historyUserIds(history)]);
  const snapshot = await liveSnapshot(deps, row);
  const actions = await actionsFor(deps, user, snapshot, {
    steps: TARIFF_CHANGE_STEPS,
    basePath: `/tariff-changes/${id}`,
    status: row.status,
    pendingRole: tariffChangeStatusFacts(row.status).role,
  });
  // Lines as proposed, prices shown with their currency's digits (rates: 4 decimals), as tariffs show them.
  // Without the budget (api/quotes/budget-access.ts) the cost is blanked before the diff: a change of the budgeted
  // cost alone then counts as unchanged, and no line shows it.
  const blank = <L extends { budgetCost: string }>(l: L): L => (readsBudget ? l : { ...l, budgetCost: '' });
  const shown = <L extends { budgetCost: string }>(l: L) => ({ ...l, budgetCost: costSide(readsBudget, l.budgetCost) });
  const proposed = row.lines.map((l) =>
    blank({
      ...l,
      price: formatUnitPrice(l.price, l.unit, l.currency),
      budgetCost: formatUnitPrice(l.budgetCost, l.unit, l.currency),
    }),
  );
  const diff = diffTariffLines(
    baseLines.map(fromLineRow).map(({ lineNo: _n, ...l }) => blank(l)),
    proposed,
  );
  return {
    ...toChangeSummary(row, names.get(row.proposed_by) ?? null),
    actions,
    lines: proposed.map(shown),
    diff: {
      added: diff.added.map(shown),
      removed: diff.removed.map(shown),
      changed: diff.changed.map((c) => ({ ...c, before: shown(c.before), after: shown(c.after) })),
      unchanged: diff.unchanged,
    },
    history: historyNamed(history, names),
  };
}

/** The running workflow's machine state (null when the change is decided or the workflow cannot be reached). */
async function liveSnapshot(deps: ApiDeps, row: TariffChangeRow) {
  if (tariffChangeStatusFacts(row.status).role === null) return null;
  try {
    const handle = deps.temporal.workflow.getHandle(
      tariffChangeWorkflowId(deps.temporalConfig.workflowIdPrefix, row.id),
    );
    const view = await deps.temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
      handle.query(tariffChangeStatusQuery),
    );
    return tariffChangeMachine.resolveState({ value: view.machine.value as never, context: view.machine.context });
  } catch {
    return null;
  }
}
