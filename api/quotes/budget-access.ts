/**
 * Who reads a quote's cost budget 「成本預算」 and margins — commercial secrets, on a need-to-know basis (DOMAIN §2.2.7):
 * the quote's salesperson and their sales manager (within their sight, as every quote read), the marketing manager
 * (contract review), commerce (enters the internal quote), the GM (approves the budget), settlement (cost accounting
 * against it), finance and the auditor — the roles that read receivables (api/receivables/access.ts). Operations,
 * ocean, customs, dispatch, warehouse and admin work the job, not its budget: GET /quotes/{no} answers them without
 * the internal quote and the cost accounting (null) and the cost-budget sheet is 403. Own role or an active delegation
 * (`mayActIn`).
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
