/**
 * The job workflow on the real dev server, driven through the Temporal client: a long job that
 * continues as new many times stays exact and keeps each run's history bounded, a retried update is
 * applied once, and a worker restart mid-job loses nothing.
 */
import {
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStepFacts } from '../../domain/job';
import { contractedStages, type JobStage, type JobStepName } from '../../machines/job.machine';
import type { Actor, Role } from '../../machines/roles';
import { jobWorkflowId } from '../../workflows/ids';
import {
  jobStatusQuery,
  jobStepUpdate,
  type JobCommand,
  type JobView,
  type JobWorkflow,
  type JobWorkflowInput,
} from '../../workflows/job.definitions';
import { signedContract } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let contract: { contractNo: string; quoteNo: string; customerNo: string };

beforeAll(async () => {
  s = await startStack();
  contract = await signedContract(s);
});
afterAll(async () => s?.close());

const EventType = temporal.api.enums.v1.EventType;
/** The contract of signedContract: L/C, ocean freight, customs declaration and transport. */
const STAGES = contractedStages(['lc', 'ocean_freight', 'customs_declaration', 'transport']);
const CONTINUE_AFTER = 20;
/**
 * History events of one accepted step: the workflow task that accepts the update (scheduled, started,
 * completed: 3), update accepted (1), the recording activity (scheduled, started, completed: 3), the
 * workflow task that completes the update (3), search attributes upserted (1), update completed (1) = 12.
 * Refused updates are rejected by the validator and leave no event.
 */
const EVENTS_PER_STEP = 12;
/**
 * A run's own events: started (1), first workflow task (3) and its upsert (1), in the first run the
 * 'job created' activity (3) and the task after it (3), possibly a last workflow task (3), and continued
 * as new or completed (1) = 15 at most; 20 leaves room. The bound does not grow with the job's length.
 */
const EVENTS_PER_RUN = 20;
const HISTORY_BOUND = CONTINUE_AFTER * EVENTS_PER_STEP + EVENTS_PER_RUN;

let seq = 0;
const nextJobNo = () => `J2099-${String(900000 + ++seq * 1000 + Math.floor(Math.random() * 1000)).padStart(6, '0')}`;
let exceptionIds = 1_000_000 + Math.floor(Math.random() * 1_000_000);

function jobInput(jobNo: string, over: Partial<JobWorkflowInput> = {}): JobWorkflowInput {
  return {
    jobNo,
    customerNo: contract.customerNo,
    ownerId: 'sales',
    direction: 'import',
    payment: 'lc',
    stages: STAGES,
    containers: ['C1', 'C2', 'C3', 'C4'],
    job: {
      contractNo: contract.contractNo,
      quoteNo: contract.quoteNo,
      cargo: '手機配件 phone accessories',
      portOfLoading: 'Los Angeles',
      portOfDischarge: '鹽田 Yantian',
      urgent: false,
      containerType: '40HQ',
      containerNos: {},
    },
    actor: { id: 'sales', role: 'sales' },
    idempotencyKey: `create-${jobNo}`,
    continueAfter: CONTINUE_AFTER,
    ...over,
  };
}

/** A job workflow and a record of every event it accepted, in order. */
interface Job {
  jobNo: string;
  workflowId: string;
  first: WorkflowHandleWithFirstExecutionRunId<JobWorkflow>;
  /** The latest run, whichever it is. */
  latest: WorkflowHandle<JobWorkflow>;
  accepted: { key: string; action: string }[];
  view: JobView;
}

async function startJob(over: Partial<JobWorkflowInput> = {}): Promise<Job> {
  const jobNo = nextJobNo();
  const workflowId = jobWorkflowId(s.temporalConfig.workflowIdPrefix, jobNo);
  const first = await s.client.workflow.start<JobWorkflow>('jobWorkflow', {
    workflowId,
    taskQueue: s.temporalConfig.taskQueue,
    args: [jobInput(jobNo, over)],
  });
  const latest = s.client.workflow.getHandle<JobWorkflow>(workflowId);
  return { jobNo, workflowId, first, latest, accepted: [], view: await latest.query(jobStatusQuery) };
}

