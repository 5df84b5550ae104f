import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { advanceJob } from './advance-job';
import { billingPreview } from './billing-preview';
import { createJob } from './create-job';
import { listJobsRoutes } from './list-jobs';

/** Shipment follow-up routes (§3.1). */
export function jobRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(createJob(deps));
    await app.register(listJobsRoutes(deps));
    await app.register(advanceJob(deps));
    await app.register(billingPreview(deps));
  };
}
