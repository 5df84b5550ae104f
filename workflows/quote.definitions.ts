/** Update and Query names of the quote workflow; the message types live in domain/quote.ts. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { QuoteCommand, QuoteView, QuoteWorkflowInput } from '../domain/quote';

export type { QuoteCommand, QuoteView, QuoteWorkflowInput };

export const quoteStepUpdate = defineUpdate<QuoteView, [QuoteCommand]>('quote.step');
export const quoteViewUpdate = defineUpdate<QuoteView>('quote.view');
export const quoteStatusQuery = defineQuery<QuoteView>('quote.status');

export type QuoteWorkflow = (input: QuoteWorkflowInput) => Promise<QuoteView>;
