/**
 * Customer files are confidential (§2.2.7): a salesperson sees own customers, a sales manager the
 * team's, back office and auditors all. A customer out of sight is answered as not found.
 */
import type { Kysely } from 'kysely';
import type { CustomerRow } from '../../db/customer.table';
import type { Database } from '../../db/database';
import { findTeamIds } from '../../db/user.repository';
import { AppError } from '../../lib/errors';
import { activeDelegationsTo } from '../../db/work-item.repository';
import { businessToday } from '../../lib/dates';
import { BACK_OFFICE_ROLES, type Role } from '../../machines/roles';
import type { CurrentUser } from '../auth';

/** Owners whose customers the user may see; undefined means every customer. */
export type CustomerScope = readonly string[] | undefined;

export async function customerScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<CustomerScope> {
  if (user.role === 'auditor' || BACK_OFFICE_ROLES.includes(user.role)) return undefined;
  if (user.role === 'sales_manager') return findTeamIds(db, user.id);
  if (user.role === 'sales') return [user.id];
  return [];
}

/**
 * What `user` sees while acting in their own role or in a role delegated to them today: the union of their own scope
 * and each delegator's (a delegate acts for the delegator, so sees the delegator's customers); undefined: every one.
 */
export async function actingScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<CustomerScope> {
  const delegations = await activeDelegationsTo(db, user.id, businessToday());
  const scopes = await Promise.all([
    customerScopeOf(db, user),
    ...delegations.map((d) => customerScopeOf(db, { ...user, id: d.from_user, role: d.role as Role })),
  ]);
  if (scopes.some((x) => x === undefined)) return undefined;
  return [...new Set(scopes.flatMap((x) => x ?? []))];
}

export const isInScope = (scope: CustomerScope, ownerId: string): boolean =>
  scope === undefined || scope.includes(ownerId);

/** The row when the scope covers it; otherwise 404, the same answer as for a number that does not exist. */
export function visibleOrNotFound(scope: CustomerScope, customerNo: string, row: CustomerRow | undefined): CustomerRow {
  if (!row || !isInScope(scope, row.owner_id)) throw new AppError('not_found', `No customer ${customerNo}`);
  return row;
}
