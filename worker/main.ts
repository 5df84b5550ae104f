/** `npm run worker`: a worker process for a Temporal cluster (production / scale-out). */
import { appConfig } from '../lib/config';
import { onShutdown } from '../lib/bootstrap';
import { openAppDatabase } from '../db/bootstrap';
import { dataConverterFor } from '../lib/payload-codec';
import { temporalConfig } from '../temporal.config';
import { connectWorker } from './connection';
import { startWorkerMetrics } from './metrics';
import { createWorker } from './worker';
import { startOutboxDispatcher } from './outbox';
import { createNoticeSender } from './notice-sender';
import { startAuditCheckpoints } from './audit-checkpoint';

// Before any connection: the SDK core's metrics go to Prometheus (worker/metrics.ts).
const stopMetrics = startWorkerMetrics();
const cfg = appConfig();
const tcfg = temporalConfig();
const dbh = await openAppDatabase(cfg);
const connection = await connectWorker(tcfg);
const worker = await createWorker({
  connection,
  namespace: tcfg.namespace,
  taskQueue: tcfg.taskQueue,
  db: dbh.db,
  config: cfg,
  dataConverter: dataConverterFor(tcfg),
  maxCachedWorkflows: tcfg.workerMaxCachedWorkflows,
});
// Notices are logged, mailed when SMTP_URL is set; customer SMS are logged until a gateway is plugged in.
const outbox = startOutboxDispatcher(dbh.db, createNoticeSender(cfg));
const checkpoints = startAuditCheckpoints(dbh.db, cfg.auditCheckpointMs);
onShutdown(async () => {
  await outbox.stop();
  await checkpoints.stop();
  await stopMetrics();
  if (worker.getState() === 'RUNNING') worker.shutdown();
});
console.log(`Worker polling task queue '${tcfg.taskQueue}' in namespace '${tcfg.namespace}' at ${tcfg.address}`);
await worker.run();
await connection.close();
await dbh.close();
