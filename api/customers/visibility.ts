/**
 * Customer files are confidential (§2.2.7): a salesperson sees own customers, a sales manager the
 * team's, back office and auditors all. A customer out of sight is answered as not found.
 */
import type { Kysely } from 'kysely';
import { findCustomerByNo } from '../../db/customer.repository';
import type { CustomerRow } from '../../db/customer.table';
import type { Database } from '../../db/database';
import { AppError } from '../../lib/errors';
import { ROLES } from '../../machines/roles';
import { sightIn, sightOf } from '../acting';
import type { CurrentUser } from '../auth';
import { RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';

/** Owners whose customers the user may see; undefined means every customer. */
export type CustomerScope = readonly string[] | undefined;

/**
 * Owners whose customers `user` sees in their own role: `sightOf` (api/acting.ts, the one rule of "my team") of
 * the user acting as themself — a salesperson their own, a sales manager their team's, everyone else every one.
 */
export async function customerScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<CustomerScope> {
  return sightOf({ db }, { id: user.id, role: user.role });
}

/**
 * What `user` sees while acting in their own role or in a role delegated to them today (reads only: a write
 * checks the sight of the one actor it acts as, `resolveActorFor` / `sightOf`): `sightIn` over every role — the
 * union of their own sight and each delegator's; undefined: every one.
 */
export async function actingScopeOf(db: Kysely<Database>, user: CurrentUser): Promise<CustomerScope> {
  return sightIn({ db }, user, ROLES);
}

/** 404 for a customer number out of sight or unknown — one answer for both. */
export const noCustomer = (customerNo: string): AppError =>
  new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.customer, customerNo));

/**
 * The owner (salesperson) of customer `customerNo`, for `actorOnRecord` (api/acting.ts): 404 when there is none.
 */
export async function customerOwner(db: Kysely<Database>, customerNo: string): Promise<string> {
  const row = await findCustomerByNo(db, customerNo);
  if (!row) throw noCustomer(customerNo);
  return row.owner_id;
}

export const isInScope = (scope: CustomerScope, ownerId: string): boolean =>
  scope === undefined || scope.includes(ownerId);

/** The row when the scope covers it; otherwise 404, the same answer as for a number that does not exist. */
export function visibleOrNotFound(scope: CustomerScope, customerNo: string, row: CustomerRow | undefined): CustomerRow {
  if (!row || !isInScope(scope, row.owner_id)) throw noCustomer(customerNo);
  return row;
}
