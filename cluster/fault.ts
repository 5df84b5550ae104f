/**
 * `npm run cluster:fault`: fault scenario on the real cluster (not part of `npm test` nor `npm run test:faults`:
 * it builds and starts a whole cluster, minutes of work). A cluster of its own (ports from 18233, Temporal
 * databases `temporal_cluster_fault*`, a fresh application database; all three dropped at the end) with 2
 * workers and 2 API replicas behind the round-robin proxy; quote-to-contract chains run through the proxy
 * with the fault suite's client (an Idempotency-Key per step, the same key again on 502/503 or a network
 * error). Mid-load, twice: one worker and one API replica are killed with SIGKILL, the other pair carries the
 * load, the killed pair is started again. Then the fault suite's checks (test/faults/support/verify.ts):
 * every chain `costed` with each step applied once under its key, contract numbers consecutive, no audit
 * row twice, audit chains intact, every workflow completed. Exit code 0 when all hold; the figures go to
 * <run dir>/result.json.
 */
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../db/connect';
import { readAppConfig } from '../lib/config';
import { dataConverterFor } from '../lib/payload-codec';
import { mintToken } from '../lib/tokens';
import { readTemporalConfig } from '../temporal.config';
import { ApiClient, EXPECTED_ACTIONS, prepareBusiness, runChains } from '../test/faults/support/api';
import { contractCounter, verifyRun } from '../test/faults/support/verify';
import { readClusterSettings, startCluster } from './cluster';
import { Cleanup } from './processes';

