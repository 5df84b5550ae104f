import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listOpenExceptions } from '../../db/board.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { ExceptionsBoard, ExceptionsQuery } from './schemas';
import { boardOwners, exceptionNames, toExceptionItem } from './views';

/** GET /boards/exceptions 「異常動態表」: open exceptions, oldest first, with their age. */
export function exceptionsRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/boards/exceptions',
      {
        schema: {
          tags: ['boards'],
          summary: '異常動態表 open exceptions, oldest first: age, stage, type, owner, whether the customer was told',
          querystring: ExceptionsQuery,
          response: { 200: ExceptionsBoard, ...errorResponses },
        },
      },
      async (req) => {
        const { ownerId, stage, type, limit, offset } = req.query;
        const ownerIds = await boardOwners(deps.db, currentUser(req), ownerId);
        const { rows, total } = await listOpenExceptions(deps.db, { ownerIds, stage, type, limit, offset });
        const now = new Date();
        const names = await exceptionNames(deps.db, rows);
        return { asOf: now.toISOString(), items: rows.map((x) => toExceptionItem(x, now, names)), total };
      },
    );
  };
}
