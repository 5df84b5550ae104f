/**
 * `actions` of a record view: the steps the calling user may take now (and those their role could take
 * but a rule refuses, with the reason), judged by the machine's own rule function
 * (machines/permission.ts `actionsOf`) on the workflow's current state — the same check that refuses.
 */
import { z } from 'zod';
import { activeDelegationsTo } from '../db/work-item.repository';
import { REASON_CODES, type RecordAction } from '../domain/actions';
import { businessToday } from '../lib/dates';
import { actionsOf, pickActor, type StepEvent, type StepSpec } from '../machines/permission';
import { ROLES, type AnyActor, type Role } from '../machines/roles';
import { actorsSeeing } from './acting';
import type { AnyMachineSnapshot } from 'xstate';
import type { CurrentUser } from './auth';
import type { ApiDeps } from './deps';

export const RecordActionView = z
  .object({
    step: z.string().describe('Route segment of the step, e.g. `approve`'),
    method: z.enum(['POST', 'PUT']),
    path: z.string().describe('Full path to send the step to'),
    labelZh: z.string(),
    labelEn: z.string(),
    commentRequired: z.boolean().describe('The body must carry a non-empty `comment`'),
    allowed: z
      .boolean()
      .describe('True when the caller may send it now; false when their role could but a rule refuses'),
    reason: z.enum(REASON_CODES).optional().describe('Why not, when `allowed` is false'),
    confirm: z
      .boolean()
      .optional()
      .describe('The step cannot be undone (it ends or binds the record): a client asks for confirmation first'),
    outcomes: z
      .array(z.string())
      .optional()
      .describe('A step whose body chooses an `outcome`: the outcomes the caller may choose (others are refused)'),
  })
  .describe('A step the calling user may take now (or could, but a rule refuses)');
export const RecordActions = z
  .array(RecordActionView)
  .describe('What the calling user may do now; empty on a finished record or when the workflow cannot be reached');

/** The actions of `user` on a record whose machine is in `snapshot` (null: unknown or finished → none). */
export async function actionsFor(
  deps: ApiDeps,
  user: CurrentUser,
  snapshot: AnyMachineSnapshot | null,
  o: {
    steps: readonly StepSpec[];
    basePath: string;
    status: string;
    pendingRole: Role | null;
    eventFor?: (spec: StepSpec, actor: AnyActor) => StepEvent;
    /**
     * The record's salesperson, for a route that acts through `resolveActorFor`: only the actors whose sight
     * (`sightOf`, api/acting.ts) holds them count — own role first, then each delegation, as the route picks.
     */
    ownerId?: string;
  },
): Promise<RecordAction[]> {
  if (!snapshot || snapshot.status !== 'active') return [];
  let actorFor: (roles: readonly Role[]) => AnyActor | undefined;
  if (o.ownerId !== undefined) {
    const seeing = await actorsSeeing(deps, user, ROLES, o.ownerId);
    actorFor = (roles) => seeing.find((a) => roles.includes(a.role));
  } else {
    const delegations = await activeDelegationsTo(deps.db, user.id, businessToday());
    actorFor = (roles) => pickActor(user, delegations, roles, o.pendingRole);
  }
  return actionsOf(snapshot, o.steps, {
    basePath: o.basePath,
    status: o.status,
    actorFor,
    ...(o.eventFor ? { eventFor: o.eventFor } : {}),
  });
}
