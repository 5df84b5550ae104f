/** Messages of the shipment-job workflow, shared by the workflow and its clients. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Direction, JobContext, JobEvent, JobStage, JobStatus, PaymentMethod } from '../machines/job.machine';
import type { Actor } from '../machines/roles';

/** The job as entered, written by the workflow's first activity. */
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
  containerType: '20GP' | '40GP' | '40HQ';
  /** Container numbers where known, by container key (C1, C2, …). */
  containerNos: Record<string, string | null>;
}

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

/** Facts a step records besides its event (truck, delivery date, charges…). */
export interface JobStepData {
  containerNo?: string | undefined;
  deliveryDate?: string | undefined;
  deliveryPlace?: string | undefined;
  truck?: string | undefined;
  driver?: string | undefined;
  driverPhone?: string | undefined;
  customerConfirmed?: boolean | undefined;
  loadingTime?: string | undefined;
  loadingPlace?: string | undefined;
  freightToCollect?: boolean | undefined;
  charges?: { label: string; currency: string; amount: string }[] | undefined;
}

export interface JobExceptionData {
  type: string;
  description: string;
  customerNotified: boolean;
  remedy?: string | undefined;
}

export interface JobCommand {
  event: JobEvent;
  idempotencyKey: string;
  data?: JobStepData;
  exception?: JobExceptionData;
  resolution?: string;
}

export interface JobView {
  jobNo: string;
  status: JobStatus;
  stage: JobStage | null;
  waiting: { step: string; roles: readonly string[]; container?: string }[];
  openExceptions: { id: number; stage: JobStage }[];
  steps: number;
}

export const jobStepUpdate = defineUpdate<JobView, [JobCommand]>('job.step');
export const jobViewUpdate = defineUpdate<JobView>('job.view');
export const jobStatusQuery = defineQuery<JobView>('job.status');

export type JobWorkflow = (input: JobWorkflowInput) => Promise<JobView>;
