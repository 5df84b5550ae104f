/**
 * Abnormal collection 異常收款 (§3.4.4): one case per customer and currency whose receivables are past
 * their contractual due date unpaid. The salesperson is reminded, the case is escalated to their sales
 * manager after a configurable time, the salesperson (or their sales manager) proposes what to do —
 * payment plan, credit hold, legal action or write-off — and the GM decides (segregation of duties: the
 * proposer does not decide). Whatever state it is in, the case closes itself when nothing overdue is
 * left unpaid (`case.settled`, sent by the system after it read the ledger).
 *
 * Each state's `meta` says its public status, whose turn it is, the key of its due time and whether the
 * salesperson is reminded in it; each transition carries its rule on its `may` guard; the GM's approval
 * names the effect `applyProposal` (credit hold set, write-off handed over, plan or legal action recorded).
 */
import { assign, setup } from 'xstate';
import { PROPOSAL_KINDS, PROPOSAL_LABELS, type ProposalKind } from '../domain/collection-proposal';
import { mayGuard, metaByStatus, metaOf, type Permission } from './permission';
import type { AnyActor } from './roles';

export { PROPOSAL_KINDS, PROPOSAL_LABELS, type ProposalKind };

export interface CollectionContext {
  caseId: number;
  customerNo: string;
  currency: string;
  /** The customer's salesperson when the case opened: the one reminded and who proposes. */
  ownerId: string;
  escalated: boolean;
  reminders: number;
  proposedBy?: string | undefined;
  /** The role the proposal was made in (a write-off is handed to the ledger in the proposer's name). */
  proposedRole?: string | undefined;
  proposalKind?: ProposalKind | undefined;
  decidedBy?: string | undefined;
}

type Base = { actor: AnyActor; comment?: string | undefined };
export type CollectionEvent =
  | (Base & { type: 'case.reminded' })
  | (Base & { type: 'case.escalated' })
  | (Base & { type: 'case.proposed'; kind: ProposalKind })
  | (Base & { type: 'case.approved' })
  | (Base & { type: 'case.rejected'; comment: string })
  | (Base & { type: 'case.settled' });

export const COLLECTION_STATUSES = ['awaiting_proposal', 'escalated', 'pending_decision', 'decided', 'closed'] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];

export interface CollectionStateMeta {
  status: CollectionStatus;
  labelZh: string;
  labelEn: string;
  /** Whose turn it is (null: nobody's; the case waits for the money). */
  role: 'sales' | 'sales_manager' | 'gm' | null;
  /** Which configured due time applies to the step waited for. */
  due: 'proposal' | 'decision' | null;
  /** The salesperson is reminded periodically while the case is in this state. */
  remind: boolean;
}

const may = (params: Permission) => ({ type: 'may', params }) as const;
/** Who proposes: the case's salesperson, or a sales manager (the API shows a case only to its own team's manager). */
const PROPOSE = may({ roles: ['sales', 'sales_manager'], self: 'ownerId', selfRoles: ['sales'] });
const proposed = {
  target: '#collection.open.pendingDecision',
  guard: PROPOSE,
  actions: 'propose',
} as const;

