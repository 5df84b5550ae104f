/**
 * `npm run dev`: the whole system on its embedded default — Temporal dev server (state in .data/),
 * PostgreSQL at DATABASE_URL or embedded PGlite (.data/pglite), migrations, demo users, and the
 * worker and API in this one process. Ctrl-C stops everything; state survives restarts.
 */
import { execFileSync } from 'node:child_process';
import { NativeConnection } from '@temporalio/worker';
import { buildServer } from '../api/server';
import { demoJoinedOn, seedDemoUsers } from '../db/user.repository';
import { businessToday } from '../lib/dates';
import { onShutdown } from '../lib/bootstrap';
import { openAppDatabase } from '../db/bootstrap';
import { appConfig } from '../lib/config';
import { startDevServer } from '../lib/dev-server';
import { dataConverterFor } from '../lib/payload-codec';
import { ensureTemporalCli } from '../lib/temporal-cli';
import { createTokenVerifier } from '../lib/tokens';
import { temporalConfig } from '../temporal.config';
import { connectClient } from '../lib/temporal-client';
import { ensureCollectionScanSchedule } from '../lib/collection-scan';
import { ensureRhythmSchedules } from '../lib/rhythm-schedules';
import { createWorker } from '../worker/worker';
import { startOutboxDispatcher } from '../worker/outbox';
import { createNoticeSender } from '../worker/notice-sender';
import { startDevMailbox } from '../worker/dev-mailbox';
import { join } from 'node:path';
import { startAuditCheckpoints } from '../worker/audit-checkpoint';
import { startWorkerMetrics } from '../worker/metrics';

const cfg = appConfig();
const tcfg = temporalConfig();
if (cfg.env === 'production') {
  console.error('npm run dev is for development; in production run `npm run worker` and `npm run api`.');
  process.exit(2);
}

// The browser desk: built into web/dist when missing or older than its sources (a few seconds).
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/web-build.ts'], { stdio: 'inherit' });

let cli: string;
try {
  cli = await ensureTemporalCli((m) => console.log(m));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
// The Web UI asks this API's codec endpoint to decrypt payloads (roles auditor, admin, gm; see README).
const server = await startDevServer(cli, tcfg, cfg.dataDir, { codecEndpoint: `http://127.0.0.1:${cfg.port}/codec` });
// A failure while starting (a port taken, the database unreachable…) stops the dev server we started before exiting,
// so nothing is left holding its ports; once running, Ctrl-C stops everything (onShutdown below).
const failStart = (e: unknown) => {
  const err = e as NodeJS.ErrnoException & { port?: number };
  console.error(
    err.code === 'EADDRINUSE'
      ? `npm run dev could not start: ${err.message} — stop what holds that port, or choose another (PORT for the API, see README Settings).`
      : `npm run dev could not start: ${err.stack ?? String(e)}`,
  );
  void server.stop().finally(() => process.exit(1));
};
process.on('uncaughtException', failStart);
process.on('unhandledRejection', failStart);
const devCfg = { ...tcfg, address: server.address };
const dbh = await openAppDatabase(cfg);
// DEMO_JOINED_ON backdates the demo users' join date, so the rhythm has deadlines to remind them of (README).
const joinedOn = cfg.demoJoinedOn ? demoJoinedOn(cfg.demoJoinedOn, businessToday()) : undefined;
const seeded = await seedDemoUsers(dbh.db, joinedOn ? { joinedOn } : {});

// The SDK core's metrics and the worker's counters (worker/metrics.ts); the API serves its own at /metrics.
const stopWorkerMetrics = startWorkerMetrics();
const nativeConnection = await NativeConnection.connect({ address: server.address });
const worker = await createWorker({
  connection: nativeConnection,
  namespace: tcfg.namespace,
  taskQueue: tcfg.taskQueue,
  db: dbh.db,
  config: cfg,
  dataConverter: dataConverterFor(tcfg),
  maxCachedWorkflows: tcfg.workerMaxCachedWorkflows,
});
const running = worker.run();
// Without SMTP_URL, notices are mailed to a mailbox on loopback that keeps them as .eml files.
const mailbox = cfg.mail.smtpUrl ? undefined : await startDevMailbox(join(cfg.dataDir, 'mailbox'));
const outbox = startOutboxDispatcher(
  dbh.db,
  createNoticeSender(mailbox ? { mail: { ...cfg.mail, smtpUrl: mailbox.url } } : cfg),
);
const checkpoints = startAuditCheckpoints(dbh.db, cfg.auditCheckpointMs);
const temporal = await connectClient(devCfg);
await ensureCollectionScanSchedule(temporal, { ...devCfg, everyMs: cfg.collection.scanEveryMs });
await ensureRhythmSchedules(temporal, { ...devCfg, ...cfg.rhythm });
const app = await buildServer({
  db: dbh.db,
  temporal,
  config: cfg,
  temporalConfig: devCfg,
  verifyToken: createTokenVerifier(cfg.jwt),
});
await app.listen({ port: cfg.port, host: cfg.host });
process.off('uncaughtException', failStart);
process.off('unhandledRejection', failStart);

const api = `http://${cfg.host}:${cfg.port}`;
console.log(`
freightflow is running
  Desk           ${api}/          (sign in as any demo user)
  API            ${api}        (health ${api}/readyz)
  API docs       ${api}/docs   (OpenAPI ${api}/openapi.json)
  Temporal UI    ${server.uiUrl}
  Temporal gRPC  ${server.address}  namespace '${tcfg.namespace}', task queue '${tcfg.taskQueue}'
  Demo users     ${seeded.join(', ')}${joinedOn ? ` (joined ${joinedOn})` : ''}
  Mail           ${mailbox ? `${cfg.dataDir}/mailbox/*.eml (SMTP ${mailbox.url})` : 'through SMTP_URL'}
  Get a token    npm run token -- commerce
                 curl -H "Authorization: Bearer $(npm run -s token -- commerce)" ${api}/me
Ctrl-C stops everything; state stays in ${cfg.dataDir}/.
`);

onShutdown(async () => {
  await app.close();
  await stopWorkerMetrics();
  await outbox.stop();
  await mailbox?.stop();
  await checkpoints.stop();
  // The SDK starts draining on SIGINT by itself; only ask when it has not.
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
  await nativeConnection.close();
  await temporal.connection.close();
  await dbh.close();
  await server.stop();
});
