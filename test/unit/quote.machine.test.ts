import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { AnyStateNode } from 'xstate';
import { QUOTE_STEPS } from '../../domain/quote';
import { eventRoles, permissionOf } from '../../machines/permission';
import {
  QUOTE_STATUSES,
  quoteMachine,
  quoteStateOf,
  type QuoteContext,
  type QuoteEvent,
  type QuoteEventType,
} from '../../machines/quote.machine';
import { ROLES, SYSTEM_ACTOR, type AnyActor, type Role } from '../../machines/roles';

type Actor = AnyActor;

const OWNER = 's1';
const owner: Actor = { id: OWNER, role: 'sales' };
const otherSales: Actor = { id: 's2', role: 'sales' };
const marketing: Actor = { id: 'm1', role: 'marketing_manager' };
const commerce: Actor = { id: 'c1', role: 'commerce' };
const commerce2: Actor = { id: 'c2', role: 'commerce' };
const gm: Actor = { id: 'g1', role: 'gm' };
const settlement: Actor = { id: 'st1', role: 'settlement' };
const system: Actor = SYSTEM_ACTOR;

/** Who may appear in the matrix: the owner, the timer, and one other user per role (`sales` is another salesperson). */
type ActorKey = Role | 'owner' | 'system';
const ROSTER: Record<ActorKey, Actor> = {
  ...(Object.fromEntries(ROLES.map((role) => [role, { id: `u-${role}`, role }])) as Record<Role, Actor>),
  owner,
  system,
};

const STATES = [
  'draft',
  'pendingPriceApproval',
  'commerceReview',
  'awaitingCustomer',
  'internalQuote',
  'budgetReview',
  'contractDrafting',
  'contractReview',
  'contractApproval',
  'contractIssued',
  'signed',
  'costed',
  'refused',
  'expired',
  'withdrawn',
  'cancelled',
] as const;
type State = (typeof STATES)[number];
const FINAL: readonly State[] = ['costed', 'refused', 'expired', 'withdrawn', 'cancelled'];
const OPEN = STATES.filter((s) => !FINAL.includes(s));
const BEFORE_CONFIRMATION: readonly State[] = ['draft', 'pendingPriceApproval', 'commerceReview', 'awaitingCustomer'];
const CANCELLABLE = OPEN.filter((s) => s !== 'signed');
const AMENDABLE: readonly State[] = [
  'awaitingCustomer',
  'internalQuote',
  'budgetReview',
  'contractDrafting',
  'contractReview',
  'contractApproval',
];
const MANAGERS = ['sales_manager', 'marketing_manager', 'gm'] as const;

const EVENT_TYPES: QuoteEventType[] = [...QUOTE_STEPS.map((x) => x.event), 'quote.expired', 'step.overdue'];
const NEEDS_COMMENT: readonly QuoteEventType[] = [
  'price.returned',
  'review.returned',
  'customer.refused',
  'quote.cancelled',
  'quote.amended',
  'budget.returned',
  'contract.returned',
];

interface Extra {
  comment?: string;
  needsPriceApproval?: boolean;
  belowCost?: boolean;
}
/** An event of any type; it carries a comment and a pricing outcome unless told otherwise. */
const ev = (type: QuoteEventType, actor: Actor, extra: Extra = {}): QuoteEvent =>
  ({ type, actor, comment: 'a reason', needsPriceApproval: false, belowCost: false, kept: [], ...extra }) as QuoteEvent;
const withoutComment = (e: QuoteEvent): QuoteEvent => {
  const { comment: _c, ...rest } = e;
  return rest as QuoteEvent;
};

const context = (over: Partial<QuoteContext> = {}): QuoteContext => ({
  quoteNo: 'Q-1',
  ownerId: OWNER,
  revision: 1,
  revisionOpen: true,
  needsPriceApproval: false,
  belowCost: false,
  overdue: false,
  kept: [],
  ...over,
});
const input = (needsPriceApproval = false) => ({
  quoteNo: 'Q-1',
  ownerId: OWNER,
  needsPriceApproval,
  belowCost: false,
});
const start = (needsPriceApproval = false) => initialTransition(quoteMachine, input(needsPriceApproval))[0];
type Snapshot = ReturnType<typeof start>;
/** The nested state value of an atomic state (each has its own id). */
const valueOf = (state: State): unknown =>
  quoteMachine
    .getStateNodeById(state)
    .path.reduceRight<unknown>((inner, key) => (inner === null ? key : { [key]: inner }), null);
