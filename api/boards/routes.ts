import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { briefingRoute } from './briefing';
import { containerVolumeRoutes } from './container-volume';
import { deliveriesRoute } from './deliveries';
import { exceptionsRoute } from './exceptions';
import { orderFollowUpRoute } from './order-follow-up';
import { setVolumeBudgetRoute } from './set-volume-budget';

/** The daily sheets and counts (§2): order follow-up, deliveries, exceptions, container volume and its budget, the morning briefing. */
export function boardRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(orderFollowUpRoute(deps));
    await app.register(deliveriesRoute(deps));
    await app.register(exceptionsRoute(deps));
    await app.register(containerVolumeRoutes(deps));
    await app.register(setVolumeBudgetRoute(deps));
    await app.register(briefingRoute(deps));
  };
}
