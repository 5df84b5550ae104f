/**
 * Who sees and writes visits and diaries: a salesperson their own (their customers' visits, their own
 * diary), a sales manager reads the team's (and comments on diaries), auditors read all. A record out
 * of sight answers 404, as for one that does not exist.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { findTeamIds } from '../../db/user.repository';
import type { Role } from '../../machines/roles';
import type { CurrentUser } from '../auth';

export const VISIT_READERS: readonly Role[] = ['sales', 'sales_manager', 'auditor'];
export const VISIT_WRITERS: readonly Role[] = ['sales'];

/** The salespeople whose visits and diaries `user` reads; undefined: all (auditors). */
export async function ownersInSight(db: Kysely<Database>, user: CurrentUser): Promise<readonly string[] | undefined> {
  if (user.role === 'auditor') return undefined;
  if (user.role === 'sales_manager') return findTeamIds(db, user.id);
  if (user.role === 'sales') return [user.id];
  return [];
}

/** The owners in sight, narrowed to `ownerId` when given (one out of sight: none). */
export async function ownersFor(
  db: Kysely<Database>,
  user: CurrentUser,
  ownerId: string | undefined,
): Promise<readonly string[] | undefined> {
  const all = await ownersInSight(db, user);
  if (ownerId === undefined) return all;
  return all === undefined || all.includes(ownerId) ? [ownerId] : [];
}

export const inSight = (owners: readonly string[] | undefined, ownerId: string): boolean =>
  owners === undefined || owners.includes(ownerId);
