import { stateLabel } from '../../domain/labels';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eventRoles, REFUSAL_TEXT } from '../../machines/permission';
import {
  tariffChangeMachine,
  tariffChangeStatusFacts,
  type TariffChangeEvent,
} from '../../machines/tariff-change.machine';
import { tariffChangeWorkflowId } from '../../workflows/ids';
import { tariffChangeStepUpdate } from '../../workflows/tariff.definitions';
import { resolveActor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, requiredCommentBody } from '../schemas';
import { sendStep } from '../steps';
import { optionalComment } from '../tariffs/schemas';
import { ChangeParams, TariffChangeDetail } from './schemas';
import { changeDetail, loadChange } from './views';

const STEPS: { path: string; event: TariffChangeEvent['type']; summary: string; commentRequired: boolean }[] = [
  {
    path: 'approve',
    event: 'change.approved',
    summary: 'Approve (marketing manager, then GM); the GM’s approval locks a new version',
    commentRequired: false,
  },
  {
    path: 'reject',
    event: 'change.rejected',
    summary: 'Reject with a comment (marketing manager or GM)',
    commentRequired: true,
  },
  {
    path: 'withdraw',
    event: 'change.withdrawn',
    summary: 'Withdraw a pending change (its proposer)',
    commentRequired: false,
  },
];

const FINAL = new Set(['approved', 'rejected', 'withdrawn']);

/** POST /tariff-changes/:changeId/{approve,reject,withdraw}. */
export function advanceChange(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    for (const step of STEPS) {
      app.post(
        `/tariff-changes/:changeId/${step.path}`,
        {
          schema: {
            tags: ['tariff changes'],
            summary: step.summary,
            params: ChangeParams,
            body: step.commentRequired ? requiredCommentBody : optionalComment.nullish(),
            response: { 200: TariffChangeDetail, ...errorResponses },
          },
        },
        async (req) => {
          const user = currentUser(req);
          // Own role, or a delegation of an allowed role (the GM's delegate decides on the GM's behalf): api/acting.ts.
          const allowed = eventRoles(tariffChangeMachine, step.event);
          await resolveActor(deps, user, allowed);
          const key = idempotencyKeyOf(req);
          const row = await loadChange(deps, user, req.params.changeId);
          const actor = await resolveActor(deps, user, allowed, tariffChangeStatusFacts(row.status).role);
          const comment = req.body?.comment ?? undefined;
          await sendStep(deps, {
            workflowId: tariffChangeWorkflowId(deps.temporalConfig.workflowIdPrefix, row.id),
            update: tariffChangeStepUpdate,
            command: {
              event: { type: step.event, actor, ...(comment ? { comment } : {}) } as TariffChangeEvent,
              idempotencyKey: key,
            },
            idempotencyKey: key,
            recordType: 'tariff_change',
            recordId: String(row.id),
            finishedMessage: FINAL.has(row.status)
              ? REFUSAL_TEXT.finished(
                  { zh: `原始報價修改單 ${row.id}`, en: `Tariff change ${row.id}` },
                  stateLabel('tariff_change', row.status)!,
                )
              : undefined,
          });
          return changeDetail(deps, user, row.id);
        },
      );
    }
  };
}
