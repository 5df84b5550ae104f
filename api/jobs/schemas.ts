import { z } from 'zod';
import {
  CONTAINER_TYPES,
  EXCEPTION_TYPES,
  JOB_HISTORY_ACTIONS,
  type JobStepFacts,
  type JobStepWithFacts,
} from '../../domain/job';
import { ALL_JOB_STEPS, JOB_STAGES, type JobStepName } from '../../machines/job.machine';
import { ROLES } from '../../machines/roles';
import { RecordActionView } from '../actions';
import { CreditWarnings } from '../credit/credit-limits';
import { JobCreditHold } from '../credit/hold';
import { containerNumberProblem } from '../../domain/container-number';
import { CURRENCIES } from '../../machines/catalog';
import {
  currencyAmounts,
  currencyTotalsWithin,
  HistoryLabels,
  isoDate,
  isoLocalDateTime,
  moneyAmount,
  optionalText,
  Page,
  searchText,
  text,
} from '../schemas';

/** An ISO 6346 freight-container number (owner code, U, serial, check digit): domain/container-number.ts. */
const containerNo = z
  .string()
  .superRefine((v, ctx) => {
    const problem = containerNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    pattern: '^[A-Z]{3}U\\d{7}$',
    description: 'ISO 6346 container number: 3-letter owner code, U, 6 digits, check digit (e.g. MSCU1234566)',
    example: 'MSCU1234566',
  });

export const CreateJobBody = z
  .strictObject({
    contractNo: text(64),
    direction: z.enum(['import', 'export']),
    /** When the contract covers both L/C and T/T, which one this job uses. */
    paymentMethod: z.enum(['lc', 'tt']).optional(),
    containers: z.strictObject({
      type: z.enum(CONTAINER_TYPES),
      count: z.number().int().min(1).max(50),
      numbers: z.array(containerNo).max(50).optional(),
    }),
    cargo: text(500),
    portOfLoading: text(100),
    portOfDischarge: text(100),
    vessel: optionalText(100),
    voyage: optionalText(50),
    etd: isoDate.nullable().optional(),
    eta: isoDate.nullable().optional(),
    requiredArrival: isoDate.nullable().optional(),
    /** The customer marked it urgent 「所需所急」. */
    urgent: z.boolean().default(false),
    /** Declared cargo value 「申報貨值」: the base of the contract's per-cent-of-value lines at billing (in their currency). */
    declaredValue: z
      .strictObject({ currency: z.enum(CURRENCIES), amount: moneyAmount })
      .superRefine(currencyAmounts('amount'))
      .optional()
      .describe(
        'Declared cargo value, billed on by the contract’s percent_of_value lines (e.g. L/C agency 0.30 %); without it they bill on the value the contract was priced on',
      ),
  })
  .superRefine((b, ctx) => {
    if (b.containers.numbers && b.containers.numbers.length > b.containers.count) {
      ctx.addIssue({ code: 'custom', path: ['containers', 'numbers'], message: 'more numbers than containers' });
    }
    // One box is one container of the job: the same number twice is refused at the repeat.
    (b.containers.numbers ?? []).forEach((no, i, all) => {
      const first = all.indexOf(no);
      if (first !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['containers', 'numbers', i],
          message: `duplicates container number ${first + 1}`,
        });
    });
    if (b.etd && b.eta && b.etd > b.eta)
      ctx.addIssue({ code: 'custom', path: ['eta'], message: 'must not be before etd' });
  });

export const JobParams = z.strictObject({
  jobNo: z.string().regex(/^J\d{4}-\d{6}$/, 'a job number such as J2026-000001'),
});
export const StepParams = JobParams.extend({ step: z.enum(ALL_JOB_STEPS as [JobStepName, ...JobStepName[]]) });

/** An optional text fact: null and absent are the same (nothing recorded). */
const fact = (max: number) => optionalText(max).transform((v) => v ?? undefined);

/** What every step's body may carry: the container, a manager's override, a comment. */
const stepCommon = {
  container: z
    .string()
    .regex(/^C\d{1,2}$/)
    .optional()
    .describe('Container key (C1, C2, …) for per-container transport steps'),
  override: z.boolean().optional().describe('A manager completes the stage over an open exception of it (recorded)'),
  comment: optionalText(2000),
};

/** A step's body: the common fields and the step's own (unknown fields are refused). */
/** The actual charges entered at billing (label, currency, amount in the currency's digits); none by default. */
export const BillingCharges = z
  .array(
    z
      .strictObject({ label: text(200), currency: z.enum(CURRENCIES), amount: moneyAmount })
      .superRefine(currencyAmounts('amount')),
  )
  .max(100)
  .superRefine(currencyTotalsWithin('amount'))
  .default([]);

