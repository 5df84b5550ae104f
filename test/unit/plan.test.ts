import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import {
  actualsOf,
  compareToPrevious,
  compareToTargets,
  NO_COLLECTION_DUE,
  defaultPeriodOf,
  dueDateOf,
  periodOf,
  periodProblem,
  periodRange,
  previousPeriod,
  tallyQuotes,
  type PlanTargets,
} from '../../domain/plan';
import { refusalOf } from '../../machines/permission';
import { refusalNames } from '../../domain/labels';
import { planSnapshot, type PlanEvent, type PlanStatus } from '../../machines/plan.machine';
import type { Actor } from '../../machines/roles';

const author: Actor = { id: 's1', role: 'sales' };
const otherSales: Actor = { id: 's2', role: 'sales' };
const manager: Actor = { id: 'm1', role: 'sales_manager' };
/** A salesperson holding the sales manager's role by delegation is still the author of their own report. */
const authorAsManager: Actor = { id: 's1', role: 'sales_manager', onBehalfOf: 'm1' };

const after = (status: PlanStatus, e: PlanEvent) => {
  const s = planSnapshot(status, 's1');
  expect(refusalOf(s, e, status, refusalNames('plan'))).toBeUndefined();
  return transition(s.machine, s, e)[0].value;
};
const refused = (status: PlanStatus, e: PlanEvent) =>
  refusalOf(planSnapshot(status, 's1'), e, status, refusalNames('plan'));

describe('plan machine', () => {
  it('the author edits and submits a draft; the manager accepts it for good', () => {
    expect(after('draft', { type: 'plan.updated', actor: author })).toBe('draft');
    expect(after('draft', { type: 'plan.submitted', actor: author })).toBe('submitted');
    expect(after('submitted', { type: 'plan.accepted', actor: manager })).toBe('accepted');
    expect(planSnapshot('accepted', 's1').status).toBe('done');
  });

  it('the manager returns it with a comment; the author revises and submits it again', () => {
    expect(after('submitted', { type: 'plan.returned', actor: manager, comment: 'add the receivables plan' })).toBe(
      'returned',
    );
    expect(after('returned', { type: 'plan.updated', actor: author })).toBe('returned');
    expect(after('returned', { type: 'plan.submitted', actor: author })).toBe('submitted');
  });

  it('a return needs a comment', () => {
    expect(refused('submitted', { type: 'plan.returned', actor: manager, comment: ' ' })).toMatchObject({
      reason: 'comment_required',
      kind: 'unprocessable',
    });
  });

  it('only the author writes and submits; another salesperson is not the owner', () => {
    expect(refused('draft', { type: 'plan.submitted', actor: otherSales })).toMatchObject({ reason: 'not_owner' });
    expect(refused('draft', { type: 'plan.updated', actor: manager })).toMatchObject({ reason: 'role_not_allowed' });
    expect(refused('draft', { type: 'plan.updated', actor: { id: 'a', role: 'auditor' } })).toMatchObject({
      reason: 'read_only',
    });
  });

  it('nobody accepts or returns their own report, not even by delegation', () => {
    expect(refused('submitted', { type: 'plan.accepted', actor: authorAsManager })).toMatchObject({
      reason: 'segregation_of_duties',
    });
    expect(
      refused('submitted', { type: 'plan.returned', actor: authorAsManager, comment: 'fine by me' }),
    ).toMatchObject({ reason: 'segregation_of_duties' });
    expect(refused('submitted', { type: 'plan.accepted', actor: author })).toMatchObject({
      reason: 'role_not_allowed',
    });
  });

  it('a submitted report is not edited, an accepted one takes no step', () => {
    expect(refused('submitted', { type: 'plan.updated', actor: author })).toMatchObject({ reason: 'wrong_state' });
    expect(refused('draft', { type: 'plan.accepted', actor: manager })).toMatchObject({ reason: 'wrong_state' });
    for (const type of ['plan.updated', 'plan.submitted', 'plan.accepted'] as const)
      expect(refused('accepted', { type, actor: type === 'plan.accepted' ? manager : author })).toMatchObject({
        reason: 'wrong_state',
      });
  });
});

