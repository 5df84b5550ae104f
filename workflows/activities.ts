/** The activity proxy every workflow uses: types only, retried with backoff until the database answers. */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index';

export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
