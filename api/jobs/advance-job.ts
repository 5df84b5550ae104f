/**
 * Job steps and exceptions: `POST /jobs/:jobNo/steps/:step`, `POST /jobs/:jobNo/exceptions`,
 * `POST /jobs/:jobNo/exceptions/:id/resolve` as Updates of the job's workflow, and progress notes on an
 * exception (a record, not a step).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { sql } from 'kysely';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { findJobException } from '../../db/job.repository';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { AppError } from '../../lib/errors';
import { JOB_EXCEPTION_RAISERS, JOB_OVERRIDE_ROLES, JOB_STAGES, stageSteps, type JobEvent } from '../../machines/job.machine';
import type { Role } from '../../machines/roles';
import { jobWorkflowId } from '../../workflows/ids';
import { jobStepUpdate, type JobCommand, type JobStepData, type JobView } from '../../workflows/job.definitions';
import { resolveActor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { sendStep } from '../steps';
import { ExceptionParams, JobDetail, JobParams, ProgressBody, RaiseExceptionBody, ResolveExceptionBody, StepBody, StepParams } from './schemas';
import { jobDetail, loadJob } from './views';

/** Roles that record each step, over every stage and direction. */
const STEP_ROLES = new Map<string, Set<Role>>();
for (const stage of JOB_STAGES) {
  for (const d of ['import', 'export'] as const) {
    for (const p of ['lc', 'tt'] as const) {
      for (const s of stageSteps(stage, d, p)) STEP_ROLES.set(s.step, new Set([...(STEP_ROLES.get(s.step) ?? []), ...s.roles]));
    }
  }
}

async function send(deps: ApiDeps, jobNo: string, command: JobCommand, finished: boolean): Promise<JobView | undefined> {
  const sent = await sendStep(deps, {
    workflowId: jobWorkflowId(deps.temporalConfig.workflowIdPrefix, jobNo),
    update: jobStepUpdate,
    command,
    idempotencyKey: command.idempotencyKey,
    recordType: 'job',
    recordId: jobNo,
    finishedMessage: finished ? `Job ${jobNo} is completed` : undefined,
  });
  return sent.view;
}

/** Who acts on which exception of which job: the actor, the request's key, the job and the exception (404 when not on it). */
async function exceptionRequest(deps: ApiDeps, req: FastifyRequest, params: z.infer<typeof ExceptionParams>) {
  const user = currentUser(req);
  const actor = await resolveActor(deps, user, JOB_EXCEPTION_RAISERS);
  const key = idempotencyKeyOf(req);
  const job = await loadJob(deps, user, params.jobNo);
  const x = await findJobException(deps.db, params.exceptionId);
  if (!x || x.job_no !== job.job_no) throw new AppError('not_found', `No exception ${params.exceptionId} on job ${job.job_no}`);
  return { user, actor, key, job, x };
}

