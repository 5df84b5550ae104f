/** Bench settings from the environment: a full run by default, BENCH_QUICK=1 for a short smoke run. */

export interface BenchSettings {
  quick: boolean;
  /** Concurrent virtual users driving quote chains over HTTP. */
  users: number;
  /** Sustained load after the warm-up, seconds. */
  seconds: number;
  warmupSeconds: number;
  /** Every n-th chain of a virtual user is returned by commerce, revised and resubmitted. */
  returnEvery: number;
  /** Customers per salesperson, created over HTTP. */
  customersPerSales: number;
  /** Bare-PostgreSQL baseline: duration after its own warm-up, seconds. */
  baselineSeconds: number;
  baselineWarmupSeconds: number;
  /** HTTP load with 1 virtual user before the main load (the floor ratios at 1 user); 0 skips it. */
  singleUserSeconds: number;
  /** No-op Temporal Update round trips (the Temporal floor), per concurrency, seconds. */
  floorSeconds: number;
  /** Audit append throughput: seconds per writer count (1, 10, 32) and design. */
  auditSeconds: number;
  /** Quotes in the database when the inbox is measured (bulk-seeded with SQL up to this count). */
  inboxQuotes: number;
  inboxCalls: number;
  inboxLimit: number;
  /** Quote workflows left open, waiting on people, when the worker's memory is read. */
  openChains: number;
  openChainsConcurrency: number;
  /** Completed chains whose workflow histories are read for the latency breakdown. */
  breakdownSample: number;
  /** Use the Temporal server at TEMPORAL_ADDRESS instead of starting a dev server. */
  external: boolean;
  /** Worker processes and API replicas the bench starts; the HTTP load goes round-robin over the replicas' addresses. */
  workers: number;
  apis: number;
  /** With an external server: pids of its processes on this machine (`npm run cluster` prints them), for CPU and memory. */
  temporalPids: number[];
  /** Database pool per process (the API's and the worker's; the baseline uses the same). */
  poolSize: number;
  /** Write V8 CPU profiles of the worker and the API (BENCH_CPU_PROFILE=1) into the run directory. */
  cpuProfile: boolean;
  /** The worker's entry point, relative to the project: a variant (e.g. other Worker options) can be measured without touching worker/. */
  workerScript: string;
  /**
   * Dynamic config values for the dev server the bench starts (`BENCH_TEMPORAL_DYNAMIC_CONFIG`, comma-separated
   * `KEY=JSON_VALUE`, e.g. `system.enableActivityEagerExecution=true`): passed as the CLI's `--dynamic-config-value`,
   * over `TEMPORAL_SERVER_DYNAMIC_CONFIG` by key (`system.enableActivityEagerExecution=false` measures the server's
   * default against ours), so a server setting is measured on the same machine. Ignored with BENCH_EXTERNAL.
   */
  temporalDynamicConfig: string[];
  /** Time budget of the open-chains phase in seconds: it stops starting chains then and reports how many it reached. */
  openChainsMaxSeconds: number;
}

function int(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min} (got '${raw}')`);
  return n;
}

function pids(name: string): number[] {
  const raw = (process.env[name] ?? '').trim();
  if (!raw) return [];
  return raw.split(',').map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be comma-separated process ids (got '${raw}')`);
    return n;
  });
}

/** `KEY=JSON_VALUE` items of a comma-separated list; throws on an item without `=` or with a value that is not JSON. */
function dynamicConfig(name: string): string[] {
  const raw = (process.env[name] ?? '').trim();
  if (!raw) return [];
  return raw.split(',').map((item) => {
    const at = item.indexOf('=');
    const value = item.slice(at + 1).trim();
    try {
      if (at < 1) throw new Error('no =');
      JSON.parse(value);
    } catch {
      throw new Error(`${name} must be comma-separated KEY=JSON_VALUE items (got '${item.trim()}')`);
    }
    return `${item.slice(0, at).trim()}=${value}`;
  });
}

const flag = (name: string) => ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());

export function readSettings(): BenchSettings {
  const quick = flag('BENCH_QUICK');
  return {
    quick,
    users: int('BENCH_USERS', 10, 1),
    seconds: int('BENCH_SECONDS', quick ? 15 : 120, 1),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', quick ? 3 : 10),
    returnEvery: int('BENCH_RETURN_EVERY', 4, 0),
    customersPerSales: int('BENCH_CUSTOMERS_PER_SALES', quick ? 2 : 5, 1),
    baselineSeconds: int('BENCH_BASELINE_SECONDS', quick ? 8 : 30, 1),
    baselineWarmupSeconds: int('BENCH_BASELINE_WARMUP_SECONDS', quick ? 2 : 5),
    singleUserSeconds: int('BENCH_SINGLE_USER_SECONDS', quick ? 10 : 60, 0),
    floorSeconds: int('BENCH_FLOOR_SECONDS', quick ? 8 : 30, 1),
    auditSeconds: int('BENCH_AUDIT_SECONDS', quick ? 3 : 10, 1),
    inboxQuotes: int('BENCH_INBOX_QUOTES', quick ? 2_000 : 100_000, 1),
    inboxCalls: int('BENCH_INBOX_CALLS', quick ? 100 : 300, 1),
    inboxLimit: int('BENCH_INBOX_LIMIT', 50, 1),
    openChains: int('BENCH_OPEN_CHAINS', quick ? 500 : 10_000, 0),
    openChainsConcurrency: int('BENCH_OPEN_CHAINS_CONCURRENCY', 20, 1),
    openChainsMaxSeconds: int('BENCH_OPEN_CHAINS_MAX_SECONDS', 2_400, 1),
    breakdownSample: int('BENCH_BREAKDOWN_SAMPLE', quick ? 10 : 40, 0),
    external: flag('BENCH_EXTERNAL'),
    workers: int('BENCH_WORKERS', 1, 1),
    apis: int('BENCH_APIS', 1, 1),
    temporalPids: pids('BENCH_TEMPORAL_PIDS'),
    poolSize: int('DATABASE_POOL_SIZE', 10, 1),
    cpuProfile: flag('BENCH_CPU_PROFILE'),
    workerScript: process.env.BENCH_WORKER_SCRIPT || 'worker/main.ts',
    temporalDynamicConfig: dynamicConfig('BENCH_TEMPORAL_DYNAMIC_CONFIG'),
  };
}
