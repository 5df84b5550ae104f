import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { advanceChange } from './advance-change';
import { listChanges } from './list-changes';
import { proposeChange } from './propose-change';

/** Tariff change routes (§3.3.3). */
export function tariffChangeRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(proposeChange(deps));
    await app.register(listChanges(deps));
    await app.register(advanceChange(deps));
  };
}
