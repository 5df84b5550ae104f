import { z } from 'zod';
import { ALL_JOB_STEPS, JOB_STAGES } from '../../machines/job.machine';
import { CURRENCIES } from '../../machines/catalog';
import { currencyAmounts, currencyTotalsWithin, isoDate, isoLocalDateTime, moneyAmount, optionalText, Page, text } from '../schemas';

export const CONTAINER_TYPES = ['20GP', '40GP', '40HQ'] as const;
const containerNo = z.string().regex(/^[A-Z]{4}\d{7}$/, 'a container number such as MSCU1234567');

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
  })
  .superRefine((b, ctx) => {
    if (b.containers.numbers && b.containers.numbers.length > b.containers.count) {
      ctx.addIssue({ code: 'custom', path: ['containers', 'numbers'], message: 'more numbers than containers' });
    }
    if (b.etd && b.eta && b.etd > b.eta) ctx.addIssue({ code: 'custom', path: ['eta'], message: 'must not be before etd' });
  });

export const JobParams = z.strictObject({ jobNo: z.string().regex(/^J\d{4}-\d{6}$/, 'a job number such as J2026-000001') });
export const StepParams = JobParams.extend({ step: z.enum(ALL_JOB_STEPS as [string, ...string[]]) });

export const StepBody = z.strictObject({
  /** Container key (C1, C2, …) for per-container transport steps. */
  container: z.string().regex(/^C\d{1,2}$/).optional(),
  /** customs.declared: whether customs ordered an inspection. */
  inspectionRequired: z.boolean().optional(),
  /** A manager completes the stage over an open exception of it (recorded). */
  override: z.boolean().optional(),
  comment: optionalText(2000),
  containerNo: containerNo.optional(),
  deliveryDate: isoDate.optional(),
  deliveryPlace: optionalText(200),
  truck: optionalText(50),
  driver: optionalText(50),
  driverPhone: z.string().regex(/^[0-9+\-\s()]{5,30}$/).optional(),
  customerConfirmed: z.boolean().optional(),
  loadingTime: isoLocalDateTime.optional(),
  loadingPlace: optionalText(200),
  freightToCollect: z.boolean().optional(),
  charges: z
    .array(z.strictObject({ label: text(200), currency: z.enum(CURRENCIES), amount: moneyAmount }).superRefine(currencyAmounts('amount')))
    .max(100)
    .superRefine(currencyTotalsWithin('amount'))
    .optional(),
});

export const EXCEPTION_TYPES = ['payment_anomaly', 'booking_anomaly', 'customs_anomaly', 'inspection_anomaly', 'transport_anomaly', 'warehouse_anomaly', 'unconfirmed_extra_charge', 'receivable_anomaly', 'other'] as const;

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
  customerNo: z.string().max(64).optional(),
});

const Waiting = z.object({ step: z.string(), roles: z.array(z.string()), container: z.string().optional() });

export const JobSummary = z.object({
  jobNo: z.string(),
  contractNo: z.string(),
  customerNo: z.string(),
  ownerId: z.string(),
  direction: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  stageLabel: z.string().nullable(),
  waiting: z.array(Waiting),
  stageSince: z.string(),
  urgent: z.boolean(),
  containerType: z.string(),
  containerCount: z.number(),
  eta: z.string().nullable(),
  createdAt: z.string(),
});

export const JobDetail = JobSummary.extend({
  quoteNo: z.string(),
  stages: z.array(z.string()),
  paymentMethod: z.string().nullable(),
  cargo: z.string(),
  portOfLoading: z.string(),
  portOfDischarge: z.string(),
  vessel: z.string().nullable(),
  voyage: z.string().nullable(),
  etd: z.string().nullable(),
  requiredArrival: z.string().nullable(),
  containers: z.array(z.record(z.string(), z.unknown())),
  exceptions: z.array(z.record(z.string(), z.unknown())),
  receivables: z.array(z.object({ label: z.string(), source: z.string(), currency: z.string(), amount: z.string(), dueDate: z.string(), status: z.string() })),
  timeline: z.array(z.record(z.string(), z.unknown())),
});
