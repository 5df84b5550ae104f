import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { advanceTariff } from './advance-tariff';
import { createTariff } from './create-tariff';
import { editTariffLines } from './edit-tariff-lines';
import { getTariff } from './get-tariff';
import { listTariffs } from './list-tariffs';
import { tariffSheetRoutes } from './tariff-sheets';

/** Standard tariff routes (§3.3.2). */
export function tariffRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(createTariff(deps));
    await app.register(listTariffs(deps));
    await app.register(getTariff(deps));
    await app.register(editTariffLines(deps));
    await app.register(advanceTariff(deps));
    await app.register(tariffSheetRoutes(deps));
  };
}
