/**
 * `job-<jobNo>`: one shipment job followed stage by stage (machines/job.machine.ts). Each accepted step
 * is recorded by one idempotent activity. A long job continues as new every `continueAfter` steps,
 * carrying its state, so its history stays bounded.
 */
import { allHandlersFinished, condition, continueAsNew, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import {
  expectedSteps,
  JOB_STATUS_OF,
  jobEffects,
  jobMachine,
  judgeJobEvent,
  overridesException,
  type JobEvent,
} from '../machines/job.machine';
import { acts } from './activities';
import { Serial, serveProcess, type StepRules } from './machine-steps';
import { CustomerNo, OwnerId, PendingRole } from './search-attributes';
import {
  jobStatusQuery,
  jobStepUpdate,
  jobViewUpdate,
  type JobCommand,
  type JobView,
  type JobWorkflowInput,
} from './job.definitions';

type Snapshot = ReturnType<typeof initialTransition<typeof jobMachine>>[0];
const statusOf = (s: Snapshot) => JOB_STATUS_OF[String(s.value)] ?? 'in_progress';

/** Every job event is judged by the job's one rule (judgeJobEvent), whose refusal carries its reason code. */
const rules: StepRules = {
  recordType: 'job',
  status: (s) => statusOf(s as Snapshot),
  explain: (s, e) => judgeJobEvent((s as Snapshot).context, e as JobEvent) ?? undefined,
};

/** How many recent idempotency keys a job carries into its next run. */
const RECENT_KEYS = 1000;

export async function jobWorkflow(input: JobWorkflowInput): Promise<JobView> {
  const serial = new Serial();
  let snapshot: Snapshot = input.carried
    ? (jobMachine.resolveState({ value: input.carried.value, context: input.carried.context }) as Snapshot)
    : initialTransition(jobMachine, {
        jobNo: input.jobNo,
        direction: input.direction,
        payment: input.payment,
        stages: input.stages,
        containers: input.containers,
      })[0];
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
      context: snapshot.context,
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
      const event = cmd.event;
      const override = event.type === 'job.step' && overridesException(snapshot.context, event);
      const before = expectedSteps(snapshot.context);
      const [next] = transition(jobMachine, snapshot, event);
      const after = expectedSteps(next.context);
      // The command as sent (its step's own facts included) and where the job stands after it.
      await acts.recordJobStep({
        ...cmd,
        jobNo: input.jobNo,
        fromStage: before.stage,
        toStage: after.stage,
        status: statusOf(next),
        waiting: after.steps,
        overrode: override,
        effects: [...jobEffects(event)],
      });
      snapshot = next;
      recentKeys.add(cmd.idempotencyKey);
      stepsThisRun += 1;
      publish();
    },
  });

  await initial;
  // Runs until the job is completed with no exception left open, or the run has taken enough steps.
  await condition(
    () =>
      (statusOf(snapshot) === 'completed' && snapshot.context.openExceptions.length === 0) ||
      stepsThisRun >= input.continueAfter,
  );
  await condition(allHandlersFinished);
  if (statusOf(snapshot) !== 'completed' || snapshot.context.openExceptions.length > 0) {
    await continueAsNew<typeof jobWorkflow>({
      ...input,
      carried: {
        value: String(snapshot.value),
        context: snapshot.context,
        recentKeys: [...recentKeys].slice(-RECENT_KEYS),
      },
    });
  }
  return view();
}
