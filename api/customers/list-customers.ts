import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listCustomers } from '../../db/customer.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { CustomerPage, ListCustomersQuery, withOwnerNames } from './schemas';
import { actingScopeOf } from './visibility';

export function listCustomersRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers',
      {
        schema: {
          tags: ['customers'],
          summary: 'Customers the caller may see, searched by name or number, status and owner',
          querystring: ListCustomersQuery,
          response: { 200: CustomerPage, ...errorResponses },
        },
      },
      async (req) => {
        const scope = await actingScopeOf(deps.db, currentUser(req));
        const { q, status, ownerId, limit, offset } = req.query;
        const { rows, total } = await listCustomers(deps.db, {
          ...(q ? { q } : {}),
          ...(status ? { status } : {}),
          ...(ownerId ? { ownerId } : {}),
          ...(scope ? { visibleOwnerIds: scope } : {}),
          limit,
          offset,
        });
        return { items: await withOwnerNames(deps.db, rows), total };
      },
    );
  };
}
