import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { findEarlierQuotedLines, findRevision } from '../../db/quote.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { PricedLineView, QuoteParams } from './schemas';
import { loadQuote } from './views';

const ReviewContext = z.object({
  quoteNo: z.string(),
  revision: z.number(),
  tariffVersionNo: z.number(),
  /** Each line against its tariff line: tariff price, budgeted cost, discount, below-cost and authority flags. */
  lines: z.array(PricedLineView),
  belowCost: z.boolean(),
  needsPriceApproval: z.boolean(),
  customer: z.object({
    customerNo: z.string(),
    fullName: z.string(),
    status: z.string(),
    industry: z.string().nullable(),
    creditStanding: z.string().nullable(),
    paymentTerms: z.string().nullable(),
  }),
  earlierQuotedPrices: z.array(
    z.object({
      quoteNo: z.string(),
      status: z.string(),
      revision: z.number(),
      quotedAt: z.string(),
      line: PricedLineView,
    }),
  ),
  /** Receivables and payments are kept by a later module; until then the record is empty. */
  paymentRecord: z.object({ available: z.boolean(), note: z.string() }),
});

/** GET /quotes/:quoteNo/review-context — what commerce looks at in one response (§3.3.6). */
export function reviewContext(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/quotes/:quoteNo/review-context',
      {
        schema: {
          tags: ['quotes'],
          summary:
            'Commerce review: the quote against the tariff, the customer’s earlier prices, credit standing and payment record',
          params: QuoteParams,
          response: { 200: ReviewContext, ...errorResponses },
        },
      },
      async (req) => {
        const q = await loadQuote(deps, currentUser(req), req.params.quoteNo);
        const [rev, customer, earlier] = await Promise.all([
          findRevision(deps.db, q.quote_no, q.revision),
          findCustomerByNo(deps.db, q.customer_no),
          findEarlierQuotedLines(deps.db, q.customer_no, q.quote_no),
        ]);
        return {
          quoteNo: q.quote_no,
          revision: q.revision,
          tariffVersionNo: q.tariff_version_no,
          lines: rev?.lines ?? [],
          belowCost: q.below_cost,
          needsPriceApproval: q.needs_price_approval,
          customer: {
            customerNo: q.customer_no,
            fullName: customer?.full_name ?? '',
            status: customer?.status ?? 'unknown',
            industry: customer?.industry ?? null,
            creditStanding: customer?.credit_standing ?? null,
            paymentTerms: customer?.payment_terms ?? null,
          },
          earlierQuotedPrices: earlier,
          paymentRecord: { available: false, note: '應收帳款模組尚未上線 receivables are not recorded yet' },
        };
      },
    );
  };
}
