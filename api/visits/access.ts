/**
 * Who sees and writes visits and diaries: a salesperson their own (their customers' visits, their own
 * diary), a sales manager reads the team's (and comments on diaries), the GM, the marketing manager 營銷中心經理
 * (head of the marketing centre: market development and the sales team, seed §1.1, §3.2.7–§3.2.8) and
 * auditors read all — readers only, no step of a visit, plan or diary. A
 * delegate of a sales manager or of the GM reads what the delegator reads, beside their own. A record out
 * of sight answers 404, as for one that does not exist; a salesperson named (`ownerId`) out of sight, 403.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { findUserById, listUsers, personText } from '../../db/user.repository';
import { AppError } from '../../lib/errors';
import type { Actor, Role } from '../../machines/roles';
import { currentUser, type CurrentUser } from '../auth';
import { actorsFor, forbiddenFor, inSight, sightOf, unionOf, type Sight } from '../acting';

export const VISIT_READERS: readonly Role[] = ['sales', 'sales_manager', 'marketing_manager', 'gm', 'auditor'];
export const VISIT_WRITERS: readonly Role[] = ['sales'];
/** Delegated roles that lend their sight of visits and diaries to the delegate (the team's, or all). */
export const DELEGATED_READERS: readonly Role[] = ['sales_manager', 'gm'];
/** Who owns (and closes) a visit follow-up: the salesperson or their sales manager — or their delegate. */
export const FOLLOW_UP_OWNERS: readonly Role[] = ['sales', 'sales_manager'];

/** The actors `user` reads visits as: their own reading role, and each delegation of a DELEGATED_READERS role. */
async function readingActors(db: Kysely<Database>, user: CurrentUser): Promise<Actor[]> {
  return (await actorsFor({ db }, user, VISIT_READERS)).filter(
    (a) => a.onBehalfOf === undefined || DELEGATED_READERS.includes(a.role),
  );
}

/**
 * The user of the request when they may read visits and diaries — in their own role (VISIT_READERS) or in a
 * sales manager's or the GM's role delegated to them today (`readingActors`); otherwise 403 (`role_not_allowed`,
 * `read_only`).
 */
export async function requireVisitReader(db: Kysely<Database>, req: FastifyRequest): Promise<CurrentUser> {
  const user = currentUser(req);
  if ((await readingActors(db, user)).length > 0) return user;
  throw forbiddenFor(user, VISIT_READERS);
}

/**
 * The salespeople whose visits and diaries `user` reads: their own sight joined with each delegator's (api/acting.ts
 * `sightOf`: sales manager the team, GM all); undefined: all (the GM, auditors, a GM's delegate).
 */
export async function ownersInSight(db: Kysely<Database>, user: CurrentUser): Promise<Sight> {
  const actors = await readingActors(db, user);
  return actors.length ? unionOf(await Promise.all(actors.map((a) => sightOf({ db }, a)))) : [];
}

/**
 * The owners in sight, narrowed to `ownerId` when given; one named out of sight (or no user at all) is 403
 * `out_of_sight` — the filter never widens what `user` reads.
 */
export async function ownersFor(
  db: Kysely<Database>,
  user: CurrentUser,
  ownerId: string | undefined,
): Promise<readonly string[] | undefined> {
  const all = await ownersInSight(db, user);
  if (ownerId === undefined) return all;
  if (!inSight(all, ownerId) || (all === undefined && !(await findUserById(db, ownerId))))
    throw await outOfSight(db, ownerId);
  return [ownerId];
}

/** 403 for a salesperson named by `ownerId` whom the caller may not read, named by display name, never by login. */
export async function outOfSight(db: Kysely<Database>, ownerId: string): Promise<AppError> {
  const who = await personText(db, ownerId);
  return new AppError('forbidden', `${who} 不是您可查看的業務員 ${who} is not a salesperson in your sight`, {
    field: 'ownerId',
    reason: 'out_of_sight',
  });
}

export { inSight };

/**
 * The salespeople the desk's salesperson picker offers `user` (`salespeople` of the visit plans and reports):
 * the users of role `sales` in sight — a sales manager the team's, the GM, the marketing manager, auditors and a
 * GM's delegate every one (active or not, as their visits stay readable) — by id; a salesperson none (they read their own only).
 */
export async function visitSalespeople(
  db: Kysely<Database>,
  user: CurrentUser,
): Promise<{ id: string; name: string; active: boolean }[]> {
  const owners = await ownersInSight(db, user);
  if (owners !== undefined && owners.length <= 1 && user.role === 'sales') return [];
  const sales = await listUsers(db, { role: 'sales' });
  return sales.filter((u) => inSight(owners, u.id)).map((u) => ({ id: u.id, name: u.display_name, active: u.active }));
}
