/**
 * The stack under test, as production runs it: a Temporal server (a fresh dev server on free ports, or
 * the cluster at TEMPORAL_ADDRESS), a fresh PostgreSQL database, and the worker and the API as two
 * separate node processes, so each one's memory and CPU can be read on its own.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import { openDatabase, type DbHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { readAppConfig, type AppConfig } from '../lib/config';
import { startDevServer } from '../lib/dev-server';
import { ensureTemporalCli } from '../lib/temporal-cli';
import { readTemporalConfig, type TemporalConfig } from '../temporal.config';
import { connectClient } from '../lib/temporal-client';
import type { Cleanup } from './cleanup';
import { spawnLogged, waitForHttp, waitForOutput } from './processes';
import type { BenchSettings } from './settings';

export interface Stack {
  runId: string;
  runDir: string;
  dbName: string;
  dbUrl: string;
  /** The bench's own connections (seeding, bulk data, baseline). */
  db: DbHandle;
  appConfig: AppConfig;
  temporalConfig: TemporalConfig;
  temporal: Client;
  temporalAddress: string;
  /** The dev server's pid, when the bench started one. */
  temporalPid: number | null;
  /** The Temporal processes whose CPU and memory count: the dev server, or BENCH_TEMPORAL_PIDS of an external one. */
  temporalPids: number[];
  /** The first worker and API replica (memory of the open chains is read on them). */
  workerPid: number;
  apiPid: number;
  /** Every worker process and API replica the bench started (BENCH_WORKERS, BENCH_APIS). */
  workerPids: number[];
  apiPids: number[];
  apiUrl: string;
  /** Every API replica's base URL; the HTTP load goes round-robin over them. */
  apiUrls: string[];
  postgresVersion: string;
  /** The settings the bench gives the worker and the API on top of the environment. */
  childEnv: Record<string, string>;
  /** Pids of the PostgreSQL backends serving the bench database right now. */
  backendPids(): Promise<number[]>;
}

const ROOT = resolve(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** `freightflow_bench_20260115_043012` */
const runStamp = (d = new Date()) =>
  d
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '_');

const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');

/** Spawns `node --import tsx <script>` so the child's pid is the node process itself (no npm / tsx wrapper). */
export function spawnNode(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  logPath: string,
  cleanup: Cleanup,
  /** Node options before the script, e.g. `--cpu-prof`. */
  nodeArgs: string[] = [],
): ChildProcess {
  return spawnLogged(name, process.execPath, [...nodeArgs, '--import', 'tsx', script], env, logPath, cleanup);
}

/**
 * The node options `npm run worker` starts the production worker with (package.json's `worker` script,
 * e.g. its heap cap `--max-old-space-size=768`), so the bench measures the worker as it runs there.
 */
export function productionWorkerNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts.worker ?? '').split(/\s+/).filter((a) => /^--max-old-space-size=\d+$/.test(a));
}