const stepBody = <T extends z.ZodRawShape>(own: T) => z.strictObject({ ...stepCommon, ...own });

/**
 * The body of each step that records facts: exactly domain/job.ts `JobStepFacts` beside the common
 * fields (the `satisfies` holds the parsed body to those types). customs.declared also says whether
 * customs ordered an inspection (an event field: the machine branches on it). Every other step's body
 * has the common fields only.
 */
const FACT_BODIES = {
  'transport.delivery_arranged': stepBody({ deliveryDate: isoDate.optional(), deliveryPlace: fact(200) }),
  'transport.truck_assigned': stepBody({
    containerNo: containerNo.optional(),
    truck: fact(50),
    driver: fact(50),
    driverPhone: z
      .string()
      .regex(/^[0-9+\-\s()]{5,30}$/)
      .optional(),
  }),
  'transport.picked_up': stepBody({ containerNo: containerNo.optional() }),
  'transport.arrived': stepBody({ customerConfirmed: z.boolean().default(false) }),
  'transport.loading_arranged': stepBody({ loadingTime: isoLocalDateTime.optional(), loadingPlace: fact(200) }),
  'billing.receivables_raised': stepBody({ charges: BillingCharges }),
} satisfies { [S in JobStepWithFacts]: z.ZodType<JobStepFacts[S]> };
const declaredBody = stepBody({ inspectionRequired: z.boolean().optional() });
const plainStepBody = stepBody({});

const hasFacts = (step: JobStepName): step is JobStepWithFacts => step in FACT_BODIES;

/** The body schema of one step (the path's `step`). */
export function stepBodySchema(step: JobStepName) {
  if (step === 'customs.declared') return declaredBody;
  return hasFacts(step) ? FACT_BODIES[step] : plainStepBody;
}

/** The fields of a step's body that are its facts (`data` of its command); none for a step without facts. */
export const stepFactFields = (step: JobStepName): readonly string[] =>
  hasFacts(step) ? Object.keys(FACT_BODIES[step].shape).filter((k) => !(k in stepCommon)) : [];

/**
 * The step route's body as documented: one of the steps' bodies — the path's `step` selects the
 * schema the body is validated against (an empty body is valid for every step).
 */
export const StepBody = z.union([
  plainStepBody.meta({
    title: 'Steps without facts',
    description: `Body of ${ALL_JOB_STEPS.filter((s) => s !== 'customs.declared' && !hasFacts(s)).join(', ')}`,
  }),
  declaredBody.meta({ title: 'customs.declared', description: 'Body of customs.declared' }),
  ...Object.entries(FACT_BODIES).map(([step, body]) => body.meta({ title: step, description: `Body of ${step}` })),
]);

export const RaiseExceptionBody = z.strictObject({
  stage: z.enum(JOB_STAGES),
  type: z.enum(EXCEPTION_TYPES),
  description: text(2000),
  customerNotified: z.boolean(),
  remedy: optionalText(2000),
});
export const ExceptionParams = JobParams.extend({ exceptionId: z.coerce.number().int().min(1).max(2_147_483_647) });
export const ResolveExceptionBody = z.strictObject({ resolution: text(2000) });
export const ProgressBody = z.strictObject({ note: text(2000), customerNotified: z.boolean().optional() });

export const ListJobsQuery = Page.extend({
  status: z.enum(['in_progress', 'completed']).optional(),
  stage: z.enum(JOB_STAGES).optional(),
  customerNo: searchText(64).optional(),
});

const Waiting = z.object({
  step: z.enum(ALL_JOB_STEPS as [string, ...string[]]),
  labelZh: z.string().describe('The step’s name in zh-Hant (the job step table’s)'),
  labelEn: z.string().describe('The step’s name in English'),
  roles: z.array(z.enum(ROLES)),
  container: z.string().optional(),
});

export const JobSummary = z.object({
  jobNo: z.string(),
  contractNo: z.string(),
  customerNo: z.string(),
  customerName: z.string().nullable().describe('The customer’s name (customerNo), for the desk’s `C0001 name`'),
  ownerId: z.string(),
  direction: z.enum(['import', 'export']),
  status: z.enum(['in_progress', 'completed']),
  stage: z.enum(JOB_STAGES).nullable(),
  stageLabel: z.string().nullable(),
  waiting: z.array(Waiting),
  stageSince: z.string().describe('ISO timestamp the job entered its current stage'),
  urgent: z.boolean(),
  containerType: z.enum(CONTAINER_TYPES),
  containerCount: z.number().int(),
  eta: z.string().nullable().describe('business date YYYY-MM-DD'),
  createdAt: z.string(),
});

