/**
 * Who acts, in which role, for whom. A user acts in their own role, or — during a delegation from a
 * manager or the GM — in the delegator's role on the delegator's behalf ("acted on behalf of").
 */
import { findDisplayNames, findTeamIds, personText } from '../db/user.repository';
import { roleLabel, type Label } from '../domain/labels';
import { activeDelegationsTo } from '../db/work-item.repository';
import { businessToday } from '../lib/dates';
import { AppError } from '../lib/errors';
import { pickActor } from '../machines/permission';
import { actingLabel, bilingual, REFUSAL_TEXT } from '../machines/refusal-text';
import type { Actor, Role } from '../machines/roles';
import type { FastifyRequest } from 'fastify';
import { currentUser, requireRole, type CurrentUser } from './auth';
import type { ApiDeps } from './deps';

/**
 * The actor `user` acts as for a step open to `allowed` roles: a delegation of `preferred` (the role the step waits
 * for) when the user's own role is another, else their own role, else a delegated one (`preferred` first) — on the
 * delegator's behalf. 403 `forbiddenFor` when none.
 */
export async function resolveActor(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
  preferred?: Role | null,
): Promise<Actor> {
  const ownSuffices = allowed.includes(user.role) && (preferred == null || preferred === user.role);
  const delegations = ownSuffices ? [] : await activeDelegationsTo(deps.db, user.id, businessToday());
  const actor = pickActor(user, delegations, allowed, preferred);
  if (!actor) throw forbiddenFor(user, allowed);
  return actor;
}

/** Roles the user may act in today: their own and any delegated to them. */
export async function actingRoles(deps: Pick<ApiDeps, 'db'>, user: CurrentUser): Promise<Role[]> {
  const delegated = (await activeDelegationsTo(deps.db, user.id, businessToday())).map((d) => d.role as Role);
  return [...new Set([user.role, ...delegated])];
}

/**
 * Every actor `user` may act as today among `allowed` roles: their own role (when allowed) first, then one actor per
 * active delegation of an allowed role, on behalf of its delegator (so a rule that depends on whose team it is can
 * be checked against each delegator in turn). Empty when none.
 */
export async function actorsFor(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
): Promise<Actor[]> {
  const own: Actor[] = allowed.includes(user.role) ? [{ id: user.id, role: user.role }] : [];
  if (user.role === 'auditor') return own;
  const delegated = (await activeDelegationsTo(deps.db, user.id, businessToday()))
    .filter((d) => allowed.includes(d.role as Role))
    .map((d): Actor => ({ id: user.id, role: d.role as Role, onBehalfOf: d.from_user }));
  return [...own, ...delegated];
}

/**
 * True when `user` may act in one of `roles` today — their own role, or an active delegation of one of them
 * (`actorsFor`; an auditor only in their own role). The read check of a step a delegate takes (e.g. reading a
 * draft tariff the GM's delegate approves) — the same rule as `resolveActor`, without the refusal.
 */
export async function mayActIn(deps: Pick<ApiDeps, 'db'>, user: CurrentUser, roles: readonly Role[]): Promise<boolean> {
  return (await actorsFor(deps, user, roles)).length > 0;
}

/**
 * The caller of `req` when they may act in one of `roles` today — own role or an active delegation (`mayActIn`) —
 * else the 403 of `requireRole` (`read_only` for auditors, `role_not_allowed` otherwise). The gate of a read that a
 * delegated step needs (the ledger, plans): the sight it then reads in is `sightIn` over the same roles.
 */
export async function requireActing(
  deps: Pick<ApiDeps, 'db'>,
  req: FastifyRequest,
  roles: readonly Role[],
  what: string,
): Promise<CurrentUser> {
  const user = currentUser(req);
  if (await mayActIn(deps, user, roles)) return user;
  return requireRole(req, roles, what);
}

/** 403 as `resolveActor` answers it: `user` may act in none of `allowed` (own role or delegated), each role by its label. */
export function forbiddenFor(user: CurrentUser, allowed: readonly Role[]): AppError {
  return new AppError('forbidden', REFUSAL_TEXT.roleMayNot(roleLabel(user.role), allowed.map(roleLabel)), {
    allowedRoles: allowed,
    reason: user.role === 'auditor' ? 'read_only' : 'role_not_allowed',
  });
}

/** Salespeople (user ids) in sight; `undefined`: every one. */
export type Sight = readonly string[] | undefined;

/**
 * The salespeople `actor` sees acting in its role — the one rule of "my team" for own and delegated roles alike:
 * a salesperson themself; a sales manager their team (`findTeamIds`: themself and those they manage) — for a
 * delegate the delegator's team (`onBehalfOf`), never the delegate's own; every other role every one (undefined).
 */
