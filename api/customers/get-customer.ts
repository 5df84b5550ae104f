import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { customerProspect } from '../prospects/views';
import { customerStatusActions } from './change-customer-status';
import { CustomerCard, CustomerParams, withOwnerNames } from './schemas';
import { actingScopeOf, visibleOrNotFound } from './visibility';

export function getCustomerRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:customerNo',
      {
        schema: {
          tags: ['customers'],
          summary:
            'One customer by number, if the caller may see it, with its place in the prospects pipeline when the caller may read that',
          params: CustomerParams,
          response: { 200: CustomerCard, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const scope = await actingScopeOf(deps.db, user);
        const { customerNo } = req.params;
        const row = visibleOrNotFound(scope, customerNo, await findCustomerByNo(deps.db, customerNo));
        const [view] = await withOwnerNames(deps.db, [row]);
        return {
          ...view!,
          prospect: await customerProspect(deps.db, user, customerNo),
          actions: await customerStatusActions(deps, { customerNo, status: row.status, ownerId: row.owner_id }, user),
        };
      },
    );
  };
}