const CHAINS = Number(process.env.CLUSTER_FAULT_CHAINS || 12);
const started = Date.now();
const say = (m: string) =>
  console.log(`[cluster-fault ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const cleanup = new Cleanup();
let ending = false;
async function finish(code: number, message?: string): Promise<never> {
  if (message) console.error(message);
  if (!ending) {
    ending = true;
    await cleanup.run();
  }
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void finish(130, `\ncluster:fault: ${signal}, stopping everything…`));

async function dropDatabases(postgresUrl: string, names: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '_')
    .toLowerCase();
  const tag = `cf${Math.random().toString(36).slice(2, 7)}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLUSTER_PORT_BASE: process.env.CLUSTER_PORT_BASE || '18233',
    CLUSTER_HTTP_PORT: process.env.CLUSTER_HTTP_PORT || '3400',
    CLUSTER_TEMPORAL_DATABASE: 'temporal_cluster_fault',
    CLUSTER_APP_DATABASE: `freightflow_cluster_fault_${stamp}`,
    CLUSTER_DIR: join('.data', 'cluster-fault', stamp),
    CLUSTER_WORKERS: '2',
    CLUSTER_APIS: '2',
    // Its own task queue and workflow ids, so nothing of an earlier run is ever picked up.
    TEMPORAL_TASK_QUEUE: `cluster-fault-${tag}`,
    TEMPORAL_WORKFLOW_ID_PREFIX: `${tag}-`,
  };
  const s = readClusterSettings(env);
  // One demo user per role drives every chain, far faster than a person: no per-user write limit.
  s.appEnv = { TEMPORAL_WORKFLOW_ID_PREFIX: `${tag}-`, RATE_LIMIT_WRITES_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
  cleanup.add('drop the scenario databases', async () => {
    if (process.env.CLUSTER_FAULT_KEEP === '1') return;
    await dropDatabases(s.postgresUrl, [s.appDatabase, s.database, s.visibilityDatabase]);
    say(`dropped ${s.appDatabase}, ${s.database}, ${s.visibilityDatabase}`);
  });

  const cluster = await startCluster(s, cleanup, say);
  const [w1, w2] = cluster.workers as [(typeof cluster.workers)[0], (typeof cluster.workers)[0]];
  const [a1, a2] = cluster.apis as [(typeof cluster.apis)[0], (typeof cluster.apis)[0]];
  say(`cluster up: proxy ${cluster.proxy!.url}, APIs ${cluster.apis.map((a) => a.url).join(', ')}`);

  const tcfg = readTemporalConfig(env);
  const appCfg = readAppConfig({ ...env, DATABASE_URL: cluster.appDatabaseUrl });
  const dbh = await openDatabase({ url: cluster.appDatabaseUrl, poolSize: 4 });
  cleanup.add('close the scenario connections', () => dbh.close());
  const connection = await Connection.connect({ address: cluster.temporal.address });
  cleanup.add('close the Temporal client', () => connection.close());
  const temporal = new Client({ connection, namespace: tcfg.namespace, dataConverter: dataConverterFor(tcfg) });

  const tokens = new Map<string, Promise<string>>();
  const token = (login: string) => {
    let t = tokens.get(login);
    if (!t) tokens.set(login, (t = mintToken(appCfg.jwt, login)));
    return t;
  };
  const api = new ApiClient(cluster.proxy!.url, token);
  const customers = await prepareBusiness(api, tag, CHAINS);
  const contractsBefore = await contractCounter(dbh.db);
  say(`${CHAINS} chains of ${EXPECTED_ACTIONS.length} steps start through the proxy`);
  const run = runChains(api, tag, customers, [300, 1200]);

  const kills: { at: number; of: string }[] = [];
  const faults = async () => {
    for (const [worker, replica, atShare] of [
      [w1, a1, 0.2],
      [w2, a2, 0.55],
    ] as const) {
      while (!run.finished && run.steps < run.total * atShare) await sleep(200);
      if (run.finished) return;
      await worker.kill9();
      kills.push({ at: run.steps, of: worker.name });
      say(`kill -9 ${worker.name} at ${run.steps}/${run.total} steps`);
      await sleep(1000);
      await replica.kill9();
      kills.push({ at: run.steps, of: replica.name });
      say(`kill -9 ${replica.name} at ${run.steps}/${run.total} steps; the other worker and replica carry the load`);
      await sleep(8000);
      await Promise.all([worker.start(), replica.start()]);
      say(`${worker.name} and ${replica.name} started again (${run.steps}/${run.total} steps)`);
    }
  };
  const [chains] = await Promise.all([run.done, faults()]);
  say(`chains done: ${api.stats.summary()}`);
  say(`proxy: ${[...cluster.proxy!.served].map(([u, n]) => `${u} ${n} answers`).join(', ')}`);

  const { problems, facts } = await verifyRun(dbh.db, chains, {
    client: temporal,
    workflowIdPrefix: `${tag}-`,
    expectedActions: EXPECTED_ACTIONS,
    contractsBefore,
  });
  const midRun = kills.filter((k) => k.at > 0 && k.at < run.total).length;
  if (midRun < 4) problems.push(`only ${midRun} of 4 kills hit the chains mid-run: ${JSON.stringify(kills)}`);
  for (const p of [...cluster.workers, ...cluster.apis]) problems.push(...p.unexpectedExits);
  problems.push(...api.stats.unexpected.map((u) => `unexpected answer: ${u}`));
  const fiveHundreds = api.stats.statuses.get(500) ?? 0;
  if (fiveHundreds) problems.push(`${fiveHundreds} answers were 500`);

  const result = {
    ok: problems.length === 0,
    date: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    chains: CHAINS,
    steps: run.total,
    kills,
    client: {
      statuses: Object.fromEntries(api.stats.statuses),
      networkErrors: api.stats.networkErrors,
      timeouts: api.stats.timeouts,
      retries: api.stats.retries,
      slowestMs: api.stats.slowestMs,
    },
    proxy: Object.fromEntries(cluster.proxy!.served),
    facts,
    problems,
  };
  const file = join(s.dir, 'result.json');
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  say(
    `${facts.quotes} quotes costed, contracts ${facts.contractNos[0]}…${facts.contractNos.at(-1)}, ${facts.auditRows} audit rows; result in ${relative(process.cwd(), file)}`,
  );
  if (problems.length) {
    console.error(`cluster:fault FAILED — ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    await finish(1);
  }
  say('PASSED: nothing lost, nothing applied twice');
  await finish(0);
}

main().catch((e: unknown) => void finish(1, `cluster:fault: ${(e as Error)?.stack ?? String(e)}`));
