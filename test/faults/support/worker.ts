/** A worker inside the test process (as test/support/stack.ts runs one), with its own database pool. */
import { readFile } from 'node:fs/promises';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { openDatabase } from '../../../db/connect';
import type { AppConfig } from '../../../lib/config';
import { dataConverterFor } from '../../../lib/payload-codec';
import type { TemporalConfig } from '../../../temporal.config';
import { createWorker } from '../../../worker/worker';

export interface InProcessWorker {
  worker: Worker;
  /** Set when `worker.run()` ended with an error before we stopped it. */
  failure(): string | undefined;
  stop(): Promise<void>;
}

export async function startInProcessWorker(
  temporalConfig: TemporalConfig,
  databaseUrl: string,
  config: AppConfig,
): Promise<InProcessWorker> {
  const bundle = JSON.parse(await readFile(inject('workflowBundlePath'), 'utf8'));
  const dbh = await openDatabase({ url: databaseUrl, poolSize: 8 });
  const connection = await NativeConnection.connect({ address: temporalConfig.address });
  const worker = await createWorker({
    connection,
    namespace: temporalConfig.namespace,
    taskQueue: temporalConfig.taskQueue,
    db: dbh.db,
    config,
    dataConverter: dataConverterFor(temporalConfig),
    workflowBundle: bundle,
  });
  let failed: string | undefined;
  const running = worker.run().catch((e: unknown) => {
    failed = `worker stopped with an error: ${(e as Error).stack ?? String(e)}`;
  });
  return {
    worker,
    failure: () => failed,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await dbh.close();
    },
  };
}