export async function sightOf(deps: Pick<ApiDeps, 'db'>, actor: Actor): Promise<Sight> {
  if (actor.role === 'sales') return [actor.onBehalfOf ?? actor.id];
  if (actor.role === 'sales_manager') return findTeamIds(deps.db, actor.onBehalfOf ?? actor.id);
  return undefined;
}

/** True when `ownerId` is in `sight`. */
export const inSight = (sight: Sight, ownerId: string): boolean => sight === undefined || sight.includes(ownerId);

/** The union of several sights (undefined as soon as one is every one). */
export function unionOf(sights: readonly Sight[]): Sight {
  if (sights.some((x) => x === undefined)) return undefined;
  return [...new Set(sights.flatMap((x) => x ?? []))];
}

/**
 * The actor `user` acts as for a step open to `allowed` roles on a record of salesperson `ownerId`: the first of
 * `actorsFor` (own role, then each active delegation) whose sight (`sightOf`) holds `ownerId` and who is not barred
 * by `notBy` (ids that may not take the step — segregation of duties: neither the delegate nor the delegator may
 * be one of them). Throws 403 `forbiddenFor` when the user may act in none of `allowed`; `outOfSight()` (default
 * 404 `not_found`) when none of the actors sees `ownerId`; 403 `segregation_of_duties` when every actor that sees it
 * is barred.
 */
export async function resolveActorFor(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
  ownerId: string,
  o: { notBy?: readonly (string | null | undefined)[]; outOfSight?: () => AppError } = {},
): Promise<Actor> {
  const actors = await actorsFor(deps, user, allowed);
  if (!actors.length) throw forbiddenFor(user, allowed);
  const seeing = await seeingOnly(deps, actors, ownerId);
  if (!seeing.length)
    throw (
      o.outOfSight?.() ??
      new AppError('not_found', bilingual('找不到此記錄，或不在您的查看範圍內', 'No such record in your sight'))
    );
  const chosen = pickUnbarred(seeing, allowed, o.notBy ?? []);
  if (!chosen || barredBy(chosen, o.notBy ?? []))
    throw new AppError(
      'forbidden',
      bilingual(
        '職責分離：您或您代理的人已辦理此記錄的前一步，不能再辦理此步',
        'Refused by segregation of duties: you or the one you act for took an earlier step',
      ),
      {
        reason: 'segregation_of_duties',
      },
    );
  return chosen;
}

/** True when `actor` (or the one it acts on behalf of) is one of `ids` (segregation of duties). */
export function barredBy(actor: Actor, ids: readonly (string | null | undefined)[]): boolean {
  return ids.some((id) => id != null && (id === actor.id || id === actor.onBehalfOf));
}

/**
 * Every salesperson `user` sees in any of `roles` — their own role and each delegated one (`actorsFor`), each by
 * `sightOf` — joined; `[]` when the user acts in none of them.
 */
export async function sightIn(deps: Pick<ApiDeps, 'db'>, user: CurrentUser, roles: readonly Role[]): Promise<Sight> {
  const actors = await actorsFor(deps, user, roles);
  if (!actors.length) return [];
  return unionOf(await Promise.all(actors.map((a) => sightOf(deps, a))));
}

/**
 * As `resolveActorFor`, but undefined instead of a refusal: what a record's `actions` offer, by the very rule
 * the route applies. Errors other than refusals (`AppError`) are thrown.
 */
export async function actorForOwner(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
  ownerId: string,
  o: { notBy?: readonly (string | null | undefined)[] } = {},
): Promise<Actor | undefined> {
  try {
    return await resolveActorFor(deps, user, allowed, ownerId, o);
  } catch (e) {
    if (e instanceof AppError) return undefined;
    throw e;
  }
}

/**
 * The actor through whom `user` acts as `ownerId` themself for a step open to `allowed` roles (a record's owner
 * closes it): their own role when they are `ownerId`, else a delegation from `ownerId` (on their behalf). Throws
 * 403 `forbiddenFor` when the user acts in none of `allowed`, 403 `not_owner` when not as `ownerId` (named by display
 * name, `personText`).
 */
export async function resolveActorAs(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
  ownerId: string,
): Promise<Actor> {
  const actors = await actorsFor(deps, user, allowed);
  if (!actors.length) throw forbiddenFor(user, allowed);
  const actor = actors.find((a) => (a.onBehalfOf ?? a.id) === ownerId);
  if (!actor) {
    const owner = await personText(deps.db, ownerId);
    throw new AppError(
      'forbidden',
      `只有 ${owner}（或其委託人）可以執行 Only ${owner} (or whoever holds their delegation) may do this`,
      {
        reason: 'not_owner',
      },
    );
  }
  return actor;
}

