/**
 * What every process workflow shares: explaining why a machine refuses an event (as a typed,
 * non-retryable failure the API maps to 403 / 409 / 422), and running handlers one at a time.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor, Role } from '../machines/roles';

export interface StepRules {
  /** Roles that may send each event type. */
  roles: Record<string, readonly Role[]>;
  /** Event types that need a non-empty comment. */
  commentRequired: readonly string[];
  /** Public status of the snapshot, for messages. */
  status: (snapshot: AnyMachineSnapshot) => string;
  /** Says precisely why a guard refused, where the generic answer (segregation of duties) would mislead. */
  explain?: (snapshot: AnyMachineSnapshot, event: MachineEvent) => ApplicationFailure | undefined;
}

export interface MachineEvent {
  type: string;
  actor: Actor;
  comment?: string;
}

/** Why the machine would refuse `event`, or undefined when it accepts it. */
export function refusal(snapshot: AnyMachineSnapshot, event: MachineEvent, rules: StepRules): ApplicationFailure | undefined {
  const status = rules.status(snapshot);
  const handled = snapshot.status === 'active' && snapshot._nodes.some((n) => n.ownEvents.includes(event.type));
  if (!handled) {
    return ApplicationFailure.create({ message: `'${event.type}' is not possible while the record is ${status}`, type: 'conflict', nonRetryable: true, details: [{ status }] });
  }
  const roles = rules.roles[event.type] ?? [];
  if (!roles.includes(event.actor.role)) {
    return ApplicationFailure.create({
      message: `Role '${event.actor.role}' may not send '${event.type}'`,
      type: 'forbidden',
      nonRetryable: true,
      details: [{ allowedRoles: roles }],
    });
  }
  if (rules.commentRequired.includes(event.type) && !event.comment?.trim()) {
    return ApplicationFailure.create({ message: `'${event.type}' needs a comment`, type: 'unprocessable', nonRetryable: true });
  }
  if (!snapshot.can(event)) {
    const explained = rules.explain?.(snapshot, event);
    if (explained) return explained;
    return ApplicationFailure.create({
      message: `'${event.type}' is refused by segregation of duties: ${event.actor.id} took an earlier step of this record`,
      type: 'forbidden',
      nonRetryable: true,
    });
  }
  return undefined;
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
