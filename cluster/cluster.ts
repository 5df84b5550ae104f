/**
 * The whole deployment on loopback, as a user who outgrows one machine runs it: a Temporal cluster with
 * PostgreSQL persistence (cluster/temporal.ts), N freightflow workers and M API replicas as separate
 * processes on one application database, and a round-robin proxy in front of the replicas.
 */
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { seedDemoUsers } from '../db/user.repository';
import { ensureTemporalServer, type TemporalServerBinaries } from '../lib/temporal-server';
import { readTemporalConfig } from '../temporal.config';
import { AppProcess, type Cleanup } from './processes';
import { startRoundRobinProxy, type RoundRobinProxy } from './proxy';
import {
  prepareTemporalDatabases,
  startTemporalCluster,
  temporalPorts,
  type TemporalCluster,
  type TemporalClusterSettings,
} from './temporal';

export interface ClusterSettings extends TemporalClusterSettings {
  /** The application database on the same PostgreSQL server (created when missing, migrated, demo users seeded). */
  appDatabase: string;
  workers: number;
  apis: number;
  /** The proxy's port; API replica i listens on httpPort + 1 + i. */
  httpPort: number;
  taskQueue: string;
  /** Extra settings of the workers and API replicas (e.g. RATE_LIMIT_WRITES_PER_MINUTE). */
  appEnv: Record<string, string>;
}

const ROOT = resolve(import.meta.dirname, '..');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = 65_535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer from ${min} to ${max} (got '${raw}')`);
  return n;
}

const dbName = (env: NodeJS.ProcessEnv, name: string, fallback: string) => {
  const v = env[name] || fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(v))
    throw new Error(`${name} must be lower-case letters, digits and _ (got '${v}')`);
  return v;
};

/** Settings of `npm run cluster` from the environment (README "Deployment" lists them); throws one line per mistake. */
export function readClusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const postgresUrl = env.DATABASE_URL;
  if (!postgresUrl)
    throw new Error(
      'DATABASE_URL is not set: the cluster needs a PostgreSQL server, e.g. DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run cluster',
    );
  const tcfg = readTemporalConfig(env);
  const database = dbName(env, 'CLUSTER_TEMPORAL_DATABASE', 'temporal_cluster');
  return {
    postgresUrl,
    database,
    visibilityDatabase: `${database}_visibility`,
    appDatabase: dbName(env, 'CLUSTER_APP_DATABASE', 'freightflow_cluster'),
    portBase: int(env, 'CLUSTER_PORT_BASE', 17_233, 1024, 65_000),
    historyShards: int(env, 'CLUSTER_HISTORY_SHARDS', 4, 1, 16_384),
    namespace: tcfg.namespace,
    retentionDays: 3,
    dir: resolve(ROOT, env.CLUSTER_DIR || join('.data', 'cluster')),
    workers: int(env, 'CLUSTER_WORKERS', 2, 0, 16),
    apis: int(env, 'CLUSTER_APIS', 2, 0, 16),
    httpPort: int(env, 'CLUSTER_HTTP_PORT', 3300, 1024, 65_000),
    taskQueue: tcfg.taskQueue,
    appEnv: {},
  };
}

export interface Cluster {
  settings: ClusterSettings;
  binaries: TemporalServerBinaries;
  temporal: TemporalCluster;
  /** postgres://…/<appDatabase> */
  appDatabaseUrl: string;
  workers: AppProcess[];
  apis: AppProcess[];
  /** Null when no API replica runs. */
  proxy: RoundRobinProxy | null;
}

/** Creates the application database when missing, migrates it and seeds the demo users (once, here: not N times). */
async function prepareAppDatabase(s: ClusterSettings, log: (m: string) => void): Promise<string> {
  const admin = new pg.Client({ connectionString: s.postgresUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [s.appDatabase])).rowCount === 1;
    if (!exists) await admin.query(`create database ${s.appDatabase}`);
  } finally {
    await admin.end();
  }
  const url = new URL(s.postgresUrl);
  url.pathname = `/${s.appDatabase}`;
  const dbh = await openDatabase({ url: url.toString(), poolSize: 2 });
  try {
    const applied = await migrateToLatest(dbh.db);
    const users = await seedDemoUsers(dbh.db);
    log(
      `  application database ${s.appDatabase}: ${applied.length} migration(s) applied, demo users ${users.join(', ')}`,
    );
  } finally {
    await dbh.close();
  }
  return url.toString();
}

/**
 * Builds or finds the server, prepares the three databases, starts the Temporal services, then the workers
 * and API replicas (all at once, each waited for), then the proxy. Everything is registered on `cleanup`.
 */
export async function startCluster(s: ClusterSettings, cleanup: Cleanup, log: (m: string) => void): Promise<Cluster> {
  const binaries = await ensureTemporalServer(log);
  log(`Temporal server ${binaries.version}: ${binaries.server}`);
  log('Databases:');
  await prepareTemporalDatabases(binaries, s, log);
  const appDatabaseUrl = await prepareAppDatabase(s, log);
  log('Temporal services (frontend, history, matching, worker), one process each:');
  const temporal = await startTemporalCluster(binaries, s, cleanup, log);

  const ports = temporalPorts(s.portBase);
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: appDatabaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: s.namespace,
    TEMPORAL_TASK_QUEUE: s.taskQueue,
    ...s.appEnv,
  };
  const workers = Array.from(
    { length: s.workers },
    (_, i) =>
      new AppProcess(
        `worker ${i + 1}`,
        'worker/main.ts',
        {
          ...common,
          WORKER_METRICS_ADDRESS: `127.0.0.1:${ports.frontend.grpc + 40 + 2 * i}`,
          WORKER_APP_METRICS_ADDRESS: `127.0.0.1:${ports.frontend.grpc + 41 + 2 * i}`,
        },
        join(s.dir, 'logs', `worker-${i + 1}.log`),
        cleanup,
      ),
  );
  const apis = Array.from({ length: s.apis }, (_, i) => {
    const port = s.httpPort + 1 + i;
    return new AppProcess(
      `API ${i + 1}`,
      'api/main.ts',
      { ...common, PORT: String(port), HOST: '127.0.0.1' },
      join(s.dir, 'logs', `api-${i + 1}.log`),
      cleanup,
      `http://127.0.0.1:${port}`,
    );
  });
  if (workers.length + apis.length > 0) {
    log(`freightflow: ${workers.length} worker(s) and ${apis.length} API replica(s), one process each…`);
    await Promise.all([...workers, ...apis].map((p) => p.start()));
  }
  let proxy: RoundRobinProxy | null = null;
  if (apis.length > 0) {
    proxy = await startRoundRobinProxy(
      apis.map((a) => a.url!),
      '127.0.0.1',
      s.httpPort,
    );
    const p = proxy;
    cleanup.add('stop the proxy', () => p.close());
  }
  return { settings: s, binaries, temporal, appDatabaseUrl, workers, apis, proxy };
}