const at = (value: State, over: Partial<QuoteContext> = {}): Snapshot =>
  quoteMachine.resolveState({ value: valueOf(value) as never, context: context(over) });
/** The atomic state a snapshot is in. */
const leaf = (s: { value: unknown }): string => {
  let v = s.value;
  while (v && typeof v === 'object') v = Object.values(v)[0];
  return String(v);
};
const commentRequired = (type: QuoteEventType): boolean => {
  const visit = (node: AnyStateNode): boolean =>
    (node.transitions.get(type) ?? []).some((t) => permissionOf(t)?.comment) || Object.values(node.states).some(visit);
  return visit(quoteMachine.root);
};
const send = (s: Snapshot, e: QuoteEvent): Snapshot => transition(quoteMachine, s, e)[0];
const run = (events: QuoteEvent[], from: Snapshot = start()) => events.reduce(send, from);

/** Every move the machine allows: from, event, who sends it (with a comment), to. */
type Move = readonly [State, QuoteEventType, ActorKey, State];
const MOVES: readonly Move[] = [
  ['draft', 'quote.revised', 'owner', 'draft'],
  ['draft', 'quote.submitted', 'owner', 'commerceReview'],
  ['draft', 'quote.withdrawn', 'owner', 'withdrawn'],
  ['draft', 'quote.expired', 'system', 'expired'],
  ['pendingPriceApproval', 'price.approved', 'marketing_manager', 'commerceReview'],
  ['pendingPriceApproval', 'price.returned', 'marketing_manager', 'draft'],
  ['pendingPriceApproval', 'quote.withdrawn', 'owner', 'withdrawn'],
  ['pendingPriceApproval', 'quote.expired', 'system', 'expired'],
  ['commerceReview', 'review.approved', 'commerce', 'awaitingCustomer'],
  ['commerceReview', 'review.returned', 'commerce', 'draft'],
  ['commerceReview', 'quote.withdrawn', 'owner', 'withdrawn'],
  ['commerceReview', 'quote.expired', 'system', 'expired'],
  ['awaitingCustomer', 'customer.confirmed', 'owner', 'internalQuote'],
  ['awaitingCustomer', 'customer.refused', 'owner', 'refused'],
  ['awaitingCustomer', 'quote.withdrawn', 'owner', 'withdrawn'],
  ['awaitingCustomer', 'quote.expired', 'system', 'expired'],
  ['internalQuote', 'internal.submitted', 'commerce', 'budgetReview'],
  ['budgetReview', 'budget.approved', 'gm', 'contractDrafting'],
  ['budgetReview', 'budget.returned', 'gm', 'internalQuote'],
  ['contractDrafting', 'contract.drafted', 'commerce', 'contractReview'],
  ['contractReview', 'contract.reviewed', 'marketing_manager', 'contractApproval'],
  ['contractReview', 'contract.returned', 'marketing_manager', 'contractDrafting'],
  ['contractApproval', 'contract.approved', 'gm', 'contractIssued'],
  ['contractApproval', 'contract.returned', 'gm', 'contractDrafting'],
  ['contractIssued', 'contract.signed', 'owner', 'signed'],
  ['contractIssued', 'contract.signed', 'commerce', 'signed'],
  ['signed', 'costs.recorded', 'settlement', 'costed'],
  ...AMENDABLE.map((s): Move => [s, 'quote.amended', 'owner', 'commerceReview']),
  ...CANCELLABLE.flatMap((s) => MANAGERS.map((m): Move => [s, 'quote.cancelled', m, 'cancelled'])),
  // Only open states before signature can run overdue; signed and final quotes have no due time.
  ...CANCELLABLE.map((s): Move => [s, 'step.overdue', 'system', s]),
];
const allowed = (state: State, type: QuoteEventType, key: ActorKey) =>
  MOVES.some(([f, t, k]) => f === state && t === type && k === key);

