import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findTariffInForce, listTariffVersions } from '../../db/tariff.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, isoDate } from '../schemas';
import { TariffDetail, TariffStatusEnum, TariffSummary } from './schemas';
import { mayReadTariff, readsTariffDrafts, tariffDetail, toTariffSummary } from './views';
import { REFUSAL_TEXT } from '../../machines/refusal-text';

const ListQuery = z.strictObject({
  status: z.union([TariffStatusEnum, z.literal('superseded')]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** GET /tariffs and GET /tariffs/in-force — versions, and the one in force on a date. */
export function listTariffs(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tariffs',
      {
        schema: {
          tags: ['tariffs'],
          summary: 'List tariff versions (drafts only for commerce, GM, managers, auditors)',
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(TariffSummary) }), ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const rows = await listTariffVersions(deps.db, req.query);
        const readsDrafts = await readsTariffDrafts(deps, user);
        return { items: rows.filter((r) => mayReadTariff(readsDrafts, r)).map(toTariffSummary) };
      },
    );
    app.get(
      '/tariffs/in-force',
      {
        schema: {
          tags: ['tariffs'],
          summary: 'The locked tariff version in force on a date (default today)',
          querystring: z.strictObject({ date: isoDate.optional() }),
          response: { 200: TariffDetail, ...errorResponses },
        },
      },
      async (req) => {
        const date = req.query.date ?? businessToday();
        const row = await findTariffInForce(deps.db, date);
        if (!row) throw new AppError('not_found', REFUSAL_TEXT.noTariffInForce(date));
        return tariffDetail(deps, currentUser(req), row.version_no);
      },
    );
  };
}
