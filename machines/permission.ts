/**
 * Who may take a step of a process, and why not — the one rule function behind the machines' guards,
 * the workflows' refusals (workflows/machine-steps.ts) and the record views' `actions` (issue 9 §5).
 *
 * A machine puts the rule of each transition on the transition itself, as the parameters of its
 * `may` guard: `guard: { type: 'may', params: { roles: ['commerce'], notBy: ['ownerId'] } }`. The guard
 * accepts exactly when `checkPermission` finds nothing; `refusalOf` reads the same parameters back
 * from the machine's current transitions (`getNextTransitions`) to say why not, and `actionsOf` lists
 * the steps a caller could send now with the same verdict. So a button and a refusal cannot disagree.
 */
import {
  getNextTransitions,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type AnyTransitionDefinition,
} from 'xstate';
import type { ReasonCode, RecordAction } from '../domain/actions';
import type { Label } from '../domain/labels';
import type { ActorRole, AnyActor, Role } from './roles';
import { actingLabel, REFUSAL_TEXT } from './refusal-text';

export { REFUSAL_TEXT } from './refusal-text';

/** The rule of one transition: who may send its event, whose it is, whom it must not be, what it needs. */
export interface Permission {
  /** Roles that may send the event (`system`: the workflow's timers). */
  roles: readonly ActorRole[];
  /** The event needs a non-empty comment. */
  comment?: boolean;
  /** Context field holding the id of the user the actor must be (the record's owner); else `not_owner`. */
  self?: string;
  /** Roles `self` applies to (default: every role), e.g. commerce may sign for any salesperson's quote. */
  selfRoles?: readonly Role[];
  /** Context fields holding ids of users who may not take this step (segregation of duties). */
  notBy?: readonly string[];
  /** Name of a data guard of the machine that picks this transition among several (not a refusal). */
  when?: string;
  /**
   * Makes a failing `when` guard a refusal rather than a branch choice: 422 with this reason and message
   * (e.g. a tariff draft without lines cannot be submitted).
   */
  unmet?: { reason: ReasonCode; message: string };
}

/** The event fields the rule reads. */
export interface StepEvent {
  type: string;
  actor: AnyActor;
  comment?: string | undefined;
}

/**
 * How a refusal names things to people: a step by its label (never the event key `budget.returned`), the
 * record's status by its label (never `contract_drafting`), a role by its label. domain/labels.ts
 * `refusalNames(recordType)` gives the labels every record view shows; the machines cannot import it (it
 * reads them), so the callers pass it in.
 */