const HAPPY_PATH: readonly [QuoteEvent, State][] = [
  [ev('quote.submitted', owner), 'commerceReview'],
  [ev('review.approved', commerce), 'awaitingCustomer'],
  [ev('customer.confirmed', owner), 'internalQuote'],
  [ev('internal.submitted', commerce2), 'budgetReview'],
  [ev('budget.approved', gm), 'contractDrafting'],
  [ev('contract.drafted', commerce2), 'contractReview'],
  [ev('contract.reviewed', marketing), 'contractApproval'],
  [ev('contract.approved', gm), 'contractIssued'],
  [ev('contract.signed', owner), 'signed'],
  [ev('costs.recorded', settlement), 'costed'],
];
/** A quote that followed the happy path until it reached the given state. */
const reach = (state: State) => {
  const i = HAPPY_PATH.findIndex(([, s]) => s === state);
  return run(HAPPY_PATH.slice(0, i + 1).map(([e]) => e));
};

describe('quote machine: the chain from draft to cost accounting', () => {
  it('a new quote is a draft of revision 1, on time, with no approver yet', () => {
    const s = start();
    expect(leaf(s)).toBe('draft');
    expect(s.context).toEqual(context());
  });

  it('a quote within the salesperson’s authority goes through every step to cost accounting', () => {
    let s = start();
    for (const [event, state] of HAPPY_PATH) {
      expect(s.can(event)).toBe(true);
      s = send(s, event);
      expect(leaf(s)).toBe(state);
    }
    expect(s.status).toBe('done');
    expect(s.context).toMatchObject({
      revision: 1,
      commerceApprovedBy: 'c1',
      budgetApprovedBy: 'g1',
      contractDraftedBy: 'c2',
      contractReviewedBy: 'm1',
      contractApprovedBy: 'g1',
    });
    expect(s.context.priceApprovedBy).toBeUndefined();
  });

  it.each(MOVES)('a quote in %s receiving %s from %s goes to %s', (from, type, key, to) => {
    const e = ev(type, ROSTER[key]);
    expect(at(from).can(e)).toBe(true);
    expect(leaf(send(at(from), e))).toBe(to);
  });

  it.each(STATES)('a quote in %s takes each event only from the people allowed to send it', (state) => {
    for (const type of EVENT_TYPES) {
      for (const key of Object.keys(ROSTER) as ActorKey[]) {
        const e = ev(type, ROSTER[key]);
        const expected = allowed(state, type, key);
        expect(at(state).can(e), `${state} / ${type} / ${key}`).toBe(expected);
        if (!expected) {
          const after = send(at(state), e);
          expect(leaf(after)).toBe(state);
          expect(after.context).toEqual(context());
        }
      }
    }
  });

  it.each(FINAL)('a %s quote is final', (state) => {
    expect(at(state).status).toBe('done');
    expect(quoteMachine.getStateNodeById(state).ownEvents).toEqual([]);
  });

  it('every move is made by a role the event is open to', () => {
    for (const [, type, key] of MOVES) {
      if (key === 'system') expect(['quote.expired', 'step.overdue']).toContain(type);
      else expect(eventRoles(quoteMachine, type)).toContain(ROSTER[key].role);
    }
  });

  it('the role whose turn it is can move the quote on from every open status', () => {
    for (const state of OPEN) {
      const role = quoteStateOf(at(state)).role;
      const key: ActorKey = role === 'sales' ? 'owner' : role!;
      expect(
        MOVES.some(([f, t, k]) => f === state && k === key && t !== 'quote.withdrawn' && t !== 'quote.cancelled'),
        state,
      ).toBe(true);
    }
    for (const state of FINAL) expect(quoteStateOf(at(state)).role).toBeNull();
  });

  it('every state has a public status and every public status a state', () => {
    const atomic = (node: AnyStateNode): string[] =>
      Object.keys(node.states).length ? Object.values(node.states).flatMap(atomic) : [node.key];
    expect(atomic(quoteMachine.root).sort()).toEqual([...STATES].sort());
    expect(STATES.map((s) => quoteStateOf(at(s)).status)).toEqual([...QUOTE_STATUSES]);
  });
});

