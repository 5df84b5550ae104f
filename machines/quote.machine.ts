/**
 * Quote to contract (§3.3.4–§3.3.11, §3.2.4–§3.2.5): one quote from the salesperson's draft to a
 * signed, numbered contract and its cost accounting. Where a quote goes after each step is read here,
 * and so is everything else about a state: its public status and label, whose turn it is and the key
 * of its due time (`meta`), whether it expires at the quote's validity date (tag `expiring`). Each
 * transition carries its rule on its `may` guard (machines/permission.ts: roles, ownership,
 * segregation of duties, comment), and names the side effects the workflow runs for it (`EFFECTS`).
 *
 * Time: the workflow runs the due time of each state with a `due` key, and the expiry of every
 * `expiring` state, as durable timers, and sends `step.overdue` / `quote.expired` as the system actor.
 */
import { assign, setup } from 'xstate';
import { QUOTE_STATUSES, quoteStatusLabel, type Approval, type KeptApproval, type QuoteStatus } from '../domain/quote';
import { metaByStatus, metaOf, mayGuard, type Permission } from './permission';
import type { AnyActor, Role } from './roles';

export { QUOTE_STATUSES, type QuoteStatus };

export interface QuoteContext {
  quoteNo: string;
  /** The salesperson who drafted the quote and owns it. */
  ownerId: string;
  revision: number;
  /** The current revision was not submitted yet: editing its lines re-prices it in place. */
  revisionOpen: boolean;
  /** Some line is priced below the salesperson's price authority 「權限」. */
  needsPriceApproval: boolean;
  belowCost: boolean;
  /** The current step is past its due time. */
  overdue: boolean;
  priceApprovedBy?: string | undefined;
  commerceApprovedBy?: string | undefined;
  customerConfirmedBy?: string | undefined;
  budgetApprovedBy?: string | undefined;
  contractDraftedBy?: string | undefined;
  contractReviewedBy?: string | undefined;
  contractApprovedBy?: string | undefined;
  /** Approvals an amendment kept (its inputs unchanged): the chain skips their steps once. */
  kept: KeptApproval[];
}

interface Base {
  actor: AnyActor;
  comment?: string | undefined;
}
/** The outcome of pricing a revision, computed by an activity before the event is sent. */
interface Priced {
  needsPriceApproval: boolean;
  belowCost: boolean;
}

export type QuoteEvent =
  | (Base & Priced & { type: 'quote.revised' })
  | (Base & { type: 'quote.submitted' })
  | (Base & { type: 'price.approved' })
  | (Base & { type: 'price.returned'; comment: string })
  | (Base & { type: 'review.approved' })
  | (Base & { type: 'review.returned'; comment: string })
  | (Base & { type: 'customer.confirmed' })
  | (Base & { type: 'customer.refused'; comment: string })
  | (Base & { type: 'quote.withdrawn' })
  | (Base & { type: 'quote.cancelled'; comment: string })
  | (Base & Priced & { type: 'quote.amended'; comment: string; kept: KeptApproval[] })
  | (Base & { type: 'internal.submitted' })
  | (Base & { type: 'budget.approved' })
  | (Base & { type: 'budget.returned'; comment: string })
  | (Base & { type: 'contract.drafted' })
  | (Base & { type: 'contract.reviewed' })
  | (Base & { type: 'contract.returned'; comment: string })
  | (Base & { type: 'contract.approved' })
  | (Base & { type: 'contract.signed' })
  | (Base & { type: 'costs.recorded' })
  | (Base & { type: 'quote.expired' })
  | (Base & { type: 'step.overdue' });

export type QuoteEventType = QuoteEvent['type'];

/** What a state says about itself. */
export interface QuoteStateMeta {
  status: QuoteStatus;
  /** zh-Hant and English label of the status. */
  label: string;
  /** Role whose turn it is (null: nobody must act). */
  role: Role | null;
  /** Key of this step's due time (config `QUOTE_SLA_<KEY>`); absent: no due time. */
  due?: string;
}
/** `expiring`: the quote expires at its validity date in this state (before the customer confirms). */
export type QuoteTag = 'expiring';

