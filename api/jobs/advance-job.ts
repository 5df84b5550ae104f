/**
 * Job steps and exceptions: `POST /jobs/:jobNo/steps/:step`, `POST /jobs/:jobNo/exceptions`,
 * `POST /jobs/:jobNo/exceptions/:id/resolve` as Updates of the job's workflow, and progress notes on an
 * exception (a record, not a step).
 */
import { JOB_COMPLETED_LABEL } from '../../machines/job.machine';
import { REFUSAL_TEXT } from '../../machines/permission';
import type { FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { addJobExceptionProgress, findJobException, findOpenJobsHoldingContainers } from '../../db/job.repository';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { PLANNED_DATE_FACTS, plannedDateProblem } from '../../domain/job-dates';
import { businessDateTime, businessInstant, businessToday } from '../../lib/dates';
import type { JobCommand, JobStepCommand, JobView } from '../../domain/job';
import { AppError } from '../../lib/errors';
import { invalidRequest } from '../errors';
import {
  exceptionFollowers,
  exceptionProgressRoles,
  mayAddExceptionProgress,
  JOB_EXCEPTION_RAISERS,
  jobStepSenders,
  type JobStepEvent,
  type JobStepName,
} from '../../machines/job.machine';
import { jobWorkflowId } from '../../workflows/ids';
import { jobStepUpdate } from '../../workflows/job.definitions';
import { resolveActor } from '../acting';
import { assertDeliveryAllowed } from '../credit/hold';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { sendStep } from '../steps';
import {
  ExceptionParams,
  JobDetail,
  JobParams,
  ProgressBody,
  RaiseExceptionBody,
  ResolveExceptionBody,
  StepBody,
  stepBodySchema,
  stepFactFields,
  StepParams,
} from './schemas';
import { jobDetail, loadJob } from './views';
import { JOB_STAGE_LABELS, type JobStage } from '../../machines/job-stages';
import { splitLabel } from '../../machines/permission';
import { roleLabel } from '../../domain/labels';

/**
 * The step's command: the event, the key, and exactly the step's facts (`data`, the fields
 * `stepFactFields` names, absent ones left out) — the body was validated by that step's own schema
 * (`stepBodySchema`), whose output `satisfies` domain/job.ts JobStepFacts of the step, which is what
 * the one cast below asserts.
 */
function stepCommand(
  step: JobStepName,
  event: JobStepEvent,
  idempotencyKey: string,
  body: Record<string, unknown>,
): JobCommand {
  const fields = stepFactFields(step);
  const data = Object.fromEntries(fields.flatMap((f) => (body[f] === undefined ? [] : [[f, body[f]]])));
  return {
    action: step,
    event: { ...event, step },
    idempotencyKey,
    ...(fields.length ? { data } : {}),
  } as JobStepCommand;
}

/** Route validation for a body whose schema depends on a path parameter: params etc. by zod, the body left to the handler. */
function bodyCheckedInHandler(def: FastifyRouteSchemaDef<unknown>) {
  return def.httpPart === 'body'
    ? (data: unknown) => ({ value: data })
    : validatorCompiler(def as FastifyRouteSchemaDef<z.ZodType>);
}

async function send(
  deps: ApiDeps,
  jobNo: string,
  command: JobCommand,
  finished: boolean,
): Promise<JobView | undefined> {
  const sent = await sendStep(deps, {
    workflowId: jobWorkflowId(deps.temporalConfig.workflowIdPrefix, jobNo),
    update: jobStepUpdate,
    command,
    idempotencyKey: command.idempotencyKey,
    recordType: 'job',
    recordId: jobNo,
    finishedMessage: finished
      ? REFUSAL_TEXT.finished({ zh: `作業 ${jobNo}`, en: `Job ${jobNo}` }, JOB_COMPLETED_LABEL)
      : undefined,
  });
  return sent.view;
}

/**
 * Who acts on which exception of which job: the actor (in a role that follows up the exception's stage
 * when the user has one, own or delegated), the request's key, the job and the exception (404 when not on it).
 */
async function exceptionRequest(
  deps: ApiDeps,
  req: FastifyRequest,
  params: z.infer<typeof ExceptionParams>,
  /** The roles the step is for, by the exception's stage (default: its followers). */
  rolesOf: typeof exceptionFollowers = exceptionFollowers,
) {
  const user = currentUser(req);
  const raiser = await resolveActor(deps, user, JOB_EXCEPTION_RAISERS);
  const key = idempotencyKeyOf(req);
  const job = await loadJob(deps, user, params.jobNo);
  const x = await findJobException(deps.db, params.exceptionId);
  if (!x || x.job_no !== job.job_no)
    throw new AppError(
      'not_found',
      `作業 ${job.job_no} 沒有異常 ${params.exceptionId} No exception ${params.exceptionId} on job ${job.job_no}`,
    );
  const followers = rolesOf({ direction: job.direction, payment: job.payment_method }, x.stage);
  const actor = await resolveActor(deps, user, followers).catch(() => raiser);
  return { user, actor, key, job, x, followers };
}

/**
 * 422 naming the field when a planned date of the step's facts (domain/job-dates.ts) is before today in the
 * business time zone; a date-time with a zone is judged by its business date.
 */
function plannedDatesAhead(fields: Record<string, unknown>): void {
  const today = businessToday();
  for (const f of PLANNED_DATE_FACTS) {
    const v = fields[f];
    if (typeof v !== 'string') continue;
    const day = v.length > 10 ? businessDateTime(businessInstant(v)).slice(0, 10) : v;
    const problem = plannedDateProblem(day, today);
    if (problem)
      throw new AppError('unprocessable', `${f} ${problem}`, { fields: [{ path: `body.${f}`, message: problem }] });
  }
}

/**
 * 422 for a container number already on a job in progress (one box, one open job), naming the field (`path`)
 * and where the box is: `details.containerNo`, `details.jobNo`.
 */
export function containerHeld(h: { containerNo: string; jobNo: string; containerKey: string }, path: string): AppError {
  const message = `Container ${h.containerNo} is on job ${h.jobNo} (${h.containerKey}), still in progress`;
  // The field's message stays English: the desk words it in both languages under the field's label (fieldMessage).
  return new AppError(
    'unprocessable',
    `柜 ${h.containerNo} 已在作業 ${h.jobNo}（${h.containerKey}），尚未完成 ${message}`,
    {
      containerNo: h.containerNo,
      jobNo: h.jobNo,
      fields: [{ path, message }],
    },
  );
}

/**
 * 403 for a job role outside the exception's stage (machines/job.machine.ts `exceptionFollowers`), before its state is
 * told; `orRaiser`: a progress note, which its raiser may add too (`mayAddExceptionProgress`).
 */
function mayNotFollowUp(stage: string, followers: readonly string[], orRaiser = false): never {
  const stageLabel = splitLabel(JOB_STAGE_LABELS[stage as JobStage] ?? stage);
  const by = [...followers.map(roleLabel), ...(orRaiser ? [{ zh: '登記人', en: 'its raiser' }] : [])];
  throw new AppError(
    'forbidden',
    `「${stageLabel.zh}」階段的異常由${by.map((l) => l.zh).join('、')}跟進與處理 An exception of ${stage} is followed up and resolved by ${by.map((l) => l.en).join(', ')}`,
    {
      reason: 'role_not_allowed',
      allowedRoles: followers,
    },
  );
}

export function advanceJob(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/jobs/:jobNo/steps/:step',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Record a step of the current stage (by its role); per-container transport steps name the container',
          description:
            'The body is the step’s own: the common fields (container, override, comment) and the facts that step records (domain/job.ts JobStepFacts); unknown fields are 400.',
          params: StepParams,
          body: StepBody.nullish(),
          response: { 200: JobDetail, ...errorResponses },
        },
        // The body's schema depends on the path's step: it is validated in the handler (stepBodySchema).
        validatorCompiler: bodyCheckedInHandler,
      },
      async (req) => {
        const user = currentUser(req);
        const step = req.params.step;
        const parsed = stepBodySchema(step).safeParse(req.body ?? {});
        if (!parsed.success)
          throw invalidRequest(
            parsed.error.issues.map((i) => ({ ...i, keys: 'keys' in i ? i.keys : undefined })),
            'body',
          );
        const body = parsed.data;
        // The role first (the job's rule: who may ever send this step), before anything about the job is read.
        const allowed = jobStepSenders(step, body.override === true);
        await resolveActor(deps, user, allowed);
        const key = idempotencyKeyOf(req);
        const job = await loadJob(deps, user, req.params.jobNo);
        const actor = await resolveActor(deps, user, allowed, job.waiting.find((w) => w.step === step)?.roles[0]);
        const fields: Record<string, unknown> = body;
        // A retry of a step recorded before is answered as it was: the rules below judged it then.
        if (!(await findAuditByKey(deps.db, 'job', job.job_no, key))) {
          // A delivery of a customer on credit hold needs a manager's override.
          await assertDeliveryAllowed(deps.db, { customerNo: job.customer_no, jobNo: job.job_no, step });
          plannedDatesAhead(fields);
        }
        const containerNo = typeof fields.containerNo === 'string' ? fields.containerNo : undefined;
        if (containerNo) {
          // One box, one open job (and one container of this job): 422 naming where the number already is.
          const held = (await findOpenJobsHoldingContainers(deps.db, [containerNo])).filter(
            (h) => !(h.jobNo === job.job_no && h.containerKey === body.container),
          );
          if (held.length) throw containerHeld(held[0]!, 'body.containerNo');
        }
        const event: JobStepEvent = {
          type: 'job.step',
          step,
          actor,
          ...(body.container ? { container: body.container } : {}),
          ...(typeof fields.inspectionRequired === 'boolean' ? { inspectionRequired: fields.inspectionRequired } : {}),
          ...(body.override ? { override: body.override } : {}),
          ...(body.comment ? { comment: body.comment } : {}),
        };
        const view = await send(deps, job.job_no, stepCommand(step, event, key, fields), job.status === 'completed');
        return jobDetail(deps, user, job.job_no, view);
      },
    );

    app.post(
      '/jobs/:jobNo/exceptions',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Raise an exception 「異常」 in a stage of the job',
          params: JobParams,
          body: RaiseExceptionBody,
          response: { 200: JobDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const actor = await resolveActor(deps, user, JOB_EXCEPTION_RAISERS);
        const key = idempotencyKeyOf(req);
        const job = await loadJob(deps, user, req.params.jobNo);
        if (!job.stages.includes(req.body.stage))
          throw new AppError(
            'unprocessable',
            `作業 ${job.job_no} 沒有「${splitLabel(JOB_STAGE_LABELS[req.body.stage as JobStage] ?? req.body.stage).zh}」階段 Job ${job.job_no} has no ${req.body.stage} stage`,
            {
              fields: [{ path: 'body.stage', message: `the job has no ${req.body.stage} stage` }],
            },
          );
        const { ref: exceptionId } = await reserveNumberForKey(
          deps.db,
          user.id,
          `job-exception:${job.job_no}`,
          key,
          'job_exception_id_seq',
        );
        const b = req.body;
        await send(
          deps,
          job.job_no,
          {
            action: 'exception.raised',
            event: { type: 'exception.raised', actor, exceptionId, stage: b.stage, comment: b.description },
            idempotencyKey: key,
            exception: {
              type: b.type,
              description: b.description,
              customerNotified: b.customerNotified,
              ...(b.remedy ? { remedy: b.remedy } : {}),
            },
          },
          false,
        );
        return jobDetail(deps, user, job.job_no);
      },
    );

    app.post(
      '/jobs/:jobNo/exceptions/:exceptionId/resolve',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Resolve an exception (the stage’s role, or a manager)',
          params: ExceptionParams,
          body: ResolveExceptionBody,
          response: { 200: JobDetail, ...errorResponses },
        },
      },
      async (req) => {
        const { user, actor, key, job, x, followers } = await exceptionRequest(deps, req, req.params);
        if (!followers.includes(actor.role)) mayNotFollowUp(x.stage, followers);
        if (x.status === 'resolved' && !(await findAuditByKey(deps.db, 'job', job.job_no, key)))
          throw new AppError('conflict', `異常 ${x.id} 已處理 Exception ${x.id} is already resolved`, {
            reason: 'wrong_state',
          });
        await send(
          deps,
          job.job_no,
          {
            action: 'exception.resolved',
            event: { type: 'exception.resolved', actor, exceptionId: x.id, comment: req.body.resolution },
            idempotencyKey: key,
            resolution: req.body.resolution,
          },
          false,
        );
        return jobDetail(deps, user, job.job_no);
      },
    );

    app.post(
      '/jobs/:jobNo/exceptions/:exceptionId/progress',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Add a progress note to an open exception (and record that the customer was told)',
          params: ExceptionParams,
          body: ProgressBody,
          response: { 200: JobDetail, ...errorResponses },
        },
      },
      async (req) => {
        // Progress: its followers, the operations clerk and its raiser (machines/job.machine.ts
        // mayAddExceptionProgress, the rule of the job's actions too), then its state.
        const { user, actor, key, job, x, followers } = await exceptionRequest(
          deps,
          req,
          req.params,
          exceptionProgressRoles,
        );
        if (
          !mayAddExceptionProgress(
            { direction: job.direction, payment: job.payment_method },
            { stage: x.stage, raisedBy: x.raised_by },
            actor,
          )
        )
          mayNotFollowUp(x.stage, followers, true);
        const done = await findAuditByKey(deps.db, 'job', job.job_no, key);
        if (x.status !== 'open' && !done)
          throw new AppError('conflict', `異常 ${x.id} 已處理 Exception ${x.id} is resolved`, {
            reason: 'wrong_state',
          });
        await deps.db.transaction().execute(async (trx) => {
          const fresh = await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'job',
            recordId: job.job_no,
            action: 'exception.progress',
            comment: req.body.note,
            changes: { exceptionId: x.id, customerNotified: req.body.customerNotified ?? false },
            idempotencyKey: key,
          });
          if (!fresh) return;
          await addJobExceptionProgress(
            trx,
            x.id,
            { at: new Date().toISOString(), by: actor.id, note: req.body.note },
            req.body.customerNotified === true,
          );
        });
        return jobDetail(deps, user, job.job_no);
      },
    );
  };
}
