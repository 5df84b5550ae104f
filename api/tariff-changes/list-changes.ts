import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listTariffChanges } from '../../db/tariff.repository';
import { findDisplayNames } from '../../db/user.repository';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { ChangeParams, ChangeStatusEnum, TariffChangeDetail, TariffChangeSummary } from './schemas';
import { changeDetail, readsEveryChange, toChangeSummary } from './views';

const ListQuery = z.strictObject({
  status: ChangeStatusEnum.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** GET /tariff-changes and GET /tariff-changes/:changeId. */
export function listChanges(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tariff-changes',
      {
        schema: {
          tags: ['tariff changes'],
          summary: 'List tariff changes (proposers see their own)',
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(TariffChangeSummary) }), ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const proposedBy = (await readsEveryChange(deps, user)) ? undefined : user.id;
        const rows = await listTariffChanges(deps.db, { ...req.query, proposedBy });
        const names = await findDisplayNames(
          deps.db,
          rows.map((r) => r.proposed_by),
        );
        return { items: rows.map((r) => toChangeSummary(r, names.get(r.proposed_by) ?? null)) };
      },
    );
    app.get(
      '/tariff-changes/:changeId',
      {
        schema: {
          tags: ['tariff changes'],
          summary: 'One tariff change with its lines, the diff against the base version, and history',
          params: ChangeParams,
          response: { 200: TariffChangeDetail, ...errorResponses },
        },
      },
      async (req) => changeDetail(deps, currentUser(req), req.params.changeId),
    );
  };
}
