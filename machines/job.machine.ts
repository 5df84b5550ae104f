/**
 * Shipment follow-up 「作業跟進」 (§3.1): one job under a signed contract, followed stage by stage in a
 * fixed order — L/C or T/T → sea freight → customs → transport → warehousing → billing — through the
 * stages the contract covers only. Each stage's sub-steps, and who records them, are the table
 * JOB_STAGE_STEPS below; where a job goes next is decided here and nowhere else.
 *
 * Exceptions 「異常動態表」 may be raised in any stage; a stage cannot be completed over an open exception
 * of its own unless a manager overrides (the override is recorded).
 */
import { assign, setup } from 'xstate';
import type { ServiceType } from './catalog';
import type { Actor, Role } from './roles';

export const JOB_STAGES = ['payment', 'sea_freight', 'customs', 'transport', 'warehousing', 'billing'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

export const JOB_STAGE_LABELS: Record<JobStage, string> = {
  payment: '信用證/電匯 L/C or T/T',
  sea_freight: '海運 sea freight',
  customs: '通關 customs',
  transport: '運送 transport',
  warehousing: '倉儲 warehousing',
  billing: '結算 billing',
};

export type Direction = 'import' | 'export';
export type PaymentMethod = 'lc' | 'tt';

export interface StepDef {
  step: string;
  /** Roles that record it. */
  roles: readonly Role[];
  /** Done once per container (import transport); the stage waits for every container. */
  perContainer?: true;
  /** Only when the job says so (e.g. customs inspection). */
  when?: 'inspectionRequired';
  label: string;
}

/** The sub-steps of each stage, in order, by direction (and payment method for the first stage). */
export function stageSteps(stage: JobStage, direction: Direction, payment: PaymentMethod | null): StepDef[] {
  switch (stage) {
    case 'payment':
      return [
        { step: 'payment.prepayment_received', roles: ['finance'], label: '預付款到帳 prepayment received' },
        payment === 'tt'
          ? { step: 'payment.tt_remitted', roles: ['finance'], label: '電匯已付 T/T remitted' }
          : { step: 'payment.lc_opened', roles: ['finance'], label: '信用證已開 L/C opened' },
      ];
    case 'sea_freight':
      return direction === 'import'
        ? [
            { step: 'sea.booked', roles: ['ocean'], label: '訂艙 booked' },
            { step: 'sea.loaded', roles: ['ocean'], label: '裝船 loaded' },
          ]
        : [
            { step: 'sea.booked', roles: ['ocean'], label: '訂艙 booked' },
            { step: 'sea.goods_ready', roles: ['ocean'], label: '貨備妥 goods ready' },
            { step: 'sea.cut_off', roles: ['ocean'], label: '截關 cut-off' },
            { step: 'sea.loaded', roles: ['ocean'], label: '裝船 loaded' },
            { step: 'sea.departed', roles: ['ocean'], label: '開船 departed' },
          ];
    case 'customs':
      return [
        { step: 'customs.declared', roles: ['customs'], label: '報關 declared' },
        { step: 'customs.inspected', roles: ['customs'], when: 'inspectionRequired', label: '查驗 inspected' },
        { step: 'customs.released', roles: ['customs'], label: '放行 released' },
      ];
    case 'transport':
      return direction === 'import'
        ? [
            { step: 'transport.documents_printed', roles: ['operations'], label: '放行打單 released and documents printed' },
            { step: 'transport.delivery_arranged', roles: ['operations'], label: '安排送貨 delivery arranged' },
            { step: 'transport.order_dispatched', roles: ['operations'], label: '派單 order dispatched' },
            { step: 'transport.truck_assigned', roles: ['dispatch'], perContainer: true, label: '派車 truck assigned' },
            { step: 'transport.picked_up', roles: ['dispatch'], perContainer: true, label: '提柜 container picked up' },
            { step: 'transport.arrived', roles: ['operations'], perContainer: true, label: '到廠 arrived at factory' },
            { step: 'transport.unloaded', roles: ['operations'], perContainer: true, label: '卸貨 unloaded' },
          ]
        : [
            { step: 'transport.loading_arranged', roles: ['operations'], label: '安排裝貨 loading arranged' },
            { step: 'transport.loaded', roles: ['operations'], label: '裝貨完成 loaded' },
          ];
    case 'warehousing':
      return [
        { step: 'warehouse.received', roles: ['warehouse'], label: '入倉 received in' },
        { step: 'warehouse.released', roles: ['warehouse'], label: '出倉 released out' },
      ];
    case 'billing':
      return [
        { step: 'billing.reconciled', roles: ['settlement'], label: '對帳 reconciled with the customer' },
        { step: 'billing.receivables_raised', roles: ['settlement'], label: '應收已立 receivables raised' },
      ];
  }
}

/** Every step name of every stage and direction. */
export const ALL_JOB_STEPS: readonly string[] = [
  ...new Set(
    JOB_STAGES.flatMap((s) => (['import', 'export'] as const).flatMap((d) => (['lc', 'tt'] as const).flatMap((p) => stageSteps(s, d, p).map((x) => x.step)))),
  ),
];

/** Stages a contract covers, in the fixed order; billing always. */
export function contractedStages(services: readonly ServiceType[]): JobStage[] {
  const has = (...t: ServiceType[]) => t.some((x) => services.includes(x));
  const stages: JobStage[] = [];
  if (has('lc', 'tt')) stages.push('payment');
  if (has('booking', 'ocean_freight')) stages.push('sea_freight');
  if (has('customs_declaration', 'inspection', 'import_export_agency')) stages.push('customs');
  if (has('transport', 'distribution')) stages.push('transport');
  if (has('warehousing')) stages.push('warehousing');
  stages.push('billing');
  return stages;
}

/** Who may override an open exception to complete a stage. */
export const JOB_OVERRIDE_ROLES: readonly Role[] = ['sales_manager', 'marketing_manager', 'gm'];
/** Who may raise an exception: everyone who works on jobs. */
export const JOB_EXCEPTION_RAISERS: readonly Role[] = ['sales', 'finance', 'ocean', 'customs', 'operations', 'dispatch', 'warehouse', 'settlement', 'sales_manager', 'marketing_manager', 'gm'];

export interface OpenException {
  id: number;
  stage: JobStage;
}

export interface JobContext {
  jobNo: string;
  direction: Direction;
  payment: PaymentMethod | null;
  stages: JobStage[];
  stageIndex: number;
  /** Index of the next job-level step within the current stage. */
  stepIndex: number;
  containers: string[];
  /** Per container: how many of the stage's per-container steps are done. */
  containerProgress: Record<string, number>;
  inspectionRequired: boolean;
  openExceptions: OpenException[];
  /** Steps accepted so far (all runs); a long job continues as new with this context. */
  steps: number;
}

export type JobEvent =
  | { type: 'job.step'; step: string; actor: Actor; container?: string; inspectionRequired?: boolean; override?: boolean; comment?: string }
  | { type: 'exception.raised'; actor: Actor; exceptionId: number; stage: JobStage; comment?: string }
  | { type: 'exception.resolved'; actor: Actor; exceptionId: number; comment?: string };

const stepsOf = (c: JobContext) => (c.stageIndex < c.stages.length ? stageSteps(c.stages[c.stageIndex]!, c.direction, c.payment) : []).filter((s) => !s.when || c[s.when]);
const stageOf = (c: JobContext): JobStage | null => c.stages[c.stageIndex] ?? null;

/** What the job is waiting for: the stage, and the job-level step or the per-container steps still due. */
export function expectedSteps(c: JobContext): { stage: JobStage | null; steps: { step: string; roles: readonly Role[]; container?: string }[] } {
  const stage = stageOf(c);
  const steps = stepsOf(c);
  const here = steps[c.stepIndex];
  if (!stage || !here) return { stage, steps: [] };
  if (!here.perContainer) return { stage, steps: [{ step: here.step, roles: here.roles }] };
  const block = steps.slice(c.stepIndex);
  return {
    stage,
    steps: c.containers
      .filter((no) => (c.containerProgress[no] ?? 0) < block.length)
      .map((no) => ({ step: block[c.containerProgress[no] ?? 0]!.step, roles: block[c.containerProgress[no] ?? 0]!.roles, container: no })),
  };
}

/** Whether this step would complete the current stage. */
function completesStage(c: JobContext, e: Extract<JobEvent, { type: 'job.step' }>): boolean {
  const steps = stepsOf(c);
  const here = steps[c.stepIndex];
  if (!here) return false;
  if (!here.perContainer) return c.stepIndex === steps.length - 1;
  const block = steps.length - c.stepIndex;
  return c.containers.every((no) => (c.containerProgress[no] ?? 0) + (no === e.container ? 1 : 0) >= block);
}

/** Moves past completed steps and stages (skipping optional steps that do not apply). */
function advance(c: JobContext, e: Extract<JobEvent, { type: 'job.step' }>): Partial<JobContext> {
  const next: JobContext = { ...c, containerProgress: { ...c.containerProgress }, steps: c.steps + 1 };
  if (e.step === 'customs.declared') next.inspectionRequired = Boolean(e.inspectionRequired);
  const steps = stepsOf(next);
  const here = steps[next.stepIndex]!;
  if (here.perContainer) {
    next.containerProgress[e.container!] = (next.containerProgress[e.container!] ?? 0) + 1;
    const block = steps.length - next.stepIndex;
    if (next.containers.every((no) => (next.containerProgress[no] ?? 0) >= block)) {
      next.stageIndex += 1;
      next.stepIndex = 0;
      next.containerProgress = {};
    }
  } else if (next.stepIndex + 1 >= steps.length) {
    next.stageIndex += 1;
    next.stepIndex = 0;
  } else {
    next.stepIndex += 1;
  }
  return next;
}

/** Whether this step completes its stage over an open exception of that stage (so it needs, and uses, an override). */
export function overridesException(c: JobContext, e: Extract<JobEvent, { type: 'job.step' }>): boolean {
  const stage = stageOf(c);
  return completesStage(c, e) && c.openExceptions.some((x) => x.stage === stage);
}

export const jobMachine = setup({
  types: {
    context: {} as JobContext,
    events: {} as JobEvent,
    input: {} as { jobNo: string; direction: Direction; payment: PaymentMethod | null; stages: JobStage[]; containers: string[] },
  },
  guards: {
    /** The step the job waits for, by its role; a stage-completing step needs its own exceptions closed or a manager's override. */
    stepAllowed: ({ context, event }) => {
      if (event.type !== 'job.step') return false;
      const due = expectedSteps(context).steps.filter((x) => x.step === event.step && (x.container === undefined || x.container === event.container));
      if (due.length === 0) return false;
      const stage = stageOf(context);
      const blocked = context.openExceptions.some((x) => x.stage === stage);
      const completes = completesStage(context, event);
      // A manager may complete a stage over its open exception, though the step is not theirs to record otherwise.
      if (blocked && completes && event.override === true && JOB_OVERRIDE_ROLES.includes(event.actor.role)) return true;
      if (!due.some((x) => x.roles.includes(event.actor.role))) return false;
      return !blocked || !completes;
    },
    jobDone: ({ context }) => context.stageIndex >= context.stages.length,
    mayRaise: ({ context, event }) =>
      event.type === 'exception.raised' && JOB_EXCEPTION_RAISERS.includes(event.actor.role) && !context.openExceptions.some((x) => x.id === event.exceptionId),
    /** Resolved by someone of the stage's role, or a manager. */
    mayResolve: ({ context, event }) => {
      if (event.type !== 'exception.resolved') return false;
      const x = context.openExceptions.find((o) => o.id === event.exceptionId);
      if (!x) return false;
      const roles = new Set(stageSteps(x.stage, context.direction, context.payment).flatMap((s) => s.roles));
      return roles.has(event.actor.role) || JOB_OVERRIDE_ROLES.includes(event.actor.role);
    },
  },
  actions: {
    advance: assign(({ context, event }) => (event.type === 'job.step' ? advance(context, event) : {})),
    openException: assign(({ context, event }) =>
      event.type === 'exception.raised' ? { openExceptions: [...context.openExceptions, { id: event.exceptionId, stage: event.stage }], steps: context.steps + 1 } : {},
    ),
    closeException: assign(({ context, event }) =>
      event.type === 'exception.resolved' ? { openExceptions: context.openExceptions.filter((x) => x.id !== event.exceptionId), steps: context.steps + 1 } : {},
    ),
  },
}).createMachine({
  id: 'job',
  initial: 'inProgress',
  context: ({ input }) => ({
    jobNo: input.jobNo,
    direction: input.direction,
    payment: input.payment,
    stages: input.stages,
    stageIndex: 0,
    stepIndex: 0,
    containers: input.containers,
    containerProgress: {},
    inspectionRequired: false,
    openExceptions: [],
    steps: 0,
  }),
  states: {
    /** Stage by stage: `expectedSteps(context)` says what is due and from whom. */
    inProgress: {
      always: { guard: 'jobDone', target: 'completed' },
      on: {
        'job.step': { guard: 'stepAllowed', actions: 'advance' },
        'exception.raised': { guard: 'mayRaise', actions: 'openException' },
        'exception.resolved': { guard: 'mayResolve', actions: 'closeException' },
      },
    },
    /** Every contracted stage done, billing included: receivables raised. */
    completed: {
      on: {
        'exception.raised': { guard: 'mayRaise', actions: 'openException' },
        'exception.resolved': { guard: 'mayResolve', actions: 'closeException' },
      },
    },
  },
});

/** Public status of a job. */
export type JobStatus = 'in_progress' | 'completed';
export const JOB_STATUS_OF: Record<string, JobStatus> = { inProgress: 'in_progress', completed: 'completed' };
