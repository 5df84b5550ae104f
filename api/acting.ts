/**
 * Who acts, in which role, for whom. A user acts in their own role, or — during a delegation from a
 * manager or the GM — in the delegator's role on the delegator's behalf ("acted on behalf of").
 */
import { activeDelegationsTo } from '../db/work-item.repository';
import { businessToday } from '../lib/dates';
import { AppError } from '../lib/errors';
import type { Actor, Role } from '../machines/roles';
import type { CurrentUser } from './auth';
import type { ApiDeps } from './deps';

export async function resolveActor(deps: ApiDeps, user: CurrentUser, allowed: readonly Role[], preferred?: Role | null): Promise<Actor> {
  if (allowed.includes(user.role)) return { id: user.id, role: user.role };
  const delegations = (await activeDelegationsTo(deps.db, user.id, businessToday())).filter((d) => allowed.includes(d.role as Role));
  const chosen = delegations.find((d) => d.role === preferred) ?? delegations[0];
  if (!chosen) throw new AppError('forbidden', `Role '${user.role}' may not do this (allowed: ${allowed.join(', ')})`, { allowedRoles: allowed });
  return { id: user.id, role: chosen.role as Role, onBehalfOf: chosen.from_user };
}

/** Roles the user may act in today: their own and any delegated to them. */
export async function actingRoles(deps: ApiDeps, user: CurrentUser): Promise<Role[]> {
  const delegated = (await activeDelegationsTo(deps.db, user.id, businessToday())).map((d) => d.role as Role);
  return [...new Set([user.role, ...delegated])];
}
