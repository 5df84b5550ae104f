import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchAudit } from '../../db/audit.repository';
import { excelCsv } from '../../lib/csv';
import { businessDateTime, businessTimeZone } from '../../lib/dates';
import { currentUser, requireRole } from '../auth';
import { mayReadBudget } from '../quotes/budget-access';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { dateRange, toAuditEntries } from './convert';
import { AUDIT_READERS, AuditEntryView, AuditQuery } from './schemas';

const ExportQuery = AuditQuery.omit({ limit: true, offset: true }).extend({
  format: z.enum(['csv', 'json']).default('csv'),
});
const EXPORT_MAX = 100_000;

/**
 * The export's columns: `at (<zone>)` is business time (`2026-12-01 18:16:38`, as the screen shows it, the zone
 * named in the header), `atUtc` the same instant in UTC ISO.
 */
const csvColumns = () => ['id', `at (${businessTimeZone()})`, 'atUtc', ...CSV_REST] as const;

const CSV_REST = [
  'actorId',
  'actorName',
  'actorRole',
  'onBehalfOf',
  'onBehalfOfName',
  'recordType',
  'recordId',
  'action',
  'actionLabel',
  'fromState',
  'fromStateLabel',
  'toState',
  'toStateLabel',
  'comment',
  'changes',
  'rowHash',
] as const;

/** GET /audit (search, paginated) and GET /audit/export (CSV with BOM for Excel, or JSON). */
export function searchAuditRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Search the audit log by actor, role, record, step and date range (auditors)',
          querystring: AuditQuery,
          response: { 200: z.object({ items: z.array(AuditEntryView), total: z.number() }), ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, AUDIT_READERS, 'read the audit log');
        const q = req.query;
        const { rows, total } = await searchAudit(deps.db, {
          actorId: q.actorId,
          actorRole: q.role,
          recordType: q.recordType,
          recordId: q.recordId,
          action: q.action,
          ...dateRange(q.from, q.to),
          limit: q.limit,
          offset: q.offset,
        });
        return { items: await toAuditEntries(deps.db, rows, await mayReadBudget(deps, currentUser(req))), total };
      },
    );
    app.get(
      '/audit/export',
      {
        schema: {
          tags: ['audit'],
          summary: 'Export matching audit rows: CSV (UTF-8 with BOM, opens in Excel) or JSON; at most 100,000 rows',
          querystring: ExportQuery,
          produces: ['text/csv', 'application/json'],
          response: { 200: z.unknown().describe('CSV or JSON'), ...errorResponses },
        },
      },
      async (req, reply) => {
        requireRole(req, AUDIT_READERS, 'export the audit log');
        const q = req.query;
        const { rows } = await searchAudit(deps.db, {
          actorId: q.actorId,
          actorRole: q.role,
          recordType: q.recordType,
          recordId: q.recordId,
          action: q.action,
          ...dateRange(q.from, q.to),
          limit: EXPORT_MAX,
          offset: 0,
        });
        const entries = (await toAuditEntries(deps.db, rows, await mayReadBudget(deps, currentUser(req)))).map((e) => ({
          ...e,
          actionLabel: `${e.actionLabel.zh} ${e.actionLabel.en}`,
          fromStateLabel: e.fromStateLabel ? `${e.fromStateLabel.zh} ${e.fromStateLabel.en}` : null,
          toStateLabel: e.toStateLabel ? `${e.toStateLabel.zh} ${e.toStateLabel.en}` : null,
        }));
        // A readable UTC time a file name may hold on any system: 2026-11-30T07-15-00Z.
        const stamp = `${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
        if (q.format === 'json') {
          return reply
            .type('application/json; charset=utf-8')
            .header('content-disposition', `attachment; filename="audit-${stamp}.json"`)
            .send(JSON.stringify(entries));
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
          .send(
            excelCsv(
              csvColumns(),
              entries.map((e) => ({
                ...e,
                [`at (${businessTimeZone()})`]: businessDateTime(new Date(e.at), { seconds: true }),
                atUtc: e.at,
              })),
            ),
          );
      },
    );
  };
}
