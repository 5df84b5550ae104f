/**
 * A real Temporal cluster on loopback: PostgreSQL persistence (two databases created and migrated with the
 * server's own temporal-sql-tool), the four services frontend, history, matching and worker as four
 * processes of the same binary, each with its own config directory, and the namespace and freightflow's
 * search attributes registered through the frontend. Used by `npm run cluster` and `npm run cluster:fault`.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import type { TemporalServerBinaries } from '../lib/temporal-server';
import { SEARCH_ATTRIBUTES, TEMPORAL_SERVER_DYNAMIC_CONFIG } from '../temporal.config';
import { spawnLogged, type Cleanup } from './processes';

const run = promisify(execFile);

/** The Temporal services, in the order they are started; each one is a process of its own. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface TemporalClusterSettings {
  /** A PostgreSQL server (any database on it): the cluster's two databases are created beside it. */
  postgresUrl: string;
  /** Database of the history, matching and worker state (default `temporal_cluster`). */
  database: string;
  /** Database of visibility, where workflows are searched (default `temporal_cluster_visibility`). */
  visibilityDatabase: string;
  /** First of the cluster's ports (see `temporalPorts`). */
  portBase: number;
  /** History shards: fixed for the cluster's life (4 here; production: 512 or more). */
  historyShards: number;
  namespace: string;
  /** Namespace retention of closed workflows, days. */
  retentionDays: number;
  /** Directory of the generated configs and the logs. */
  dir: string;
}

/** gRPC port, membership port and Prometheus port of each service; the frontend's HTTP API at base + 20. */
export function temporalPorts(base: number): Record<
  TemporalService,
  { grpc: number; membership: number; metrics: number }
> & {
  frontendHttp: number;
} {
  const at = (i: number) => ({ grpc: base + i, membership: base + 10 + i, metrics: base + 30 + i });
  return { frontend: at(0), history: at(1), matching: at(2), worker: at(3), frontendHttp: base + 20 };
}

interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

function pgTarget(url: string): PgTarget {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
  };
}

/**
 * Creates both databases when missing and brings their schemas to the latest version with temporal-sql-tool
 * (`setup-schema -v 0.0` once, then `update-schema` with the schema embedded in the tool: postgresql/v12/…).
 * Safe to run again: an existing database is only updated.
 */
export async function prepareTemporalDatabases(
  bin: TemporalServerBinaries,
  s: TemporalClusterSettings,
  log: (m: string) => void,
): Promise<void> {
  const t = pgTarget(s.postgresUrl);
  const admin = new pg.Client({ connectionString: s.postgresUrl });
  await admin.connect();
  try {
    for (const [db, schema] of [
      [s.database, 'postgresql/v12/temporal'],
      [s.visibilityDatabase, 'postgresql/v12/visibility'],
    ] as const) {
      if (!/^[a-z_][a-z0-9_]*$/.test(db))
        throw new Error(`database name '${db}' must be lower-case letters, digits, _`);
      const exists = (await admin.query('select 1 from pg_database where datname = $1', [db])).rowCount === 1;
      const args = ['--plugin', 'postgres12', '--ep', t.host, '-p', String(t.port), '-u', t.user, '--db', db];
      const env = { ...process.env, SQL_PASSWORD: t.password };
      if (!exists) {
        log(`  temporal-sql-tool: create-database ${db}, setup-schema -v 0.0`);
        await run(bin.sqlTool, [...args, '--pw', t.password, 'create-database'], { env });
        await run(bin.sqlTool, [...args, '--pw', t.password, 'setup-schema', '-v', '0.0'], { env });
      }
      log(`  temporal-sql-tool: update-schema ${db} (${schema})`);
      await run(bin.sqlTool, [...args, '--pw', t.password, 'update-schema', '--schema-name', schema], { env });
    }
  } finally {
    await admin.end();
  }
}

/** The server's config of one service (JSON is YAML): all services share everything but the metrics port. */
function serviceConfig(s: TemporalClusterSettings, service: TemporalService, dynamicConfigFile: string): unknown {
  const t = pgTarget(s.postgresUrl);
  const ports = temporalPorts(s.portBase);
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${t.host}:${t.port}`,
      connectProtocol: 'tcp',
      user: t.user,
      password: t.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (svc: TemporalService) => ({
    rpc: {
      grpcPort: ports[svc].grpc,
      membershipPort: ports[svc].membership,
      bindOnLocalHost: true,
      ...(svc === 'frontend' ? { httpPort: ports.frontendHttp } : {}),
    },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: s.historyShards,
      datastores: { default: store(s.database, 20), visibility: store(s.visibilityDatabase, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `127.0.0.1:${ports[service].metrics}`,
        },
      },
    },
    services: Object.fromEntries(TEMPORAL_SERVICES.map((svc) => [svc, rpc(svc)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend.grpc}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic config (YAML): search attributes visible right after they are added (instead of after the cache's 60 s),
 * so the workers can start at once, and `TEMPORAL_SERVER_DYNAMIC_CONFIG` (the settings every server freightflow
 * starts runs with). Everything else is the server's default.
 */
const DYNAMIC_CONFIG = ['system.forceSearchAttributesCacheRefreshOnRead=true', ...TEMPORAL_SERVER_DYNAMIC_CONFIG]
  .map((item) => {
    const at = item.indexOf('=');
    return `${item.slice(0, at)}:\n  - value: ${item.slice(at + 1)}\n    constraints: {}\n`;
  })
  .join('');

export interface TemporalCluster {
  address: string;
  namespace: string;
  /** The four services' processes, by service name. */
  processes: Map<TemporalService, ChildProcess>;
}

async function frontendAnswers(address: string): Promise<boolean> {
  try {
    const c = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await c.workflowService.getSystemInfo({});
      return true;
    } finally {
      await c.close();
    }
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once the cluster's metadata row exists in the Temporal database; rejects when `child` exits first. */
async function clusterMetadataWritten(s: TemporalClusterSettings, child: ChildProcess, service: string): Promise<void> {
  const url = new URL(s.postgresUrl);
  url.pathname = `/${s.database}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if ((await db.query('select 1 from cluster_metadata_info limit 1')).rowCount) return;
      if (child.exitCode !== null)
        throw new Error(
          `Temporal ${service} exited (code ${child.exitCode}); see ${s.dir}/logs/temporal-${service}.log`,
        );
      if (Date.now() > deadline) throw new Error(`Temporal ${service} wrote no cluster metadata within 120 s`);
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}
const grpcCode = (e: unknown) => (e as { code?: number }).code;
/** gRPC ALREADY_EXISTS */
const ALREADY_EXISTS = 6;

