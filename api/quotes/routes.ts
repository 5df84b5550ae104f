import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { advanceQuote } from './advance-quote';
import { createQuote } from './create-quote';
import { quoteDocuments } from './documents';
import { listQuotesRoutes } from './list-quotes';
import { previewQuote } from './preview-quote';
import { reviewContext } from './review-context';

/** Quote-to-contract routes (§3.3.4–§3.3.11). */
export function quoteRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(createQuote(deps));
    await app.register(previewQuote(deps));
    await app.register(listQuotesRoutes(deps));
    await app.register(reviewContext(deps));
    await app.register(advanceQuote(deps));
    await app.register(quoteDocuments(deps));
  };
}
