import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyAuditLog } from '../../db/audit-verify';
import { requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { AUDIT_READERS } from './schemas';

const Verdict = z.object({
  intact: z.boolean(),
  rows: z.number(),
  lastHash: z.string().optional(),
  brokenAtId: z.number().optional(),
  reason: z.enum(['content_changed', 'link_broken']).optional(),
  expected: z.string().optional(),
  found: z.string().optional(),
});

/** GET /audit/verify — is the audit log's hash chain intact, and where does it break. */
export function verifyAuditRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Verify the audit hash chain (auditors)',
          response: { 200: Verdict, ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, AUDIT_READERS, 'verify the audit log');
        return verifyAuditLog(deps.db);
      },
    );
  };
}
