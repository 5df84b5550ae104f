import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit } from '../../db/audit.repository';
import { lockVolumeBudget, upsertVolumeBudget } from '../../db/board.repository';
import { personText } from '../../db/user.repository';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { resolveActorFor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import { IdempotencyHeaders } from '../idempotency';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { BudgetBody, BudgetParams, VolumeBudget } from './schemas';

/** Who sets a month's container-volume budget: a salesperson their own, a sales manager (or delegate) a team member's. */
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
        const user = currentUser(req);
        const key = idempotencyKeyOf(req);
        const { month } = req.params;
        const { budgetContainers } = req.body;
        const ownerId = req.body.ownerId ?? user.id;
        // A salesperson their own; a sales manager (or their delegate, on their behalf) their team's.
        const who = await personText(deps.db, ownerId);
        const actor = await resolveActorFor(deps, user, VOLUME_BUDGET_ROLES, ownerId, {
          outOfSight: () =>
            new AppError('forbidden', `${who} 不在您的團隊 ${who} is not in your team`, {
              field: 'ownerId',
              reason: 'out_of_sight',
            }),
        });
        const row = await deps.db.transaction().execute(async (trx) => {
          const current = await lockVolumeBudget(trx, ownerId, month);
          if (current?.budget_containers === budgetContainers) return current;
          const fresh = await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
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
