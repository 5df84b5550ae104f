import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { collectionRateRoutes } from './collection-rate';
import { creditLimitRoutes } from './credit-limits';
import { overrideCreditHoldRoutes } from './override-credit-hold';

/** Credit control routes (§3.4.4, §2.2.6): credit-hold overrides, credit limits, collection rate. */
export function creditRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(overrideCreditHoldRoutes(deps));
    await app.register(creditLimitRoutes(deps));
    await app.register(collectionRateRoutes(deps));
  };
}
