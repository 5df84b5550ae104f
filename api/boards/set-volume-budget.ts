import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit } from '../../db/audit.repository';
import { lockVolumeBudget, upsertVolumeBudget } from '../../db/board.repository';
import { findTeamIds } from '../../db/user.repository';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { idempotencyKeyOf, requireRole } from '../auth';
import { IdempotencyHeaders } from '../idempotency';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { BudgetBody, BudgetParams, VolumeBudget } from './schemas';

/** Who sets a month's container-volume budget: a salesperson their own, a sales manager a team member's. */
export const VOLUME_BUDGET_ROLES: readonly Role[] = ['sales', 'sales_manager'];

/** PUT /container-volume-budgets/:month — the month's container-volume budget 「柜量預算」 (§2, by the 5th), audited. */
export function setVolumeBudgetRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      '/container-volume-budgets/:month',
      {
        schema: {
          tags: ['boards'],
          summary:
            'Set a month’s container-volume budget: a salesperson for themself, a sales manager for a team member (ownerId)',
          headers: IdempotencyHeaders,
          params: BudgetParams,
          body: BudgetBody,
          response: { 200: VolumeBudget, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, VOLUME_BUDGET_ROLES, 'set container-volume budgets');
        const key = idempotencyKeyOf(req);
        const { month } = req.params;
        const { budgetContainers } = req.body;
        const ownerId = req.body.ownerId ?? user.id;
        if (user.role === 'sales' && ownerId !== user.id)
          throw new AppError('forbidden', 'A salesperson sets only their own budget');
        if (user.role === 'sales_manager' && !(await findTeamIds(deps.db, user.id)).includes(ownerId)) {
          throw new AppError('forbidden', `${ownerId} is not in your team`);
        }
        const row = await deps.db.transaction().execute(async (trx) => {
          const current = await lockVolumeBudget(trx, ownerId, month);
          if (current?.budget_containers === budgetContainers) return current;
          const fresh = await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'container_volume_budget',
            recordId: `${ownerId}:${month}`,
            action: 'container_volume_budget.set',
            changes: {
              ownerId,
              month,
              budgetContainers: { from: current?.budget_containers ?? null, to: budgetContainers },
            },
            idempotencyKey: key,
          });
          // A retry with the same key changes nothing and answers with the budget as it stands.
          if (!fresh && current) return current;
          return upsertVolumeBudget(trx, ownerId, month, budgetContainers);
        });
        return {
          ownerId: row.owner_id,
          month: row.month,
          budgetContainers: row.budget_containers,
          updatedAt: row.updated_at.toISOString(),
        };
      },
    );
  };
}