describe('periods and due dates on the business calendar', () => {
  it('names periods: a week by its Monday, a month, a year', () => {
    expect(periodProblem('weekly', '2026-11-30')).toBeNull();
    expect(periodProblem('weekly', '2026-12-01')).toBe('a weekly period starts on a Monday');
    expect(periodProblem('weekly', '2026-02-30')).toBe('must be a real date');
    expect(periodProblem('monthly', '2026-13')).toBe('must be a month YYYY-MM');
    expect(periodProblem('annual', '2026-01')).toBe('must be a year YYYY');
    expect(periodProblem('annual', '2999')).toBe('must be within 1900 … 2998');
    expect(periodRange('weekly', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodRange('monthly', '2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('annual', '2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf('weekly', '2026-12-06')).toBe('2026-11-30');
    expect(periodOf('weekly', '2026-11-30')).toBe('2026-11-30');
    expect(previousPeriod('weekly', '2026-11-30')).toBe('2026-11-23');
    expect(previousPeriod('monthly', '2026-01')).toBe('2025-12');
    expect(previousPeriod('annual', '2026')).toBe('2025');
  });

  it('a weekly report is due on the last working day before Monday', () => {
    expect(dueDateOf('weekly', '2026-11-23')).toBe('2026-11-27'); // Friday
    // National Day week: 1–7 October are holidays, so Wednesday 30 September.
    expect(dueDateOf('weekly', '2026-09-28')).toBe('2026-09-30');
    // Spring Festival: Saturday 14 February 2026 is a make-up working day.
    expect(dueDateOf('weekly', '2026-02-09')).toBe('2026-02-14');
    // The admin's override: the company takes Friday off.
    const friday = new Map([['2026-11-27', { date: '2026-11-27', working: false, name: '公司休假' }]]);
    expect(dueDateOf('weekly', '2026-11-23', friday)).toBe('2026-11-26');
  });

  it('a monthly report is due by the 5th and an annual one by 31 January, moved to the next working day', () => {
    expect(dueDateOf('monthly', '2026-10')).toBe('2026-11-05');
    expect(dueDateOf('monthly', '2026-09')).toBe('2026-10-08'); // 5 October is a National Day holiday
    expect(dueDateOf('monthly', '2026-12')).toBe('2027-01-05');
    expect(dueDateOf('annual', '2026')).toBe('2027-02-01'); // 31 January 2027 is a Sunday
  });

  it('a new report is for the period due next: the previous one until its deadline, then the current one', () => {
    // Monthly: November's report is due by 5 December — on 1 December the form is for November, not December.
    expect(defaultPeriodOf('monthly', '2026-12-01')).toBe('2026-11');
    expect(defaultPeriodOf('monthly', '2026-11-05')).toBe('2026-10'); // the deadline day itself (a Thursday)
    expect(defaultPeriodOf('monthly', '2026-11-06')).toBe('2026-11');
    // 5 December 2026 is a Saturday: November's is due Monday 7 December.
    expect(defaultPeriodOf('monthly', '2026-12-06')).toBe('2026-11');
    expect(defaultPeriodOf('monthly', '2026-12-07')).toBe('2026-11');
    expect(defaultPeriodOf('monthly', '2026-12-08')).toBe('2026-12');
    // September's moved to 8 October (National Day): still September on the 7th and 8th, October on the 9th.
    expect(defaultPeriodOf('monthly', '2026-10-08')).toBe('2026-09');
    expect(defaultPeriodOf('monthly', '2026-10-09')).toBe('2026-10');
    // The admin's override moves the deadline, and the default with it.
    const fifthOff = new Map([['2026-11-05', { date: '2026-11-05', working: false, name: '公司休假' }]]);
    expect(defaultPeriodOf('monthly', '2026-11-06', fifthOff)).toBe('2026-10');
    // Annual: last year's until 31 January (1 February 2027: 31 January is a Sunday), then this year's.
    expect(defaultPeriodOf('annual', '2027-01-02')).toBe('2026');
    expect(defaultPeriodOf('annual', '2027-02-01')).toBe('2026');
    expect(defaultPeriodOf('annual', '2027-02-02')).toBe('2027');
    expect(defaultPeriodOf('annual', '2026-12-31')).toBe('2026');
    // Weekly: the week's own report is due on its last working day (a report is written once its week has begun).
    expect(defaultPeriodOf('weekly', '2026-11-30')).toBe('2026-11-30'); // Monday
    expect(defaultPeriodOf('weekly', '2026-12-04')).toBe('2026-11-30'); // Friday, due today
    expect(defaultPeriodOf('weekly', '2026-12-06')).toBe('2026-11-30'); // Sunday: still this week's (overdue)
    expect(defaultPeriodOf('weekly', '2026-12-07')).toBe('2026-12-07');
  });
});

describe('actuals next to targets', () => {
  const targets: PlanTargets = {
    containers: 40,
    money: [
      { currency: 'USD', revenue: '10000.00', margin: '2000.00' },
      { currency: 'CNY', revenue: '0.00', margin: '0.00' },
    ],
    newCustomers: 2,
    collectionRatePct: '95.00',
  };

  it('sums customers per currency (never across currencies) with the currency’s digits', () => {
    const a = actualsOf([
      {
        containersDelivered: 3,
        newCustomer: 1,
        money: new Map([['USD', { revenue: '1000.0000', margin: '250.5000' }]]),
        collection: new Map([['USD', { due: '300.0000', collected: '100.0000' }]]),
      },
      {
        containersDelivered: 2,
        newCustomer: 0,
        money: new Map([
          ['USD', { revenue: '500.0000', margin: '0' }],
          ['JPY', { revenue: '50000.0000', margin: '1000.0000' }],
        ]),
        collection: new Map([['JPY', { due: '0', collected: '0' }]]),
      },
    ]);
    expect(a).toEqual({
      containers: 5,
      newCustomers: 1,
      money: [
        { currency: 'JPY', revenue: '50000', margin: '1000' },
        { currency: 'USD', revenue: '1500.00', margin: '250.50' },
      ],
      collection: [
        { currency: 'JPY', due: '0', collected: '0', ratePct: null },
        { currency: 'USD', due: '300.00', collected: '100.00', ratePct: '33.33' },
      ],
    });
  });

  it('shows each measure with its target and actual ÷ target, per currency where it has one', () => {
    const rows = compareToTargets(targets, {
      containers: 30,
      newCustomers: 1,
      money: [{ currency: 'USD', revenue: '12500.00', margin: '1000.00' }],
      collection: [{ currency: 'USD', due: '1000.00', collected: '900.00', ratePct: '90.00' }],
    }).map(({ actualNote, ...r }) => {
      expect(actualNote).toBeNull(); // every row has a figure
      return r;
    });
    expect(rows).toEqual([
      { measure: 'containers', currency: null, target: '40', actual: '30', pctOfTarget: '75.00', targetSource: 'plan' },
      { measure: 'revenue', currency: 'CNY', target: '0.00', actual: '0.00', pctOfTarget: null, targetSource: 'plan' },
      {
        measure: 'revenue',
        currency: 'USD',
        target: '10000.00',
        actual: '12500.00',
        pctOfTarget: '125.00',
        targetSource: 'plan',
      },
      { measure: 'margin', currency: 'CNY', target: '0.00', actual: '0.00', pctOfTarget: null, targetSource: 'plan' },
      {
        measure: 'margin',
        currency: 'USD',
        target: '2000.00',
        actual: '1000.00',
        pctOfTarget: '50.00',
        targetSource: 'plan',
      },
      { measure: 'newCustomers', currency: null, target: '2', actual: '1', pctOfTarget: '50.00', targetSource: 'plan' },
      {
        measure: 'collectionRate',
        currency: 'USD',
        target: '95.00',
        actual: '90.00',
        pctOfTarget: '94.74',
        targetSource: 'plan',
      },
    ]);
  });

  it('sets the collection rate against the sales manager’s target when there is one, else the plan’s own', () => {
    const actual = {
      containers: 30,
      newCustomers: 1,
      money: [],
      collection: [{ currency: 'USD', due: '1000.00', collected: '900.00', ratePct: '90.00' }],
    };
    const rate = (managerPct: string | null, t: PlanTargets | null = targets) =>
      compareToTargets(t, actual, managerPct).find((r) => r.measure === 'collectionRate');
    expect(rate('90')).toMatchObject({ target: '90.00', targetSource: 'manager', pctOfTarget: '100.00' });
    expect(rate(null)).toMatchObject({ target: '95.00', targetSource: 'plan', pctOfTarget: '94.74' });
    expect(rate('80', null)).toMatchObject({ target: '80.00', targetSource: 'manager' });
    expect(rate(null, null)).toMatchObject({ target: null, targetSource: null, pctOfTarget: null });
    // The manager's target is the collection rate's only: the plan's other targets stay the plan's.
    expect(compareToTargets(targets, actual, '90')[0]).toMatchObject({ measure: 'containers', targetSource: 'plan' });
  });

  it('without targets every actual stands alone', () => {
    const rows = compareToTargets(null, { containers: 0, newCustomers: 0, money: [], collection: [] });
    expect(rows.map((r) => [r.measure, r.target, r.actual, r.pctOfTarget, r.actualNote])).toEqual([
      ['containers', null, '0', null, null],
      ['newCustomers', null, '0', null, null],
      ['collectionRate', null, null, null, NO_COLLECTION_DUE],
    ]);
  });

  it('a target in a currency nothing was invoiced in counts 0 in its digits, never "no figure"', () => {
    const t: PlanTargets = {
      containers: 1,
      newCustomers: 0,
      collectionRatePct: '90.00',
      money: [
        { currency: 'JPY', revenue: '500000', margin: '50000' },
        { currency: 'CNY', revenue: '1000.00', margin: '100.00' },
      ],
    };
    const rows = compareToTargets(t, { containers: 0, newCustomers: 0, money: [], collection: [] });
    expect(rows.filter((r) => r.currency).map((r) => [r.measure, r.currency, r.actual, r.pctOfTarget])).toEqual([
      ['revenue', 'CNY', '0.00', '0.00'],
      ['revenue', 'JPY', '0', '0.00'],
      ['margin', 'CNY', '0.00', '0.00'],
      ['margin', 'JPY', '0', '0.00'],
    ]);
    expect(rows.find((r) => r.measure === 'containers')).toMatchObject({ actual: '0', actualNote: null });
    expect(rows.find((r) => r.measure === 'collectionRate')).toMatchObject({
      actual: null,
      actualNote: NO_COLLECTION_DUE,
    });
  });
});

describe('a month against the one before', () => {
  it('gives the change exactly and in per cent of the earlier figure, per currency', () => {
    const rows = compareToPrevious(
      {
        containers: 12,
        newCustomers: 1,
        money: [{ currency: 'USD', revenue: '1500.00', margin: '300.00' }],
        collection: [{ currency: 'USD', due: '100.00', collected: '90.00', ratePct: '90.00' }],
      },
      {
        containers: 8,
        newCustomers: 0,
        money: [
          { currency: 'JPY', revenue: '50000', margin: '0' },
          { currency: 'USD', revenue: '1000.00', margin: '400.00' },
        ],
        collection: [{ currency: 'USD', due: '100.00', collected: '80.00', ratePct: '80.00' }],
      },
    );
    expect(rows).toEqual([
      { measure: 'containers', currency: null, current: '12', previous: '8', change: '4', changePct: '50.00' },
      { measure: 'revenue', currency: 'JPY', current: '0', previous: '50000', change: '-50000', changePct: '-100.00' },
      {
        measure: 'revenue',
        currency: 'USD',
        current: '1500.00',
        previous: '1000.00',
        change: '500.00',
        changePct: '50.00',
      },
      { measure: 'margin', currency: 'JPY', current: '0', previous: '0', change: '0', changePct: null },
      {
        measure: 'margin',
        currency: 'USD',
        current: '300.00',
        previous: '400.00',
        change: '-100.00',
        changePct: '-25.00',
      },
      { measure: 'newCustomers', currency: null, current: '1', previous: '0', change: '1', changePct: null },
      {
        measure: 'collectionRate',
        currency: 'USD',
        current: '90.00',
        previous: '80.00',
        change: '10.00',
        changePct: '12.50',
      },
    ]);
  });
});

describe('tallyQuotes', () => {
  const statuses = ['refused', 'expired', 'withdrawn', 'cancelled'];
  it('sums won and lost by final state, with the win rate half-even to 2 decimals', () => {
    const t = tallyQuotes(
      [
        { won: 1, lost: { refused: 1, expired: 0, withdrawn: 0, cancelled: 0 } },
        { won: 1, lost: { refused: 0, expired: 1, withdrawn: 0, cancelled: 1 } },
      ],
      statuses,
    );
    expect(t).toEqual({
      won: 2,
      lost: 3,
      lostBy: { refused: 1, expired: 1, withdrawn: 0, cancelled: 1 },
      winRatePct: '40.00',
    });
    expect(tallyQuotes([{ won: 2, lost: { refused: 1 } }], statuses).winRatePct).toBe('66.67');
  });
  it('has no win rate when nothing was decided', () => {
    expect(tallyQuotes([], statuses)).toEqual({
      won: 0,
      lost: 0,
      lostBy: { refused: 0, expired: 0, withdrawn: 0, cancelled: 0 },
      winRatePct: null,
    });
  });
});
