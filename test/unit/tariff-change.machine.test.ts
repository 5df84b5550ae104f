import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { Actor } from '../../machines/roles';
import { tariffChangeMachine, tariffChangeStateOf, type TariffChangeEvent } from '../../machines/tariff-change.machine';

const proposer: Actor = { id: 's1', role: 'sales' };
const mm: Actor = { id: 'm1', role: 'marketing_manager' };
const gm: Actor = { id: 'g1', role: 'gm' };

const start = () => initialTransition(tariffChangeMachine, { changeId: 1, proposedBy: 's1' })[0];
const run = (events: TariffChangeEvent[]) => events.reduce((s, e) => transition(tariffChangeMachine, s, e)[0], start());
const status = (s: ReturnType<typeof start>) => tariffChangeStateOf(s).status;

describe('tariff change machine', () => {
  it('goes marketing manager → GM → approved', () => {
    const s = run([
      { type: 'change.approved', actor: mm },
      { type: 'change.approved', actor: gm },
    ]);
    expect(status(s)).toBe('approved');
    expect(s.context).toMatchObject({ marketingApprovedBy: 'm1', decidedBy: 'g1' });
    expect(s.status).toBe('done');
  });

  it('the GM cannot act before the marketing manager', () => {
    expect(start().can({ type: 'change.approved', actor: gm })).toBe(false);
  });

  it('the marketing manager cannot approve twice', () => {
    const s = run([{ type: 'change.approved', actor: mm }]);
    expect(s.can({ type: 'change.approved', actor: mm })).toBe(false);
  });

  it('either approver rejects with a comment, never without', () => {
    expect(start().can({ type: 'change.rejected', actor: mm, comment: '' })).toBe(false);
    expect(status(run([{ type: 'change.rejected', actor: mm, comment: 'no' }]))).toBe('rejected');
    const atGm = run([{ type: 'change.approved', actor: mm }]);
    expect(atGm.can({ type: 'change.rejected', actor: gm, comment: '' })).toBe(false);
    expect(
      status(transition(tariffChangeMachine, atGm, { type: 'change.rejected', actor: gm, comment: 'no' })[0]),
    ).toBe('rejected');
  });

  it('only the proposer withdraws, and only while pending', () => {
    expect(start().can({ type: 'change.withdrawn', actor: { id: 's2', role: 'sales' } })).toBe(false);
    expect(status(run([{ type: 'change.withdrawn', actor: proposer }]))).toBe('withdrawn');
    expect(
      status(
        run([
          { type: 'change.approved', actor: mm },
          { type: 'change.withdrawn', actor: proposer },
        ]),
      ),
    ).toBe('withdrawn');
    const done = run([{ type: 'change.rejected', actor: mm, comment: 'x' }]);
    expect(done.can({ type: 'change.withdrawn', actor: proposer })).toBe(false);
  });

  it('the proposer cannot approve their own change, whatever role they hold', () => {
    const selfMm = initialTransition(tariffChangeMachine, { changeId: 2, proposedBy: 'm1' })[0];
    expect(selfMm.can({ type: 'change.approved', actor: mm })).toBe(false);
  });

  it('the GM who approved as marketing manager cannot approve again as GM', () => {
    const s = run([{ type: 'change.approved', actor: { id: 'x1', role: 'marketing_manager' } }]);
    expect(s.can({ type: 'change.approved', actor: { id: 'x1', role: 'gm' } })).toBe(false);
    expect(s.can({ type: 'change.approved', actor: gm })).toBe(true);
  });
});