describe('quote machine: price approval', () => {
  it('a draft below the salesperson’s authority goes to the marketing manager first', () => {
    const s = run([ev('quote.submitted', owner)], start(true));
    expect(leaf(s)).toBe('pendingPriceApproval');
  });

  it('the marketing manager approves the price and the quote goes on to commerce review', () => {
    const s = run([ev('quote.submitted', owner), ev('price.approved', marketing)], start(true));
    expect(leaf(s)).toBe('commerceReview');
    expect(s.context.priceApprovedBy).toBe('m1');
  });

  it('the marketing manager returns the price with a comment, and the salesperson reprices within authority', () => {
    const returned = run(
      [ev('quote.submitted', owner), ev('price.returned', marketing, { comment: 'too cheap' })],
      start(true),
    );
    expect(leaf(returned)).toBe('draft');
    const repriced = run(
      [ev('quote.revised', owner, { needsPriceApproval: false }), ev('quote.submitted', owner)],
      returned,
    );
    expect(leaf(repriced)).toBe('commerceReview');
  });

  it('revising a draft records the new pricing outcome and keeps the revision number', () => {
    const s = run([ev('quote.revised', owner, { needsPriceApproval: true, belowCost: true })]);
    expect(leaf(s)).toBe('draft');
    expect(s.context).toMatchObject({ needsPriceApproval: true, belowCost: true, revision: 1 });
    expect(leaf(send(s, ev('quote.submitted', owner)))).toBe('pendingPriceApproval');
    const back = send(s, ev('quote.revised', owner, { needsPriceApproval: false, belowCost: false }));
    expect(back.context).toMatchObject({ needsPriceApproval: false, belowCost: false });
  });

  it('another salesperson cannot revise or submit someone else’s draft', () => {
    expect(start().can(ev('quote.revised', otherSales, { needsPriceApproval: true }))).toBe(false);
    expect(start().can(ev('quote.submitted', otherSales))).toBe(false);
  });
});

describe('quote machine: comments', () => {
  it('the events that return, refuse, cancel or amend are exactly those needing a comment', () => {
    expect(EVENT_TYPES.filter(commentRequired).sort()).toEqual([...NEEDS_COMMENT].sort());
  });

  it.each(MOVES.filter(([, t]) => NEEDS_COMMENT.includes(t)))(
    'in %s, %s by %s without a comment is refused',
    (from, type, key) => {
      const e = ev(type, ROSTER[key]);
      for (const bad of [withoutComment(e), { ...e, comment: '' }, { ...e, comment: '   ' }]) {
        expect(at(from).can(bad)).toBe(false);
        expect(leaf(send(at(from), bad))).toBe(from);
      }
    },
  );

  it.each(MOVES.filter(([, t]) => !NEEDS_COMMENT.includes(t)))(
    'in %s, %s by %s needs no comment',
    (from, type, key) => {
      expect(at(from).can(withoutComment(ev(type, ROSTER[key])))).toBe(true);
    },
  );

  it('a customer’s refusal is recorded with the reason and ends the quote', () => {
    const s = reach('awaitingCustomer');
    expect(s.can(ev('customer.refused', owner, { comment: '' }))).toBe(false);
    const refused = send(s, ev('customer.refused', owner, { comment: 'went with a competitor' }));
    expect(leaf(refused)).toBe('refused');
    expect(refused.status).toBe('done');
  });
});

describe('quote machine: return loops', () => {
  it('commerce returns a quote to the salesperson’s draft', () => {
    expect(leaf(send(reach('commerceReview'), ev('review.returned', commerce, { comment: 'wrong route' })))).toBe(
      'draft',
    );
  });

  it('the GM returns the cost budget to commerce’s internal quote', () => {
    expect(leaf(send(reach('budgetReview'), ev('budget.returned', gm, { comment: 'trucking cost missing' })))).toBe(
      'internalQuote',
    );
  });

  it('the marketing manager returns the contract to drafting', () => {
    expect(leaf(send(reach('contractReview'), ev('contract.returned', marketing, { comment: 'clause 7' })))).toBe(
      'contractDrafting',
    );
  });

  it('the GM returns the contract to drafting', () => {
    expect(leaf(send(reach('contractApproval'), ev('contract.returned', gm, { comment: 'payment terms' })))).toBe(
      'contractDrafting',
    );
  });

  it('a returned quote goes round the loop again and reaches cost accounting', () => {
    const s = run([
      ev('quote.submitted', owner),
      ev('review.returned', commerce, { comment: 'wrong route' }),
      ev('quote.submitted', owner),
      ev('review.approved', commerce),
      ev('customer.confirmed', owner),
      ev('internal.submitted', commerce2),
      ev('budget.returned', gm, { comment: 'trucking cost missing' }),
      ev('internal.submitted', commerce2),
      ev('budget.approved', gm),
      ev('contract.drafted', commerce2),
      ev('contract.returned', marketing, { comment: 'clause 7' }),
      ev('contract.drafted', commerce2),
      ev('contract.reviewed', marketing),
      ev('contract.returned', gm, { comment: 'payment terms' }),
      ev('contract.drafted', commerce2),
      ev('contract.reviewed', marketing),
      ev('contract.approved', gm),
      ev('contract.signed', commerce),
      ev('costs.recorded', settlement),
    ]);
    expect(leaf(s)).toBe('costed');
  });
});

