/**
 * Shipment follow-up 「作業跟進」 (§3.1): one job under a signed contract, followed stage by stage in a
 * fixed order — L/C or T/T → ocean freight → customs → transport → warehousing → billing — through the
 * stages the contract covers only.
 *
 * Everything the job knows about its rules lives in this file, in two parts:
 * - `JOB_STEP_TABLE`: the data — each stage's sub-steps in order, who records them, per container or
 *   not, for which direction / payment method, their labels and their named side effects;
 * - `judgeJobEvent`: the one rule function — what the job waits for, who may do it, and why not (a
 *   reason code of domain/actions.ts). The machine's guards, the workflow's Update validator, the API's
 *   role pre-check (`jobStepSenders`) and the record view's `actions` (`jobActions`) all call it, so a
 *   refusal and a button cannot disagree.
 *
 * Exceptions 「異常動態表」 may be raised in any contracted stage; a stage cannot be completed over an open
 * exception of its own unless a manager overrides (the override is recorded).
 */
import { assign, setup } from 'xstate';
import type { ReasonCode } from '../domain/actions';
import type { ServiceType } from './catalog';
import { REFUSAL_TEXT, splitLabel, type Refusal } from './permission';
import type { Label } from '../domain/labels';
import { ROLE_LABELS, ROLES, type Actor, type Role } from './roles';
import { JOB_COMPLETED_LABEL, JOB_STAGE_LABELS, JOB_STAGES, type JobStage } from './job-stages';
export { JOB_COMPLETED_LABEL, JOB_STAGE_LABELS, JOB_STAGES, type JobStage } from './job-stages';

export type Direction = 'import' | 'export';
export type PaymentMethod = 'lc' | 'tt';

/**
 * Side effects a step has besides its audit row, job event and read model, named here and run by the
 * recording activity (activities/jobs.activities.ts maps each name to one function).
 * - `markArrived` / `markUnloaded`: the container's arrival (with the customer's confirmation) / unloading time;
 * - `queueDeliveryNotice`: the customer's delivery notice (outbox);
 * - `raiseReceivables`: the job's receivables from the contract, fee items and charges;
 * - `openException` / `closeException`: the exception record.
 */
const JOB_EFFECTS = [
  'markArrived',
  'markUnloaded',
  'queueDeliveryNotice',
  'raiseReceivables',
  'openException',
  'closeException',
] as const;
export type JobEffect = (typeof JOB_EFFECTS)[number];

export interface StepDef {
  step: string;
  /** Roles that record it. */
  roles: readonly Role[];
  /** Done once per container (import transport); the stage waits for every container. */
  perContainer?: true;
  /** Only when the job says so (e.g. customs inspection). */
  when?: 'inspectionRequired';
  /** Only in jobs of this direction. */
  direction?: Direction;
  /** Only in jobs paid this way (a job without a payment stage never meets these). */
  payment?: PaymentMethod;
  labelZh: string;
  labelEn: string;
  /** `labelZh labelEn`, as the boards print it. */
  label: string;
  effects?: readonly JobEffect[];
}

type Def<S extends string> = Omit<StepDef, 'label' | 'step'> & { step: S };
/** A row of the table; keeps the step's name as a literal type (`JobStepName`). */
/** Capitalises the English label once here, so buttons, boards and audit labels read alike ("Receivables raised"). */
const def = <S extends string>(d: Def<S>): StepDef & { step: S } => {
  const labelEn = d.labelEn.charAt(0).toUpperCase() + d.labelEn.slice(1);
  return { ...d, labelEn, label: `${d.labelZh} ${labelEn}` };
};

