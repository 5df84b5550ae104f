import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../machines/roles';
import { actingRoles } from './acting';
import { currentUser } from './auth';
import type { ApiDeps } from './deps';
import { errorResponses } from './schemas';

export function meRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me',
      {
        schema: {
          tags: ['users'],
          summary: 'Who the token belongs to',
          response: {
            200: z.object({
              id: z.string(),
              role: z.enum(ROLES),
              displayName: z.string(),
              managerId: z.string().nullable(),
              actingRoles: z
                .array(z.enum(ROLES))
                .describe('The roles the user may act in today: their own first, then those delegated to them'),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const u = currentUser(req);
        return {
          id: u.id,
          role: u.role,
          displayName: u.displayName,
          managerId: u.managerId,
          actingRoles: await actingRoles(deps, u),
        };
      },
    );
  };
}