describe('quote machine: withdrawal, cancellation, expiry', () => {
  it.each(BEFORE_CONFIRMATION)('the owner may withdraw a quote in %s', (state) => {
    expect(leaf(send(at(state), ev('quote.withdrawn', owner)))).toBe('withdrawn');
    expect(at(state).can(ev('quote.withdrawn', otherSales))).toBe(false);
  });

  it.each(STATES.filter((s) => !BEFORE_CONFIRMATION.includes(s)))(
    'nobody may withdraw a quote in %s, after the customer confirmed',
    (state) => {
      expect(at(state).can(ev('quote.withdrawn', owner))).toBe(false);
    },
  );

  it.each(CANCELLABLE)(
    'a sales manager, the marketing manager or the GM may cancel a quote in %s, with a reason',
    (state) => {
      for (const role of MANAGERS) {
        expect(leaf(send(at(state), ev('quote.cancelled', ROSTER[role])))).toBe('cancelled');
        expect(at(state).can(ev('quote.cancelled', ROSTER[role], { comment: ' ' }))).toBe(false);
      }
    },
  );

  it.each(CANCELLABLE)('the owner salesperson cannot cancel their own quote in %s', (state) => {
    expect(at(state).can(ev('quote.cancelled', owner))).toBe(false);
  });

  it.each(['signed', ...FINAL] as State[])('a quote in %s can no longer be cancelled', (state) => {
    for (const role of MANAGERS) expect(at(state).can(ev('quote.cancelled', ROSTER[role]))).toBe(false);
  });

  it.each(BEFORE_CONFIRMATION)('a quote in %s expires at its validity date, and only the timer says so', (state) => {
    expect(leaf(send(at(state), ev('quote.expired', system)))).toBe('expired');
    for (const actor of [owner, gm, commerce]) expect(at(state).can(ev('quote.expired', actor))).toBe(false);
  });

  it('the states that expire are those before the customer confirms', () => {
    expect(STATES.filter((s) => at(s).hasTag('expiring'))).toEqual([...BEFORE_CONFIRMATION]);
    for (const state of STATES.filter((s) => !BEFORE_CONFIRMATION.includes(s))) {
      expect(at(state).can(ev('quote.expired', system)), state).toBe(false);
    }
  });
});

describe('quote machine: amendment', () => {
  const approved = {
    priceApprovedBy: 'm1',
    commerceApprovedBy: 'c1',
    budgetApprovedBy: 'g1',
    contractDraftedBy: 'c2',
    contractReviewedBy: 'm1',
    contractApprovedBy: 'g1',
  };

  it.each(AMENDABLE)(
    'the owner amends a quote in %s: it goes back to commerce review as the next revision',
    (state) => {
      const s = send(
        at(state, { ...approved, overdue: true, revision: 3 }),
        ev('quote.amended', owner, { comment: 'customer added a leg', belowCost: true }),
      );
      expect(leaf(s)).toBe('commerceReview');
      expect(s.context).toEqual(context({ revision: 4, revisionOpen: false, belowCost: true }));
    },
  );

  it.each(AMENDABLE)(
    'an amendment of a quote in %s below the salesperson’s authority goes to price approval',
    (state) => {
      const s = send(
        at(state, approved),
        ev('quote.amended', owner, { comment: 'lower rate', needsPriceApproval: true }),
      );
      expect(leaf(s)).toBe('pendingPriceApproval');
      expect(s.context).toEqual(context({ revision: 2, revisionOpen: false, needsPriceApproval: true }));
    },
  );

  it.each(AMENDABLE)('another salesperson or a manager cannot amend a quote in %s', (state) => {
    for (const actor of [otherSales, ROSTER.sales_manager, gm, commerce])
      expect(at(state).can(ev('quote.amended', actor))).toBe(false);
  });

  it.each(STATES.filter((s) => !AMENDABLE.includes(s)))('a quote in %s cannot be amended', (state) => {
    expect(at(state).can(ev('quote.amended', owner))).toBe(false);
    expect(at(state).can(ev('quote.amended', owner, { needsPriceApproval: true }))).toBe(false);
  });

  it('after an amendment the same people approve again, from the start', () => {
    const amended = send(reach('contractApproval'), ev('quote.amended', owner, { comment: 'new volume' }));
    expect(leaf(amended)).toBe('commerceReview');
    const s = run(
      HAPPY_PATH.slice(1).map(([e]) => e),
      amended,
    );
    expect(leaf(s)).toBe('costed');
    expect(s.context.revision).toBe(2);
  });
});

