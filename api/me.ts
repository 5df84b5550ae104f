import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../machines/roles';
import { actingRoles } from './acting';
import { CAPABILITIES, CAPABILITY_NAMES, capabilitiesOf } from './capabilities';
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
              may: z
                .object(
                  Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, z.boolean()])) as {
                    [K in keyof typeof CAPABILITIES]: z.ZodBoolean;
                  },
                )
                .describe(
                  'What the desk may offer outside a record’s own actions (menus, “new …” buttons): each judged by the role list its route checks (api/capabilities.ts)',
                ),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const u = currentUser(req);
        const roles = await actingRoles(deps, u);
        return {
          id: u.id,
          role: u.role,
          displayName: u.displayName,
          managerId: u.managerId,
          actingRoles: roles,
          may: capabilitiesOf(
            u.role,
            roles.filter((r) => r !== u.role),
          ),
        };
      },
    );
  };
}