export interface RefusalNames {
  step: (eventType: string) => Label;
  status: (status: string) => Label;
  role: (role: string) => Label;
  /** A person by display name; the id itself where no names can be read (a workflow: api/acting.ts `namePeople` names them). */
  person: (userId: string) => string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** `'草稿 draft'` → `{ zh: '草稿', en: 'Draft' }`: the machines' one-string labels, zh first. */
export const splitLabel = (s: string): Label => {
  const i = s.search(/ [A-Za-z]/);
  return i < 0 ? { zh: s, en: s } : { zh: s.slice(0, i), en: capital(s.slice(i + 1)) };
};

/** Names by their keys: for callers that read only a refusal's reason (actionsOf), never its message. */
const KEY_NAMES: RefusalNames = {
  step: (k) => ({ zh: k, en: k }),
  status: (k) => ({ zh: k, en: k }),
  role: (k) => ({ zh: k, en: k }),
  person: (id) => id,
};

/** HTTP-level kind of a refusal: 403, 409 or 422. */
type RefusalKind = 'forbidden' | 'conflict' | 'unprocessable';

/** Why a step is refused: kind (status), stable reason code, a message for people, and details. */
export interface Refusal {
  kind: RefusalKind;
  reason: ReasonCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * The rule itself: undefined when `event` satisfies `p` on `context`, else why not. Checked in this
 * order: role (`role_not_allowed`), ownership (`not_owner`), segregation of duties
 * (`segregation_of_duties`: the actor, and for a delegate also the delegator, is none of `notBy`), comment (`comment_required`).
 */
function checkPermission(context: object, event: StepEvent, p: Permission, names: RefusalNames): Refusal | undefined {
  const { actor } = event;
  const ctx = context as Record<string, unknown>;
  const step = () => names.step(event.type);
  if (!p.roles.includes(actor.role)) {
    return {
      kind: 'forbidden',
      reason: actor.role === 'auditor' ? 'read_only' : 'role_not_allowed',
      message: REFUSAL_TEXT.roleNotAllowed(step(), names.role(actor.role)),
      details: { allowedRoles: p.roles.filter((r) => r !== 'system') },
    };
  }
  if (p.self && (!p.selfRoles || (p.selfRoles as readonly string[]).includes(actor.role)) && ctx[p.self] !== actor.id) {
    return {
      kind: 'forbidden',
      reason: 'not_owner',
      message: REFUSAL_TEXT.notOwner(step(), names.person(String(ctx[p.self])), names.person(actor.id)),
      // The ids of both, for api/acting.ts `namePeople` to name them (a workflow reads no display names).
      details: { stepLabel: step(), ownerId: String(ctx[p.self]), actorId: actor.id },
    };
  }
  // A delegate is barred as the delegator would be: neither may take a step barred to the other.
  const onBehalfOf = 'onBehalfOf' in actor ? actor.onBehalfOf : undefined;
  const excluded = p.notBy?.find((f) => ctx[f] === actor.id || (onBehalfOf !== undefined && ctx[f] === onBehalfOf));
  if (excluded) {
    return {
      kind: 'forbidden',
      reason: 'segregation_of_duties',
      message: REFUSAL_TEXT.segregation(
        step(),
        actingLabel(names.person(actor.id), onBehalfOf === undefined ? undefined : names.person(onBehalfOf)),
      ),
      details: { excludedBy: excluded, stepLabel: step(), actorId: actor.id, ...(onBehalfOf ? { onBehalfOf } : {}) },
    };
  }
  if (p.comment && !event.comment?.trim()) {
    return { kind: 'unprocessable', reason: 'comment_required', message: REFUSAL_TEXT.commentRequired(step()) };
  }
  return undefined;
}

/**
 * The `may` guard of a machine: the permission holds and, when the transition names a data guard in
 * `when`, that guard holds too. `branches` are the machine's data guards by name.
 */
export function mayGuard<C extends object, E extends StepEvent>(
  branches: Record<string, (context: C, event: E) => boolean> = {},
) {
  return ({ context, event }: { context: C; event: E }, p: Permission): boolean =>
    !checkPermission(context, event, p, KEY_NAMES) && (!p.when || Boolean(branches[p.when]?.(context, event)));
}

/** The permission a transition carries on its `may` guard, if any. */
export function permissionOf(t: AnyTransitionDefinition): Permission | undefined {
  const g = t.guard as { type?: unknown; params?: unknown } | undefined;
  return g && typeof g === 'object' && g.type === 'may' ? (g.params as Permission) : undefined;
}

/** The transitions the snapshot's current states offer for `eventType` (public API, no internals). */
export function transitionsFor(snapshot: AnyMachineSnapshot, eventType: string): AnyTransitionDefinition[] {
  if (snapshot.status !== 'active') return [];
  return getNextTransitions(snapshot).filter((t) => t.eventType === eventType);
}

/** The 409 of a step the record's status does not offer, naming both by their labels (details keep the keys). */
export function wrongStateRefusal(eventType: string, status: string, names: RefusalNames): Refusal {
  const step = names.step(eventType);
  const statusLabel = names.status(status);
  return {
    kind: 'conflict',
    reason: 'wrong_state',
    message: REFUSAL_TEXT.wrongState(step, statusLabel),
    details: { status, statusLabel, step: eventType, stepLabel: step },
  };
}

/**
 * Why the machine refuses `event` now, or undefined when it takes it. `status` is the record's public
 * status; `names` name the step, the status and roles in the messages (domain/labels.ts `refusalNames`).
 * A state that offers no such step is `wrong_state` (409); else the first transition's permission says
 * why not; a step every rule allows but no branch takes is `wrong_state` too.
 */
export function refusalOf(
  snapshot: AnyMachineSnapshot,
  event: StepEvent,
  status: string,
  names: RefusalNames,
): Refusal | undefined {
  const candidates = transitionsFor(snapshot, event.type);
  if (candidates.length === 0) return wrongStateRefusal(event.type, status, names);
  if (snapshot.can(event)) return undefined;
  for (const t of candidates) {
    const p = permissionOf(t);
    const refused = p && checkPermission(snapshot.context as object, event, p, names);
    if (refused) return refused;
  }
  // Every rule allows the caller, yet no branch takes the event: a data precondition that says why.
  const unmet = candidates.map(permissionOf).find((p) => p?.unmet)?.unmet;
  if (unmet) return { kind: 'unprocessable', reason: unmet.reason, message: unmet.message };
  return wrongStateRefusal(event.type, status, names);
}

/** Every role that may ever send `eventType` in any state of `machine` (for the API's 403 before anything else). */
export function eventRoles(machine: AnyStateMachine, eventType: string): Role[] {
  const roles = new Set<Role>();
  const visit = (node: AnyStateNode) => {
    for (const t of node.transitions.get(eventType) ?? [])
      for (const r of permissionOf(t)?.roles ?? []) if (r !== 'system') roles.add(r);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return [...roles];
}

/** The merged `meta` of the snapshot's active states (parents first, the atomic state last). */
export function metaOf<M extends object>(snapshot: AnyMachineSnapshot): M {
  return Object.assign({}, ...Object.values(snapshot.getMeta() as Record<string, M | undefined>).filter(Boolean)) as M;
}

/** Every state's own `meta` that names a `status`, by status: the facts of each public status. */
export function metaByStatus<M extends { status: string }>(machine: AnyStateMachine): Record<string, M> {
  const out: Record<string, M> = {};
  const visit = (node: AnyStateNode) => {
    const m = node.meta as M | undefined;
    if (m?.status) out[m.status] = m;
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return out;
}

/** One step of a record as the API offers it: its route segment, method, machine event and labels. */
export interface StepSpec {
  step: string;
  method: 'POST' | 'PUT';
  event: string;
  labelZh: string;
  labelEn: string;
  /** The step binds the record for good though it does not end it (e.g. a signature): confirm first. */
  confirm?: boolean;
}

/**
 * "What may I do now": every step the record's current state offers to a role the caller acts in for
 * it. `actorFor(roles)` picks the actor the API would send for a step open to `roles` (own role, else a
 * delegated one; undefined when none) — given every role that may ever send the event, as the API does; `eventFor` builds the event as the workflow judges it (a comment is supplied
 * when the step requires one). `allowed` and `reason` come from `refusalOf`, the workflow's own check.
 */
export function actionsOf(
  snapshot: AnyMachineSnapshot,
  steps: readonly StepSpec[],
  o: {
    basePath: string;
    actorFor: (roles: readonly Role[]) => AnyActor | undefined;
    eventFor?: (spec: StepSpec, actor: AnyActor) => StepEvent;
    status: string;
  },
): RecordAction[] {
  const out: RecordAction[] = [];
  for (const spec of steps) {
    const candidates = transitionsFor(snapshot, spec.event);
    const perms = candidates.map(permissionOf).filter((p): p is Permission => Boolean(p));
    if (perms.length === 0) continue;
    // The actor the API would send: chosen among every role that may ever send the event (eventRoles).
    const actor = o.actorFor(eventRoles(snapshot.machine, spec.event));
    if (!actor || !perms.some((p) => p.roles.includes(actor.role))) continue;
    const commentRequired = perms.some((p) => p.comment);
    const base = o.eventFor ? o.eventFor(spec, actor) : { type: spec.event, actor };
    const refused = refusalOf(
      snapshot,
      { ...base, ...(commentRequired ? { comment: 'comment' } : {}) },
      o.status,
      KEY_NAMES,
    );
    // Irreversible: a transition into a final state (locked, discarded, cancelled, …) or a binding step.
    const confirm = spec.confirm === true || candidates.some((t) => (t.target ?? []).some((n) => n.type === 'final'));
    out.push({
      step: spec.step,
      method: spec.method,
      path: `${o.basePath}/${spec.step}`,
      labelZh: spec.labelZh,
      labelEn: spec.labelEn,
      commentRequired,
      allowed: !refused,
      ...(refused ? { reason: refused.reason } : {}),
      confirm,
    });
  }
  return out;
}

/**
 * The actor a user acts as for a step open to `allowed` roles: a delegation of `preferred` (the role the step
 * waits for) when their own role is another; else their own role when allowed; else a delegation of an allowed
 * role (the `preferred` one first). Shared by the API's step routes and `actions`.
 */
export function pickActor(
  user: { id: string; role: Role },
  delegations: readonly { role: string; from_user: string }[],
  allowed: readonly Role[],
  preferred?: ActorRole | null,
): { id: string; role: Role; onBehalfOf?: string } | undefined {
  const usable = delegations.filter((d) => allowed.includes(d.role as Role));
  // The step waits for `preferred`: a delegation of it beats one's own other allowed role.
  const waitedFor = preferred && preferred !== user.role ? usable.find((d) => d.role === preferred) : undefined;
  if (waitedFor) return { id: user.id, role: waitedFor.role as Role, onBehalfOf: waitedFor.from_user };
  if (allowed.includes(user.role)) return { id: user.id, role: user.role };
  const chosen = usable.find((d) => d.role === preferred) ?? usable[0];
  return chosen ? { id: user.id, role: chosen.role as Role, onBehalfOf: chosen.from_user } : undefined;
}
