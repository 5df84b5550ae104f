/**
 * Messages of the shipment job, shared by the API, the job workflow and its activities (none of them
 * defines its own): what a job is opened with, what a step or an exception carries, and what the
 * workflow answers. Database rows never appear here (db/job.table.ts is the storage's business only),
 * so a column change cannot change what recorded histories replay.
 */
import {
  ALL_JOB_STEPS,
  type DueStep,
  type Direction,
  type JobContext,
  type JobEffect,
  type JobEvent,
  type JobStage,
  type JobStatus,
  type JobStepEvent,
  type JobStepName,
  type OpenException,
  type PaymentMethod,
} from '../machines/job.machine';
import type { Currency } from '../machines/catalog';
import type { Actor } from '../machines/roles';

export const CONTAINER_TYPES = ['20GP', '40GP', '40HQ'] as const;
export type ContainerType = (typeof CONTAINER_TYPES)[number];

/** Kinds of exception 「異常」 a job stage can have. */
export const EXCEPTION_TYPES = [
  'payment_anomaly',
  'booking_anomaly',
  'customs_anomaly',
  'inspection_anomaly',
  'transport_anomaly',
  'warehouse_anomaly',
  'unconfirmed_extra_charge',
  'receivable_anomaly',
  'other',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

/** The job as entered, written by the workflow's first activity. Dates are business dates `YYYY-MM-DD`. */
export interface JobRecord {
  contractNo: string;
  quoteNo: string;
  cargo: string;
  portOfLoading: string;
  portOfDischarge: string;
  vessel?: string | null | undefined;
  voyage?: string | null | undefined;
  etd?: string | null | undefined;
  eta?: string | null | undefined;
  requiredArrival?: string | null | undefined;
  urgent: boolean;
  /** Declared cargo value, the base of per-cent-of-value lines at billing. */
  declaredValue?: { currency: Currency; amount: string } | null | undefined;
  containerType: ContainerType;
  /** Container numbers where known, by container key (C1, C2, …). */
  containerNos: Record<string, string | null>;
}

/** Input of `job-<jobNo>`. */
export interface JobWorkflowInput {
  jobNo: string;
  customerNo: string;
  ownerId: string;
  direction: Direction;
  payment: PaymentMethod | null;
  stages: JobStage[];
  containers: string[];
  job: JobRecord;
  actor: Actor;
  idempotencyKey: string;
  /** Accepted steps per run before the workflow continues as new (bounded history). */
  continueAfter: number;
  /** The state carried over from the previous run, when continued as new. */
  carried?: { value: string; context: JobContext; recentKeys: string[] };
}

/** A charge entered at billing: exact decimal string in the currency's digits. */
export interface JobCharge {
  label: string;
  currency: string;
  amount: string;
}

/**
 * Exactly the facts each step records besides its event (`data` of its command); a step not listed
 * records none. Dates are business dates `YYYY-MM-DD`, `loadingTime` a business-local `YYYY-MM-DDTHH:mm`;
 * `containerNo` an ISO 6346 number (domain/container-number.ts). The event itself carries the container
 * key, `inspectionRequired` (customs.declared), `override` and `comment`.
 */
export interface JobStepFacts {
  'transport.delivery_arranged': { deliveryDate?: string | undefined; deliveryPlace?: string | undefined };
  'transport.truck_assigned': {
    containerNo?: string | undefined;
    truck?: string | undefined;
    driver?: string | undefined;
    driverPhone?: string | undefined;
  };
  'transport.picked_up': { containerNo?: string | undefined };
  'transport.arrived': { customerConfirmed: boolean };
  'transport.loading_arranged': { loadingTime?: string | undefined; loadingPlace?: string | undefined };
  'billing.receivables_raised': { charges: JobCharge[] };
}
/** The steps that record facts. */
export type JobStepWithFacts = keyof JobStepFacts;

type FactsOf<S extends JobStepName> = S extends JobStepWithFacts ? { data: JobStepFacts[S] } : { data?: never };

/**
 * One step sent to the job workflow (the Update's argument): `action` is the step's name (the
 * discriminant: narrow on it), `event` the machine event for that step, `data` exactly its facts.
 */
export type JobStepCommand = {
  [S in JobStepName]: { action: S; event: JobStepEvent & { step: S }; idempotencyKey: string } & FactsOf<S>;
}[JobStepName];

export interface JobExceptionData {
  type: ExceptionType;
  description: string;
  customerNotified: boolean;
  remedy?: string | undefined;
}

/** An exception raised in a stage of the job: the event and what the exception record holds. */
export interface JobExceptionRaisedCommand {
  action: 'exception.raised';
  event: Extract<JobEvent, { type: 'exception.raised' }>;
  idempotencyKey: string;
  exception: JobExceptionData;
}

/** An open exception resolved, with how. */
export interface JobExceptionResolvedCommand {
  action: 'exception.resolved';
  event: Extract<JobEvent, { type: 'exception.resolved' }>;
  idempotencyKey: string;
  resolution: string;
}

/** One step or exception action sent to the job workflow (the Update's argument), discriminated by `action`. */
export type JobCommand = JobStepCommand | JobExceptionRaisedCommand | JobExceptionResolvedCommand;

/** The workflow's answer to a step, view or query: where the job stands, and its machine context (for `actions`). */
export interface JobView {
  jobNo: string;
  status: JobStatus;
  stage: JobStage | null;
  waiting: DueStep[];
  openExceptions: OpenException[];
  steps: number;
  context: JobContext;
}

/**
 * What the recording activity is told about an accepted event: the command as sent (discriminated by
 * `action`, so each effect narrows to the step whose facts it needs) and where the job stands after it
 * (the workflow computed all of it).
 */
export type JobStepRecord = JobCommand & {
  jobNo: string;
  fromStage: JobStage | null;
  toStage: JobStage | null;
  status: JobStatus;
  waiting: DueStep[];
  /** A manager completed the stage over an open exception. */
  overrode: boolean;
  /** The named side effects of the event (machines/job.machine.ts `jobEffects`). */
  effects: JobEffect[];
};

/** Every `action` a job's timeline (its audit rows) can show. */
export const JOB_HISTORY_ACTIONS: readonly string[] = [
  'job.created',
  ...ALL_JOB_STEPS,
  'exception.raised',
  'exception.resolved',
  'exception.progress',
];
