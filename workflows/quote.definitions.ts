/** Messages of the quote workflow, shared by the workflow and its clients (API, tests). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../machines/roles';
import type { QuoteEvent, QuoteStatus } from '../machines/quote.machine';
import type { ActualCost, FeeItem, QuoteLineInput } from '../lib/pricing';
import type { ClauseChange, ProjectData } from '../db/quote.table';

export interface QuoteWorkflowInput {
  quoteNo: string;
  customerNo: string;
  ownerId: string;
  tariffVersionNo: number;
  validUntil: string;
  /** When the quote expires if the customer has not confirmed (ISO instant). */
  expiresAt: string;
  lines: QuoteLineInput[];
  actor: Actor;
  idempotencyKey: string;
  /** Due time of each human step in milliseconds, by step key (QUOTE_STEP_DUE). */
  sla: Record<string, number>;
}

/** Customer master data commerce completes with the internal quote. */
export interface CustomerMasterPatch {
  industry?: string | undefined;
  creditStanding?: string | undefined;
  paymentTerms?: string | undefined;
}

type Priced = 'needsPriceApproval' | 'belowCost';
/** An event as a client sends it: the pricing outcome of a revision is the workflow's to add. */
export type QuoteStepEvent = QuoteEvent extends infer E ? (E extends { type: 'quote.revised' | 'quote.amended' } ? Omit<E, Priced> : E) : never;

export interface QuoteCommand {
  event: QuoteStepEvent;
  idempotencyKey: string;
  /** quote.revised, quote.amended */
  lines?: QuoteLineInput[];
  validUntil?: string;
  expiresAt?: string;
  /** internal.submitted */
  internal?: { feeItems: FeeItem[]; project: ProjectData; customer?: CustomerMasterPatch };
  /** contract.drafted */
  contract?: { clauseChanges: ClauseChange[] };
  /** contract.signed */
  signedOn?: string;
  /** costs.recorded */
  actuals?: ActualCost[];
}

export interface QuoteView {
  quoteNo: string;
  status: QuoteStatus;
  pendingRole: string | null;
  revision: number;
  needsPriceApproval: boolean;
  belowCost: boolean;
  overdue: boolean;
  dueAt: string | null;
  expiresAt: string;
  contractNo: string | null;
}

export const quoteStepUpdate = defineUpdate<QuoteView, [QuoteCommand]>('quote.step');
export const quoteViewUpdate = defineUpdate<QuoteView>('quote.view');
export const quoteStatusQuery = defineQuery<QuoteView>('quote.status');

export type QuoteWorkflow = (input: QuoteWorkflowInput) => Promise<QuoteView>;
