import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { refusalOf } from '../../machines/permission';
import { refusalNames } from '../../domain/labels';
import type { Actor } from '../../machines/roles';
import { tariffMachine, tariffStateOf, type TariffEvent } from '../../machines/tariff.machine';

const commerce: Actor = { id: 'c1', role: 'commerce' };
const commerce2: Actor = { id: 'c2', role: 'commerce' };
const gm: Actor = { id: 'g1', role: 'gm' };
const sales: Actor = { id: 's1', role: 'sales' };

const start = (lineCount = 2) => initialTransition(tariffMachine, { versionNo: 1, draftedBy: 'c1', lineCount })[0];
const run = (events: TariffEvent[], lineCount = 2) =>
  events.reduce((s, e) => transition(tariffMachine, s, e)[0], start(lineCount));
const status = (s: ReturnType<typeof start>) => tariffStateOf(s).status;

describe('tariff machine', () => {
  it('starts as a draft that commerce edits', () => {
    expect(status(start())).toBe('draft');
    const edited = run([{ type: 'lines.replaced', actor: commerce, lineCount: 5 }]);
    expect(edited.context.lineCount).toBe(5);
  });

  it('commerce submits, the GM approves and the version is locked for good', () => {
    const locked = run([
      { type: 'tariff.submitted', actor: commerce },
      { type: 'tariff.approved', actor: gm },
    ]);
    expect(status(locked)).toBe('locked');
    expect(locked.status).toBe('done');
    expect(locked.context).toMatchObject({ submittedBy: 'c1', approvedBy: 'g1' });
    expect(locked.can({ type: 'lines.replaced', actor: commerce, lineCount: 1 })).toBe(false);
  });

  it('a draft without lines cannot be submitted', () => {
    const s = start(0);
    expect(s.can({ type: 'tariff.submitted', actor: commerce })).toBe(false);
    // The refusal says why (422 no_lines), for the API and the disabled button alike.
    expect(refusalOf(s, { type: 'tariff.submitted', actor: commerce }, 'draft', refusalNames('tariff'))).toMatchObject({
      kind: 'unprocessable',
      reason: 'no_lines',
    });
    // The role comes first: a salesperson is refused for the role, not for the lines.
    expect(refusalOf(s, { type: 'tariff.submitted', actor: sales }, 'draft', refusalNames('tariff'))?.reason).toBe(
      'role_not_allowed',
    );
    const filled = transition(tariffMachine, s, { type: 'lines.replaced', actor: commerce, lineCount: 1 })[0];
    expect(
      refusalOf(filled, { type: 'tariff.submitted', actor: commerce }, 'draft', refusalNames('tariff')),
    ).toBeUndefined();
  });

  it('only commerce edits, submits and discards', () => {
    const s = start();
    for (const e of [
      { type: 'lines.replaced', actor: sales, lineCount: 1 },
      { type: 'tariff.submitted', actor: gm },
      { type: 'tariff.discarded', actor: sales },
    ] as TariffEvent[]) {
      expect(s.can(e)).toBe(false);
    }
    expect(status(run([{ type: 'tariff.discarded', actor: commerce2 }]))).toBe('discarded');
  });

  it('only the GM approves or returns, and a return needs a comment', () => {
    const pending = run([{ type: 'tariff.submitted', actor: commerce }]);
    expect(status(pending)).toBe('pending_gm');
    expect(pending.can({ type: 'tariff.approved', actor: commerce2 })).toBe(false);
    expect(pending.can({ type: 'tariff.returned', actor: gm, comment: '  ' })).toBe(false);
    expect(pending.can({ type: 'lines.replaced', actor: commerce, lineCount: 1 })).toBe(false);
    const back = transition(tariffMachine, pending, { type: 'tariff.returned', actor: gm, comment: 'too low' })[0];
    expect(status(back)).toBe('draft');
  });

  it('a GM who submitted the version cannot approve it (segregation of duties)', () => {
    // A GM never holds the commerce role, so the guard is shown with a user id appearing in both places.
    const pending = run([{ type: 'tariff.submitted', actor: { id: 'g1', role: 'commerce' } }]);
    expect(pending.can({ type: 'tariff.approved', actor: gm })).toBe(false);
    expect(pending.can({ type: 'tariff.approved', actor: { id: 'g2', role: 'gm' } })).toBe(true);
  });
});