/**
 * Writes the configs, starts the four services (stopped by `cleanup` in reverse order: SIGTERM, then SIGKILL
 * after 15 s), waits for the frontend, registers the namespace and the search attributes.
 */
export async function startTemporalCluster(
  bin: TemporalServerBinaries,
  s: TemporalClusterSettings,
  cleanup: Cleanup,
  log: (m: string) => void,
): Promise<TemporalCluster> {
  const ports = temporalPorts(s.portBase);
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  if (await frontendAnswers(address))
    throw new Error(`something already answers on ${address}: stop it or choose another CLUSTER_PORT_BASE`);
  await mkdir(join(s.dir, 'logs'), { recursive: true });
  const dynamicConfigFile = join(s.dir, 'dynamicconfig.yaml');
  await writeFile(dynamicConfigFile, DYNAMIC_CONFIG);
  const processes = new Map<TemporalService, ChildProcess>();
  for (const service of TEMPORAL_SERVICES) {
    const configDir = join(s.dir, 'config', service);
    await mkdir(configDir, { recursive: true });
    await writeFile(
      join(configDir, 'cluster.yaml'),
      `${JSON.stringify(serviceConfig(s, service, dynamicConfigFile), null, 2)}\n`,
    );
    const child = spawnLogged(
      `temporal ${service}`,
      bin.server,
      ['--root', configDir, '--config', '.', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service],
      process.env,
      join(s.dir, 'logs', `temporal-${service}.log`),
      cleanup,
      15_000,
    );
    processes.set(service, child);
    // On fresh databases every service writes the cluster's metadata at start and all but one fail on the
    // duplicate key: the first service starts alone until the row is there.
    if (service === TEMPORAL_SERVICES[0]) await clusterMetadataWritten(s, child, service);
  }

  const deadline = Date.now() + 120_000;
  while (!(await frontendAnswers(address))) {
    for (const [service, child] of processes)
      if (child.exitCode !== null)
        throw new Error(
          `Temporal ${service} exited (code ${child.exitCode}); see ${s.dir}/logs/temporal-${service}.log`,
        );
    if (Date.now() > deadline) throw new Error(`the Temporal frontend did not answer on ${address} within 120 s`);
    await sleep(500);
  }
  log(`  frontend answers on ${address}`);

  const connection = await Connection.connect({ address });
  try {
    // The namespace: history must have joined the ring first, so retry for a while.
    for (;;) {
      try {
        await connection.workflowService.registerNamespace({
          namespace: s.namespace,
          workflowExecutionRetentionPeriod: msToTs(`${s.retentionDays} days`),
        });
        log(`  namespace '${s.namespace}' registered (retention ${s.retentionDays} days)`);
        break;
      } catch (e) {
        if (grpcCode(e) === ALREADY_EXISTS) break;
        if (Date.now() > deadline) throw new Error(`registering namespace '${s.namespace}': ${(e as Error).message}`);
        await sleep(1000);
      }
    }
    // Search attributes: the SQL visibility store maps each to a pre-made column of its type.
    const Indexed = proto.temporal.api.enums.v1.IndexedValueType;
    const wanted = Object.fromEntries(
      SEARCH_ATTRIBUTES.map((k) => [
        k.name,
        Indexed[`INDEXED_VALUE_TYPE_${k.type}` as keyof typeof Indexed] as proto.temporal.api.enums.v1.IndexedValueType,
      ]),
    );
    for (;;) {
      try {
        const have = await connection.operatorService.listSearchAttributes({ namespace: s.namespace });
        const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => !have.customAttributes?.[name]));
        if (Object.keys(missing).length === 0) break;
        await connection.operatorService.addSearchAttributes({ namespace: s.namespace, searchAttributes: missing });
        log(`  search attributes added: ${Object.keys(missing).join(', ')}`);
      } catch (e) {
        if (grpcCode(e) !== ALREADY_EXISTS && Date.now() > deadline)
          throw new Error(`adding search attributes: ${(e as Error).message}`);
        await sleep(1000);
      }
    }
    // The frontend's namespace cache refreshes on its own schedule: wait until a namespace call goes through.
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace: s.namespace, pageSize: 1 });
        break;
      } catch (e) {
        if (Date.now() > deadline + 60_000)
          throw new Error(`namespace '${s.namespace}' not usable: ${(e as Error).message}`);
        await sleep(1000);
      }
    }
  } finally {
    await connection.close();
  }
  return { address, namespace: s.namespace, processes };
}
