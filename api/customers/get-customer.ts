import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { Customer, CustomerParams, toCustomer } from './schemas';
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
          response: { 200: Customer, ...errorResponses },
        },
      },
      async (req) => {
        const scope = await customerScopeOf(deps.db, currentUser(req));
        const { customerNo } = req.params;
        return toCustomer(visibleOrNotFound(scope, customerNo, await findCustomerByNo(deps.db, customerNo)));
      },
    );
  };
}
