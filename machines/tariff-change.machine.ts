/**
 * Tariff change 「原始報價修改」 (§3.3.3): a salesperson (or commerce) proposes changed lines with a reason,
 * the marketing manager then the GM approve; the outcome is a new locked tariff version.
 */
import { and, assign, setup } from 'xstate';
import type { Actor } from './roles';

export interface TariffChangeContext {
  changeId: number;
  proposedBy: string;
  marketingApprovedBy?: string;
  decidedBy?: string;
}

export type TariffChangeEvent =
  | { type: 'change.approved'; actor: Actor; comment?: string }
  | { type: 'change.rejected'; actor: Actor; comment: string }
  | { type: 'change.withdrawn'; actor: Actor; comment?: string };

export type TariffChangeStatus = 'pending_marketing_manager' | 'pending_gm' | 'approved' | 'rejected' | 'withdrawn';

const notProposer = (context: TariffChangeContext, actor: Actor) => actor.id !== context.proposedBy;

export const tariffChangeMachine = setup({
  types: {
    context: {} as TariffChangeContext,
    events: {} as TariffChangeEvent,
    input: {} as { changeId: number; proposedBy: string },
  },
  guards: {
    /** The marketing manager acts, and is not the proposer (segregation of duties). */
    marketingManagerActs: ({ context, event }) => event.actor.role === 'marketing_manager' && notProposer(context, event.actor),
    /** The GM acts, and has neither proposed nor already approved this change as someone else. */
    gmActs: ({ context, event }) =>
      event.actor.role === 'gm' && notProposer(context, event.actor) && event.actor.id !== context.marketingApprovedBy,
    hasComment: ({ event }) => Boolean(event.comment?.trim()),
    isProposer: ({ context, event }) => event.actor.id === context.proposedBy,
  },
}).createMachine({
  id: 'tariffChange',
  initial: 'pendingMarketingManager',
  context: ({ input }) => ({ changeId: input.changeId, proposedBy: input.proposedBy }),
  states: {
    /** Waiting for the marketing manager 「營銷中心經理」. */
    pendingMarketingManager: {
      on: {
        'change.approved': {
          target: 'pendingGm',
          guard: 'marketingManagerActs',
          actions: assign({ marketingApprovedBy: ({ event }) => event.actor.id }),
        },
        'change.rejected': {
          target: 'rejected',
          guard: and(['marketingManagerActs', 'hasComment']),
          actions: assign({ decidedBy: ({ event }) => event.actor.id }),
        },
        'change.withdrawn': { target: 'withdrawn', guard: 'isProposer' },
      },
    },
    /** Waiting for the GM 「總經理」. */
    pendingGm: {
      on: {
        'change.approved': { target: 'approved', guard: 'gmActs', actions: assign({ decidedBy: ({ event }) => event.actor.id }) },
        'change.rejected': {
          target: 'rejected',
          guard: and(['gmActs', 'hasComment']),
          actions: assign({ decidedBy: ({ event }) => event.actor.id }),
        },
        'change.withdrawn': { target: 'withdrawn', guard: 'isProposer' },
      },
    },
    /** Approved: the system locks a new tariff version from the changed lines. */
    approved: { type: 'final' },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export const TARIFF_CHANGE_STATUS: Record<string, TariffChangeStatus> = {
  pendingMarketingManager: 'pending_marketing_manager',
  pendingGm: 'pending_gm',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

export const TARIFF_CHANGE_PENDING_ROLE: Record<TariffChangeStatus, 'marketing_manager' | 'gm' | null> = {
  pending_marketing_manager: 'marketing_manager',
  pending_gm: 'gm',
  approved: null,
  rejected: null,
  withdrawn: null,
};

export const TARIFF_CHANGE_EVENT_ROLES: Record<TariffChangeEvent['type'], readonly ('sales' | 'commerce' | 'marketing_manager' | 'gm')[]> = {
  'change.approved': ['marketing_manager', 'gm'],
  'change.rejected': ['marketing_manager', 'gm'],
  'change.withdrawn': ['sales', 'commerce'],
};
export const TARIFF_CHANGE_COMMENT_REQUIRED: readonly TariffChangeEvent['type'][] = ['change.rejected'];
/** Roles that may propose a change. */
export const TARIFF_CHANGE_PROPOSER_ROLES = ['sales', 'commerce'] as const;
