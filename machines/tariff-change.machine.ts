/**
 * Tariff change 「原始報價修改」 (§3.3.3): a salesperson (or commerce) proposes changed lines with a reason,
 * the marketing manager then the GM approve; the outcome is a new locked tariff version (the effect
 * `lockResultVersion` of the GM's approval). Each state says its status and whose turn it is (`meta`);
 * each transition its rule (`may`); withdrawal is on the parent `pending` state once.
 */
import { assign, setup } from 'xstate';
import { mayGuard, metaByStatus, metaOf, type Permission } from './permission';
import type { AnyActor } from './roles';

export interface TariffChangeContext {
  changeId: number;
  proposedBy: string;
  marketingApprovedBy?: string;
  decidedBy?: string;
}

type Base = { actor: AnyActor; comment?: string | undefined };
export type TariffChangeEvent =
  | (Base & { type: 'change.approved' })
  | (Base & { type: 'change.rejected'; comment: string })
  | (Base & { type: 'change.withdrawn' });

export type TariffChangeStatus = 'pending_marketing_manager' | 'pending_gm' | 'approved' | 'rejected' | 'withdrawn';

export interface TariffChangeStateMeta {
  status: TariffChangeStatus;
  role: 'marketing_manager' | 'gm' | null;
}

/** Roles that may propose a change. */
export const TARIFF_CHANGE_PROPOSER_ROLES = ['sales', 'commerce'] as const;

const may = (params: Permission) => ({ type: 'may', params }) as const;

export const tariffChangeMachine = setup({
  types: {
    context: {} as TariffChangeContext,
    events: {} as TariffChangeEvent,
    input: {} as { changeId: number; proposedBy: string },
    meta: {} as TariffChangeStateMeta,
  },
  actions: {
    decided: assign({ decidedBy: ({ event }) => event.actor.id }),
    /** The GM's approval locks a new tariff version from the change's lines (in the step's transaction). */
    lockResultVersion: () => undefined,
  },
  guards: { may: mayGuard<TariffChangeContext, TariffChangeEvent>() },
}).createMachine({
  id: 'tariffChange',
  initial: 'pending',
  context: ({ input }) => ({ changeId: input.changeId, proposedBy: input.proposedBy }),
  states: {
    /** Not decided yet: the proposer may withdraw it. */
    pending: {
      initial: 'pendingMarketingManager',
      on: {
        'change.withdrawn': {
          target: 'withdrawn',
          guard: may({ roles: TARIFF_CHANGE_PROPOSER_ROLES, self: 'proposedBy' }),
        },
      },
      states: {
        /** Waiting for the marketing manager 「營銷中心經理」, who did not propose it. */
        pendingMarketingManager: {
          meta: { status: 'pending_marketing_manager', role: 'marketing_manager' },
          on: {
            'change.approved': {
              target: 'pendingGm',
              guard: may({ roles: ['marketing_manager'], notBy: ['proposedBy'] }),
              actions: assign({ marketingApprovedBy: ({ event }) => event.actor.id }),
            },
            'change.rejected': {
              target: '#tariffChange.rejected',
              guard: may({ roles: ['marketing_manager'], notBy: ['proposedBy'], comment: true }),
              actions: 'decided',
            },
          },
        },
        /** Waiting for the GM 「總經理」, who neither proposed it nor approved it as marketing manager. */
        pendingGm: {
          meta: { status: 'pending_gm', role: 'gm' },
          on: {
            'change.approved': {
              target: '#tariffChange.approved',
              guard: may({ roles: ['gm'], notBy: ['proposedBy', 'marketingApprovedBy'] }),
              actions: ['decided', 'lockResultVersion'],
            },
            'change.rejected': {
              target: '#tariffChange.rejected',
              guard: may({ roles: ['gm'], notBy: ['proposedBy', 'marketingApprovedBy'], comment: true }),
              actions: 'decided',
            },
          },
        },
      },
    },
    /** Approved: the system locked a new tariff version from the changed lines. */
    approved: { type: 'final', meta: { status: 'approved', role: null } },
    rejected: { type: 'final', meta: { status: 'rejected', role: null } },
    withdrawn: { type: 'final', meta: { status: 'withdrawn', role: null } },
  },
});

export type TariffChangeSnapshot = ReturnType<typeof tariffChangeMachine.resolveState>;
export const tariffChangeStateOf = (s: TariffChangeSnapshot): TariffChangeStateMeta => metaOf<TariffChangeStateMeta>(s);
const BY_STATUS = metaByStatus<TariffChangeStateMeta>(tariffChangeMachine);
export const tariffChangeStatusFacts = (status: TariffChangeStatus): TariffChangeStateMeta => BY_STATUS[status]!;

/** The steps a client sends: `POST /tariff-changes/{id}/{step}`. */
export const TARIFF_CHANGE_STEPS = [
  { step: 'approve', method: 'POST', event: 'change.approved', labelZh: '核准', labelEn: 'Approve' },
  { step: 'reject', method: 'POST', event: 'change.rejected', labelZh: '駁回', labelEn: 'Reject' },
  { step: 'withdraw', method: 'POST', event: 'change.withdrawn', labelZh: '撤回', labelEn: 'Withdraw' },
] as const satisfies readonly {
  step: string;
  method: 'POST' | 'PUT';
  event: TariffChangeEvent['type'];
  labelZh: string;
  labelEn: string;
}[];
