import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../machines/roles';
import { currentUser } from './auth';
import type { ApiDeps } from './deps';
import { errorResponses } from './schemas';

export function meRoutes(_deps: ApiDeps): FastifyPluginAsyncZod {
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
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const u = currentUser(req);
        return { id: u.id, role: u.role, displayName: u.displayName, managerId: u.managerId };
      },
    );
  };
}
