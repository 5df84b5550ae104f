/**
 * What every process workflow shares: refusing what a machine cannot take (as a typed, non-retryable
 * failure the API maps to 403 / 409 / 422, with a stable reason code in `details.reason`), and running
 * handlers one at a time.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { AnyMachineSnapshot } from 'xstate';
import {
  permissionOf,
  refusalOf,
  REFUSAL_TEXT,
  transitionsFor,
  type Refusal,
  type StepEvent,
} from '../machines/permission';
import { refusalNames } from '../domain/labels';
import { actingLabel } from '../machines/refusal-text';
import type { Role } from '../machines/roles';

export type { Refusal };
/** An event as a workflow judges it: type, actor (a user or the system), optional comment. */
export type MachineEvent = StepEvent;

export interface StepRules {
  /** The record type (domain/labels.ts STATE_LABELS key): refusals name its steps and statuses by their labels. */
  recordType: string;
  /** Public status of the snapshot, for messages. */
  status: (snapshot: AnyMachineSnapshot) => string;
  /**
   * Says why the machine refuses, for machines whose transitions carry no `may` permission (or to be
   * more precise than the generic answer). Return a `Refusal` (preferred) or an ApplicationFailure.
   */
  explain?: (snapshot: AnyMachineSnapshot, event: MachineEvent) => Refusal | ApplicationFailure | undefined;
  /** Legacy: roles that may send each event, for machines without `may` permissions (checked before `explain`). */
  roles?: Record<string, readonly Role[]>;
  /** Legacy: event types that need a non-empty comment, for machines without `may` permissions. */
  commentRequired?: readonly string[];
}

/** The failure a refusal is thrown as: type = error code (forbidden / conflict / unprocessable), details[0].reason = reason code. */
function toFailure(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    message: r.message,
    type: r.kind,
    nonRetryable: true,
    details: [{ ...r.details, reason: r.reason }],
  });
}

/**
 * Why the machine would refuse `event`, or undefined when it accepts it. A state that offers no such
 * step: 409 `wrong_state`. Otherwise the rule comes from the transition's own `may` permission
 * (machines/permission.ts — the same function the guard and the record views' `actions` use). A machine
 * without permissions on its transitions is judged by `rules.roles`, `rules.commentRequired`, the
 * machine and `rules.explain`, in that order.
 */
export function refusal(
  snapshot: AnyMachineSnapshot,
  event: MachineEvent,
  rules: StepRules,
): ApplicationFailure | undefined {
  const status = rules.status(snapshot);
  const names = refusalNames(rules.recordType);
  const offered = transitionsFor(snapshot, event.type);
  if (offered.length === 0 || offered.some((t) => permissionOf(t))) {
    const judged = refusalOf(snapshot, event, status, names);
    return judged && toFailure(judged);
  }
  const roles = rules.roles?.[event.type];
  if (roles && !(roles as readonly string[]).includes(event.actor.role)) {
    return toFailure({
      kind: 'forbidden',
      reason: 'role_not_allowed',
      message: REFUSAL_TEXT.roleNotAllowed(names.step(event.type), names.role(event.actor.role)),
      details: { allowedRoles: roles },
    });
  }
  if (rules.commentRequired?.includes(event.type) && !event.comment?.trim()) {
    return toFailure({
      kind: 'unprocessable',
      reason: 'comment_required',
      message: REFUSAL_TEXT.commentRequired(names.step(event.type)),
    });
  }
  if (snapshot.can(event)) return undefined;
  const explained = rules.explain?.(snapshot, event);
  if (explained) return explained instanceof ApplicationFailure ? explained : toFailure(explained);
  return toFailure({
    kind: 'forbidden',
    reason: 'segregation_of_duties',
    message: REFUSAL_TEXT.segregation(names.step(event.type), actingLabel(event.actor.id, event.actor.onBehalfOf)),
    details: {
      stepLabel: names.step(event.type),
      actorId: event.actor.id,
      ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}),
    },
  });
}

/** Runs async handlers strictly one after another, so a step sees the state the previous one left. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Registers a process workflow's three handlers: the status Query, the read-your-writes view Update and
 * the step Update. Steps run one at a time; the validator (and again the handler, in order) refuses
 * what the machine cannot take, so a refused step never reaches history.
 */
export function serveProcess<Cmd extends { event: MachineEvent; idempotencyKey: string }, View>(o: {
  serial: Serial;
  snapshot: () => AnyMachineSnapshot;
  rules: StepRules;
  view: () => View;
  query: QueryDefinition<View>;
  viewUpdate: UpdateDefinition<View, []>;
  stepUpdate: UpdateDefinition<View, [Cmd]>;
  /** The event as the machine judges it (e.g. with a pricing outcome filled in). */
  judged?: (cmd: Cmd) => MachineEvent;
  /** Checks beyond the machine's. */
  validate?: (cmd: Cmd) => void;
  /** Records the step and commits the new state. */
  apply: (cmd: Cmd) => Promise<void>;
  /** A step this process applied in an earlier run (before continuing as new): answered, not applied again. */
  applied?: (cmd: Cmd) => boolean;
}): void {
  const check = (cmd: Cmd) => {
    if (o.applied?.(cmd)) return;
    const refused = refusal(o.snapshot(), o.judged ? o.judged(cmd) : cmd.event, o.rules);
    if (refused) throw refused;
    o.validate?.(cmd);
  };
  setHandler(o.query, o.view);
  setHandler(o.viewUpdate, () => o.serial.run(async () => o.view()));
  setHandler(
    o.stepUpdate,
    (cmd) =>
      o.serial.run(async () => {
        if (o.applied?.(cmd)) return o.view();
        check(cmd);
        await o.apply(cmd);
        return o.view();
      }),
    { validator: check },
  );
}
