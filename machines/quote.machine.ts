/**
 * Quote to contract (§3.3.4–§3.3.11, §3.2.4–§3.2.5): one quote from the salesperson's draft to a
 * signed, numbered contract and its cost accounting. Where a quote goes after each step is read here.
 *
 * Time: each human state has a due time (QUOTE_STEP_DUE, durations from config) and the states before
 * the customer's confirmation expire at the quote's validity date. The workflow runs those as durable
 * timers and sends `step.overdue` / `quote.expired` here.
 */
import { and, assign, or, setup } from 'xstate';
import type { Actor, Role } from './roles';

export interface QuoteContext {
  quoteNo: string;
  /** The salesperson who drafted the quote and owns it. */
  ownerId: string;
  revision: number;
  /** Some line is priced below the salesperson's price authority 「權限」. */
  needsPriceApproval: boolean;
  belowCost: boolean;
  /** The current step is past its due time. */
  overdue: boolean;
  priceApprovedBy?: string | undefined;
  commerceApprovedBy?: string | undefined;
  budgetApprovedBy?: string | undefined;
  contractDraftedBy?: string | undefined;
  contractReviewedBy?: string | undefined;
  contractApprovedBy?: string | undefined;
}

interface Base {
  actor: Actor;
  comment?: string;
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
  | (Base & Priced & { type: 'quote.amended'; comment: string })
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

export const QUOTE_STATUSES = [
  'draft',
  'pending_price_approval',
  'commerce_review',
  'awaiting_customer',
  'internal_quote',
  'budget_review',
  'contract_drafting',
  'contract_review',
  'contract_approval',
  'contract_issued',
  'signed',
  'costed',
  'refused',
  'expired',
  'withdrawn',
  'cancelled',
] as const;
/** Public status of a quote. */
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: '草稿 draft',
  pending_price_approval: '待價格審批 price approval',
  commerce_review: '商務審核 commerce review',
  awaiting_customer: '待客戶確認 awaiting customer',
  internal_quote: '內部報價 internal quote',
  budget_review: '成本預算審批 cost budget review',
  contract_drafting: '合同編輯 contract drafting',
  contract_review: '合同審核 contract review',
  contract_approval: '合同審批 contract approval',
  contract_issued: '合同已編號 contract issued',
  signed: '已簽約 signed',
  costed: '已成本核算 costed',
  refused: '客戶拒絕 refused',
  expired: '已過期 expired',
  withdrawn: '已撤回 withdrawn',
  cancelled: '已取消 cancelled',
};

/** Role whose turn it is in each status (null: nobody must act). */
export const QUOTE_PENDING_ROLE: Record<QuoteStatus, Role | null> = {
  draft: 'sales',
  pending_price_approval: 'marketing_manager',
  commerce_review: 'commerce',
  awaiting_customer: 'sales',
  internal_quote: 'commerce',
  budget_review: 'gm',
  contract_drafting: 'commerce',
  contract_review: 'marketing_manager',
  contract_approval: 'gm',
  contract_issued: 'sales',
  signed: 'settlement',
  costed: null,
  refused: null,
  expired: null,
  withdrawn: null,
  cancelled: null,
};

/** Who may send each event; the guards add ownership and segregation of duties. `system` events come from timers. */
export const QUOTE_EVENT_ROLES: Record<QuoteEventType, readonly (Role | 'system')[]> = {
  'quote.revised': ['sales'],
  'quote.submitted': ['sales'],
  'price.approved': ['marketing_manager'],
  'price.returned': ['marketing_manager'],
  'review.approved': ['commerce'],
  'review.returned': ['commerce'],
  'customer.confirmed': ['sales'],
  'customer.refused': ['sales'],
  'quote.withdrawn': ['sales'],
  'quote.cancelled': ['sales_manager', 'marketing_manager', 'gm'],
  'quote.amended': ['sales'],
  'internal.submitted': ['commerce'],
  'budget.approved': ['gm'],
  'budget.returned': ['gm'],
  'contract.drafted': ['commerce'],
  'contract.reviewed': ['marketing_manager'],
  'contract.returned': ['marketing_manager', 'gm'],
  'contract.approved': ['gm'],
  'contract.signed': ['sales', 'commerce'],
  'costs.recorded': ['settlement'],
  'quote.expired': ['system'],
  'step.overdue': ['system'],
};

export const QUOTE_COMMENT_REQUIRED: readonly QuoteEventType[] = [
  'price.returned',
  'review.returned',
  'customer.refused',
  'quote.cancelled',
  'quote.amended',
  'budget.returned',
  'contract.returned',
];

/** Status → the step key whose due time applies (config `QUOTE_SLA_<KEY>`). */
export const QUOTE_STEP_DUE: Partial<Record<QuoteStatus, string>> = {
  pending_price_approval: 'price_approval',
  commerce_review: 'commerce_review',
  internal_quote: 'internal_quote',
  budget_review: 'budget_review',
  contract_drafting: 'contract_drafting',
  contract_review: 'contract_review',
  contract_approval: 'contract_approval',
};

