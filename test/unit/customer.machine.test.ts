import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import {
  CUSTOMER_STATUS_ROLES,
  CUSTOMER_STATUSES,
  customerMachine,
  type CustomerStatus,
  type CustomerStatusEvent,
} from '../../machines/customer.machine';
import { ROLES, type Role } from '../../machines/roles';

type EventType = CustomerStatusEvent['type'];
const EVENT_TYPES: EventType[] = [
  'customer.formalized',
  'customer.suspended',
  'customer.reinstated',
  'customer.terminated',
];

const at = (status: CustomerStatus) => customerMachine.resolveState({ value: status, context: {} });
const event = (type: EventType, role: Role = 'commerce', comment?: string): CustomerStatusEvent => ({
  type,
  actor: { id: `u-${role}`, role },
  ...(comment === undefined ? {} : { comment }),
});
const after = (status: CustomerStatus, e: CustomerStatusEvent) => transition(customerMachine, at(status), e)[0].value;

/** Every move the machine allows: from, event, to, whether a comment is needed. */
const MOVES: [CustomerStatus, EventType, CustomerStatus, boolean][] = [
  ['prospective', 'customer.formalized', 'formal', false],
  ['prospective', 'customer.terminated', 'terminated', true],
  ['formal', 'customer.suspended', 'suspended', true],
  ['formal', 'customer.terminated', 'terminated', true],
  ['suspended', 'customer.reinstated', 'formal', false],
  ['suspended', 'customer.terminated', 'terminated', true],
];

describe('customer cooperation status', () => {
  it('a newly entered customer is prospective', () => {
    const [snapshot] = initialTransition(customerMachine);
    expect(snapshot.value).toBe('prospective');
  });

  it.each(MOVES)('a %s customer receiving %s becomes %s', (from, type, to, needsComment) => {
    const e = event(type, 'commerce', needsComment ? 'contract signed / reason given' : undefined);
    expect(at(from).can(e)).toBe(true);
    expect(after(from, e)).toBe(to);
  });

  const refused = CUSTOMER_STATUSES.flatMap((from) =>
    EVENT_TYPES.filter((type) => !MOVES.some(([f, t]) => f === from && t === type)).map(
      (type) => [from, type] as const,
    ),
  );
  it.each(refused)('a %s customer cannot receive %s, whoever asks and with any comment', (from, type) => {
    for (const role of CUSTOMER_STATUS_ROLES) {
      const e = event(type, role, 'a reason');
      expect(at(from).can(e)).toBe(false);
      expect(after(from, e)).toBe(from);
    }
  });

  it('a terminated customer is final and takes no further event', () => {
    expect(at('terminated').status).toBe('done');
    expect(customerMachine.getStateNodeById('customer.terminated').ownEvents).toEqual([]);
  });

  it.each(CUSTOMER_STATUS_ROLES)('%s may change a customer’s status by hand', (role) => {
    for (const [from, type] of MOVES) expect(at(from).can(event(type, role, 'reason'))).toBe(true);
  });

  const others = ROLES.filter((r) => !CUSTOMER_STATUS_ROLES.includes(r));
  it.each(others)('%s may not change a customer’s status, and the status stays as it was', (role) => {
    for (const [from, type] of MOVES) {
      const e = event(type, role, 'reason');
      expect(at(from).can(e)).toBe(false);
      expect(after(from, e)).toBe(from);
    }
  });

  it('a salesperson cannot formalize their own customer by hand', () => {
    expect(at('prospective').can(event('customer.formalized', 'sales'))).toBe(false);
  });

  it.each(MOVES.filter((m) => m[3]))('%s → %s needs a comment: none or blank is refused', (from, type) => {
    expect(at(from).can(event(type, 'commerce'))).toBe(false);
    expect(at(from).can(event(type, 'commerce', ''))).toBe(false);
    expect(at(from).can(event(type, 'commerce', '   '))).toBe(false);
    expect(after(from, event(type, 'commerce'))).toBe(from);
  });

  it.each(MOVES.filter((m) => !m[3]))('%s → %s needs no comment', (from, type) => {
    expect(at(from).can(event(type, 'gm'))).toBe(true);
  });

  it('a customer can be formalized, suspended, reinstated and finally terminated', () => {
    let snapshot = initialTransition(customerMachine)[0];
    const path: CustomerStatusEvent[] = [
      event('customer.formalized', 'commerce'),
      event('customer.suspended', 'sales_manager', 'payments overdue'),
      event('customer.reinstated', 'marketing_manager'),
      event('customer.terminated', 'gm', 'business closed'),
    ];
    const seen = path.map((e) => {
      [snapshot] = transition(customerMachine, snapshot, e);
      return snapshot.value;
    });
    expect(seen).toEqual(['formal', 'suspended', 'formal', 'terminated']);
    expect(snapshot.status).toBe('done');
  });

  it('status changes run no side effects: the machine only decides', () => {
    const [, actions] = transition(customerMachine, at('prospective'), event('customer.formalized'));
    expect(actions).toEqual([]);
  });
});
