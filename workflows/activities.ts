/** The activity proxy every workflow uses: types only, retried with backoff until the database answers. */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * The same activities run as local activities: in the worker that runs the workflow, without a round
 * trip through the task queue — for the short, idempotent database write of each step, where a step's
 * latency matters. A retry after a crash re-runs them; their audit key makes that a no-op.
 */
export const localActs = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
