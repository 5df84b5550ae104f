import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { findTariffVersion } from '../../db/tariff.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { TARIFF_CHANGE_PROPOSER_ROLES } from '../../machines/tariff-change.machine';
import { tariffChangeWorkflowId } from '../../workflows/ids';
import { tariffChangeViewUpdate, type TariffChangeWorkflow } from '../../workflows/tariff.definitions';
import { actorOf, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { callTemporal } from '../temporal-call';
import { errorResponses } from '../schemas';
import { ProposeChangeBody, TariffChangeDetail } from './schemas';
import { changeDetail } from './views';
import { REFUSAL_TEXT } from '../../machines/refusal-text';

/** POST /tariff-changes — a salesperson (or commerce) proposes changed lines with a reason (§3.3.3). */
export function proposeChange(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/tariff-changes',
      {
        schema: {
          tags: ['tariff changes'],
          summary: 'Propose a tariff change: the full new line set against a locked base version',
          body: ProposeChangeBody,
          response: { 201: TariffChangeDetail, 200: TariffChangeDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, TARIFF_CHANGE_PROPOSER_ROLES, 'propose a tariff change');
        const key = idempotencyKeyOf(req);
        const base = await findTariffVersion(deps.db, req.body.baseVersionNo);
        if (!base || base.status !== 'locked') {
          throw new AppError(
            base ? 'conflict' : 'not_found',
            base
              ? REFUSAL_TEXT.tariffNotLocked(req.body.baseVersionNo)
              : `找不到原始報價第 ${req.body.baseVersionNo} 版 Tariff version ${req.body.baseVersionNo} is not a locked version`,
          );
        }
        if (req.body.effectiveFrom < businessToday()) {
          throw new AppError('unprocessable', REFUSAL_TEXT.inPast('生效日', 'effectiveFrom'), {
            fields: [{ path: 'body.effectiveFrom', message: 'in the past' }],
          });
        }
        const { ref: changeId, reused } = await reserveNumberForKey(
          deps.db,
          user.id,
          'tariff-change.create',
          key,
          'tariff_change_id_seq',
        );
        const { taskQueue, workflowIdPrefix } = deps.temporalConfig;
        await callTemporal(deps, () =>
          deps.temporal.workflow.executeUpdateWithStart(tariffChangeViewUpdate, {
            args: [],
            startWorkflowOperation: new WithStartWorkflowOperation<TariffChangeWorkflow>('tariffChangeWorkflow', {
              workflowId: tariffChangeWorkflowId(workflowIdPrefix, changeId),
              taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [
                {
                  changeId,
                  baseVersionNo: base.version_no,
                  reason: req.body.reason,
                  effectiveFrom: req.body.effectiveFrom,
                  lines: req.body.lines,
                  actor: actorOf(user),
                  idempotencyKey: key,
                },
              ],
            }),
          }),
        );
        return reply.status(reused ? 200 : 201).send(await changeDetail(deps, user, changeId));
      },
    );
  };
}