const TABLE = {
  payment: [
    def({
      step: 'payment.prepayment_received',
      roles: ['finance'],
      labelZh: '預付款到帳',
      labelEn: 'prepayment received',
    }),
    def({ step: 'payment.lc_opened', roles: ['finance'], payment: 'lc', labelZh: '信用證已開', labelEn: 'L/C opened' }),
    def({
      step: 'payment.tt_remitted',
      roles: ['finance'],
      payment: 'tt',
      labelZh: '電匯已付',
      labelEn: 'T/T remitted',
    }),
  ],
  sea_freight: [
    def({ step: 'sea.booked', roles: ['ocean'], labelZh: '訂艙', labelEn: 'booked' }),
    def({ step: 'sea.goods_ready', roles: ['ocean'], direction: 'export', labelZh: '貨備妥', labelEn: 'goods ready' }),
    def({ step: 'sea.cut_off', roles: ['ocean'], direction: 'export', labelZh: '截關', labelEn: 'cut-off' }),
    def({ step: 'sea.loaded', roles: ['ocean'], labelZh: '裝船', labelEn: 'loaded' }),
    def({ step: 'sea.departed', roles: ['ocean'], direction: 'export', labelZh: '開船', labelEn: 'departed' }),
  ],
  customs: [
    def({ step: 'customs.declared', roles: ['customs'], labelZh: '報關', labelEn: 'declared' }),
    def({
      step: 'customs.inspected',
      roles: ['customs'],
      when: 'inspectionRequired',
      labelZh: '查驗',
      labelEn: 'inspected',
    }),
    def({ step: 'customs.released', roles: ['customs'], labelZh: '放行', labelEn: 'released' }),
  ],
  transport: [
    def({
      step: 'transport.documents_printed',
      roles: ['operations'],
      direction: 'import',
      labelZh: '放行打單',
      labelEn: 'released and documents printed',
    }),
    def({
      step: 'transport.delivery_arranged',
      roles: ['operations'],
      direction: 'import',
      labelZh: '安排送貨',
      labelEn: 'delivery arranged',
      effects: ['queueDeliveryNotice'],
    }),
    def({
      step: 'transport.order_dispatched',
      roles: ['operations'],
      direction: 'import',
      labelZh: '派單',
      labelEn: 'order dispatched',
    }),
    def({
      step: 'transport.truck_assigned',
      roles: ['dispatch'],
      perContainer: true,
      direction: 'import',
      labelZh: '派車',
      labelEn: 'truck assigned',
    }),
    def({
      step: 'transport.picked_up',
      roles: ['dispatch'],
      perContainer: true,
      direction: 'import',
      labelZh: '提柜',
      labelEn: 'container picked up',
    }),
    def({
      step: 'transport.arrived',
      roles: ['operations'],
      perContainer: true,
      direction: 'import',
      labelZh: '到廠',
      labelEn: 'arrived at factory',
      effects: ['markArrived'],
    }),
    def({
      step: 'transport.unloaded',
      roles: ['operations'],
      perContainer: true,
      direction: 'import',
      labelZh: '卸貨',
      labelEn: 'unloaded',
      effects: ['markUnloaded'],
    }),
    def({
      step: 'transport.loading_arranged',
      roles: ['operations'],
      direction: 'export',
      labelZh: '安排裝貨',
      labelEn: 'loading arranged',
    }),
    def({
      step: 'transport.loaded',
      roles: ['operations'],
      direction: 'export',
      labelZh: '裝貨完成',
      labelEn: 'loaded',
    }),
  ],
  warehousing: [
    def({ step: 'warehouse.received', roles: ['warehouse'], labelZh: '入倉', labelEn: 'received in' }),
    def({ step: 'warehouse.released', roles: ['warehouse'], labelZh: '出倉', labelEn: 'released out' }),
  ],
  billing: [
    def({
      step: 'billing.reconciled',
      roles: ['settlement'],
      labelZh: '對帳',
      labelEn: 'reconciled with the customer',
    }),
    def({
      step: 'billing.receivables_raised',
      roles: ['settlement'],
      labelZh: '應收已立',
      labelEn: 'receivables raised',
      effects: ['raiseReceivables'],
    }),
  ],
};

/** The name of every step of the table (`payment.prepayment_received`, …, `billing.receivables_raised`). */
export type JobStepName = (typeof TABLE)[JobStage][number]['step'];

/** The stage/step table: each stage's sub-steps in order; a step applies where its direction / payment match. */
const JOB_STEP_TABLE: Record<JobStage, readonly StepDef[]> = TABLE;

/** The sub-steps of a stage, in order, for a job of this direction and payment method (L/C when none). */
export function stageSteps(stage: JobStage, direction: Direction, payment: PaymentMethod | null): StepDef[] {
  return JOB_STEP_TABLE[stage].filter(
    (s) => (!s.direction || s.direction === direction) && (!s.payment || s.payment === (payment ?? 'lc')),
  );
}

