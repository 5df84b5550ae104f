/**
 * Every step of the quote chain as `POST /quotes/:quoteNo/<step>` (and `PUT …/lines` for editing a
 * draft): checks who may act (own role or a delegation), then sends the machine event as an Update.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endOfBusinessDay, businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { stateLabel } from '../../domain/labels';
import { actualCostProblems, quoteLineProblems, refuseProblems } from '../../lib/pricing';
import { findInternalQuote } from '../../db/quote.repository';
import { findTariffLines, fromLineRow } from '../../db/tariff.repository';
import {
  QUOTE_STEPS,
  quoteValidUntilProblem,
  type QuoteCommand,
  type QuoteStepSpec,
  type RepricePayload,
} from '../../domain/quote';
import { eventRoles, REFUSAL_TEXT } from '../../machines/permission';
import { quoteMachine, quoteStatusFacts } from '../../machines/quote.machine';
import { quoteWorkflowId } from '../../workflows/ids';
import { quoteStepUpdate } from '../../workflows/quote.definitions';
import { resolveActor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { commentBody, errorResponses, requiredCommentBody } from '../schemas';
import { sendStep } from '../steps';
import {
  ActualsBody,
  AmendQuoteBody,
  ContractDraftBody,
  InternalQuoteBody,
  QuoteDetail,
  QuoteParams,
  ReviseQuoteBody,
  SignBody,
} from './schemas';
import { loadQuote, quoteDetail, refuseUnquotable } from './views';
import { notFuture } from '../receivables/entries';

interface Step {
  event: QuoteStepSpec['event'];
  summary: string;
  body: z.ZodType;
  /** The step's own payload of the command (domain/quote.ts QuoteStepPayloads), from the body. */
  payload?: (body: any) => object;
}

const withValidity = (b: { lines: RepricePayload['lines']; validUntil?: string }): RepricePayload => {
  if (b.validUntil && quoteValidUntilProblem(b.validUntil, businessToday())) {
    throw new AppError('unprocessable', REFUSAL_TEXT.inPast('報價有效期至', 'validUntil'), {
      fields: [{ path: 'body.validUntil', message: 'in the past' }],
    });
  }
  return {
    lines: b.lines,
    ...(b.validUntil ? { validUntil: b.validUntil, expiresAt: endOfBusinessDay(b.validUntil) } : {}),
  };
};

/** Route details of each step; the step list itself (segment, method, event, labels) is QUOTE_STEPS. */
const ROUTES: Record<QuoteStepSpec['step'], Step> = {
  lines: {
    event: 'quote.revised',
    summary:
      'Edit the lines of a draft (its salesperson); re-priced against the tariff — after a return, as the next revision',
    body: ReviseQuoteBody,
    payload: withValidity,
  },
  submit: {
    event: 'quote.submitted',
    summary: 'Submit for review: to commerce, or first to the marketing manager when below price authority',
    body: commentBody,
  },
  'price-approve': {
    event: 'price.approved',
    summary: 'Approve prices below the salesperson’s authority (marketing manager)',
    body: commentBody,
  },
  'price-return': {
    event: 'price.returned',
    summary: 'Return to the salesperson with a comment (marketing manager)',
    body: requiredCommentBody,
  },
  approve: {
    event: 'review.approved',
    summary: 'Commerce review 「商務審核」: approve; the quote sheet becomes printable',
    body: commentBody,
  },
  return: {
    event: 'review.returned',
    summary: 'Commerce review: return with a comment; the salesperson revises',
    body: requiredCommentBody,
  },
  confirm: {
    event: 'customer.confirmed',
    summary: 'Record the customer’s confirmation (its salesperson)',
    body: commentBody,
  },
  refuse: {
    event: 'customer.refused',
    summary: 'Record the customer’s refusal with the reason (its salesperson)',
    body: requiredCommentBody,
  },
  withdraw: {
    event: 'quote.withdrawn',
    summary: 'Withdraw before the customer confirms (its salesperson)',
    body: commentBody,
  },
  cancel: {
    event: 'quote.cancelled',
    summary: 'Cancel with a reason (sales manager, marketing manager or GM)',
    body: requiredCommentBody,
  },
  amend: {
    event: 'quote.amended',
    summary: 'Amend an approved, unsigned quote: a new revision; approvals whose inputs did not change are kept',
    body: AmendQuoteBody,
    payload: withValidity,
  },
  'internal-quote': {
    event: 'internal.submitted',
    summary:
      'Internal quote 「內部報價」: fee items, project data, customer master (commerce); generates the cost budget',
    body: InternalQuoteBody,
    payload: (b: z.infer<typeof InternalQuoteBody>) => ({
      internal: { feeItems: b.feeItems, project: b.project, ...(b.customer ? { customer: b.customer } : {}) },
    }),
  },
  'budget-approve': {
    event: 'budget.approved',
    summary: 'Approve the cost budget 「成本預算表」 (GM); writes the settlement basis',
    body: commentBody,
  },
  'budget-return': {
    event: 'budget.returned',
    summary: 'Return the budget to commerce with a comment (GM)',
    body: requiredCommentBody,
  },
  contract: {
    event: 'contract.drafted',
    summary: 'Draft the contract 「合同書」 from the standard terms with negotiated clause changes (commerce)',
    body: ContractDraftBody,
    payload: (b: z.infer<typeof ContractDraftBody>) => ({ clauseChanges: b.clauseChanges }),
  },
  'contract-review': {
    event: 'contract.reviewed',
    summary: 'Review the contract (marketing manager)',
    body: commentBody,
  },
  'contract-return': {
    event: 'contract.returned',
    summary: 'Return the contract to commerce with a comment (marketing manager or GM)',
    body: requiredCommentBody,
  },
  'contract-approve': {
    event: 'contract.approved',
    summary: 'Approve contract and budget (GM); the contract number is issued',
    body: commentBody,
  },
  sign: {
    event: 'contract.signed',
    summary: 'Record the signature; the customer becomes formal 「正式」',
    body: SignBody,
    // The signature date is a business date that has happened: a later one is 422 naming signedOn, nothing sent.
    payload: (b: z.infer<typeof SignBody>) => {
      if (b.signedOn) notFuture('signedOn', b.signedOn);
      return b.signedOn ? { signedOn: b.signedOn } : {};
    },
  },
  costs: {
    event: 'costs.recorded',
    summary: 'Cost accounting 「成本核算」: enter actual costs (settlement); the actual-vs-budget sheet goes to the GM',
    body: ActualsBody,
    payload: (b: z.infer<typeof ActualsBody>) => ({ actuals: b.actuals }),
  },
};

