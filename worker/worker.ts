/** Builds the worker of task queue `freightflow`: the workflows bundle and the activities over the database. */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import {
  bundleWorkflowCode,
  Worker,
  type NativeConnection,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { createActivities, type ActivityDeps } from '../activities/index';
import type { Database } from '../db/database';
import { nonRetryableDeterministicFailures } from './activity-failures';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Kysely<Database>;
  config: ActivityDeps['config'];
  /** Payload encryption (lib/payload-codec.ts `dataConverterFor`): the same as every client's. */
  dataConverter: DataConverter;
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Workflows kept in memory (temporal.config.ts `workerMaxCachedWorkflows`); absent: the SDK's default. */
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities({ db: opts.db, config: opts.config }),
    dataConverter: opts.dataConverter,
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    // A failure that would repeat on every retry (bad data, constraint, bug) fails the step at once.
    interceptors: { activity: [nonRetryableDeterministicFailures] },
  });
}
