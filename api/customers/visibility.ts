/**
 * Customer files are confidential (§2.2.7): a salesperson sees own customers, a sales manager the
 * team's, back office and auditors all. A customer out of sight is answered as not found.
 */
import type { Kysely } from 'kysely';
import type { CustomerRow } from '../../db/customer.table';
import type { Database } from '../../db/database';
import { findTeamIds } from '../../db/user.repository';
import { AppError } from '../../lib/errors';
import { BACK_OFFICE_ROLES } from '../../machines/roles';
import type { CurrentUser } from '../auth';

/** Owners whose customers the user may see; undefined means every customer. */
export type CustomerScope = readonly string[] | undefined;

export async function customerScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<CustomerScope> {
  if (user.role === 'auditor' || BACK_OFFICE_ROLES.includes(user.role)) return undefined;
  if (user.role === 'sales_manager') return findTeamIds(db, user.id);
  if (user.role === 'sales') return [user.id];
  return [];
}

export const isInScope = (scope: CustomerScope, ownerId: string): boolean =>
  scope === undefined || scope.includes(ownerId);

/** The row when the scope covers it; otherwise 404, the same answer as for a number that does not exist. */
export function visibleOrNotFound(scope: CustomerScope, customerNo: string, row: CustomerRow | undefined): CustomerRow {
  if (!row || !isInScope(scope, row.owner_id)) throw new AppError('not_found', `No customer ${customerNo}`);
  return row;
}