export function advanceJob(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/jobs/:jobNo/steps/:step',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Record a step of the current stage (by its role); per-container transport steps name the container',
          params: StepParams,
          body: StepBody.nullish(),
          response: { 200: JobDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const body = req.body ?? {};
        const allowed = [...(STEP_ROLES.get(req.params.step) ?? []), ...(body.override ? JOB_OVERRIDE_ROLES : [])];
        await resolveActor(deps, user, allowed);
        const key = idempotencyKeyOf(req);
        const job = await loadJob(deps, user, req.params.jobNo);
        const actor = await resolveActor(deps, user, allowed, job.waiting.find((w) => w.step === req.params.step)?.roles[0] as Role | undefined);
        const { container, inspectionRequired, override, comment, ...data } = body;
        const event: JobEvent = {
          type: 'job.step',
          step: req.params.step,
          actor,
          ...(container ? { container } : {}),
          ...(inspectionRequired !== undefined ? { inspectionRequired } : {}),
          ...(override ? { override } : {}),
          ...(comment ? { comment } : {}),
        };
        const stepData = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null)) as JobStepData;
        const view = await send(deps, job.job_no, { event, idempotencyKey: key, ...(Object.keys(stepData).length ? { data: stepData } : {}) }, job.status === 'completed');
        return jobDetail(deps, user, job.job_no, view);
      },
    );

    app.post(
      '/jobs/:jobNo/exceptions',
      { schema: { tags: ['jobs'], summary: 'Raise an exception 「異常」 in a stage of the job', params: JobParams, body: RaiseExceptionBody, response: { 200: JobDetail, ...errorResponses } } },
      async (req) => {
        const user = currentUser(req);
        const actor = await resolveActor(deps, user, JOB_EXCEPTION_RAISERS);
        const key = idempotencyKeyOf(req);
        const job = await loadJob(deps, user, req.params.jobNo);
        if (!job.stages.includes(req.body.stage)) throw new AppError('unprocessable', `Job ${job.job_no} has no ${req.body.stage} stage`);
        const { ref: exceptionId } = await reserveNumberForKey(deps.db, user.id, `job-exception:${job.job_no}`, key, 'job_exception_id_seq');
        const b = req.body;
        await send(
          deps,
          job.job_no,
          {
            event: { type: 'exception.raised', actor, exceptionId, stage: b.stage, comment: b.description },
            idempotencyKey: key,
            exception: { type: b.type, description: b.description, customerNotified: b.customerNotified, ...(b.remedy ? { remedy: b.remedy } : {}) },
          },
          false,
        );
        return jobDetail(deps, user, job.job_no);
      },
    );

    app.post(
      '/jobs/:jobNo/exceptions/:exceptionId/resolve',
      { schema: { tags: ['jobs'], summary: 'Resolve an exception (the stage’s role, or a manager)', params: ExceptionParams, body: ResolveExceptionBody, response: { 200: JobDetail, ...errorResponses } } },
      async (req) => {
        const { user, actor, key, job, x } = await exceptionRequest(deps, req, req.params);
        if (x.status === 'resolved' && !(await findAuditByKey(deps.db, 'job', job.job_no, key))) throw new AppError('conflict', `Exception ${x.id} is already resolved`);
        await send(deps, job.job_no, { event: { type: 'exception.resolved', actor, exceptionId: x.id, comment: req.body.resolution }, idempotencyKey: key, resolution: req.body.resolution }, false);
        return jobDetail(deps, user, job.job_no);
      },
    );

    app.post(
      '/jobs/:jobNo/exceptions/:exceptionId/progress',
      { schema: { tags: ['jobs'], summary: 'Add a progress note to an open exception (and record that the customer was told)', params: ExceptionParams, body: ProgressBody, response: { 200: JobDetail, ...errorResponses } } },
      async (req) => {
        const { user, actor, key, job, x } = await exceptionRequest(deps, req, req.params);
        if (x.status !== 'open') throw new AppError('conflict', `Exception ${x.id} is resolved`);
        await deps.db.transaction().execute(async (trx) => {
          const fresh = await appendAudit(trx, { actorId: actor.id, actorRole: actor.role, onBehalfOf: actor.onBehalfOf ?? null, recordType: 'job', recordId: job.job_no, action: 'exception.progress', comment: req.body.note, changes: { exceptionId: x.id, customerNotified: req.body.customerNotified ?? false }, idempotencyKey: key });
          if (!fresh) return;
          await trx
            .updateTable('job_exceptions')
            .set({
              progress: sql`progress || ${JSON.stringify([{ at: new Date().toISOString(), by: actor.id, note: req.body.note }])}::jsonb` as unknown as string,
              ...(req.body.customerNotified && !x.customer_notified_at ? { customer_notified_at: sql`now()` as unknown as Date } : {}),
            })
            .where('id', '=', x.id)
            .execute();
        });
        return jobDetail(deps, user, job.job_no);
      },
    );
  };
}
