/**
 * "What may I do now" and the refusal cannot disagree: for random reachable states and random callers
 * (own role and delegated roles), every step `actions` lists as allowed is accepted by the workflow's
 * check (`refusalOf`, the validator's rule) and by the machine, and every other step is refused by both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { QUOTE_STEPS } from '../../domain/quote';
import { actionsOf, eventRoles, pickActor, refusalOf, type StepEvent, type StepSpec } from '../../machines/permission';
import { refusalNames } from '../../domain/labels';
import { judgedQuoteEvent, quoteMachine, quoteStateOf, type QuoteSnapshot } from '../../machines/quote.machine';
import { ROLES, SYSTEM_ACTOR, type AnyActor, type Role } from '../../machines/roles';
import {
  TARIFF_CHANGE_STEPS,
  tariffChangeMachine,
  tariffChangeStateOf,
  type TariffChangeSnapshot,
} from '../../machines/tariff-change.machine';
import { TARIFF_STEPS, tariffMachine, tariffStateOf, type TariffSnapshot } from '../../machines/tariff.machine';

/** People who act on records in the generated histories; ids are shared so ownership and SoD both show up. */
const PEOPLE: AnyActor[] = [
  { id: 's1', role: 'sales' },
  { id: 's2', role: 'sales' },
  { id: 'c1', role: 'commerce' },
  { id: 'c2', role: 'commerce' },
  { id: 'm1', role: 'marketing_manager' },
  { id: 'g1', role: 'gm' },
  { id: 'g2', role: 'gm' },
  { id: 'sm1', role: 'sales_manager' },
  { id: 'st1', role: 'settlement' },
  // The same people in other roles (as a delegate would act): segregation of duties must still bite.
  { id: 'c1', role: 'gm' },
  { id: 'm1', role: 'commerce' },
  { id: 's1', role: 'marketing_manager' },
  SYSTEM_ACTOR,
];

interface Process {
  name: string;
  machine: AnyStateMachine;
  start: (flag: boolean) => AnyMachineSnapshot;
  steps: readonly StepSpec[];
  extraEvents: string[];
  status: (s: AnyMachineSnapshot) => string;
  role: (s: AnyMachineSnapshot) => Role | null;
  /** The event as the workflow judges it (before any pricing). */
  judged: (type: string, actor: AnyActor, comment?: string) => StepEvent;
}

const PROCESSES: Process[] = [
  {
    name: 'quote',
    machine: quoteMachine,
    start: (needsPriceApproval) =>
      initialTransition(quoteMachine, { quoteNo: 'Q', ownerId: 's1', needsPriceApproval, belowCost: false })[0],
    steps: QUOTE_STEPS,
    extraEvents: ['quote.expired', 'step.overdue'],
    status: (s) => quoteStateOf(s as QuoteSnapshot).status,
    role: (s) => quoteStateOf(s as QuoteSnapshot).role,
    judged: (type, actor, comment) => judgedQuoteEvent({ type, actor, ...(comment ? { comment } : {}) }),
  },
  {
    name: 'tariff',
    machine: tariffMachine,
    start: (empty) => initialTransition(tariffMachine, { versionNo: 1, draftedBy: 'c1', lineCount: empty ? 0 : 2 })[0],
    steps: TARIFF_STEPS,
    extraEvents: [],
    status: (s) => tariffStateOf(s as TariffSnapshot).status,
    role: (s) => tariffStateOf(s as TariffSnapshot).role,
    judged: (type, actor, comment) =>
      ({
        type,
        actor,
        ...(comment ? { comment } : {}),
        ...(type === 'lines.replaced' ? { lineCount: 1 } : {}),
      }) as StepEvent,
  },
  {
    name: 'tariff change',
    machine: tariffChangeMachine,
    start: (byCommerce) =>
      initialTransition(tariffChangeMachine, { changeId: 1, proposedBy: byCommerce ? 'c1' : 's1' })[0],
    steps: TARIFF_CHANGE_STEPS,
    extraEvents: [],
    status: (s) => tariffChangeStateOf(s as TariffChangeSnapshot).status,
    role: (s) => tariffChangeStateOf(s as TariffChangeSnapshot).role,
    judged: (type, actor, comment) => ({ type, actor, ...(comment ? { comment } : {}) }),
  },
];

const delegationArb = fc.array(
  fc.record({ role: fc.constantFrom(...ROLES), from_user: fc.constantFrom('g1', 'm1', 'sm1', 'c2') }),
  { maxLength: 2 },
);
const callerArb = fc.record({
  user: fc.record({
    id: fc.constantFrom('s1', 's2', 'c1', 'c2', 'm1', 'g1', 'g2', 'sm1', 'st1', 'x9'),
    role: fc.constantFrom(...ROLES),
  }),
  delegations: delegationArb,
});

describe.each(PROCESSES)('$name: actions agree with the refusal', (p) => {
  const events = [...p.steps.map((s) => s.event), ...p.extraEvents];
  const historyArb = fc.record({
    flag: fc.boolean(),
    moves: fc.array(fc.record({ e: fc.nat(events.length - 1), a: fc.nat(PEOPLE.length - 1), comment: fc.boolean() }), {
      maxLength: 25,
    }),
  });
  /** A reachable state: the moves the machine accepts, in order; the others change nothing. */
  const reach = (h: { flag: boolean; moves: { e: number; a: number; comment: boolean }[] }) =>
    h.moves.reduce((s, m) => {
      const event = p.judged(events[m.e]!, PEOPLE[m.a]!, m.comment ? 'a reason' : undefined);
      return s.can(event) ? transition(p.machine, s, event as never)[0] : s;
    }, p.start(h.flag));

  it('a step listed as allowed is accepted; a step not listed, or listed as refused, is refused', () => {
    fc.assert(
      fc.property(historyArb, callerArb, (h, caller) => {
        const snapshot = reach(h);
        const status = p.status(snapshot);
        const actions = actionsOf(snapshot, p.steps, {
          basePath: '/r/1',
          status,
          actorFor: (roles) => pickActor(caller.user, caller.delegations, roles, p.role(snapshot)),
          eventFor: (spec, actor) => p.judged(spec.event, actor),
        });
        for (const spec of p.steps) {
          const listed = actions.find((a) => a.step === spec.step);
          // The actor the API sends for this step: own role, else a delegated one (roles of the step anywhere).
          const actor = pickActor(caller.user, caller.delegations, eventRoles(p.machine, spec.event), p.role(snapshot));
          const event = actor && p.judged(spec.event, actor, 'a reason');
          const refused = event
            ? refusalOf(snapshot, event, status, refusalNames(p.name.replace(' ', '_')))
            : { reason: 'role_not_allowed' };
          if (listed?.allowed) {
            expect(refused, `${status}: ${spec.step} by ${JSON.stringify(caller)}`).toBeUndefined();
            expect(snapshot.can(event!)).toBe(true);
            if (listed.commentRequired)
              expect(
                refusalOf(snapshot, p.judged(spec.event, actor!), status, refusalNames(p.name.replace(' ', '_')))
                  ?.reason,
              ).toBe('comment_required');
          } else {
            expect(refused, `${status}: ${spec.step} by ${JSON.stringify(caller)}`).toBeDefined();
            if (event) expect(snapshot.can(event)).toBe(false);
            if (listed) expect(listed.reason).toBe(refused!.reason);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