/** Every step of every stage and direction, in table order, with its labels. */
export const JOB_STEP_DEFS: readonly StepDef[] = JOB_STAGES.flatMap((s) => JOB_STEP_TABLE[s]);

/** Every step name of every stage and direction, in table order. */
export const ALL_JOB_STEPS: readonly JobStepName[] = JOB_STAGES.flatMap((s): JobStepName[] =>
  TABLE[s].map((x: { step: JobStepName }) => x.step),
);

const STEP_DEF = new Map<string, StepDef>(
  JOB_STAGES.flatMap((s) => JOB_STEP_TABLE[s].map((x) => [x.step, x] as const)),
);
/** A step's row of the table (undefined for a name that is no step). */
const jobStepDef = (step: string): StepDef | undefined => STEP_DEF.get(step);

/**
 * A job step's name as every answer sends it beside the key — the table's own labels, zh-Hant and English
 * (`transport.documents_printed` → 放行打單 / Released and documents printed); the key itself for a name that is no step.
 */
export function jobStepLabel(step: string): { labelZh: string; labelEn: string } {
  const d = jobStepDef(step);
  return d ? { labelZh: d.labelZh, labelEn: d.labelEn } : { labelZh: step, labelEn: step };
}

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
const JOB_OVERRIDE_ROLES: readonly Role[] = ['sales_manager', 'marketing_manager', 'gm'];
/** Who may raise an exception: everyone who works on jobs. */
export const JOB_EXCEPTION_RAISERS: readonly Role[] = [
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
/** Roles that change nothing anywhere. */
const READ_ONLY_ROLES: readonly Role[] = ['auditor'];

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

export type JobStepEvent = {
  type: 'job.step';
  step: string;
  actor: Actor;
  container?: string;
  inspectionRequired?: boolean;
  override?: boolean;
  comment?: string;
};
export type JobEvent =
  | JobStepEvent
  | { type: 'exception.raised'; actor: Actor; exceptionId: number; stage: JobStage; comment?: string }
  | { type: 'exception.resolved'; actor: Actor; exceptionId: number; comment?: string };

const stepsOf = (c: JobContext) =>
  (c.stageIndex < c.stages.length ? stageSteps(c.stages[c.stageIndex]!, c.direction, c.payment) : []).filter(
    (s) => !s.when || c[s.when],
  );
const stageOf = (c: JobContext): JobStage | null => c.stages[c.stageIndex] ?? null;

export interface DueStep {
  step: string;
  roles: readonly Role[];
  container?: string;
}

/** What the job is waiting for: the stage, and the job-level step or the per-container steps still due. */
export function expectedSteps(c: JobContext): { stage: JobStage | null; steps: DueStep[] } {
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
      .map((no) => ({
        step: block[c.containerProgress[no] ?? 0]!.step,
        roles: block[c.containerProgress[no] ?? 0]!.roles,
        container: no,
      })),
  };
}

/** Whether this step would complete the current stage. */
function completesStage(c: JobContext, e: JobStepEvent): boolean {
  const steps = stepsOf(c);
  const here = steps[c.stepIndex];
  if (!here) return false;
  if (!here.perContainer) return c.stepIndex === steps.length - 1;
  const block = steps.length - c.stepIndex;
  return c.containers.every((no) => (c.containerProgress[no] ?? 0) + (no === e.container ? 1 : 0) >= block);
}

