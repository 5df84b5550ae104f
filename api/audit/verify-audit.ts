import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyAuditLog } from '../../db/audit-verify';
import { requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { AUDIT_READERS } from './schemas';

const Verdict = z.object({
  intact: z.boolean(),
  rows: z.number().describe('rows verified (when broken: good rows before the break)'),
  records: z.number().optional().describe('records with a chain'),
  legacyRows: z.number().optional().describe('rows of the single global chain of before per-record chains'),
  checkpoints: z.number().optional(),
  uncheckpointedRows: z.number().optional().describe('rows appended since the last checkpoint'),
  lastHash: z.string().optional().describe("the newest checkpoint's hash: the head of the global chain"),
  brokenAtId: z.number().optional(),
  checkpointId: z.number().optional(),
  recordType: z.string().optional(),
  recordId: z.string().optional(),
  reason: z
    .enum([
      'content_changed',
      'link_broken',
      'row_missing',
      'checkpoint_mismatch',
      'checkpoint_changed',
      'checkpoint_link_broken',
      'head_mismatch',
    ])
    .optional(),
  expected: z.string().optional(),
  found: z.string().optional(),
});

/**
 * GET /audit/verify — are the audit log's per-record chains and its checkpoints intact, and where does
 * it break (db/audit-verify.ts).
 */
export function verifyAuditRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Verify the audit hash chains and checkpoints (auditors)',
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