/**
 * Side effects the workflow runs, in the activity's transaction, for the transition that names them
 * (as actions of the machine, returned by `transition()`).
 */
export const QUOTE_EFFECTS = [
  'createQuote',
  'saveRevision',
  'saveInternalQuote',
  'completeCustomerMaster',
  'writeSettlementBasis',
  'saveContractDraft',
  'recordContractApproval',
  'issueContractNo',
  'recordSignature',
  'markCustomerFormal',
  'writeCostAccounting',
  'keepApproval',
] as const;
export type QuoteEffect = (typeof QUOTE_EFFECTS)[number];
const effect = () => undefined;

const by = (e: QuoteEvent) => e.actor.id;
const may = (params: Permission) => ({ type: 'may', params }) as const;
const owner = { roles: ['sales'], self: 'ownerId' } as const satisfies Permission;
const MANAGERS = ['sales_manager', 'marketing_manager', 'gm'] as const;
/** The GM approving budget or contract reviewed nothing as commerce, and neither drafted nor reviewed the contract. */
const GM_INDEPENDENT = ['ownerId', 'commerceApprovedBy', 'contractDraftedBy', 'contractReviewedBy'] as const;
const returnTo = (target: string, roles: readonly Role[]) =>
  ({ guard: may({ roles, notBy: ['ownerId'], comment: true }), target, actions: ['onTime', 'forgetKept'] }) as const;
/** An approved, unnumbered quote can be amended: a new revision that re-enters review. */
const amend = {
  'quote.amended': [
    {
      guard: may({ ...owner, comment: true, when: 'amendmentNeedsPriceApproval' }),
      target: '#pendingPriceApproval',
      actions: ['revise', 'resetApprovals', 'onTime', 'saveRevision'],
    },
    {
      guard: may({ ...owner, comment: true }),
      target: '#commerceReview',
      actions: ['revise', 'resetApprovals', 'onTime', 'saveRevision'],
    },
  ],
} as const;
/** An approval the amendment kept: its step is passed, and recorded as kept. */
const skipIfKept = (approval: KeptApproval, target: string) => ({
  always: {
    guard: { type: 'isKept', params: { approval } } as const,
    target,
    actions: [
      { type: 'keepApproval', params: { approval } } as const,
      { type: 'dropKept', params: { approval } } as const,
    ],
  },
});

