import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listOpenJobs } from '../../db/board.repository';
import { JOB_STAGE_LABELS, JOB_STAGES } from '../../machines/job.machine';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { OrderFollowUpBoard, OrderFollowUpQuery } from './schemas';
import { boardOwners } from './views';
import { toWaitingStep } from '../jobs/views';

/**
 * GET /boards/order-follow-up 「接單跟進表」: open jobs by stage, whom they wait on and since when, urgent first;
 * `waitingOn` / `mine=true` keep the jobs with a step waiting on that role / the caller's (stage counts too).
 */
export function orderFollowUpRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/boards/order-follow-up',
      {
        schema: {
          tags: ['boards'],
          summary: '接單跟進表 order follow-up: open jobs per stage, waiting on whom and since when, urgent first',
          querystring: OrderFollowUpQuery,
          response: { 200: OrderFollowUpBoard, ...errorResponses },
        },
      },
      async (req) => {
        const { ownerId, stage, customerNo, waitingOn, mine, limit, offset } = req.query;
        const user = currentUser(req);
        const ownerIds = await boardOwners(deps.db, user, ownerId);
        const role = mine === 'true' ? user.role : waitingOn;
        const { rows, total, byStage } = await listOpenJobs(deps.db, {
          ownerIds,
          stage,
          customerNo,
          waitingOn: role,
          limit,
          offset,
        });
        return {
          byStage: JOB_STAGES.map((s) => {
            const n = byStage.find((b) => b.stage === s);
            return { stage: s, stageLabel: JOB_STAGE_LABELS[s], jobs: n?.jobs ?? 0, urgent: n?.urgent ?? 0 };
          }),
          items: rows.map((r) => ({
            jobNo: r.job_no,
            contractNo: r.contract_no,
            customerNo: r.customer_no,
            customerName: r.customer_name,
            ownerId: r.owner_id,
            ownerName: r.owner_name,
            direction: r.direction,
            stage: r.current_stage,
            stageLabel: r.current_stage ? JOB_STAGE_LABELS[r.current_stage] : null,
            stageSince: r.stage_since.toISOString(),
            waitingRoles: r.waiting_roles,
            waiting: r.waiting.map(toWaitingStep),
            urgent: r.urgent,
            containerType: r.container_type,
            containerCount: r.container_count,
            eta: r.eta,
            requiredArrival: r.required_arrival,
            openExceptions: r.open_exceptions,
          })),
          total,
        };
      },
    );
  };
}
