import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { TariffDetail, VersionParams } from './schemas';
import { tariffDetail } from './views';

/** GET /tariffs/:versionNo — header, lines, whose turn it is, and every step taken. */
export function getTariff(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tariffs/:versionNo',
      {
        schema: {
          tags: ['tariffs'],
          summary: 'One tariff version with lines and history',
          params: VersionParams,
          response: { 200: TariffDetail, ...errorResponses },
        },
      },
      async (req) => tariffDetail(deps, currentUser(req), req.params.versionNo),
    );
  };
}