export const quoteMachine = setup({
  types: {
    context: {} as QuoteContext,
    events: {} as QuoteEvent,
    input: {} as { quoteNo: string; ownerId: string; needsPriceApproval: boolean; belowCost: boolean },
    meta: {} as QuoteStateMeta,
    tags: {} as QuoteTag,
  },
  actions: {
    /** A new pricing: remember its outcome; a new revision unless the current one is still open (draft edit). */
    revise: assign(({ context, event }) => {
      if (event.type !== 'quote.revised' && event.type !== 'quote.amended') return {};
      const next = event.type === 'quote.amended' || !context.revisionOpen;
      return {
        needsPriceApproval: event.needsPriceApproval,
        belowCost: event.belowCost,
        revision: next ? context.revision + 1 : context.revision,
        revisionOpen: event.type === 'quote.revised',
        kept: event.type === 'quote.amended' ? event.kept : [],
      };
    }),
    /** A submitted revision is closed: re-pricing it after a return makes the next revision. */
    closeRevision: assign({ revisionOpen: false }),
    /** A new round of approvals: approvers are forgotten, except those of the approvals the amendment kept. */
    resetApprovals: assign(({ event }) => {
      const kept = event.type === 'quote.amended' ? event.kept : [];
      return {
        priceApprovedBy: undefined,
        commerceApprovedBy: undefined,
        contractApprovedBy: undefined,
        ...(kept.includes('customer.confirmed') ? {} : { customerConfirmedBy: undefined }),
        ...(kept.includes('budget.approved') ? {} : { budgetApprovedBy: undefined }),
        ...(kept.includes('contract.reviewed') ? {} : { contractDraftedBy: undefined, contractReviewedBy: undefined }),
      };
    }),
    dropKept: assign(({ context }, p: { approval: KeptApproval }) => ({
      kept: context.kept.filter((k) => k !== p.approval),
    })),
    /** A return starts the loop again: nothing is skipped any more. */
    forgetKept: assign({ kept: [] }),
    /** A new step starts on time. */
    onTime: assign({ overdue: false }),
    markOverdue: assign({ overdue: true }),
    saveRevision: effect,
    saveInternalQuote: effect,
    completeCustomerMaster: effect,
    writeSettlementBasis: effect,
    saveContractDraft: effect,
    recordContractApproval: effect,
    issueContractNo: effect,
    recordSignature: effect,
    markCustomerFormal: effect,
    writeCostAccounting: effect,
    keepApproval: (_: unknown, _p: { approval: KeptApproval }) => undefined,
  },
  guards: {
    may: mayGuard<QuoteContext, QuoteEvent>({
      needsPriceApproval: (context) => context.needsPriceApproval,
      amendmentNeedsPriceApproval: (_, event) => event.type === 'quote.amended' && event.needsPriceApproval,
    }),
    isKept: ({ context }, p: { approval: KeptApproval }) => context.kept.includes(p.approval),
  },
}).createMachine({
  id: 'quote',
  initial: 'open',
  context: ({ input }) => ({
    quoteNo: input.quoteNo,
    ownerId: input.ownerId,
    revision: 1,
    revisionOpen: true,
    needsPriceApproval: input.needsPriceApproval,
    belowCost: input.belowCost,
    overdue: false,
    kept: [],
  }),
  states: {
    /** Every open state before signature can be cancelled (with a reason) and can run overdue. */
    open: {
      initial: 'beforeConfirmation',
      on: {
        'quote.cancelled': { guard: may({ roles: MANAGERS, comment: true }), target: '#cancelled' },
        'step.overdue': { guard: may({ roles: ['system'] }), actions: 'markOverdue' },
      },
      states: {
        /** Before the customer confirms: the salesperson may withdraw, and the quote expires at its validity date. */
        beforeConfirmation: {
          initial: 'draft',
          tags: ['expiring'],
          on: {
            'quote.withdrawn': { guard: may(owner), target: '#withdrawn' },
            'quote.expired': { guard: may({ roles: ['system'] }), target: '#expired' },
          },
          states: {
            /** 初始報價: the salesperson edits lines and submits. */
            draft: {
              id: 'draft',
              meta: { status: 'draft', label: quoteStatusLabel('draft'), role: 'sales' },
              on: {
                'quote.revised': { guard: may(owner), actions: ['revise', 'saveRevision'] },
                'quote.submitted': [
                  {
                    guard: may({ ...owner, when: 'needsPriceApproval' }),
                    target: '#pendingPriceApproval',
                    actions: ['onTime', 'closeRevision'],
                  },
                  { guard: may(owner), target: '#commerceReview', actions: ['onTime', 'closeRevision'] },
                ],
              },
            },
            /** Below the salesperson's price authority: the marketing manager decides first. */
            pendingPriceApproval: {
              id: 'pendingPriceApproval',
              meta: {
                status: 'pending_price_approval',
                label: quoteStatusLabel('pending_price_approval'),
                role: 'marketing_manager',
                due: 'price_approval',
              },
              on: {
                'price.approved': {
                  guard: may({ roles: ['marketing_manager'], notBy: ['ownerId'] }),
                  target: '#commerceReview',
                  actions: [assign({ priceApprovedBy: ({ event }) => by(event) }), 'onTime'],
                },
                'price.returned': returnTo('#draft', ['marketing_manager']),
              },
            },
            /** 商務審核: commerce compares with the tariff and the customer's record. */
            commerceReview: {
              id: 'commerceReview',
              meta: {
                status: 'commerce_review',
                label: quoteStatusLabel('commerce_review'),
                role: 'commerce',
                due: 'commerce_review',
              },
              on: {
                'review.approved': {
                  guard: may({ roles: ['commerce'], notBy: ['ownerId'] }),
                  target: '#awaitingCustomer',
                  actions: [assign({ commerceApprovedBy: ({ event }) => by(event) }), 'onTime'],
                },
                'review.returned': returnTo('#draft', ['commerce']),
              },
            },
            /** The quote sheet is printable; the salesperson records the customer's answer. */
            awaitingCustomer: {
              id: 'awaitingCustomer',
              meta: { status: 'awaiting_customer', label: quoteStatusLabel('awaiting_customer'), role: 'sales' },
              ...skipIfKept('customer.confirmed', '#internalQuote'),
              on: {
                ...amend,
                'customer.confirmed': {
                  guard: may(owner),
                  target: '#internalQuote',
                  actions: [assign({ customerConfirmedBy: ({ event }) => by(event) }), 'onTime'],
                },
                'customer.refused': { guard: may({ ...owner, comment: true }), target: '#refused' },
              },
            },
          },
        },
        /** Confirmed by the customer, not yet numbered: an amendment re-enters review. */
        confirmed: {
          initial: 'internalQuote',
          on: { ...amend },
          states: {
            /** 內部報價: commerce completes master data and enters the fee items; the cost budget is generated. */
            internalQuote: {
              id: 'internalQuote',
              meta: {
                status: 'internal_quote',
                label: quoteStatusLabel('internal_quote'),
                role: 'commerce',
                due: 'internal_quote',
              },
              ...skipIfKept('budget.approved', '#contractDrafting'),
              on: {
                'internal.submitted': {
                  guard: may({ roles: ['commerce'], notBy: ['ownerId'] }),
                  target: '#budgetReview',
                  actions: ['onTime', 'saveInternalQuote', 'completeCustomerMaster'],
                },
              },
            },
            /** 成本預算表: the GM approves the generated budget or returns it to commerce. */
            budgetReview: {
              id: 'budgetReview',
              meta: {
                status: 'budget_review',
                label: quoteStatusLabel('budget_review'),
                role: 'gm',
                due: 'budget_review',
              },
              on: {
                'budget.approved': {
                  guard: may({ roles: ['gm'], notBy: GM_INDEPENDENT }),
                  target: '#contractDrafting',
                  actions: [assign({ budgetApprovedBy: ({ event }) => by(event) }), 'onTime', 'writeSettlementBasis'],
                },
                'budget.returned': returnTo('#internalQuote', ['gm']),
              },
            },
            /** 合同書: commerce edits the contract from the standard terms. */
            contractDrafting: {
              id: 'contractDrafting',
              meta: {
                status: 'contract_drafting',
                label: quoteStatusLabel('contract_drafting'),
                role: 'commerce',
                due: 'contract_drafting',
              },
              ...skipIfKept('contract.reviewed', '#contractApproval'),
              on: {
                'contract.drafted': {
                  guard: may({ roles: ['commerce'], notBy: ['ownerId'] }),
                  target: '#contractReview',
                  actions: [assign({ contractDraftedBy: ({ event }) => by(event) }), 'onTime', 'saveContractDraft'],
                },
              },
            },
            /** The marketing manager reviews the contract; they neither drafted it nor approved the budget. */
            contractReview: {
              id: 'contractReview',
              meta: {
                status: 'contract_review',
                label: quoteStatusLabel('contract_review'),
                role: 'marketing_manager',
                due: 'contract_review',
              },
              on: {
                'contract.reviewed': {
                  guard: may({
                    roles: ['marketing_manager'],
                    notBy: ['ownerId', 'contractDraftedBy', 'budgetApprovedBy'],
                  }),
                  target: '#contractApproval',
                  actions: [
                    assign({ contractReviewedBy: ({ event }) => by(event) }),
                    'onTime',
                    'recordContractApproval',
                  ],
                },
                'contract.returned': returnTo('#contractDrafting', ['marketing_manager']),
              },
            },
            /** The GM approves contract and budget together; the system then issues the contract number. */
            contractApproval: {
              id: 'contractApproval',
              meta: {
                status: 'contract_approval',
                label: quoteStatusLabel('contract_approval'),
                role: 'gm',
                due: 'contract_approval',
              },
              on: {
                'contract.approved': {
                  guard: may({ roles: ['gm'], notBy: GM_INDEPENDENT }),
                  target: '#contractIssued',
                  actions: [
                    assign({ contractApprovedBy: ({ event }) => by(event) }),
                    'onTime',
                    'recordContractApproval',
                    'issueContractNo',
                  ],
                },
                'contract.returned': returnTo('#contractDrafting', ['gm']),
              },
            },
          },
        },
        /** Numbered and printable; waiting for the customer's signature (recorded by the salesperson or commerce). */
        contractIssued: {
          id: 'contractIssued',
          meta: { status: 'contract_issued', label: quoteStatusLabel('contract_issued'), role: 'sales' },
          on: {
            'contract.signed': {
              guard: may({ roles: ['sales', 'commerce'], self: 'ownerId', selfRoles: ['sales'] }),
              target: '#signed',
              actions: ['recordSignature', 'markCustomerFormal'],
            },
          },
        },
      },
    },
    /** Signed: the customer is formal 「正式」; settlement enters actual costs after the service. */
    signed: {
      id: 'signed',
      meta: { status: 'signed', label: quoteStatusLabel('signed'), role: 'settlement' },
      on: {
        'costs.recorded': { guard: may({ roles: ['settlement'] }), target: '#costed', actions: 'writeCostAccounting' },
      },
    },
    /** 成本核算 done: the actual-vs-budget sheet went to the GM. */
    costed: { id: 'costed', type: 'final', meta: { status: 'costed', label: quoteStatusLabel('costed'), role: null } },
    refused: {
      id: 'refused',
      type: 'final',
      meta: { status: 'refused', label: quoteStatusLabel('refused'), role: null },
    },
    expired: {
      id: 'expired',
      type: 'final',
      meta: { status: 'expired', label: quoteStatusLabel('expired'), role: null },
    },
    withdrawn: {
      id: 'withdrawn',
      type: 'final',
      meta: { status: 'withdrawn', label: quoteStatusLabel('withdrawn'), role: null },
    },
    cancelled: {
      id: 'cancelled',
      type: 'final',
      meta: { status: 'cancelled', label: quoteStatusLabel('cancelled'), role: null },
    },
  },
});