export const collectionMachine = setup({
  types: {
    context: {} as CollectionContext,
    events: {} as CollectionEvent,
    input: {} as { caseId: number; customerNo: string; currency: string; ownerId: string },
    meta: {} as CollectionStateMeta,
  },
  actions: {
    propose: assign({
      proposedBy: ({ event }) => event.actor.id,
      proposedRole: ({ event }) => event.actor.role,
      proposalKind: ({ event }) => (event.type === 'case.proposed' ? event.kind : undefined),
    }),
    /** The GM approved the proposal: the activity applies it by kind in the step's transaction. */
    applyProposal: () => undefined,
  },
  guards: {
    may: mayGuard<CollectionContext, CollectionEvent>({ wasEscalated: (c) => c.escalated }),
  },
}).createMachine({
  id: 'collection',
  initial: 'open',
  context: ({ input }) => ({ ...input, escalated: false, reminders: 0 }),
  states: {
    /** Money past due is unpaid; the case closes itself as soon as none is. */
    open: {
      initial: 'awaitingProposal',
      on: { 'case.settled': { target: 'closed', guard: may({ roles: ['system'] }) } },
      states: {
        /** The salesperson is reminded and is to propose; escalated when the proposal is late. */
        awaitingProposal: {
          meta: {
            status: 'awaiting_proposal',
            labelZh: '待業務員提出處理建議',
            labelEn: 'Awaiting the salesperson’s proposal',
            role: 'sales',
            due: 'proposal',
            remind: true,
          },
          on: {
            'case.reminded': {
              guard: may({ roles: ['system'] }),
              actions: assign({ reminders: ({ context }) => context.reminders + 1 }),
            },
            'case.escalated': {
              target: 'escalated',
              guard: may({ roles: ['system'] }),
              actions: assign({ escalated: true }),
            },
            'case.proposed': proposed,
          },
        },
        /** The sales manager has been told; the salesperson (or the manager) still proposes. */
        escalated: {
          meta: {
            status: 'escalated',
            labelZh: '已升級至業務經理',
            labelEn: 'Escalated to the sales manager',
            role: 'sales_manager',
            due: null,
            remind: true,
          },
          on: {
            'case.reminded': {
              guard: may({ roles: ['system'] }),
              actions: assign({ reminders: ({ context }) => context.reminders + 1 }),
            },
            'case.proposed': proposed,
          },
        },
        /** The GM decides on the proposal; whoever proposed it does not. */
        pendingDecision: {
          meta: {
            status: 'pending_decision',
            labelZh: '待總經理決定',
            labelEn: 'Awaiting the GM’s decision',
            role: 'gm',
            due: 'decision',
            remind: false,
          },
          on: {
            'case.approved': {
              target: 'decided',
              guard: may({ roles: ['gm'], notBy: ['proposedBy'] }),
              actions: [assign({ decidedBy: ({ event }) => event.actor.id }), 'applyProposal'],
            },
            'case.rejected': [
              {
                target: 'escalated',
                guard: may({ roles: ['gm'], notBy: ['proposedBy'], comment: true, when: 'wasEscalated' }),
                actions: assign({ decidedBy: ({ event }) => event.actor.id }),
              },
              {
                target: 'awaitingProposal',
                guard: may({ roles: ['gm'], notBy: ['proposedBy'], comment: true }),
                actions: assign({ decidedBy: ({ event }) => event.actor.id }),
              },
            ],
          },
        },
        /** The GM approved a course; the case waits for the money (a new proposal if the course fails). */
        decided: {
          meta: {
            status: 'decided',
            labelZh: '已決定，跟進收款',
            labelEn: 'Decided; following up',
            role: null,
            due: null,
            remind: false,
          },
          on: { 'case.proposed': proposed },
        },
      },
    },
    /** Nothing past due is unpaid any more. */
    closed: {
      type: 'final',
      meta: {
        status: 'closed',
        labelZh: '已結案（款項已收回）',
        labelEn: 'Closed (paid)',
        role: null,
        due: null,
        remind: false,
      },
    },
  },
});

export type CollectionSnapshot = ReturnType<typeof collectionMachine.resolveState>;
export const collectionStateOf = (s: CollectionSnapshot): CollectionStateMeta => metaOf<CollectionStateMeta>(s);
const BY_STATUS = metaByStatus<CollectionStateMeta>(collectionMachine);
/** The facts of a public status (label, role, due key). */
export const collectionStatusFacts = (status: CollectionStatus): CollectionStateMeta => BY_STATUS[status]!;

/**
 * The steps a person sends: `POST /collection-cases/{id}/{step}`. The approval applies the proposal for
 * good (a credit hold set, write-offs handed to the ledger): the desk asks to confirm it (`confirm`).
 */
export const COLLECTION_STEPS = [
  { step: 'propose', method: 'POST', event: 'case.proposed', labelZh: '提出處理建議', labelEn: 'Propose' },
  { step: 'approve', method: 'POST', event: 'case.approved', labelZh: '核准建議', labelEn: 'Approve', confirm: true },
  { step: 'reject', method: 'POST', event: 'case.rejected', labelZh: '駁回建議', labelEn: 'Reject' },
] as const satisfies readonly {
  step: string;
  method: 'POST' | 'PUT';
  event: CollectionEvent['type'];
  labelZh: string;
  labelEn: string;
  confirm?: boolean;
}[];
