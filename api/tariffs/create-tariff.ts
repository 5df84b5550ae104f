import type { Role } from '../../machines/roles';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { tariffWorkflowId } from '../../workflows/ids';
import { tariffViewUpdate, type TariffWorkflow } from '../../workflows/tariff.definitions';
import { actorOf, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { callTemporal } from '../temporal-call';
import { errorResponses } from '../schemas';
import { CreateTariffBody, TariffDetail } from './schemas';
import { tariffDetail } from './views';
import { REFUSAL_TEXT } from '../../machines/refusal-text';

/** Who drafts tariff versions: commerce (§3.3.2). */
export const TARIFF_DRAFTERS: readonly Role[] = ['commerce'];

/** POST /tariffs — commerce drafts a new standard tariff version 「原始報價」 (§3.3.2). */
export function createTariff(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tariffs',
      {
        schema: {
          tags: ['tariffs'],
          summary: 'Draft a standard tariff version (commerce)',
          body: CreateTariffBody,
          response: { 201: TariffDetail, 200: TariffDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, TARIFF_DRAFTERS, 'draft a tariff');
        const key = idempotencyKeyOf(req);
        if (req.body.effectiveFrom < businessToday()) {
          throw new AppError('unprocessable', REFUSAL_TEXT.inPast('生效日', 'effectiveFrom'), {
            fields: [{ path: 'body.effectiveFrom', message: 'in the past' }],
          });
        }
        const { ref: versionNo, reused } = await reserveNumberForKey(
          deps.db,
          user.id,
          'tariff.create',
          key,
          'tariff_version_no_seq',
        );
        const { taskQueue, workflowIdPrefix } = deps.temporalConfig;
        await callTemporal(deps, () =>
          deps.temporal.workflow.executeUpdateWithStart(tariffViewUpdate, {
            args: [],
            startWorkflowOperation: new WithStartWorkflowOperation<TariffWorkflow>('tariffWorkflow', {
              workflowId: tariffWorkflowId(workflowIdPrefix, versionNo),
              taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [
                {
                  versionNo,
                  title: req.body.title,
                  effectiveFrom: req.body.effectiveFrom,
                  lines: req.body.lines,
                  actor: actorOf(user),
                  idempotencyKey: key,
                },
              ],
            }),
          }),
        );
        return reply.status(reused ? 200 : 201).send(await tariffDetail(deps, user, versionNo));
      },
    );
  };
}