const actor = (role: Role): Actor => ({ id: role, role });
const actionOf = (c: JobCommand) => c.action;

/** Sends a command that must be accepted. */
async function send(j: Job, cmd: JobCommand): Promise<JobView> {
  const view = await j.latest.executeUpdate(jobStepUpdate, { args: [cmd], updateId: cmd.idempotencyKey });
  j.accepted.push({ key: cmd.idempotencyKey, action: actionOf(cmd) });
  expect(view.steps).toBe(j.accepted.length);
  j.view = view;
  return view;
}

/** Sends a command that must be refused with `type`. */
async function refused(j: Job, cmd: JobCommand, type: string): Promise<void> {
  const p = j.latest.executeUpdate(jobStepUpdate, { args: [cmd], updateId: cmd.idempotencyKey });
  await expect(p).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(p).rejects.toMatchObject({ cause: { type } });
}

let keys = 0;
const key = (what: string) => `${what}-${++keys}-${Math.random().toString(36).slice(2, 8)}`;

/** The facts a test job's fact-recording steps carry (domain/job.ts JobStepFacts). */
const FACTS: JobStepFacts = {
  'transport.delivery_arranged': { deliveryDate: '2099-01-02', deliveryPlace: '東莞 Dongguan' },
  'transport.truck_assigned': { truck: '粵B12345', driver: '王師傅' },
  'transport.picked_up': {},
  'transport.arrived': { customerConfirmed: true },
  'transport.loading_arranged': {},
  'billing.receivables_raised': { charges: [] },
};

/** The next step the job waits for, from the first of its roles, with that step's facts. */
function dueStep(j: Job): JobCommand {
  const due = j.view.waiting[0]!;
  const step = due.step as JobStepName;
  return {
    action: step,
    event: {
      type: 'job.step',
      step,
      actor: actor(due.roles[0] as Role),
      ...(due.container ? { container: due.container } : {}),
      ...(step === 'customs.declared' ? { inspectionRequired: true } : {}),
    },
    idempotencyKey: key(step),
    ...(step in FACTS ? { data: FACTS[step as keyof JobStepFacts] } : {}),
  } as JobCommand;
}

function raise(stage: JobStage, role: Role): JobCommand {
  const exceptionId = ++exceptionIds;
  return {
    action: 'exception.raised',
    event: { type: 'exception.raised', actor: actor(role), exceptionId, stage, comment: 'delay' },
    idempotencyKey: key('raise'),
    exception: { type: 'other', description: '延誤 delay', customerNotified: false },
  };
}

const resolve = (exceptionId: number, role: Role): JobCommand => ({
  action: 'exception.resolved',
  event: { type: 'exception.resolved', actor: actor(role), exceptionId, comment: 'done' },
  idempotencyKey: key('resolve'),
  resolution: '已處理 handled',
});

const STAGE_ROLE: Record<JobStage, Role> = {
  payment: 'finance',
  sea_freight: 'ocean',
  customs: 'customs',
  transport: 'dispatch',
  warehousing: 'warehouse',
  billing: 'settlement',
};
const RAISERS: Role[] = [
  'sales',
  'finance',
  'ocean',
  'customs',
  'operations',
  'dispatch',
  'warehouse',
  'settlement',
  'sales_manager',
  'marketing_manager',
  'gm',
];
const RESOLVERS = (stage: JobStage): Role[] => [STAGE_ROLE[stage], 'sales_manager', 'marketing_manager', 'gm'];