/** Statuses in which the quote expires at its validity date (before the customer confirms). */
export const QUOTE_EXPIRING: readonly QuoteStatus[] = ['draft', 'pending_price_approval', 'commerce_review', 'awaiting_customer'];

const by = (e: QuoteEvent) => e.actor.id;
/** Every open state before signature can be cancelled and can run overdue; approved, unnumbered quotes can be amended. */
const openStep = {
  'quote.cancelled': { guard: 'mayCancel', target: '#quote.cancelled' },
  // Open states only: a finished quote has no due time to miss.
  'step.overdue': { guard: 'isSystem', actions: 'markOverdue' },
} as const;
const amend = {
  'quote.amended': [
    { guard: and(['isOwner', 'hasComment', 'amendmentNeedsPriceApproval']), target: '#quote.pendingPriceApproval', actions: ['revise', 'resetApprovals', 'onTime'] },
    { guard: and(['isOwner', 'hasComment']), target: '#quote.commerceReview', actions: ['revise', 'resetApprovals', 'onTime'] },
  ],
} as const;

export const quoteMachine = setup({
  types: {
    context: {} as QuoteContext,
    events: {} as QuoteEvent,
    input: {} as { quoteNo: string; ownerId: string; needsPriceApproval: boolean; belowCost: boolean },
  },
  actions: {
    /** A new revision was priced: remember whether it needs price approval or is below cost. */
    revise: assign(({ context, event }) => {
      if (event.type !== 'quote.revised' && event.type !== 'quote.amended') return {};
      return {
        needsPriceApproval: event.needsPriceApproval,
        belowCost: event.belowCost,
        revision: event.type === 'quote.amended' ? context.revision + 1 : context.revision,
      };
    }),
    /** A new round of approvals: earlier approvers are forgotten. */
    resetApprovals: assign({
      priceApprovedBy: undefined,
      commerceApprovedBy: undefined,
      budgetApprovedBy: undefined,
      contractDraftedBy: undefined,
      contractReviewedBy: undefined,
      contractApprovedBy: undefined,
    }),
    /** A new step starts on time. */
    onTime: assign({ overdue: false }),
    markOverdue: assign({ overdue: true }),
  },
  guards: {
    /** The quote's own salesperson acts. */
    isOwner: ({ context, event }) => event.actor.role === 'sales' && by(event) === context.ownerId,
    isSystem: ({ event }) => event.actor.role === ('system' as Role),
    /** Whoever drafted the quote approves no step of it. */
    notOwner: ({ context, event }) => by(event) !== context.ownerId,
    hasComment: ({ event }) => Boolean(event.comment?.trim()),
    needsPriceApproval: ({ context }) => context.needsPriceApproval,
    amendmentNeedsPriceApproval: ({ event }) => event.type === 'quote.amended' && event.needsPriceApproval,
    isMarketingManager: ({ event }) => event.actor.role === 'marketing_manager',
    isCommerce: ({ event }) => event.actor.role === 'commerce',
    isGm: ({ event }) => event.actor.role === 'gm',
    isSettlement: ({ event }) => event.actor.role === 'settlement',
    /** One person cannot both review as commerce (or draft the contract) and approve as GM. */
    gmIsIndependent: ({ context, event }) =>
      by(event) !== context.commerceApprovedBy && by(event) !== context.contractDraftedBy && by(event) !== context.contractReviewedBy,
    /** A sales manager, the marketing manager or the GM cancels, with a reason. */
    mayCancel: ({ event }) => ['sales_manager', 'marketing_manager', 'gm'].includes(event.actor.role) && Boolean(event.comment?.trim()),
    /** The marketing manager reviewing a contract neither drafted it nor approved the budget (e.g. as a delegate). */
    reviewerIsIndependent: ({ context, event }) => by(event) !== context.contractDraftedBy && by(event) !== context.budgetApprovedBy,
  },
}).createMachine({
  id: 'quote',
  initial: 'draft',
  context: ({ input }) => ({
    quoteNo: input.quoteNo,
    ownerId: input.ownerId,
    revision: 1,
    needsPriceApproval: input.needsPriceApproval,
    belowCost: input.belowCost,
    overdue: false,
  }),
  states: {
    /** 初始報價: the salesperson edits lines and submits. */
    draft: {
      on: {
        ...openStep,
        'quote.revised': { guard: 'isOwner', actions: 'revise' },
        'quote.submitted': [
          { guard: and(['isOwner', 'needsPriceApproval']), target: 'pendingPriceApproval', actions: 'onTime' },
          { guard: 'isOwner', target: 'commerceReview', actions: 'onTime' },
        ],
        'quote.withdrawn': { guard: 'isOwner', target: 'withdrawn' },
        'quote.expired': { guard: 'isSystem', target: 'expired' },
      },
    },
    /** Below the salesperson's price authority: the marketing manager decides first. */
    pendingPriceApproval: {
      on: {
        ...openStep,
        'price.approved': {
          guard: and(['isMarketingManager', 'notOwner']),
          target: 'commerceReview',
          actions: [assign({ priceApprovedBy: ({ event }) => by(event) }), 'onTime'],
        },
        'price.returned': {
          guard: and(['isMarketingManager', 'notOwner', 'hasComment']),
          target: 'draft',
          actions: 'onTime',
        },
        'quote.withdrawn': { guard: 'isOwner', target: 'withdrawn' },
        'quote.expired': { guard: 'isSystem', target: 'expired' },
      },
    },
    /** 商務審核: commerce compares with the tariff and the customer's record. */
    commerceReview: {
      on: {
        ...openStep,
        'review.approved': {
          guard: and(['isCommerce', 'notOwner']),
          target: 'awaitingCustomer',
          actions: [assign({ commerceApprovedBy: ({ event }) => by(event) }), 'onTime'],
        },
        'review.returned': {
          guard: and(['isCommerce', 'notOwner', 'hasComment']),
          target: 'draft',
          actions: 'onTime',
        },
        'quote.withdrawn': { guard: 'isOwner', target: 'withdrawn' },
        'quote.expired': { guard: 'isSystem', target: 'expired' },
      },
    },
    /** The quote sheet is printable; the salesperson records the customer's answer. */
    awaitingCustomer: {
      on: {
        ...openStep,
        ...amend,
        'customer.confirmed': { guard: 'isOwner', target: 'internalQuote', actions: 'onTime' },
        'customer.refused': { guard: and(['isOwner', 'hasComment']), target: 'refused' },
        'quote.withdrawn': { guard: 'isOwner', target: 'withdrawn' },
        'quote.expired': { guard: 'isSystem', target: 'expired' },
      },
    },
    /** 內部報價: commerce completes master data and enters the fee items; the cost budget is generated. */
    internalQuote: {
      on: {
        ...openStep,
        ...amend,
        'internal.submitted': {
          guard: and(['isCommerce', 'notOwner']),
          target: 'budgetReview',
          actions: 'onTime',
        },
      },
    },
    /** 成本預算表: the GM approves the generated budget or returns it to commerce. */
    budgetReview: {
      on: {
        ...openStep,
        ...amend,
        'budget.approved': {
          guard: and(['isGm', 'notOwner', 'gmIsIndependent']),
          target: 'contractDrafting',
          actions: [assign({ budgetApprovedBy: ({ event }) => by(event) }), 'onTime'],
        },
        'budget.returned': {
          guard: and(['isGm', 'notOwner', 'hasComment']),
          target: 'internalQuote',
          actions: 'onTime',
        },
      },
    },
    /** 合同書: commerce edits the contract from the standard terms. */
    contractDrafting: {
      on: {
        ...openStep,
        ...amend,
        'contract.drafted': {
          guard: and(['isCommerce', 'notOwner']),
          target: 'contractReview',
          actions: [assign({ contractDraftedBy: ({ event }) => by(event) }), 'onTime'],
        },
      },
    },
    /** The marketing manager reviews the contract. */
    contractReview: {
      on: {
        ...openStep,
        ...amend,
        'contract.reviewed': {
          guard: and(['isMarketingManager', 'notOwner', 'reviewerIsIndependent']),
          target: 'contractApproval',
          actions: [assign({ contractReviewedBy: ({ event }) => by(event) }), 'onTime'],
        },
        'contract.returned': {
          guard: and(['isMarketingManager', 'notOwner', 'hasComment']),
          target: 'contractDrafting',
          actions: 'onTime',
        },
      },
    },
    /** The GM approves contract and budget together; the system then issues the contract number. */
    contractApproval: {
      on: {
        ...openStep,
        ...amend,
        'contract.approved': {
          guard: and(['isGm', 'notOwner', 'gmIsIndependent']),
          target: 'contractIssued',
          actions: [assign({ contractApprovedBy: ({ event }) => by(event) }), 'onTime'],
        },
        'contract.returned': {
          guard: and(['isGm', 'notOwner', 'hasComment']),
          target: 'contractDrafting',
          actions: 'onTime',
        },
      },
    },
    /** Numbered and printable; waiting for the customer's signature. */
    contractIssued: {
      on: {
        ...openStep,
        'contract.signed': { guard: or(['isOwner', 'isCommerce']), target: 'signed' },
      },
    },
    /** Signed: the customer is formal 「正式」; settlement enters actual costs after the service. */
    signed: {
      on: {
        'costs.recorded': { guard: 'isSettlement', target: 'costed' },
      },
    },
    /** 成本核算 done: the actual-vs-budget sheet went to the GM. */
    costed: { type: 'final' },
    refused: { type: 'final' },
    expired: { type: 'final' },
    withdrawn: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

export const QUOTE_STATUS_OF: Record<string, QuoteStatus> = {
  draft: 'draft',
  pendingPriceApproval: 'pending_price_approval',
  commerceReview: 'commerce_review',
  awaitingCustomer: 'awaiting_customer',
  internalQuote: 'internal_quote',
  budgetReview: 'budget_review',
  contractDrafting: 'contract_drafting',
  contractReview: 'contract_review',
  contractApproval: 'contract_approval',
  contractIssued: 'contract_issued',
  signed: 'signed',
  costed: 'costed',
  refused: 'refused',
  expired: 'expired',
  withdrawn: 'withdrawn',
  cancelled: 'cancelled',
};
