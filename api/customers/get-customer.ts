import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { CustomerParams, CustomerWithOwner, withOwnerNames } from './schemas';
import { customerScopeOf, visibleOrNotFound } from './visibility';

export function getCustomerRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:customerNo',
      {
        schema: {
          tags: ['customers'],
          summary: 'One customer by number, if the caller may see it',
          params: CustomerParams,
          response: { 200: CustomerWithOwner, ...errorResponses },
        },
      },
      async (req) => {
        const scope = await customerScopeOf(deps.db, currentUser(req));
        const { customerNo } = req.params;
        const row = visibleOrNotFound(scope, customerNo, await findCustomerByNo(deps.db, customerNo));
        return (await withOwnerNames(deps.db, [row]))[0]!;
      },
    );
  };
}
