/**
 * `job-<jobNo>`: one shipment job followed stage by stage (machines/job.machine.ts). Each accepted step
 * is recorded by one idempotent activity. A long job continues as new every `continueAfter` steps,
 * carrying its state, so its history stays bounded.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { expectedSteps, JOB_EXCEPTION_RAISERS, JOB_STATUS_OF, jobMachine, overridesException, type JobEvent } from '../machines/job.machine';
import type { Role } from '../machines/roles';
import { acts } from './activities';
import { Serial, serveProcess, type StepRules } from './machine-steps';
import { CustomerNo, OwnerId, PendingRole } from './search-attributes';
import { jobStatusQuery, jobStepUpdate, jobViewUpdate, type JobCommand, type JobView, type JobWorkflowInput } from './job.definitions';

type Snapshot = ReturnType<typeof initialTransition<typeof jobMachine>>[0];
const statusOf = (s: Snapshot) => JOB_STATUS_OF[String(s.value)] ?? 'in_progress';

/** Roles are judged by the machine's guards (they depend on the step); the rules only name who may ever act. */
const rules: StepRules = {
  roles: { 'job.step': [...JOB_EXCEPTION_RAISERS], 'exception.raised': JOB_EXCEPTION_RAISERS, 'exception.resolved': JOB_EXCEPTION_RAISERS } as Record<string, readonly Role[]>,
  commentRequired: [],
  status: (s) => statusOf(s as Snapshot),
  explain: (s, e) => {
    const c = (s as Snapshot).context;
    const fail = (message: string, type: string) => ApplicationFailure.create({ message, type, nonRetryable: true });
    const expected = expectedSteps(c);
    if (e.type === 'job.step') {
      const ev = e as Extract<JobEvent, { type: 'job.step' }>;
      const due = expected.steps.filter((x) => x.step === ev.step);
      if (due.length === 0) return fail(`The job waits for ${expected.steps.map((x) => x.step + (x.container ? ` (${x.container})` : '')).join(', ') || 'nothing'}, not ${ev.step}`, 'conflict');
      if (!due.some((x) => x.roles.includes(ev.actor.role))) return fail(`${ev.step} is recorded by ${due[0]!.roles.join(' or ')}`, 'forbidden');
      if (due.some((x) => x.container) && !due.some((x) => x.container === ev.container)) {
        // A known container past (or not yet at) this step is a state conflict; a missing or unknown one is bad input.
        if (ev.container && c.containers.includes(ev.container)) {
          const own = expected.steps.find((x) => x.container === ev.container);
          return fail(`Container ${ev.container} waits for ${own ? own.step : 'nothing more in this stage'}, not ${ev.step}`, 'conflict');
        }
        return fail(`${ev.step} needs one of the containers ${due.map((x) => x.container).join(', ')}`, 'unprocessable');
      }
      const open = c.openExceptions.filter((x) => x.stage === expected.stage);
      if (open.length) return fail(`Stage ${expected.stage} has open exception(s) ${open.map((x) => x.id).join(', ')}: resolve them, or a manager completes it with override`, 'conflict');
    }
    if (e.type === 'exception.resolved' && !c.openExceptions.some((x) => x.id === (e as { exceptionId?: number }).exceptionId)) return fail('No such open exception', 'conflict');
    if (e.type === 'exception.resolved') return fail('An exception is resolved by its stage’s role or a manager', 'forbidden');
    return undefined;
  },
};

/** How many recent idempotency keys a job carries into its next run. */
const RECENT_KEYS = 1000;

export async function jobWorkflow(input: JobWorkflowInput): Promise<JobView> {
  const serial = new Serial();
  let snapshot: Snapshot = input.carried
    ? (jobMachine.resolveState({ value: input.carried.value, context: input.carried.context }) as Snapshot)
    : initialTransition(jobMachine, { jobNo: input.jobNo, direction: input.direction, payment: input.payment, stages: input.stages, containers: input.containers })[0];
  let stepsThisRun = 0;
  /** Idempotency keys applied lately, carried across continue-as-new (update ids are unique per run only). */
  const recentKeys = new Set(input.carried?.recentKeys ?? []);

  const view = (): JobView => {
    const expected = expectedSteps(snapshot.context);
    return {
      jobNo: input.jobNo,
      status: statusOf(snapshot),
      stage: expected.stage,
      waiting: expected.steps,
      openExceptions: snapshot.context.openExceptions,
      steps: snapshot.context.steps,
    };
  };

  const publish = () => {
    const roles = [...new Set(expectedSteps(snapshot.context).steps.flatMap((s) => s.roles))];
    upsertSearchAttributes([
      { key: PendingRole, value: roles[0] ?? null },
      { key: CustomerNo, value: input.customerNo },
      { key: OwnerId, value: input.ownerId },
    ]);
  };

  const initial = serial.run(async () => {
    if (!input.carried) {
      const { continueAfter: _c, carried: _p, ...job } = input;
      const expected = expectedSteps(snapshot.context);
      await acts.recordJobCreated({ ...job, waiting: expected.steps, stage: expected.stage });
    }
    publish();
  });

  serveProcess({
    serial,
    snapshot: () => snapshot,
    rules,
    view,
    query: jobStatusQuery,
    viewUpdate: jobViewUpdate,
    stepUpdate: jobStepUpdate,
    applied: (cmd: JobCommand) => recentKeys.has(cmd.idempotencyKey),
    apply: async (cmd: JobCommand) => {
      const event = cmd.event as JobEvent;
      const override = event.type === 'job.step' && overridesException(snapshot.context, event);
      const before = expectedSteps(snapshot.context);
      const [next] = transition(jobMachine, snapshot, event);
      const after = expectedSteps(next.context);
      await acts.recordJobStep({
        jobNo: input.jobNo,
        event,
        idempotencyKey: cmd.idempotencyKey,
        fromStage: before.stage,
        toStage: after.stage,
        status: statusOf(next),
        waiting: after.steps,
        overrode: override,
        ...(cmd.data ? { data: cmd.data } : {}),
        ...(cmd.exception ? { exception: cmd.exception } : {}),
        ...(cmd.resolution ? { resolution: cmd.resolution } : {}),
      });
      snapshot = next;
      recentKeys.add(cmd.idempotencyKey);
      stepsThisRun += 1;
      publish();
    },
  });

  await initial;
  // Runs until the job is completed with no exception left open, or the run has taken enough steps.
  await condition(() => (statusOf(snapshot) === 'completed' && snapshot.context.openExceptions.length === 0) || stepsThisRun >= input.continueAfter);
  await condition(allHandlersFinished);
  if (statusOf(snapshot) !== 'completed' || snapshot.context.openExceptions.length > 0) {
    await continueAsNew<typeof jobWorkflow>({ ...input, carried: { value: String(snapshot.value), context: snapshot.context, recentKeys: [...recentKeys].slice(-RECENT_KEYS) } });
  }
  return view();
}
