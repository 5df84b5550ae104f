/**
 * Who reads the cost side 「成本面」 — a quote's cost budget 「成本預算」 and margins, its lines' budgeted cost and
 * below-cost flags, the cost accounting 「成本核算」 against the budget, and a tariff's budgeted cost per line: the
 * company's commercial secrets (guideline §3.3.7–§3.3.9), on a need-to-know basis. Readers: the quote's salesperson
 * and their sales manager (within their sight, as every quote read), the marketing manager (contract review),
 * commerce (drafts tariffs, enters the internal quote), the GM (approves tariffs and the budget), settlement (cost
 * accounting against it), finance and the auditor — the roles that read receivables (api/receivables/access.ts).
 * Operations, ocean, customs, dispatch, warehouse and admin work the job (or the system), not its budget.
 *
 * One rule for quotes and tariffs alike: a quote line's budgeted cost is copied from its tariff line, so whoever could
 * read the tariff's would read the quote's; every role that drafts, approves or reviews a tariff (commerce, GM,
 * marketing manager) is already a reader, and the salesperson needs the tariff's budgeted cost to price within it.
 * Admin reads draft tariffs and tariff changes (TARIFF_DRAFT_READERS, TARIFF_CHANGE_READERS) but not their cost.
 *
 * Hidden, not refused: the record is answered with each cost-side field null (`costSide`) — GET /quotes,
 * /quotes/{no}, /quotes/{no}/review-context, /tariffs/{no}, /tariffs/in-force, /tariff-changes/{id} — and the
 * cost-budget sheet and the tariff's budgeted-cost column are left out (cost-budget.pdf 403, lines.xlsx without it).
 * Own role or an active delegation (`mayActIn`).
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../machines/roles';
import { mayActIn, requireActing } from '../acting';
import type { CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';

/** Roles that read cost budgets, margins and actual-vs-budget sheets. */
export const BUDGET_READERS: readonly Role[] = [
  'sales',
  'sales_manager',
  'marketing_manager',
  'commerce',
  'gm',
  'settlement',
  'finance',
  'auditor',
];

/** True when `user` may read cost budgets and margins today (own role or delegated). */
export const mayReadBudget = (deps: Pick<ApiDeps, 'db'>, user: CurrentUser): Promise<boolean> =>
  mayActIn(deps, user, BUDGET_READERS);

/** The caller when they may read cost budgets; else 403 naming the roles that may. */
export const requireBudgetReader = (deps: Pick<ApiDeps, 'db'>, req: FastifyRequest): Promise<CurrentUser> =>
  requireActing(deps, req, BUDGET_READERS, 'read cost budgets');

/** `value` for a budget reader (`reads`, from `mayReadBudget`), else null: how every cost-side field is hidden. */
export const costSide = <T>(reads: boolean, value: T): T | null => (reads ? value : null);

/**
 * A quote's audit rows as a reader of its history may see them: for a budget reader (`reads`) as they are; for the
 * others each row's `changes` without `belowCost` (the priced steps record whether a line sold below its budgeted cost
 * — the cost side, as the lines' flag is). The audit log itself (auditor, admin) is untouched.
 */
export function historyCostSide<R extends { changes: unknown }>(reads: boolean, rows: readonly R[]): readonly R[] {
  if (reads) return rows;
  return rows.map((r) => {
    if (!r.changes || typeof r.changes !== 'object' || !('belowCost' in r.changes)) return r;
    const { belowCost: _hidden, ...changes } = r.changes as Record<string, unknown>;
    return { ...r, changes };
  });
}

/** The OpenAPI note on each hidden field. */
export const COST_SIDE_NOTE = 'null for a role that does not read cost budgets (api/quotes/budget-access.ts)';
