import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eventRoles } from '../../machines/permission';
import { tariffMachine, type TariffEvent } from '../../machines/tariff.machine';
import { tariffWorkflowId } from '../../workflows/ids';
import { tariffStepUpdate } from '../../workflows/tariff.definitions';
import { resolveActor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, requiredCommentBody } from '../schemas';
import { sendStep } from '../steps';
import { optionalComment, TariffDetail, VersionParams } from './schemas';
import { finishedMessage } from './edit-tariff-lines';
import { loadTariffVersion, tariffDetail } from './views';

type StepEvent = Exclude<TariffEvent, { type: 'lines.replaced' }>;

const STEPS: { path: string; event: StepEvent['type']; summary: string; commentRequired: boolean }[] = [
  { path: 'submit', event: 'tariff.submitted', summary: 'Submit a draft to the GM (commerce)', commentRequired: false },
  {
    path: 'approve',
    event: 'tariff.approved',
    summary: 'Approve and lock (GM); in force from its effective date',
    commentRequired: false,
  },
  {
    path: 'return',
    event: 'tariff.returned',
    summary: 'Return to commerce with a comment (GM)',
    commentRequired: true,
  },
  { path: 'discard', event: 'tariff.discarded', summary: 'Discard a draft (commerce)', commentRequired: false },
];

/** POST /tariffs/:versionNo/{submit,approve,return,discard} — one step of the tariff approval chain. */
export function advanceTariff(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    for (const step of STEPS) {
      app.post(
        `/tariffs/:versionNo/${step.path}`,
        {
          schema: {
            tags: ['tariffs'],
            summary: step.summary,
            params: VersionParams,
            body: step.commentRequired ? requiredCommentBody : optionalComment.nullish(),
            response: { 200: TariffDetail, ...errorResponses },
          },
        },
        async (req) => {
          const user = currentUser(req);
          // Own role, or a delegation of an allowed role (the GM's delegate approves on the GM's behalf): api/acting.ts.
          const actor = await resolveActor(deps, user, eventRoles(tariffMachine, step.event));
          const key = idempotencyKeyOf(req);
          const row = await loadTariffVersion(deps, user, req.params.versionNo);
          const comment = req.body?.comment ?? undefined;
          await sendStep(deps, {
            workflowId: tariffWorkflowId(deps.temporalConfig.workflowIdPrefix, row.version_no),
            update: tariffStepUpdate,
            command: {
              event: { type: step.event, actor, ...(comment ? { comment } : {}) } as StepEvent,
              idempotencyKey: key,
            },
            idempotencyKey: key,
            recordType: 'tariff',
            recordId: String(row.version_no),
            finishedMessage: finishedMessage(row.status, row.version_no),
          });
          return tariffDetail(deps, user, row.version_no);
        },
      );
    }
  };
}