/** Moves past completed steps and stages (skipping optional steps that do not apply). */
function advance(c: JobContext, e: JobStepEvent): Partial<JobContext> {
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
export function overridesException(c: JobContext, e: JobStepEvent): boolean {
  const stage = stageOf(c);
  return completesStage(c, e) && c.openExceptions.some((x) => x.stage === stage);
}

/** Whether every contracted stage is done. */
const jobDone = (c: JobContext): boolean => c.stageIndex >= c.stages.length;

/** Why the job refuses an event: the API's error code (403 / 409 / 422), the reason code and a sentence (machines/permission.ts `Refusal`). */
export type JobRefusal = Refusal;

const refuse = (kind: JobRefusal['kind'], reason: ReasonCode, message: string): JobRefusal => ({
  kind,
  reason,
  message,
});

/** Roles that may ever send this step (its recorders; with `override`, also the managers). Empty for no such step. */
export function jobStepSenders(step: string, override = false): Role[] {
  const d = jobStepDef(step);
  if (!d) return [];
  return [...new Set([...d.roles, ...(override ? JOB_OVERRIDE_ROLES : [])])];
}

/** Who follows up an exception of `stage` (progress notes, "customer told", resolving it): that stage's roles in this job, and managers. */
export function exceptionFollowers(c: Pick<JobContext, 'direction' | 'payment'>, stage: JobStage): Role[] {
  return [...new Set([...stageSteps(stage, c.direction, c.payment).flatMap((s) => s.roles), ...JOB_OVERRIDE_ROLES])];
}

/**
 * Who may add a progress note 跟進 to an open exception of `stage`, by role: its followers (`exceptionFollowers`) and
 * the operations clerk 跟單員, who follows the job through every stage (they log most exceptions, e.g. 報關資料未齊).
 */
export function exceptionProgressRoles(c: Pick<JobContext, 'direction' | 'payment'>, stage: JobStage): Role[] {
  return [...new Set([...exceptionFollowers(c, stage), 'operations' as const])];
}

/**
 * Whether `actor` may add a progress note to exception `x` — the one rule of the route and of the job's `actions`:
 * a role of `exceptionProgressRoles`, or whoever raised it (`raisedBy`, a user id), in any role but read-only ones.
 */
export function mayAddExceptionProgress(
  c: Pick<JobContext, 'direction' | 'payment'>,
  x: { stage: JobStage; raisedBy?: string | null | undefined },
  actor: { id: string; role: Role },
): boolean {
  if (READ_ONLY_ROLES.includes(actor.role)) return false;
  return exceptionProgressRoles(c, x.stage).includes(actor.role) || (x.raisedBy != null && x.raisedBy === actor.id);
}

/** A job step by its label (`訂艙 Booked`), a container's step with the container; an unknown key as itself. */
const stepName = (step: string, container?: string): Label => {
  const d = jobStepDef(step);
  const l = d ? { zh: d.labelZh, en: d.labelEn } : { zh: step, en: step };
  return container ? { zh: `${l.zh}（${container}）`, en: `${l.en} (${container})` } : l;
};
const stageName = (stage: string): Label => splitLabel(JOB_STAGE_LABELS[stage as JobStage] ?? stage);
const roleName = (role: string): Label => splitLabel(ROLE_LABELS[role as Role] ?? role);
/** Labels joined: 「訂艙」或「裝船」 · 'Booked' or 'Loaded'. */
const names = (ls: readonly Label[], zhJoin: string, enJoin: string): Label => ({
  zh: ls.map((l) => l.zh).join(zhJoin),
  en: ls.map((l) => l.en).join(enJoin),
});

/** The refusal of a role that may never do this (auditors are read-only), or null. */
function roleRefusal(role: Role, allowed: readonly Role[], what: Label): JobRefusal | null {
  if (allowed.includes(role)) return null;
  if (READ_ONLY_ROLES.includes(role))
    return refuse('forbidden', 'read_only', REFUSAL_TEXT.roleNotAllowed(what, roleName(role)));
  const by = names(allowed.map(roleName), '或', ' or ');
  return refuse(
    'forbidden',
    'role_not_allowed',
    `「${what.zh}」由${by.zh}辦理，不是「${roleName(role).zh}」 '${what.en}' is done by ${by.en}, not by '${roleName(role).en}'`,
  );
}

/**
 * The job's one rule: null when the job accepts `e` now, else why not. Checked in this order — the
 * role first (a role that may never send the event learns nothing about the job's state), then the
 * state: the job completed (`wrong_state`), the step not due (`out_of_order`, naming what is), the
 * due step's own role, the container (per-container steps), the stage's open exceptions
 * (`open_exception`, unless a manager overrides a stage-completing step).
 */
export function judgeJobEvent(c: JobContext, e: JobEvent): JobRefusal | null {
  const role = e.actor.role;
  if (e.type === 'exception.raised') {
    const byRole = roleRefusal(role, JOB_EXCEPTION_RAISERS, { zh: '登記異常', en: 'Raising an exception' });
    if (byRole) return byRole;
    if (!c.stages.includes(e.stage))
      return refuse(
        'unprocessable',
        'wrong_state',
        `作業 ${c.jobNo} 沒有「${stageName(e.stage).zh}」階段 Job ${c.jobNo} has no '${stageName(e.stage).en}' stage`,
      );
    if (c.openExceptions.some((x) => x.id === e.exceptionId))
      return refuse(
        'conflict',
        'wrong_state',
        `異常 ${e.exceptionId} 已登記 Exception ${e.exceptionId} is already open`,
      );
    return null;
  }
  if (e.type === 'exception.resolved') {
    const byRole = roleRefusal(role, JOB_EXCEPTION_RAISERS, { zh: '處理異常', en: 'Resolving an exception' });
    if (byRole) return byRole;
    const x = c.openExceptions.find((o) => o.id === e.exceptionId);
    if (!x) return refuse('conflict', 'wrong_state', '沒有此未結異常 No such open exception');
    if (!exceptionFollowers(c, x.stage).includes(role))
      return refuse(
        'forbidden',
        'role_not_allowed',
        `「${stageName(x.stage).zh}」階段的異常由該階段的角色或經理跟進與處理 An exception of '${stageName(x.stage).en}' is followed up and resolved by its stage’s role or a manager`,
      );
    return null;
  }
  const override = e.override === true;
  const byRole = roleRefusal(role, jobStepSenders(e.step, override), stepName(e.step));
  if (byRole) return byRole;
  const expected = expectedSteps(c);
  if (jobDone(c))
    return refuse('conflict', 'wrong_state', REFUSAL_TEXT.wrongState(stepName(e.step), JOB_COMPLETED_LABEL));
  const due = expected.steps.filter((x) => x.step === e.step);
  const waitsFor = names(
    expected.steps.map((x) => stepName(x.step, x.container)),
    '、',
    ', ',
  );
  const step = stepName(e.step);
  if (due.length === 0)
    return refuse(
      'conflict',
      'out_of_order',
      `作業正等待「${waitsFor.zh}」，不是「${step.zh}」 The job waits for '${waitsFor.en}', not '${step.en}'`,
    );
  if (!due.some((x) => x.container) && e.container !== undefined)
    return refuse(
      'unprocessable',
      'out_of_order',
      `「${step.zh}」是整票作業的步驟，不屬於貨櫃 ${e.container} '${step.en}' is a step of the whole job, not of container ${e.container}`,
    );
  if (due.some((x) => x.container) && !due.some((x) => x.container === e.container)) {
    // A known container past (or not yet at) this step is a state conflict; a missing or unknown one is bad input.
    if (e.container && c.containers.includes(e.container)) {
      const own = expected.steps.find((x) => x.container === e.container);
      return refuse(
        'conflict',
        'out_of_order',
        own
          ? `貨櫃 ${e.container} 正等待「${stepName(own.step).zh}」，不是「${step.zh}」 Container ${e.container} waits for '${stepName(own.step).en}', not '${step.en}'`
          : `貨櫃 ${e.container} 在此階段已無待辦步驟，不能辦理「${step.zh}」 Container ${e.container} waits for nothing more in this stage, not '${step.en}'`,
      );
    }
    return refuse(
      'unprocessable',
      'out_of_order',
      `「${step.zh}」須指定貨櫃：${due.map((x) => x.container).join('、')} '${step.en}' needs one of the containers ${due.map((x) => x.container).join(', ')}`,
    );
  }
  const blocked = c.openExceptions.filter((x) => x.stage === expected.stage);
  const completes = completesStage(c, e);
  const mayOverride = override && JOB_OVERRIDE_ROLES.includes(role);
  // A manager may complete a stage over its open exception, though the step is not theirs to record otherwise.
  if (blocked.length && completes && mayOverride) return null;
  if (!due[0]!.roles.includes(role))
    return refuse(
      'forbidden',
      'role_not_allowed',
      `「${step.zh}」由${names(due[0]!.roles.map(roleName), '或', ' or ').zh}登記${override ? '；越權只能在有未結異常時完成階段' : ''} '${step.en}' is recorded by ${names(due[0]!.roles.map(roleName), '或', ' or ').en}${override ? '; an override completes a stage over its open exception only' : ''}`,
    );
  if (blocked.length && completes) {
    return refuse(
      'conflict',
      'open_exception',
      `「${stageName(expected.stage ?? '').zh}」階段有未結異常 ${blocked.map((x) => x.id).join('、')}：請先處理，或由經理越權完成 Stage '${stageName(expected.stage ?? '').en}' has open exception(s) ${blocked.map((x) => x.id).join(', ')}: resolve them, or a manager completes it with override`,
    );
  }
  return null;
}

/** The effects the job's state change by `e` runs (see JobEffect). Call only for an accepted event. */
export function jobEffects(e: JobEvent): readonly JobEffect[] {
  if (e.type === 'exception.raised') return ['openException'];
  if (e.type === 'exception.resolved') return ['closeException'];
  return jobStepDef(e.step)?.effects ?? [];
}

export const jobMachine = setup({
  types: {
    context: {} as JobContext,
    events: {} as JobEvent,
    input: {} as {
      jobNo: string;
      direction: Direction;
      payment: PaymentMethod | null;
      stages: JobStage[];
      containers: string[];
    },
    tags: {} as 'open' | 'done',
  },
  guards: {
    /** The one rule (judgeJobEvent) accepts the event. */
    accepted: ({ context, event }) => judgeJobEvent(context, event) === null,
    jobDone: ({ context }) => jobDone(context),
  },
  actions: {
    advance: assign(({ context, event }) => (event.type === 'job.step' ? advance(context, event) : {})),
    openException: assign(({ context, event }) =>
      event.type === 'exception.raised'
        ? {
            openExceptions: [...context.openExceptions, { id: event.exceptionId, stage: event.stage }],
            steps: context.steps + 1,
          }
        : {},
    ),
    closeException: assign(({ context, event }) =>
      event.type === 'exception.resolved'
        ? { openExceptions: context.openExceptions.filter((x) => x.id !== event.exceptionId), steps: context.steps + 1 }
        : {},
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
  // Shared by both states: every event is judged by the one rule (a step on a completed job: wrong_state).
  on: {
    'job.step': { guard: 'accepted', actions: 'advance' },
    'exception.raised': { guard: 'accepted', actions: 'openException' },
    'exception.resolved': { guard: 'accepted', actions: 'closeException' },
  },
  states: {
    /** Stage by stage: `expectedSteps(context)` says what is due and from whom. */
    inProgress: {
      tags: ['open'],
      meta: { status: 'in_progress' },
      always: { guard: 'jobDone', target: 'completed' },
    },
    /** Every contracted stage done, billing included: receivables raised. Exceptions may still be raised and resolved. */
    completed: { tags: ['done'], meta: { status: 'completed' } },
  },
});

/** Public status of a job. */
export type JobStatus = 'in_progress' | 'completed';
/** Public status of each machine state. */
export const JOB_STATUS_OF: Record<string, JobStatus> = { inProgress: 'in_progress', completed: 'completed' };

/** What an action of a job sends: a step (with its container, or as a manager's override), or an exception action. */
type JobActionTarget =
  | { kind: 'step'; step: string; container?: string; override?: true }
  | { kind: 'raise' }
  | { kind: 'resolve' | 'progress'; exceptionId: number };

/** One entry of `jobActions`: the target, labels, and allowed or the reason code. */
export type JobActionRule = JobActionTarget & {
  labelZh: string;
  labelEn: string;
  allowed: boolean;
  reason?: ReasonCode;
  /** The event the action sends, as the rule judged it. */
  event: JobEvent;
};

const targetKey = (t: JobActionTarget) =>
  JSON.stringify([
    t.kind,
    'step' in t ? t.step : '',
    'container' in t ? t.container : '',
    'override' in t ? t.override : '',
    'exceptionId' in t ? t.exceptionId : '',
  ]);

/**
 * What a user acting in `roles` (own role and delegated ones) may do on the job now, judged by
 * `judgeJobEvent` itself: each step due whose role is theirs (allowed, or refused with its reason, e.g.
 * `open_exception`); a manager's override of a stage-completing step blocked by an open exception; for
 * a role with nothing due, its next step in the job (`out_of_order`); raising an exception; and
 * resolving / following up each open exception (refused `role_not_allowed` outside its stage).
 * Read-only roles get nothing.
 */
export function jobActions(
  c: JobContext,
  roles: readonly Role[],
  actorId = 'caller',
  /** Who raised each open exception (its id → user id): the raiser may add progress (`mayAddExceptionProgress`). */
  raisers: ReadonlyMap<number, string> = new Map(),
): JobActionRule[] {
  const out = new Map<string, JobActionRule>();
  const add = (
    t: JobActionTarget,
    labelZh: string,
    labelEn: string,
    event: JobEvent,
    refusal: JobRefusal | null = judgeJobEvent(c, event),
  ) => {
    const k = targetKey(t);
    // With several acting roles, an allowed one wins over a refused one.
    if (out.has(k) && (refusal !== null || out.get(k)!.allowed)) return;
    out.set(k, {
      ...t,
      labelZh,
      labelEn,
      allowed: refusal === null,
      ...(refusal ? { reason: refusal.reason } : {}),
      event,
    });
  };
  const acting = roles.filter((r) => ROLES.includes(r) && !READ_ONLY_ROLES.includes(r));
  const expected = expectedSteps(c);
  // Steps still ahead: the current stage's from the next job-level one (its optional ones only once known), then later
  // stages' (optional ones left out). A per-container step is ahead for the first container that has not done it yet;
  // one every container has done is not ahead at all (try-out s13: 派車 C1, done, was offered as "not yet").
  const current = stepsOf(c);
  const inBlock = current[c.stepIndex]?.perContainer === true;
  const ahead: { s: StepDef; container?: string }[] = [
    ...current.slice(c.stepIndex).flatMap((s, k) => {
      if (!s.perContainer) return [{ s }];
      const yet = inBlock ? c.containers.find((no) => (c.containerProgress[no] ?? 0) <= k) : c.containers[0];
      return yet === undefined ? [] : [{ s, container: yet }];
    }),
    ...c.stages
      .slice(c.stageIndex + 1)
      .flatMap((st) => stageSteps(st, c.direction, c.payment).filter((x) => !x.when))
      .map((s) => ({ s, ...(s.perContainer ? { container: c.containers[0] } : {}) })),
  ];
  for (const role of acting) {
    const actor: Actor = { id: actorId, role };
    let hasDue = false;
    for (const d of expected.steps) {
      const def = jobStepDef(d.step)!;
      const on = d.container ? { container: d.container } : {};
      const event: JobStepEvent = { type: 'job.step', step: d.step, actor, ...on };
      const zh = def.labelZh + (d.container ? ` ${d.container}` : '');
      const en = def.labelEn + (d.container ? ` (${d.container})` : '');
      if (d.roles.includes(role)) {
        hasDue = true;
        add({ kind: 'step', step: d.step, ...on }, zh, en, event);
      }
      if (JOB_OVERRIDE_ROLES.includes(role) && overridesException(c, event)) {
        add(
          { kind: 'step', step: d.step, ...on, override: true },
          `${zh}（異常放行）`,
          `${en}, over the open exception (override)`,
          { ...event, override: true },
        );
      }
    }
    if (!hasDue && !jobDone(c)) {
      const found = ahead.find(({ s }) => s.roles.includes(role) && !expected.steps.some((d) => d.step === s.step));
      if (found) {
        const next = found.s;
        const on = found.container !== undefined ? { container: found.container } : {};
        add({ kind: 'step', step: next.step, ...on }, next.labelZh, next.labelEn, {
          type: 'job.step',
          step: next.step,
          actor,
          ...on,
        });
      }
    }
    if (JOB_EXCEPTION_RAISERS.includes(role)) {
      add({ kind: 'raise' }, '登記異常', 'Raise an exception', {
        type: 'exception.raised',
        actor,
        exceptionId: 0,
        stage: expected.stage ?? c.stages.at(-1)!,
      });
      for (const x of c.openExceptions) {
        const event: JobEvent = { type: 'exception.resolved', actor, exceptionId: x.id };
        add({ kind: 'resolve', exceptionId: x.id }, `異常 #${x.id} 處理完成`, `Resolve exception #${x.id}`, event);
        const mayAdd = mayAddExceptionProgress(c, { stage: x.stage, raisedBy: raisers.get(x.id) }, actor);
        add(
          { kind: 'progress', exceptionId: x.id },
          `異常 #${x.id} 跟進`,
          `Add progress to exception #${x.id}`,
          event,
          mayAdd
            ? null
            : refuse('forbidden', 'role_not_allowed', '不是此異常的跟進人 not a follower of this exception'),
        );
      }
    }
  }
  return [...out.values()];
}