/**
 * The actor of a write on a salesperson's record — the one way a state-changing route takes its actor: 403
 * `forbiddenFor` before anything is read when the caller acts in none of `allowed` (own role or delegated); then
 * `ownerOf()` (which answers the route's own 404 for a record that does not exist) and `resolveActorFor` on that
 * owner — own role first, then each delegation, whose sight holds them; `outOfSight` (404) when none; segregation of
 * duties (`notBy`) binding delegate and delegator alike. The audit row records the actor's `onBehalfOf`.
 */
export async function actorOnRecord(
  deps: Pick<ApiDeps, 'db'>,
  req: FastifyRequest,
  allowed: readonly Role[],
  ownerOf: () => Promise<string>,
  o: { notBy?: readonly (string | null | undefined)[]; outOfSight?: () => AppError } = {},
): Promise<{ user: CurrentUser; actor: Actor }> {
  const user = currentUser(req);
  await resolveActor(deps, user, allowed);
  const actor = await resolveActorFor(deps, user, allowed, await ownerOf(), o);
  return { user, actor };
}

/** The actors (in `resolveActorFor`'s order) whose sight holds salesperson `ownerId`. */
export type Seeing = (ownerId: string) => Actor[];

/**
 * For a list's or a record's `actions`: the actors `user` may act as among `allowed` (`actorsFor`), each with its
 * sight read once; the answer gives, for a salesperson `ownerId`, those whose sight holds them, in the order
 * `resolveActorFor` tries them (own role first, then each delegation) — the same rule as the route's refusal.
 */
export async function actorsSeeingEach(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
): Promise<Seeing> {
  const actors = await actorsFor(deps, user, allowed);
  const sights = await Promise.all(actors.map((a) => sightOf(deps, a)));
  return (ownerId) => actors.filter((_, i) => inSight(sights[i], ownerId));
}

/** Those of `actors` whose sight (`sightOf`) holds salesperson `ownerId`, in order. */
async function seeingOnly(deps: Pick<ApiDeps, 'db'>, actors: readonly Actor[], ownerId: string): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const a of actors) if (inSight(await sightOf(deps, a), ownerId)) out.push(a);
  return out;
}

/**
 * Every actor `user` may act as among `allowed` (`actorsFor`: own role first, then each delegation) whose sight holds
 * salesperson `ownerId` — the candidates a record view hands to `pickUnbarred` for its `actions`.
 */
export async function actorsSeeing(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  allowed: readonly Role[],
  ownerId: string,
): Promise<Actor[]> {
  return seeingOnly(deps, await actorsFor(deps, user, allowed), ownerId);
}

/**
 * The first of `actors` in one of `roles` not barred by `notBy` (segregation of duties, `barredBy`); else the first
 * in one of `roles` at all (so the refusal names segregation of duties); undefined when none is in `roles`.
 */
export function pickUnbarred(
  actors: readonly Actor[],
  roles: readonly Role[],
  notBy: readonly (string | null | undefined)[],
): Actor | undefined {
  const inRole = actors.filter((a) => roles.includes(a.role));
  return inRole.find((a) => !barredBy(a, notBy)) ?? inRole[0];
}

/**
 * A workflow's refusal with its people named by display name: a workflow reads no names, so its `not_owner` and
 * `segregation_of_duties` refusals (machines/permission.ts) carry the ids in `details` (`ownerId`, `actorId`,
 * `onBehalfOf`, `stepLabel`) and name them by id; this words the same sentence (REFUSAL_TEXT) with the names
 * (db/user.repository.ts `findDisplayNames`). Any other error is returned as it is.
 */
export async function namePeople(deps: Pick<ApiDeps, 'db'>, err: AppError): Promise<AppError> {
  const d = err.details as {
    reason?: string;
    stepLabel?: Label;
    ownerId?: string;
    actorId?: string;
    onBehalfOf?: string;
  };
  if (!d.stepLabel || !d.actorId) return err;
  if (d.reason !== 'not_owner' && d.reason !== 'segregation_of_duties') return err;
  const ids = [d.actorId, d.ownerId, d.onBehalfOf].filter((x): x is string => typeof x === 'string');
  const names = await findDisplayNames(deps.db, ids).catch(() => new Map<string, string>());
  const name = (id: string) => names.get(id) ?? id;
  const message =
    d.reason === 'not_owner' && d.ownerId
      ? REFUSAL_TEXT.notOwner(d.stepLabel, name(d.ownerId), name(d.actorId))
      : REFUSAL_TEXT.segregation(
          d.stepLabel,
          actingLabel(name(d.actorId), d.onBehalfOf === undefined ? undefined : name(d.onBehalfOf)),
        );
  return new AppError(err.code, message, err.details);
}