/** One container of the job: its key (C1…), number, and transport facts (timestamps ISO, dates YYYY-MM-DD). */
export const JobContainer = z.object({
  key: z.string(),
  containerNo: z.string().nullable(),
  type: z.enum(CONTAINER_TYPES),
  lastStep: z.string().nullable(),
  lastStepLabelZh: z.string().nullable().describe('The last step’s name in zh-Hant (the job step table’s)'),
  lastStepLabelEn: z.string().nullable().describe('The last step’s name in English'),
  deliveryDate: z.string().nullable(),
  deliveryPlace: z.string().nullable(),
  truck: z.string().nullable(),
  driver: z.string().nullable(),
  driverPhone: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  customerConfirmed: z.boolean(),
  unloadedAt: z.string().nullable(),
});

/** One exception of the job, its progress notes and how long it has been (or was) open. */
export const JobException = z.object({
  id: z.number().int(),
  stage: z.enum(JOB_STAGES),
  type: z.enum(EXCEPTION_TYPES),
  description: z.string(),
  status: z.enum(['open', 'resolved']),
  customerNotifiedAt: z.string().nullable(),
  remedy: z.string().nullable(),
  progress: z.array(z.object({ at: z.string(), by: z.string(), byName: z.string().nullable(), note: z.string() })),
  raisedBy: z.string(),
  raisedByName: z.string().nullable().describe('Display name of raisedBy'),
  raisedAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  openMs: z.number().int().describe('milliseconds open (until resolved, or until now)'),
});

/** One audit row of the job's timeline. */
export const JobTimelineEntry = z.object({
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  onBehalfOf: z.string().nullable(),
  onBehalfOfName: z.string().nullable(),
  action: z.enum(JOB_HISTORY_ACTIONS as [string, ...string[]]),
  fromState: z.string().nullable().describe('stage before the step, `completed` when none'),
  toState: z.string().nullable(),
  comment: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  ...HistoryLabels,
});

/**
 * A step the caller may take on the job now (domain/actions.ts RecordAction), with what its body must
 * name: `container` for per-container steps, `override: true` for a manager completing a stage over its
 * open exception. `allowed: false` carries the reason code.
 */
export const JobAction = RecordActionView.extend({
  step: z.string().describe('steps/<step>, exceptions, exceptions/<id>/resolve or exceptions/<id>/progress'),
  container: z.string().optional().describe('per-container step: the container key the body must name'),
  override: z
    .boolean()
    .optional()
    .describe('a manager completes the stage over its open exception: send `override: true`'),
  exceptionId: z.number().int().optional(),
});

export const JobDetail = JobSummary.extend({
  quoteNo: z.string(),
  ownerName: z.string().nullable().describe('Display name of the salesperson (ownerId)'),
  stages: z.array(z.enum(JOB_STAGES)),
  paymentMethod: z.enum(['lc', 'tt']).nullable(),
  cargo: z.string(),
  portOfLoading: z.string(),
  portOfDischarge: z.string(),
  vessel: z.string().nullable(),
  voyage: z.string().nullable(),
  etd: z.string().nullable(),
  requiredArrival: z.string().nullable(),
  declaredValue: z
    .object({ currency: z.string(), amount: z.string() })
    .nullable()
    .describe('declared cargo value, in its currency’s digits'),
  containers: z.array(JobContainer),
  exceptions: z.array(JobException),
  receivables: z.array(
    z.object({
      label: z.string(),
      source: z.enum(['service', 'fee_item', 'actual_charge']),
      currency: z.string(),
      amount: z.string(),
      outstanding: z.string().describe('What is still owed today, from the ledger’s entries, in the currency’s digits'),
      dueDate: z.string(),
      status: z
        .enum(['settled', 'overdue', 'part_settled', 'open'])
        .describe(
          'Standing today (domain/ledger.ts receivableStanding): 已結清 settled, 逾期 overdue, 部分結清 part settled, 未收 open',
        ),
    }),
  ),
  timeline: z.array(JobTimelineEntry),
  creditHold: JobCreditHold.nullable(),
  creditWarnings: CreditWarnings.describe(
    'Credit limit 信用額度: currencies where the customer’s exposure (open receivables + signed unbilled work) exceeds the limit',
  ),
  /** What the caller may do now (empty when the job's live state cannot be read). */
  actions: z.array(JobAction),
});