describe('quote machine: due times', () => {
  it('only the timer marks the current step overdue', () => {
    const s = reach('budgetReview');
    for (const actor of [owner, gm, commerce]) expect(s.can(ev('step.overdue', actor))).toBe(false);
    const late = send(s, ev('step.overdue', system));
    expect(leaf(late)).toBe('budgetReview');
    expect(late.context.overdue).toBe(true);
  });

  const timed = MOVES.filter(
    ([from, type, , to]) => from !== to && type !== 'step.overdue' && quoteStateOf(at(to)).due !== undefined,
  );
  it.each(timed)('an overdue quote in %s that receives %s from %s starts %s on time', (from, type, key, to) => {
    const s = send(at(from, { overdue: true }), ev(type, ROSTER[key]));
    expect(leaf(s)).toBe(to);
    expect(s.context.overdue).toBe(false);
  });

  it('the next step after an overdue review starts on time', () => {
    const late = send(reach('commerceReview'), ev('step.overdue', system));
    expect(send(late, ev('review.approved', commerce)).context.overdue).toBe(false);
  });
});

describe('quote machine: segregation of duties', () => {
  const ownerAs = (role: Role): Actor => ({ id: OWNER, role });

  it('a salesperson cannot approve a quote they drafted, whatever role they also hold', () => {
    const steps: [State, QuoteEventType, Role][] = [
      ['pendingPriceApproval', 'price.approved', 'marketing_manager'],
      ['pendingPriceApproval', 'price.returned', 'marketing_manager'],
      ['commerceReview', 'review.approved', 'commerce'],
      ['commerceReview', 'review.returned', 'commerce'],
      ['internalQuote', 'internal.submitted', 'commerce'],
      ['budgetReview', 'budget.approved', 'gm'],
      ['budgetReview', 'budget.returned', 'gm'],
      ['contractDrafting', 'contract.drafted', 'commerce'],
      ['contractReview', 'contract.reviewed', 'marketing_manager'],
      ['contractReview', 'contract.returned', 'marketing_manager'],
      ['contractApproval', 'contract.approved', 'gm'],
      ['contractApproval', 'contract.returned', 'gm'],
    ];
    for (const [state, type, role] of steps) {
      expect(at(state).can(ev(type, ownerAs(role))), `${state} / ${type} as ${role}`).toBe(false);
      expect(at(state).can(ev(type, { id: 'someone-else', role })), `${state} / ${type} by another ${role}`).toBe(true);
    }
  });

  it('a GM who reviewed the quote as commerce cannot approve its budget or its contract', () => {
    const reviewedByG9 = run([
      ev('quote.submitted', owner),
      ev('review.approved', { id: 'g9', role: 'commerce' }),
      ev('customer.confirmed', owner),
      ev('internal.submitted', commerce2),
    ]);
    expect(leaf(reviewedByG9)).toBe('budgetReview');
    expect(reviewedByG9.can(ev('budget.approved', { id: 'g9', role: 'gm' }))).toBe(false);
    expect(reviewedByG9.can(ev('budget.approved', gm))).toBe(true);
    const atApproval = run(
      [ev('budget.approved', gm), ev('contract.drafted', commerce2), ev('contract.reviewed', marketing)],
      reviewedByG9,
    );
    expect(leaf(atApproval)).toBe('contractApproval');
    expect(atApproval.can(ev('contract.approved', { id: 'g9', role: 'gm' }))).toBe(false);
    expect(atApproval.can(ev('contract.approved', gm))).toBe(true);
  });

  it('a GM who drafted or reviewed the contract cannot approve the contract', () => {
    const draftedByG9 = run(
      [
        ev('contract.drafted', { id: 'g9', role: 'commerce' }),
        ev('contract.reviewed', { id: 'g8', role: 'marketing_manager' }),
      ],
      reach('contractDrafting'),
    );
    expect(leaf(draftedByG9)).toBe('contractApproval');
    expect(draftedByG9.can(ev('contract.approved', { id: 'g9', role: 'gm' }))).toBe(false);
    expect(draftedByG9.can(ev('contract.approved', { id: 'g8', role: 'gm' }))).toBe(false);
    expect(draftedByG9.can(ev('contract.approved', gm))).toBe(true);
  });

  it('a GM who is recorded as commerce reviewer, contract drafter or contract reviewer cannot approve the budget', () => {
    for (const field of ['commerceApprovedBy', 'contractDraftedBy', 'contractReviewedBy'] as const) {
      expect(at('budgetReview', { [field]: 'g9' }).can(ev('budget.approved', { id: 'g9', role: 'gm' })), field).toBe(
        false,
      );
      expect(at('budgetReview', { [field]: 'g9' }).can(ev('budget.approved', gm)), field).toBe(true);
    }
  });

  it('the marketing manager who drafted the contract cannot review it', () => {
    const drafted = send(reach('contractDrafting'), ev('contract.drafted', { id: 'm9', role: 'commerce' }));
    expect(drafted.can(ev('contract.reviewed', { id: 'm9', role: 'marketing_manager' }))).toBe(false);
    expect(drafted.can(ev('contract.reviewed', marketing))).toBe(true);
  });

  it('only the owner salesperson submits, confirms, refuses, withdraws, amends and signs', () => {
    const ownerSteps: [State, QuoteEventType][] = [
      ['draft', 'quote.submitted'],
      ['awaitingCustomer', 'customer.confirmed'],
      ['awaitingCustomer', 'customer.refused'],
      ['awaitingCustomer', 'quote.withdrawn'],
      ['awaitingCustomer', 'quote.amended'],
      ['contractIssued', 'contract.signed'],
    ];
    for (const [state, type] of ownerSteps) {
      expect(at(state).can(ev(type, owner)), type).toBe(true);
      expect(at(state).can(ev(type, otherSales)), type).toBe(false);
      // Delegation is resolved before the event reaches the machine: acting "for" the owner is not being the owner.
      expect(at(state).can(ev(type, { ...otherSales, onBehalfOf: OWNER })), type).toBe(false);
    }
  });

  it('commerce may also record the customer’s signature', () => {
    expect(leaf(send(at('contractIssued'), ev('contract.signed', commerce)))).toBe('signed');
    expect(at('contractIssued').can(ev('contract.signed', gm))).toBe(false);
  });

  it('only settlement records the actual costs', () => {
    for (const role of ROLES)
      expect(at('signed').can(ev('costs.recorded', ROSTER[role])), role).toBe(role === 'settlement');
    expect(at('signed').can(ev('costs.recorded', owner))).toBe(false);
  });
});