const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** History events of every run of the workflow, first to last. */
async function runHistories(j: Job): Promise<temporal.api.history.v1.IHistoryEvent[][]> {
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  let runId: string | undefined = j.first.firstExecutionRunId;
  while (runId && runs.length < 1000) {
    const events: temporal.api.history.v1.IHistoryEvent[] =
      (await s.client.workflow.getHandle(j.workflowId, runId).fetchHistory()).events ?? [];
    runs.push(events);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

/** The job's rows: one audit row and, for a step, one event per accepted command, in order, none twice. */
async function expectRecordedOnce(j: Job): Promise<void> {
  const audit = await s.db
    .selectFrom('audit_log')
    .select(['action', 'idempotency_key'])
    .where('record_type', '=', 'job')
    .where('record_id', '=', j.jobNo)
    .orderBy('id')
    .execute();
  expect(audit.map((a) => [a.idempotency_key, a.action])).toEqual([
    [`create-${j.jobNo}`, 'job.created'],
    ...j.accepted.map((a) => [a.key, a.action]),
  ]);
  const events = await s.db
    .selectFrom('job_events')
    .select(['step', 'idempotency_key'])
    .where('job_no', '=', j.jobNo)
    .orderBy('id')
    .execute();
  const steps = j.accepted.filter((a) => a.action !== 'exception.raised' && a.action !== 'exception.resolved');
  expect(events.map((e) => [e.idempotency_key, e.step])).toEqual([
    [`create-${j.jobNo}`, 'job.created'],
    ...steps.map((a) => [a.key, a.action]),
  ]);
}

describe('a long job', () => {
  it('continues as new many times and stays exact: every event recorded once, each run’s history bounded', async () => {
    const j = await startJob();
    let heldOpen: number | undefined;
    let longest = 0;
    let turn = 0;
    while (j.view.status !== 'completed') {
      const stage = j.view.stage!;
      // Exceptions raised and resolved over and over, by every raiser and resolver in turn.
      for (let i = 0; i < 4; i++) {
        const raised = raise(stage, RAISERS[turn % RAISERS.length]!);
        await send(j, raised);
        await send(j, resolve((raised.event as { exceptionId: number }).exceptionId, RESOLVERS(stage)[turn % 4]!));
        turn += 1;
      }
      const next = dueStep(j);
      // Customs: an exception held open across a continue-as-new still blocks the release, until resolved.
      if (next.event.type === 'job.step' && next.event.step === 'customs.released' && heldOpen === undefined) {
        const raised = raise('customs', 'customs');
        await send(j, raised);
        heldOpen = (raised.event as { exceptionId: number }).exceptionId;
        const runsBefore = (await runHistories(j)).length;
        for (let i = 0; i < CONTINUE_AFTER / 2; i++) {
          const other = raise('billing', 'settlement');
          await send(j, other);
          await send(j, resolve((other.event as { exceptionId: number }).exceptionId, 'settlement'));
        }
        expect((await runHistories(j)).length).toBeGreaterThan(runsBefore);
        expect(j.view.openExceptions).toEqual([{ id: heldOpen, stage: 'customs' }]);
        await refused(j, { ...next, idempotencyKey: key('too-early') }, 'conflict');
        await send(j, resolve(heldOpen, 'customs'));
      }
      await send(j, next);
      const current = (await j.latest.fetchHistory()).events ?? [];
      longest = Math.max(longest, current.length);
      expect(current.length).toBeLessThanOrEqual(HISTORY_BOUND);
    }

    expect(j.accepted.length).toBeGreaterThanOrEqual(200);
    const result = await j.first.result();
    expect(result).toMatchObject({
      status: 'completed',
      stage: null,
      waiting: [],
      openExceptions: [],
      steps: j.accepted.length,
    });

    const runs = await runHistories(j);
    expect(runs.length).toBe(Math.ceil(j.accepted.length / CONTINUE_AFTER));
    for (const events of runs) expect(events.length).toBeLessThanOrEqual(HISTORY_BOUND);
    expect(runs.at(-1)!.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    const updates = runs.flatMap((events) =>
      events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
    );
    expect(updates.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId)).toEqual(
      j.accepted.map((a) => a.key),
    );

    await expectRecordedOnce(j);
    const row = await s.db.selectFrom('jobs').selectAll().where('job_no', '=', j.jobNo).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'completed', current_stage: null, waiting: [] });
    expect(row.completed_at).not.toBeNull();
    const exceptions = await s.db
      .selectFrom('job_exceptions')
      .select(['status'])
      .where('job_no', '=', j.jobNo)
      .execute();
    expect(exceptions.length).toBe(j.accepted.filter((a) => a.action === 'exception.raised').length);
    expect(exceptions.every((x) => x.status === 'resolved')).toBe(true);
    const containers = await s.db
      .selectFrom('job_containers')
      .select(['container_key', 'last_step', 'truck'])
      .where('job_no', '=', j.jobNo)
      .orderBy('container_key')
      .execute();
    expect(containers).toEqual(
      ['C1', 'C2', 'C3', 'C4'].map((k) => ({
        container_key: k,
        last_step: 'billing.receivables_raised',
        truck: '粵B12345',
      })),
    );
  });
});

