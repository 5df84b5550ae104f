/**
 * Standard tariff version 「原始報價」 (§3.3.2): commerce drafts, the GM approves, the system locks.
 * A locked version never changes again; changes come as new versions (tariff-change.machine.ts).
 */
import { and, assign, setup } from 'xstate';
import type { Actor } from './roles';

export interface TariffContext {
  versionNo: number;
  draftedBy: string;
  lineCount: number;
  submittedBy?: string;
  approvedBy?: string;
}

export type TariffEvent =
  | { type: 'lines.replaced'; actor: Actor; lineCount: number; comment?: string }
  | { type: 'tariff.submitted'; actor: Actor; comment?: string }
  | { type: 'tariff.approved'; actor: Actor; comment?: string }
  | { type: 'tariff.returned'; actor: Actor; comment: string }
  | { type: 'tariff.discarded'; actor: Actor; comment?: string };

/** Public status of a tariff version, as the API shows it. */
export type TariffStatus = 'draft' | 'pending_gm' | 'locked' | 'discarded';

export const tariffMachine = setup({
  types: {
    context: {} as TariffContext,
    events: {} as TariffEvent,
    input: {} as { versionNo: number; draftedBy: string; lineCount: number },
  },
  guards: {
    isCommerce: ({ event }) => event.actor.role === 'commerce',
    isGm: ({ event }) => event.actor.role === 'gm',
    hasLines: ({ context }) => context.lineCount > 0,
    hasComment: ({ event }) => Boolean(event.comment?.trim()),
    /** Segregation of duties: the GM who approves did not submit the version. */
    gmIsNotSubmitter: ({ context, event }) => event.actor.role === 'gm' && event.actor.id !== context.submittedBy,
  },
}).createMachine({
  id: 'tariff',
  initial: 'draft',
  context: ({ input }) => ({ versionNo: input.versionNo, draftedBy: input.draftedBy, lineCount: input.lineCount }),
  states: {
    /** Commerce edits the lines. */
    draft: {
      on: {
        'lines.replaced': {
          guard: 'isCommerce',
          actions: assign({ lineCount: ({ event }) => (event.type === 'lines.replaced' ? event.lineCount : 0) }),
        },
        'tariff.submitted': {
          target: 'pendingGm',
          guard: and(['isCommerce', 'hasLines']),
          actions: assign({ submittedBy: ({ event }) => event.actor.id }),
        },
        'tariff.discarded': { target: 'discarded', guard: 'isCommerce' },
      },
    },
    /** Waiting for the GM to approve or return. */
    pendingGm: {
      on: {
        'tariff.approved': {
          target: 'locked',
          guard: 'gmIsNotSubmitter',
          actions: assign({ approvedBy: ({ event }) => event.actor.id }),
        },
        'tariff.returned': {
          target: 'draft',
          guard: and(['isGm', 'hasComment']),
        },
      },
    },
    /** Approved and locked by the system: in force from its effective date. */
    locked: { type: 'final' },
    /** Dropped before approval. */
    discarded: { type: 'final' },
  },
});

export const TARIFF_STATUS: Record<string, TariffStatus> = {
  draft: 'draft',
  pendingGm: 'pending_gm',
  locked: 'locked',
  discarded: 'discarded',
};

/** Role whose turn it is in each state (null when nobody must act). */
export const TARIFF_PENDING_ROLE: Record<TariffStatus, 'commerce' | 'gm' | null> = {
  draft: 'commerce',
  pending_gm: 'gm',
  locked: null,
  discarded: null,
};

/** Who may send each event (the guards check the same, plus segregation of duties). */
export const TARIFF_EVENT_ROLES: Record<TariffEvent['type'], readonly ('commerce' | 'gm')[]> = {
  'lines.replaced': ['commerce'],
  'tariff.submitted': ['commerce'],
  'tariff.approved': ['gm'],
  'tariff.returned': ['gm'],
  'tariff.discarded': ['commerce'],
};
export const TARIFF_COMMENT_REQUIRED: readonly TariffEvent['type'][] = ['tariff.returned'];
