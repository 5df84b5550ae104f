import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listQuotes } from '../../db/quote.repository';
import { currentUser } from '../auth';
import { customerScopeOf } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { ListQuotesQuery, QuoteDetail, QuotePage, QuoteParams } from './schemas';
import { mayReadBudget } from './budget-access';
import { quoteDetail, toQuoteSummary } from './views';

/** GET /quotes (search) and GET /quotes/:quoteNo (with lines, revisions, internal quote, contract and history). */
export function listQuotesRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/quotes',
      {
        schema: {
          tags: ['quotes'],
          summary: 'List and search quotes you may see (q: quote no, customer name, contract no)',
          querystring: ListQuotesQuery,
          response: { 200: QuotePage, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const [scope, readsBudget] = await Promise.all([customerScopeOf(deps.db, user), mayReadBudget(deps, user)]);
        const { rows, total } = await listQuotes(deps.db, { ...req.query, ownerIds: scope });
        return { items: rows.map((r) => toQuoteSummary(r, readsBudget)), total };
      },
    );
    app.get(
      '/quotes/:quoteNo',
      {
        schema: {
          tags: ['quotes'],
          summary: 'One quote with its lines, revisions, internal quote, budget, contract and full step history',
          params: QuoteParams,
          response: { 200: QuoteDetail, ...errorResponses },
        },
      },
      async (req) => quoteDetail(deps, currentUser(req), req.params.quoteNo),
    );
  };
}