describe('quote machine: graph', () => {
  const representative: QuoteEvent[] = [
    ...MOVES.map(([, type, key]) => ev(type, ROSTER[key])),
    ev('quote.revised', owner, { needsPriceApproval: true }),
    ev('quote.amended', owner, { needsPriceApproval: true }),
  ];
  // State value and pricing outcome: the revision counter would otherwise make the graph infinite.
  const paths = getShortestPaths(quoteMachine, {
    input: input(),
    events: representative,
    serializeState: (s) => JSON.stringify([s.value, s.context.needsPriceApproval, s.context.revisionOpen]),
  });
  /** The events of a path, without the initial `xstate.init` step the graph puts first. */
  const eventsOf = (p: (typeof paths)[number]) =>
    p.steps.map((s) => s.event).filter((e) => e.type !== ('xstate.init' as string));

  it('every state of the machine is reachable from a new draft', () => {
    const reached = new Set(paths.map((p) => leaf(p.state)));
    expect([...reached].sort()).toEqual([...STATES].sort());
  });

  it('the shortest way to cost accounting is the ten steps of the happy path', () => {
    const toCosted = paths.find((p) => p.state.value === 'costed' && !p.state.context.needsPriceApproval);
    expect(eventsOf(toCosted!).map((e) => e.type)).toEqual(HAPPY_PATH.map(([e]) => e.type));
  });

  it('every path the graph finds replays step by step with the pure transition function', () => {
    for (const p of paths) {
      const end = run(eventsOf(p));
      expect(end.value).toEqual(p.state.value);
    }
  });
});
