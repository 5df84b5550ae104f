import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { refusalOf } from '../../machines/permission';
import { refusalNames } from '../../domain/labels';
import { collectionMachine, collectionStateOf, type CollectionEvent } from '../../machines/collection.machine';
import { SYSTEM_ACTOR, type Actor } from '../../machines/roles';

const owner: Actor = { id: 's1', role: 'sales' };
const other: Actor = { id: 's2', role: 'sales' };
const manager: Actor = { id: 'm1', role: 'sales_manager' };
const gm: Actor = { id: 'g1', role: 'gm' };
const start = () =>
  initialTransition(collectionMachine, { caseId: 1, customerNo: 'C1', currency: 'CNY', ownerId: 's1' })[0];
const run = (events: CollectionEvent[], from = start()) =>
  events.reduce((s, e) => transition(collectionMachine, s, e)[0], from);
const status = (s: ReturnType<typeof start>) => collectionStateOf(s).status;
const propose = (actor: Actor, kind: 'credit_hold' | 'write_off' = 'credit_hold'): CollectionEvent => ({
  type: 'case.proposed',
  actor,
  kind,
});

describe('collection case machine', () => {
  it('awaits the salesperson’s proposal, reminded by the system, then escalates', () => {
    const s = run([
      { type: 'case.reminded', actor: SYSTEM_ACTOR },
      { type: 'case.reminded', actor: SYSTEM_ACTOR },
    ]);
    expect([status(s), s.context.reminders]).toEqual(['awaiting_proposal', 2]);
    expect(collectionStateOf(s)).toMatchObject({ role: 'sales', due: 'proposal', remind: true });
    const e = run([{ type: 'case.escalated', actor: SYSTEM_ACTOR }], s);
    expect([status(e), e.context.escalated, collectionStateOf(e).role]).toEqual(['escalated', true, 'sales_manager']);
    expect(e.can({ type: 'case.escalated', actor: SYSTEM_ACTOR })).toBe(false);
  });

  it('only the system reminds, escalates and settles', () => {
    expect(start().can({ type: 'case.escalated', actor: manager })).toBe(false);
    expect(start().can({ type: 'case.settled', actor: gm })).toBe(false);
    expect(
      refusalOf(start(), { type: 'case.reminded', actor: owner }, 'awaiting_proposal', refusalNames('collection_case'))
        ?.reason,
    ).toBe('role_not_allowed');
  });

  it('the case’s salesperson or a sales manager proposes; another salesperson is not the owner', () => {
    expect(refusalOf(start(), propose(other), 'awaiting_proposal', refusalNames('collection_case'))?.reason).toBe(
      'not_owner',
    );
    expect(status(run([propose(owner)]))).toBe('pending_decision');
    expect(status(run([propose(manager)]))).toBe('pending_decision');
    expect(refusalOf(start(), propose(gm), 'awaiting_proposal', refusalNames('collection_case'))?.reason).toBe(
      'role_not_allowed',
    );
  });

  it('the GM decides, never the proposer (segregation of duties), and rejects only with a comment', () => {
    const pending = run([propose(manager)]);
    const proposerAsGm = { id: 'm1', role: 'gm' as const, onBehalfOf: 'g1' };
    expect(
      refusalOf(
        pending,
        { type: 'case.approved', actor: proposerAsGm },
        'pending_decision',
        refusalNames('collection_case'),
      )?.reason,
    ).toBe('segregation_of_duties');
    expect(
      refusalOf(
        pending,
        { type: 'case.rejected', actor: gm, comment: '' },
        'pending_decision',
        refusalNames('collection_case'),
      )?.reason,
    ).toBe('comment_required');
    const approved = transition(collectionMachine, pending, { type: 'case.approved', actor: gm });
    expect(status(approved[0])).toBe('decided');
    expect(approved[1].map((a) => a.type)).toContain('applyProposal');
    expect(status(run([{ type: 'case.rejected', actor: gm, comment: 'no' }], pending))).toBe('awaiting_proposal');
  });

  it('a rejection returns an escalated case to the escalated state; a decided case takes a new proposal', () => {
    const s = run([
      { type: 'case.escalated', actor: SYSTEM_ACTOR },
      propose(owner),
      { type: 'case.rejected', actor: gm, comment: 'no' },
    ]);
    expect(status(s)).toBe('escalated');
    const decided = run([propose(owner, 'write_off'), { type: 'case.approved', actor: gm }], s);
    expect([status(decided), decided.context.proposalKind]).toEqual(['decided', 'write_off']);
    expect(status(run([propose(owner)], decided))).toBe('pending_decision');
  });

  it('closes from any open state when the money is in, and takes nothing after', () => {
    for (const s of [start(), run([{ type: 'case.escalated', actor: SYSTEM_ACTOR }]), run([propose(owner)])]) {
      const closed = run([{ type: 'case.settled', actor: SYSTEM_ACTOR }], s);
      expect([status(closed), closed.status]).toEqual(['closed', 'done']);
      expect(refusalOf(closed, propose(owner), 'closed', refusalNames('collection_case'))?.reason).toBe('wrong_state');
    }
  });
});
