/** Update and query definitions of the shipment-job workflow; its message types live in domain/job.ts. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { JobCommand, JobView, JobWorkflowInput } from '../domain/job';

export type { JobCommand, JobView, JobWorkflowInput } from '../domain/job';

export const jobStepUpdate = defineUpdate<JobView, [JobCommand]>('job.step');
export const jobViewUpdate = defineUpdate<JobView>('job.view');
export const jobStatusQuery = defineQuery<JobView>('job.status');

export type JobWorkflow = (input: JobWorkflowInput) => Promise<JobView>;
