/**
 * Reference data the admin owns 「基礎資料」: the standard contract terms 「標準合同條款」 from which commerce
 * drafts every contract. Versions are immutable (a drafted contract names its version); the admin
 * publishes the next version, based on the latest (409 when another version was published meanwhile).
 * Read by the roles that draft, review and approve contracts, the admin and auditors. Every publication
 * is one audit row (`contract_template`, `<version>`, `contract_template.published`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, findRecordIdByKey } from '../../db/audit.repository';
import { findTemplate, insertTemplate, latestTemplateVersion, listTemplates } from '../../db/quote.repository';
import type { ContractTemplateTable } from '../../db/quote.table';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, text } from '../schemas';
import type { Selectable } from 'kysely';
import { RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';

/** Who reads the contract templates. */
export const TEMPLATE_READ_ROLES: readonly Role[] = ['commerce', 'marketing_manager', 'gm', 'admin', 'auditor'];
/** Who publishes a new version. */
export const TEMPLATE_ADMIN_ROLES: readonly Role[] = ['admin'];

const Clause = z.object({ no: z.string(), title: z.string(), text: z.string() });
const ContractTemplate = z.object({
  version: z.number().int(),
  title: z.string(),
  clauses: z.array(Clause),
  createdAt: z.string(),
  latest: z.boolean().describe('The version contracts drafted from now on use'),
});
const PublishTemplateBody = z
  .strictObject({
    basedOnVersion: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .describe('The latest version the admin edited; 409 when another version was published since'),
    title: text(300),
    clauses: z
      .array(
        z.strictObject({
          no: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'a clause number such as 4 or 4.1'),
          title: text(200),
          text: text(5000),
        }),
      )
      .min(1)
      .max(100),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.clauses.forEach((c, i) => {
      if (seen.has(c.no))
        ctx.addIssue({ code: 'custom', path: ['clauses', i, 'no'], message: `clause ${c.no} is given twice` });
      seen.add(c.no);
    });
  });
const VersionParams = z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000) });

const toView = (r: Selectable<ContractTemplateTable>, latest: number) => ({
  version: r.version,
  title: r.title,
  clauses: r.clauses,
  createdAt: new Date(r.created_at).toISOString(),
  latest: r.version === latest,
});

export function contractTemplateRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contract-templates',
      {
        schema: {
          tags: ['reference'],
          summary: 'The standard contract terms, every version, newest first (reference data the admin owns)',
          response: { 200: z.object({ items: z.array(ContractTemplate) }), ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, TEMPLATE_READ_ROLES, 'read contract templates');
        const rows = await listTemplates(deps.db);
        const latest = rows[0]?.version ?? 0;
        return { items: rows.map((r) => toView(r, latest)) };
      },
    );

    app.get(
      '/contract-templates/:version',
      {
        schema: {
          tags: ['reference'],
          summary: 'One version of the standard contract terms',
          params: VersionParams,
          response: { 200: ContractTemplate, ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, TEMPLATE_READ_ROLES, 'read contract templates');
        const row = await findTemplate(deps.db, req.params.version);
        if (!row)
          throw new AppError(
            'not_found',
            REFUSAL_TEXT.notFound(RECORD_NAMES.contractTemplateVersion, req.params.version),
          );
        return toView(row, await latestTemplateVersion(deps.db));
      },
    );

    app.post(
      '/contract-templates',
      {
        schema: {
          tags: ['reference'],
          summary:
            'Publish the next version of the standard contract terms (admin); contracts drafted from now on use it, drafted ones keep theirs',
          headers: IdempotencyHeaders,
          body: PublishTemplateBody,
          response: { 201: ContractTemplate, 200: ContractTemplate, ...errorResponses },
        },
      },
      async (req, reply) => {
        const admin = requireRole(req, TEMPLATE_ADMIN_ROLES, 'publish contract templates');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        const result = await deps.db.transaction().execute(async (trx) => {
          // A retry with the same key answers the version it published.
          const done = await findRecordIdByKey(trx, 'contract_template', key);
          if (done !== undefined) return { row: (await findTemplate(trx, Number(done)))!, created: false };
          const latest = await findTemplate(trx, await latestTemplateVersion(trx));
          if (!latest || latest.version !== b.basedOnVersion)
            throw new AppError(
              'conflict',
              `最新版本是第 ${latest?.version ?? 0} 版（您編輯的是第 ${b.basedOnVersion} 版）：請重新載入後再編輯 Version ${latest?.version ?? 0} is the latest; reload it and edit that (basedOnVersion ${b.basedOnVersion})`,
              { reason: 'stale_version', latestVersion: latest?.version ?? 0 },
            );
          const same =
            latest.title === b.title &&
            latest.clauses.length === b.clauses.length &&
            latest.clauses.every(
              (c, i) => c.no === b.clauses[i]!.no && c.title === b.clauses[i]!.title && c.text === b.clauses[i]!.text,
            );
          if (same)
            throw new AppError(
              'conflict',
              `與第 ${latest.version} 版相比沒有任何變更 Nothing changed against version ${latest.version}`,
              {
                reason: 'unchanged',
              },
            );
          const row = await insertTemplate(trx, { title: b.title, clauses: b.clauses });
          const before = new Map(latest.clauses.map((c) => [c.no, c]));
          const after = new Set(b.clauses.map((c) => c.no));
          await appendAudit(trx, {
            actorId: admin.id,
            actorRole: admin.role,
            recordType: 'contract_template',
            recordId: String(row.version),
            action: 'contract_template.published',
            changes: {
              basedOnVersion: latest.version,
              ...(latest.title !== b.title ? { title: { from: latest.title, to: b.title } } : {}),
              clausesChanged: b.clauses
                .filter((c) => {
                  const p = before.get(c.no);
                  return !p || p.title !== c.title || p.text !== c.text;
                })
                .map((c) => c.no),
              clausesRemoved: latest.clauses.filter((c) => !after.has(c.no)).map((c) => c.no),
            },
            idempotencyKey: key,
          });
          return { row, created: true };
        });
        return reply.status(result.created ? 201 : 200).send(toView(result.row, await latestTemplateVersion(deps.db)));
      },
    );
  };
}