export type QuoteSnapshot = ReturnType<typeof quoteMachine.resolveState>;

/** The facts of the snapshot's state: status, label, whose turn, due-time key. */
export const quoteStateOf = (s: QuoteSnapshot): QuoteStateMeta => metaOf<QuoteStateMeta>(s);

const BY_STATUS = metaByStatus<QuoteStateMeta>(quoteMachine);
/** The facts of a public status (as stored in the read model), read from the machine's states. */
export const quoteStatusFacts = (status: QuoteStatus): QuoteStateMeta => BY_STATUS[status]!;

/** Side effects named by the actions `transition()` returned, in order (params kept). */
export function quoteEffectsOf(
  actions: readonly { type: string; params?: unknown }[],
): { type: QuoteEffect; params?: unknown }[] {
  return actions
    .filter((a) => (QUOTE_EFFECTS as readonly string[]).includes(a.type))
    .map((a) => ({ type: a.type as QuoteEffect, ...(a.params ? { params: a.params } : {}) }));
}

/** The approvals the quote holds now (granted since the last amendment, or kept by it), by their events. */
export function grantedApprovals(c: QuoteContext): Approval[] {
  const held: [Approval, string | undefined][] = [
    ['price.approved', c.priceApprovedBy],
    ['review.approved', c.commerceApprovedBy],
    ['customer.confirmed', c.customerConfirmedBy],
    ['budget.approved', c.budgetApprovedBy],
    ['contract.reviewed', c.contractReviewedBy],
    ['contract.approved', c.contractApprovedBy],
  ];
  return held.filter(([, by]) => by !== undefined).map(([a]) => a);
}

/**
 * A step as the machine judges it before its revision is priced (validator, `actions`): either pricing
 * outcome is acceptable to the guards, so the neutral one stands in.
 */
export function judgedQuoteEvent(e: { type: string; actor: AnyActor; comment?: string | undefined }): QuoteEvent {
  if (e.type === 'quote.revised') return { ...e, type: 'quote.revised', needsPriceApproval: false, belowCost: false };
  if (e.type === 'quote.amended')
    return {
      ...e,
      type: 'quote.amended',
      comment: e.comment ?? '',
      needsPriceApproval: false,
      belowCost: false,
      kept: [],
    };
  return e as QuoteEvent;
}
