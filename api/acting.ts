/**
 * Who acts, in which role, for whom. A user acts in their own role, or — during a delegation from a
 * manager or the GM — in the delegator's role on the delegator's behalf ("acted on behalf of").
 */
import { activeDelegationsTo } from '../db/work-item.repository';
import { businessToday } from '../lib/dates';
import { AppError } from '../lib/errors';
import { pickActor } from '../machines/permission';
import type { Actor, Role } from '../machines/roles';
import type { CurrentUser } from './auth';
import type { ApiDeps } from './deps';

/** The actor `user` acts as for a step open to `allowed` roles (own role, else a delegated one, `preferred` first); 403 when none. */
export async function resolveActor(
  deps: ApiDeps,
  user: CurrentUser,
  allowed: readonly Role[],
  preferred?: Role | null,
): Promise<Actor> {
  const delegations = allowed.includes(user.role) ? [] : await activeDelegationsTo(deps.db, user.id, businessToday());
  const actor = pickActor(user, delegations, allowed, preferred);
  if (!actor) throw forbiddenFor(user, allowed);
  return actor;
}

/** Roles the user may act in today: their own and any delegated to them. */
export async function actingRoles(deps: ApiDeps, user: CurrentUser): Promise<Role[]> {
  const delegated = (await activeDelegationsTo(deps.db, user.id, businessToday())).map((d) => d.role as Role);
  return [...new Set([user.role, ...delegated])];
}

/**
 * Every actor `user` may act as today among `allowed` roles: their own role (when allowed) first, then one actor per
 * active delegation of an allowed role, on behalf of its delegator (so a rule that depends on whose team it is can
 * be checked against each delegator in turn). Empty when none.
 */
export async function actorsFor(deps: ApiDeps, user: CurrentUser, allowed: readonly Role[]): Promise<Actor[]> {
  const own: Actor[] = allowed.includes(user.role) ? [{ id: user.id, role: user.role }] : [];
  if (user.role === 'auditor') return own;
  const delegated = (await activeDelegationsTo(deps.db, user.id, businessToday()))
    .filter((d) => allowed.includes(d.role as Role))
    .map((d): Actor => ({ id: user.id, role: d.role as Role, onBehalfOf: d.from_user }));
  return [...own, ...delegated];
}

/** 403 as `resolveActor` answers it: `user` may act in none of `allowed` (own role or delegated). */
export function forbiddenFor(user: CurrentUser, allowed: readonly Role[]): AppError {
  return new AppError('forbidden', `Role '${user.role}' may not do this (allowed: ${allowed.join(', ')})`, {
    allowedRoles: allowed,
    reason: user.role === 'auditor' ? 'read_only' : 'role_not_allowed',
  });
}
