import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from '../deps';
import { recordHistoryRoutes } from './record-history';
import { searchAuditRoutes } from './search-audit';
import { stepDurationRoutes } from './step-durations';
import { verifyAuditRoutes } from './verify-audit';

/** Auditors' routes: search and export, chain verification, merged histories, step durations. */
export function auditRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(searchAuditRoutes(deps));
    await app.register(verifyAuditRoutes(deps));
    await app.register(recordHistoryRoutes(deps));
    await app.register(stepDurationRoutes(deps));
  };
}