const FINAL = new Set(['costed', 'refused', 'expired', 'withdrawn', 'cancelled']);

export function advanceQuote(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    for (const spec of QUOTE_STEPS) {
      const step = ROUTES[spec.step]!;
      app.route({
        method: spec.method,
        url: `/quotes/:quoteNo/${spec.step}`,
        schema: {
          tags: ['quotes'],
          summary: step.summary,
          params: QuoteParams,
          // Steps whose fields are all optional may be posted without a body.
          body:
            step.body === commentBody || step.body === SignBody
              ? (step.body as typeof commentBody).nullish()
              : step.body,
          response: { 200: QuoteDetail, ...errorResponses },
        },
        handler: async (req) => {
          const user = currentUser(req);
          const { quoteNo } = req.params as z.infer<typeof QuoteParams>;
          const body = (req.body ?? {}) as { comment?: string | null };
          const key = idempotencyKeyOf(req);
          const allowed = eventRoles(quoteMachine, spec.event);
          // Role first: a role that may never take this step learns nothing about the quote.
          await resolveActor(deps, user, allowed);
          const row = await loadQuote(deps, user, quoteNo);
          const actor = await resolveActor(deps, user, allowed, quoteStatusFacts(row.status).role);
          const lines = (
            req.body as { lines?: { tariffLineNo: number; quotedPrice: string; quantity: string }[] } | null
          )?.lines;
          // Re-priced lines: digits, whole-number quantities and amount limits on the quote's tariff, 400 before the step is sent.
          if (lines) {
            const tariff = (await findTariffLines(deps.db, row.tariff_version_no)).map(fromLineRow);
            refuseProblems(quoteLineProblems(tariff, lines));
            // Validity of each tariff line on the day of re-pricing or amending: 422 naming the line.
            refuseUnquotable(row.tariff_version_no, tariff, lines, businessToday());
          }
          // Actual costs: each budgetLineId must name a line of the quote's cost budget (in its currency), 400 before the step is sent.
          const actuals = (req.body as Partial<z.infer<typeof ActualsBody>> | null)?.actuals;
          if (spec.step === 'costs' && actuals) {
            const iq = await findInternalQuote(deps.db, quoteNo, row.revision);
            if (iq) refuseProblems(actualCostProblems(iq.budget, actuals));
          }
          const event = { type: spec.event, actor, ...(body.comment ? { comment: body.comment } : {}) };
          const sent = await sendStep(deps, {
            workflowId: quoteWorkflowId(deps.temporalConfig.workflowIdPrefix, quoteNo),
            update: quoteStepUpdate,
            // The payload function of the step gives exactly its fields (QuoteStepPayloads).
            command: {
              event,
              idempotencyKey: key,
              ...(step.payload ? step.payload(req.body ?? {}) : {}),
            } as QuoteCommand,
            idempotencyKey: key,
            recordType: 'quote',
            recordId: quoteNo,
            finishedMessage: FINAL.has(row.status)
              ? REFUSAL_TEXT.finished(
                  { zh: `報價 ${quoteNo}`, en: `Quote ${quoteNo}` },
                  stateLabel('quote', row.status)!,
                )
              : undefined,
          });
          return quoteDetail(deps, user, quoteNo, sent.view);
        },
      });
    }
  };
}
