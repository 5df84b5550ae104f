/**
 * Customer cooperation status 「合作狀態」 (§3.3.4).
 * prospective 「預備」 → formal 「正式」 → suspended 「暫停」 ⇄ formal; any but terminated → terminated 「終止」.
 * The formal step is taken by commerce / managers by hand (and, later, by the contract chain on signature).
 */
import { setup } from 'xstate';
import { mayGuard, type Permission, type StepSpec } from './permission';
import type { Actor, Role } from './roles';

export const CUSTOMER_STATUSES = ['prospective', 'formal', 'suspended', 'terminated'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_STATUS_LABELS: Record<CustomerStatus, string> = {
  prospective: '預備 prospective',
  formal: '正式 formal',
  suspended: '暫停 suspended',
  terminated: '終止 terminated',
};

export type CustomerStatusEvent =
  | { type: 'customer.formalized'; actor: Actor; comment?: string }
  | { type: 'customer.suspended'; actor: Actor; comment?: string }
  | { type: 'customer.reinstated'; actor: Actor; comment?: string }
  | { type: 'customer.terminated'; actor: Actor; comment?: string };

/** Roles that may change a customer's status by hand. */
export const CUSTOMER_STATUS_ROLES: readonly Role[] = ['commerce', 'sales_manager', 'marketing_manager', 'gm'];

/**
 * The status changes as steps a person takes (`POST /customers/{no}/status` with `{ event }`), labelled as buttons;
 * the customer card's `actions` lists those the caller may take now (api/customers/change-customer-status.ts).
 */
export const CUSTOMER_STATUS_STEPS: readonly StepSpec[] = [
  {
    step: 'customer.formalized',
    method: 'POST',
    event: 'customer.formalized',
    labelZh: '轉為正式',
    labelEn: 'Make formal',
  },
  { step: 'customer.suspended', method: 'POST', event: 'customer.suspended', labelZh: '暫停', labelEn: 'Suspend' },
  { step: 'customer.reinstated', method: 'POST', event: 'customer.reinstated', labelZh: '恢復', labelEn: 'Reinstate' },
  { step: 'customer.terminated', method: 'POST', event: 'customer.terminated', labelZh: '終止', labelEn: 'Terminate' },
];

const may = (params: Permission) => ({ type: 'may', params }) as const;
const STATUS_CHANGE = { roles: CUSTOMER_STATUS_ROLES } as const satisfies Permission;
const WITH_REASON = { roles: CUSTOMER_STATUS_ROLES, comment: true } as const satisfies Permission;

/** What a state says about itself. */
export interface CustomerStateMeta {
  status: CustomerStatus;
}

export const customerMachine = setup({
  types: { events: {} as CustomerStatusEvent, meta: {} as CustomerStateMeta },
  guards: { may: mayGuard<object, CustomerStatusEvent>() },
}).createMachine({
  id: 'customer',
  initial: 'prospective',
  states: {
    /** 預備: entered by a salesperson, no signed contract yet. */
    prospective: {
      meta: { status: 'prospective' },
      on: {
        'customer.formalized': { target: 'formal', guard: may(STATUS_CHANGE) },
        'customer.terminated': { target: 'terminated', guard: may(WITH_REASON) },
      },
    },
    /** 正式: has signed a contract. */
    formal: {
      meta: { status: 'formal' },
      on: {
        'customer.suspended': { target: 'suspended', guard: may(WITH_REASON) },
        'customer.terminated': { target: 'terminated', guard: may(WITH_REASON) },
      },
    },
    /** 暫停: no new business until reinstated. */
    suspended: {
      meta: { status: 'suspended' },
      on: {
        'customer.reinstated': { target: 'formal', guard: may(STATUS_CHANGE) },
        'customer.terminated': { target: 'terminated', guard: may(WITH_REASON) },
      },
    },
    /** 終止: cooperation ended; final. */
    terminated: { type: 'final', meta: { status: 'terminated' } },
  },
});