describe('a retried update', () => {
  it('with the same update id is applied once, whether retried after the answer or at the same time', async () => {
    const j = await startJob({ containers: ['C1'] });
    const cmd = dueStep(j);
    const first = await send(j, cmd);
    const again = await j.latest.executeUpdate(jobStepUpdate, { args: [cmd], updateId: cmd.idempotencyKey });
    expect(again).toEqual(first);

    const raised = raise('sea_freight', 'ocean');
    const both = await Promise.all(
      [0, 1].map(() => j.latest.executeUpdate(jobStepUpdate, { args: [raised], updateId: raised.idempotencyKey })),
    );
    j.accepted.push({ key: raised.idempotencyKey, action: 'exception.raised' });
    expect(both[0]).toEqual(both[1]);
    expect(both[0]!.steps).toBe(2);
    expect(both[0]!.openExceptions).toHaveLength(1);
    expect((await j.latest.query(jobStatusQuery)).steps).toBe(2);
    await expectRecordedOnce(j);
  });

  it('retried after its run has continued as new, is still recorded once', async () => {
    const j = await startJob({ containers: ['C1'], continueAfter: 2 });
    await send(j, dueStep(j));
    const raised = raise('payment', 'finance');
    await send(j, raised);
    await until(async () => (await runHistories(j)).length === 2);
    // The new run knows the key from the carried state: it answers without applying the step again.
    const again = await j.latest.executeUpdate(jobStepUpdate, { args: [raised], updateId: raised.idempotencyKey });
    expect(again.openExceptions).toHaveLength(1);
    expect(again.steps).toBe(2);
    await expectRecordedOnce(j);
    const exceptions = await s.db.selectFrom('job_exceptions').select('id').where('job_no', '=', j.jobNo).execute();
    expect(exceptions).toEqual([{ id: (raised.event as { exceptionId: number }).exceptionId }]);
  });
});

describe('a worker restart', () => {
  it('mid-job, with a step sent while no worker runs, loses nothing', async () => {
    const j = await startJob({ containers: ['C1', 'C2'], continueAfter: 5 });
    for (let i = 0; i < 7; i++) await send(j, dueStep(j));
    const raised = raise(j.view.stage!, 'gm');
    await send(j, raised);

    await s.stopWorker();
    const during = dueStep(j);
    const pending = j.latest.executeUpdate(jobStepUpdate, { args: [during], updateId: during.idempotencyKey });
    await new Promise((r) => setTimeout(r, 1000));
    await s.startWorker();
    j.view = await pending;
    j.accepted.push({ key: during.idempotencyKey, action: actionOf(during) });
    expect(j.view.steps).toBe(j.accepted.length);
    expect(j.view.openExceptions).toEqual([
      { id: (raised.event as { exceptionId: number }).exceptionId, stage: (raised.event as { stage: JobStage }).stage },
    ]);

    await s.stopWorker();
    await s.startWorker();
    await send(j, resolve((raised.event as { exceptionId: number }).exceptionId, 'gm'));
    while (j.view.status !== 'completed') await send(j, dueStep(j));
    expect((await j.first.result()).steps).toBe(j.accepted.length);
    expect((await runHistories(j)).length).toBe(Math.ceil(j.accepted.length / 5));
    await expectRecordedOnce(j);
  });
});