export async function startStack(
  settings: BenchSettings,
  cleanup: Cleanup,
  log: (m: string) => void,
  onChildDied: (m: string) => void,
): Promise<Stack> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl)
    throw new Error(
      'DATABASE_URL is not set: the bench needs a PostgreSQL server, e.g. DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench',
    );

  const runId = runStamp();
  const runDir = resolve(ROOT, '.data', 'bench', runId);
  await mkdir(runDir, { recursive: true });

  // Temporal: a fresh dev server on free ports with its state in the run directory, or an external cluster.
  let temporalAddress: string;
  let temporalPid: number | null = null;
  const taskQueue = `bench-${runId.replace('_', '-')}`;
  const workflowIdPrefix = `bench-${runId.replace('_', '-')}-`;
  if (settings.external) {
    temporalAddress = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
    log(`Temporal: external server at ${temporalAddress} (task queue ${taskQueue})`);
  } else {
    const cli = await ensureTemporalCli(log);
    const [port, uiPort] = [await freePort(), await freePort()];
    const devCfg = readTemporalConfig({
      ...process.env,
      TEMPORAL_DEV_PORT: String(port),
      TEMPORAL_DEV_UI_PORT: String(uiPort),
    });
    const dyn = settings.temporalDynamicConfig;
    log(
      `Temporal: starting a dev server on 127.0.0.1:${port} (state in ${runDir})${dyn.length ? ` with ${dyn.join(', ')}` : ''}…`,
    );
    const server = await startDevServer(cli, devCfg, runDir, { dynamicConfig: dyn });
    if (server.child) cleanup.child(server.child);
    cleanup.add('stop the Temporal dev server', async () => {
      await server.stop();
      await Promise.all(
        ['temporal.db', 'temporal.db-wal', 'temporal.db-shm'].map((f) => rm(join(runDir, f), { force: true })),
      );
    });
    temporalAddress = server.address;
    temporalPid = server.child?.pid ?? null;
  }

  // PostgreSQL: a fresh database, dropped at the end whatever happens.
  const dbName = `freightflow_bench_${runId.toLowerCase()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const postgresVersion =
    (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? 'unknown';
  cleanup.add(`drop database ${dbName}`, async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    try {
      await a.query(`drop database if exists ${dbName} with (force)`);
      log(`Dropped database ${dbName}`);
    } finally {
      await a.end();
    }
  });
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  log(`Database: ${redactUrl(dbUrl)} (PostgreSQL ${postgresVersion})`);
  const db = await openDatabase({ url: dbUrl, poolSize: settings.poolSize + 10 });
  cleanup.add('close the bench connections', () => db.close());
  await migrateToLatest(db.db);

  // The children's environment; the bench reads its own token and Temporal settings from the same one.
  const apiPorts: number[] = [];
  for (let i = 0; i < settings.apis; i++) apiPorts.push(await freePort());
  const apiPort = apiPorts[0]!;
  const childEnv = {
    DATABASE_POOL_SIZE: String(settings.poolSize),
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_WORKFLOW_ID_PREFIX: workflowIdPrefix,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
  };
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl, ...childEnv };
  const appConfig = readAppConfig(env);
  if (appConfig.jwt.jwksUrl)
    throw new Error(
      'JWT_JWKS_URL is set: the bench mints its own HS256 tokens, unset it (and set JWT_SECRET, or none in development)',
    );
  const temporalConfig = readTemporalConfig(env);
  const temporal = await connectClient(temporalConfig);
  cleanup.add('close the Temporal client', () => temporal.connection.close());
  if (settings.external) {
    // Our workflows would outlive us on a shared cluster: terminate whatever of ours still runs.
    cleanup.add('terminate the bench workflows', async () => {
      await temporal.workflowService.startBatchOperation({
        namespace: temporalConfig.namespace,
        jobId: `${taskQueue}-cleanup`,
        reason: 'freightflow bench finished',
        visibilityQuery: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
        terminationOperation: {},
      });
      log(`Asked ${temporalAddress} to terminate the running workflows of task queue ${taskQueue}`);
    });
  }

  log(
    settings.workers === 1 && settings.apis === 1
      ? 'Starting the worker and the API as separate processes…'
      : `Starting ${settings.workers} worker(s) and ${settings.apis} API replica(s) as separate processes…`,
  );
  // BENCH_CPU_PROFILE=1: V8 CPU profiles of both, written when they stop (bench/cpu-profile.ts reads them).
  const prof = (name: string) =>
    settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${join(runDir, 'profiles', name)}`] : [];
  // One worker or API keeps the names (and metrics ports) of before; more get numbered logs and free metrics ports.
  const workers = [];
  for (let i = 0; i < settings.workers; i++) {
    const n = settings.workers === 1 ? '' : `-${i + 1}`;
    const metrics =
      settings.workers === 1
        ? {}
        : {
            WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
            WORKER_APP_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
          };
    workers.push({
      log: `worker${n}.log`,
      child: spawnNode(
        `the worker${n}`,
        settings.workerScript,
        { ...env, ...metrics },
        join(runDir, `worker${n}.log`),
        cleanup,
        [...productionWorkerNodeArgs(), ...prof(`worker${n}`)],
      ),
    });
  }
  const apis = apiPorts.map((port, i) => {
    const n = settings.apis === 1 ? '' : `-${i + 1}`;
    return {
      log: `api${n}.log`,
      port,
      child: spawnNode(
        `the API${n}`,
        'api/main.ts',
        { ...env, PORT: String(port) },
        join(runDir, `api${n}.log`),
        cleanup,
        prof(`api${n}`),
      ),
    };
  });
  await Promise.all([
    ...workers.map((w) =>
      waitForOutput(w.child, /Worker polling task queue/, 180_000, `the ${w.log.replace('.log', '')}`),
    ),
    ...apis.map((a) =>
      waitForHttp(`http://127.0.0.1:${a.port}/readyz`, a.child, 120_000, `the ${a.log.replace('.log', '')}`),
    ),
  ]).catch((e: Error) => {
    throw new Error(`${e.message}; see the logs in ${runDir}`);
  });
  for (const { log: name, child } of [...workers, ...apis]) {
    child.once('exit', (code, signal) => {
      if (!cleanup.started)
        onChildDied(
          `${name.replace('.log', '')} exited unexpectedly (code ${code}, signal ${signal}); see ${runDir}/${name}`,
        );
    });
  }

  return {
    runId,
    runDir,
    dbName,
    dbUrl,
    db,
    appConfig,
    temporalConfig,
    temporal,
    temporalAddress,
    temporalPid,
    temporalPids: temporalPid ? [temporalPid] : settings.temporalPids,
    workerPid: workers[0]!.child.pid!,
    apiPid: apis[0]!.child.pid!,
    workerPids: workers.map((w) => w.child.pid!),
    apiPids: apis.map((a) => a.child.pid!),
    apiUrl: `http://127.0.0.1:${apiPort}`,
    apiUrls: apis.map((a) => `http://127.0.0.1:${a.port}`),
    postgresVersion,
    childEnv,
    backendPids: async () => {
      const r = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(
        db.db,
      );
      return r.rows.map((x) => Number(x.pid));
    },
  };
}
