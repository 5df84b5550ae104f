import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';

/** Customer routes (§3.3.4). */
export function customerRoutes(_deps: ApiDeps): FastifyPluginAsyncZod {
  return async () => undefined;
}
