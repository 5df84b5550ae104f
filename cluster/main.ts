/**
 * `npm run cluster`: freightflow on a real Temporal cluster, on this machine's loopback — the Temporal server
 * built from its Go module (lib/temporal-server.ts), PostgreSQL persistence made with temporal-sql-tool, the
 * frontend, history, matching and worker services as four processes, 2 freightflow workers, 2 API replicas
 * and a round-robin proxy. Prints the addresses; Ctrl-C stops everything (the databases stay, so a restart
 * finds its workflows). Settings: README "Deployment".
 */
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readClusterSettings, startCluster } from './cluster';
import { Cleanup } from './processes';
import { temporalPorts } from './temporal';

const cleanup = new Cleanup();
let stopping = false;
async function stop(code: number, message?: string): Promise<never> {
  if (message) console.error(message);
  if (!stopping) {
    stopping = true;
    await cleanup.run();
  }
  process.exit(code);
}
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) {
      cleanup.killChildren();
      process.exit(130);
    }
    void stop(0, `\ncluster: ${signal}, stopping the proxy, the APIs, the workers and the Temporal services…`);
  });

async function main(): Promise<void> {
  const s = readClusterSettings();
  const c = await startCluster(s, cleanup, (m) => console.log(m));
  const ports = temporalPorts(s.portBase);
  const rel = relative(process.cwd(), s.dir);
  const pids = {
    temporal: Object.fromEntries([...c.temporal.processes].map(([k, p]) => [k, p.pid])),
    workers: c.workers.map((w) => w.pid),
    apis: c.apis.map((a) => a.pid),
    proxy: process.pid,
  };
  await writeFile(
    join(s.dir, 'cluster.json'),
    `${JSON.stringify({ frontend: c.temporal.address, proxy: c.proxy?.url ?? null, apis: c.apis.map((a) => a.url), pids }, null, 2)}\n`,
  );
  const temporalPids = Object.values(pids.temporal).join(',');
  console.log(`
freightflow on a Temporal cluster (server ${c.binaries.version}, PostgreSQL persistence)
  API (round-robin) ${c.proxy?.url ?? '— (CLUSTER_APIS=0)'}
  API replicas      ${c.apis.map((a) => `${a.url} (pid ${a.pid})`).join(', ') || '—'}
  Workers           ${c.workers.map((w) => `${w.name} (pid ${w.pid})`).join(', ') || '—'}; task queue '${s.taskQueue}'
  Temporal gRPC     ${c.temporal.address}  namespace '${s.namespace}' (frontend HTTP 127.0.0.1:${ports.frontendHttp})
  Temporal services ${[...c.temporal.processes].map(([k, p]) => `${k} pid ${p.pid} (gRPC ${ports[k].grpc}, metrics ${ports[k].metrics})`).join('; ')}
  Databases         ${s.database}, ${s.visibilityDatabase}, ${s.appDatabase} on ${new URL(s.postgresUrl).host}
  Logs, configs     ${rel}/logs/, ${rel}/config/<service>/cluster.yaml; pids in ${rel}/cluster.json
  Get a token       npm run -s token -- commerce
  Bench on it       BENCH_EXTERNAL=1 TEMPORAL_ADDRESS=${c.temporal.address} BENCH_TEMPORAL_PIDS=${temporalPids} BENCH_WORKERS=2 BENCH_APIS=2 DATABASE_URL=… npm run bench
Ctrl-C stops everything; the databases stay.
`);
  for (const p of [...c.workers, ...c.apis])
    setInterval(() => {
      const e = p.unexpectedExits.shift();
      if (e) console.error(`cluster: ${e}`);
    }, 1000).unref();
  await new Promise<never>(() => undefined);
}

main().catch((e: unknown) => void stop(1, `cluster: ${(e as Error)?.message ?? String(e)}`));
