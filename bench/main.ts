/**
 * `npm run bench` (scripts/bench.ts): measures the whole stack on this machine and prints the figures; nothing asserts a
 * time. Starts its own Temporal dev server (or uses TEMPORAL_ADDRESS with BENCH_EXTERNAL=1), a fresh
 * database on the PostgreSQL server at DATABASE_URL, and the worker and the API as separate processes;
 * drives virtual users through the quote-to-contract chain over HTTP; measures a bare-PostgreSQL
 * baseline, the inbox with 100,000 quotes and the worker's memory with 10,000 open chains. Everything it
 * started is stopped and the database dropped at the end, on an error and on Ctrl-C.
 * BENCH_QUICK=1 for a short smoke run; see README "Performance" for every setting.
 */
import { pricedContainerTypes } from '../domain/container-pricing';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { measureAuditAppends } from './audit-append';
import { runBaseline } from './baseline';
import { breakdown } from './breakdown';
import { inWindow, runLoad, type LoadRun } from './chains';
import { runNoopUpdates, startFloorWorker } from './floor';
import { Cleanup } from './cleanup';
import { HttpClient } from './http';
import { measureInbox } from './inbox';
import { runJobs } from './jobs';
import { openChains } from './open-chains';
import { CpuMeter, machineInfo, MemorySampler, readRss, type CpuUse } from './proc';
import {
  evaluateTargets,
  floorRow,
  render,
  writeResult,
  type BaselineFigures,
  type BenchResult,
  type FloorRow,
  type HttpFigures,
} from './report';
import { quoteLines, seed } from './seed';
import { readSettings } from './settings';
import { startStack } from './stack';
import { ratio, summarize, type Summary } from './stats';
import { businessToday } from '../lib/dates';
import { TEMPORAL_CLI_VERSION } from '../temporal.config';

const startedAt = Date.now();
const log = (m: string) => console.log(m);
const cleanup = new Cleanup();
let ending = false;

/** What to print once everything is stopped (the dev server is noisy while it stops). */
let closing: string | undefined;

/** Stops everything the bench started, then exits; safe to call from anywhere, once. */
async function finish(code: number, message?: string): Promise<never> {
  if (message) console.error(message);
  if (!ending) {
    ending = true;
    await cleanup.run();
    if (closing) console.log(closing);
  }
  process.exit(code);
}

let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) {
      console.error('bench: stopping now; the bench database may be left behind (freightflow_bench_*)');
      cleanup.killChildren();
      process.exit(130);
    }
    void finish(130, `\nbench: ${signal}, cleaning up (children, dev server, database)…`);
  });
}
// Once cleaning up, what is still running fails as its connections close: that is expected, not news.
process.on('uncaughtException', (e) => void (ending ? undefined : finish(1, `bench: ${e.stack ?? e.message}`)));
process.on(
  'unhandledRejection',
  (e) => void (ending ? undefined : finish(1, `bench: ${(e as Error)?.stack ?? String(e)}`)),
);

const byStep = <T extends { step: string; ms: number }>(xs: T[]) => {
  const groups = new Map<string, number[]>();
  for (const x of xs) groups.set(x.step, [...(groups.get(x.step) ?? []), x.ms]);
  return Object.fromEntries([...groups].map(([k, v]) => [k, summarize(v)])) as Record<string, Summary>;
};

/** GET /quotes/{no} of an open quote: the quote detail every step answers with (reads + a workflow query). */
async function probeQuoteDetail(
  http: HttpClient,
  seeded: Awaited<ReturnType<typeof seed>>,
  calls: number,
): Promise<Summary> {
  const sales = seeded.cast.sales[0]!;
  const token = seeded.tokens.get(sales)!;
  const created = await http.request('POST', '/quotes', {
    token,
    body: { customerNo: seeded.customers.get(sales)![0], validUntil: businessToday(), lines: quoteLines(7) },
  });
  if (created.status !== 201)
    throw new Error(`probe quote: HTTP ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
  const path = `/quotes/${created.body.quoteNo as string}`;
  const ms: number[] = [];
  for (let i = 0; i < calls + 5; i++) {
    const r = await http.request('GET', path, { token });
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status}`);
    if (i >= 5) ms.push(r.ms);
  }
  return summarize(ms);
}

/** The figures of one HTTP load: what started after the warm-up and ended within the window. */
function httpFiguresOf(load: LoadRun, o: { users: number; seconds: number; warmupSeconds: number }): HttpFigures {
  const steps = inWindow(load.samples, load.windowStart, load.windowEnd);
  const windowSeconds = Number(load.windowEnd - load.windowStart) / 1e9;
  const chainsDone = load.chains.filter((c) => c.endedAt >= load.windowStart && c.endedAt <= load.windowEnd);
  const okSteps = steps.filter((s) => s.status >= 200 && s.status < 300);
  const byStatus: Record<string, number> = {};
  for (const s of steps)
    if (s.status < 200 || s.status >= 300) byStatus[String(s.status)] = (byStatus[String(s.status)] ?? 0) + 1;
  const errorsInWindow = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    users: o.users,
    seconds: o.seconds,
    warmupSeconds: o.warmupSeconds,
    steps: okSteps.length,
    chainsCompleted: chainsDone.length,
    chainsWithReturn: chainsDone.filter((c) => c.returned).length,
    stepsPerSecond: Math.round((okSteps.length / windowSeconds) * 10) / 10,
    chainsPerMinute: Math.round((chainsDone.length / (windowSeconds / 60)) * 10) / 10,
    overall: summarize(okSteps.map((s) => s.ms)),
    perStep: byStep(okSteps),
    errors: { count: errorsInWindow, byStatus, first: load.errors.slice(0, 10) },
  };
}

/** A load's whole run (warm-up included) in µs of CLOCK_MONOTONIC; every sample of it lies inside. */
const windowOf = (l: LoadRun) => ({
  fromUs: Number((l.samples[0]?.startedAt ?? l.windowStart) / 1000n),
  toUs: Number(l.samples.reduce((m, x) => (x.endedAt > m ? x.endedAt : m), l.windowEnd) / 1000n),
});

/** CPU milliseconds per accepted step across the stack's processes (worker, API, Temporal, PostgreSQL), warm-up included. */
function cpuMsPerStep(cpu: CpuUse, load: LoadRun): number {
  const ok = load.samples.filter((s) => s.status >= 200 && s.status < 300).length;
  const cores = ['worker', 'api', 'temporal', 'postgres'].reduce((a, k) => a + (cpu.groupCores[k] ?? 0), 0);
  return ok > 0 ? Math.round(((cores * cpu.wallSeconds * 1000) / ok) * 10) / 10 : Number.NaN;
}

async function main(): Promise<void> {
  const settings = readSettings();
  if (!process.env.DATABASE_URL) {
    console.error(
      'bench: DATABASE_URL is not set — the bench needs a PostgreSQL server, e.g. DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench',
    );
    process.exit(2);
  }
  const machine = machineInfo();
  log(
    `freightflow bench${settings.quick ? ' (quick)' : ''}: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`,
  );

  const stack = await startStack(settings, cleanup, log, (m) => void finish(1, `bench: ${m}`));
  const sampler = new MemorySampler();
  // Memory: the first worker, API and Temporal process under the names of before; more as 'worker 2', 'temporal 2'…
  const track = (name: string, pids: number[]) =>
    pids.forEach((pid, i) => sampler.track(i === 0 ? name : `${name} ${i + 1}`, pid));
  track('worker', stack.workerPids);
  track('api', stack.apiPids);
  track('temporal', stack.temporalPids);
  sampler.start();
  cleanup.add('stop the memory sampler', async () => sampler.stop());
  const http = new HttpClient(stack.apiUrls, settings.users * 2 + 8);
  cleanup.add('close the HTTP client', async () => http.close());

  log('Seeding users, the standard tariff and customers…');
  const seeded = await seed(stack, http, settings.users, settings.customersPerSales, log);
  sampler.setPhase('idle');

  const cpu = new CpuMeter();
  let floorPid: number | undefined;
  const groups = async () => ({
    worker: stack.workerPids,
    api: stack.apiPids,
    ...(stack.temporalPids.length ? { temporal: stack.temporalPids } : {}),
    postgres: await stack.backendPids(),
    bench: [process.pid],
    ...(floorPid ? { 'floor worker': [floorPid] } : {}),
  });

  log('Starting the floor worker (a no-op Update workflow on its own task queue)…');
  const floorWorker = await startFloorWorker(stack, cleanup);
  floorPid = floorWorker.pid;

  // One user first: the floor ratios at 1 user (issue 15 §1).
  let single: { http: HttpFigures; cpu: CpuUse; load: LoadRun } | undefined;
  if (settings.singleUserSeconds > 0) {
    const o = {
      ...settings,
      users: 1,
      seconds: settings.singleUserSeconds,
      warmupSeconds: Math.min(settings.warmupSeconds, 5),
    };
    log(`HTTP load: 1 virtual user, ${o.warmupSeconds} s warm-up + ${o.seconds} s…`);
    sampler.setPhase('load-1');
    cpu.begin(await groups());
    const load1 = await runLoad(http, seeded, o, log);
    single = { http: httpFiguresOf(load1, o), cpu: cpu.end(await groups()), load: load1 };
    log(
      `  ${single.http.stepsPerSecond} steps/s, p50 ${single.http.overall.p50} ms, p99 ${single.http.overall.p99} ms`,
    );
  }

  log(`HTTP load: ${settings.users} virtual users, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s…`);
  sampler.setPhase('load');
  cpu.begin(await groups());
  const load = await runLoad(http, seeded, settings, log);
  const loadCpu = cpu.end(await groups());
  sampler.setPhase('after-load');
  const httpFigures = httpFiguresOf(load, settings);
  if (load.errors.length)
    log(
      `  errors (all, warm-up included): ${load.errors.length}; first: ${load.errors[0]!.step} ${load.errors[0]!.status} ${load.errors[0]!.message}`,
    );
  log(`  ${httpFigures.stepsPerSecond} steps/s, p50 ${httpFigures.overall.p50} ms, p99 ${httpFigures.overall.p99} ms`);

  // Shipment jobs on the contracts the load signed.
  const signed = await stack.db.db
    .selectFrom('quotes')
    .innerJoin('quote_revisions as r', (j) =>
      j.onRef('r.quote_no', '=', 'quotes.quote_no').onRef('r.revision', '=', 'quotes.revision'),
    )
    .select(['quotes.contract_no', 'quotes.owner_id', 'r.lines'])
    .where('quotes.contract_no', 'is not', null)
    .where('quotes.status', 'in', ['signed', 'costed'])
    .execute();
  const jobSeconds = settings.quick ? 10 : 60;
  log(`Shipment jobs: ${settings.users} users, ${jobSeconds} s on ${signed.length} signed contracts…`);
  const jobs = await runJobs(
    stack,
    http,
    seeded,
    // Each job in a container type its contract prices (domain/container-pricing.ts; any other is refused 422).
    signed.map((r) => ({
      contractNo: r.contract_no!,
      sales: r.owner_id,
      containerType: pricedContainerTypes(r.lines)[0]!,
    })),
    settings.users,
    jobSeconds,
    log,
  );

  log('Reading workflow histories for the latency breakdown…');
  const bd = await breakdown(stack, load, settings.breakdownSample);
  const detail = await probeQuoteDetail(http, seeded, settings.quick ? 30 : 100);

  log(
    `Bare PostgreSQL baseline: ${settings.users} concurrent, ${settings.baselineWarmupSeconds} s warm-up + ${settings.baselineSeconds} s…`,
  );
  sampler.setPhase('baseline');
  cpu.begin(await groups());
  let baselineCpu: CpuUse | undefined;
  const base = await runBaseline(
    stack,
    seeded,
    {
      users: settings.users,
      warmupSeconds: settings.baselineWarmupSeconds,
      seconds: settings.baselineSeconds,
      returnEvery: settings.returnEvery,
      poolSize: settings.poolSize,
    },
    async () => {
      baselineCpu = cpu.end(await groups());
    },
  );
  const baseOk = base.samples.filter((s) => s.ok);
  const baseOverall = summarize(baseOk.map((s) => s.ms));
  const baseline: BaselineFigures = {
    users: settings.users,
    seconds: settings.baselineSeconds,
    poolSize: settings.poolSize,
    transactions: baseOk.length,
    chainsCompleted: base.chains,
    transactionsPerSecond: Math.round((baseOk.length / settings.baselineSeconds) * 10) / 10,
    failed: base.samples.length - baseOk.length,
    overall: baseOverall,
    perStep: byStep(baseOk),
    ratio: {
      p50: ratio(httpFigures.overall.p50, baseOverall.p50),
      p99: ratio(httpFigures.overall.p99, baseOverall.p99),
    },
  };
  log(
    `  p50 ${baseOverall.p50} ms, p99 ${baseOverall.p99} ms; HTTP/baseline p50 ×${baseline.ratio.p50}, p99 ×${baseline.ratio.p99}`,
  );

  // The load windows on the machine's monotonic clock (µs, as V8 CPU profiles stamp their samples).
  await writeFile(
    join(stack.runDir, 'load-windows.json'),
    JSON.stringify(
      [
        ...(single
          ? [
              {
                name: '1 user',
                ...windowOf(single.load),
                steps: single.load.samples.filter((x) => x.status < 300).length,
              },
            ]
          : []),
        {
          name: `${settings.users} users`,
          ...windowOf(load),
          steps: load.samples.filter((x) => x.status < 300).length,
        },
      ],
      null,
      2,
    ),
  );
  const floors: FloorRow[] = [];
  const measureFloor = async (users: number, h: HttpFigures, cpuUse: CpuUse, loadRun: LoadRun, pg: BaselineFigures) => {
    log(`No-op Temporal Update: ${users} concurrent, ${settings.floorSeconds} s…`);
    const upd = await runNoopUpdates(stack, floorWorker.taskQueue, {
      users,
      warmupSeconds: 2,
      seconds: settings.floorSeconds,
    });
    log(
      `  ${upd.perSecond} updates/s, p50 ${upd.latency.p50} ms, p99 ${upd.latency.p99} ms${upd.errors ? `, ${upd.errors} errors` : ''}`,
    );
    floors.push(floorRow(h, pg, upd, cpuMsPerStep(cpuUse, loadRun)));
  };
  if (single) {
    log(`Bare PostgreSQL baseline: 1 user, ${settings.baselineSeconds} s…`);
    const b1 = await runBaseline(stack, seeded, {
      users: 1,
      warmupSeconds: settings.baselineWarmupSeconds,
      seconds: settings.baselineSeconds,
      returnEvery: settings.returnEvery,
      poolSize: settings.poolSize,
    });
    const ok1 = b1.samples.filter((s) => s.ok);
    const over1 = summarize(ok1.map((s) => s.ms));
    const pg1: BaselineFigures = {
      users: 1,
      seconds: settings.baselineSeconds,
      poolSize: settings.poolSize,
      transactions: ok1.length,
      chainsCompleted: b1.chains,
      transactionsPerSecond: Math.round((ok1.length / settings.baselineSeconds) * 10) / 10,
      failed: b1.samples.length - ok1.length,
      overall: over1,
      perStep: byStep(ok1),
      ratio: { p50: ratio(single.http.overall.p50, over1.p50), p99: ratio(single.http.overall.p99, over1.p99) },
    };
    log(`  p50 ${over1.p50} ms, p99 ${over1.p99} ms, ${pg1.transactionsPerSecond} transactions/s`);
    await measureFloor(1, single.http, single.cpu, single.load, pg1);
  }
  await measureFloor(settings.users, httpFigures, loadCpu, load, baseline);

  log(
    `Audit append throughput: 1, 10 and 32 writers, ${settings.auditSeconds} s each, per-record chains and a global lock…`,
  );
  sampler.setPhase('audit');
  const auditAppends = await measureAuditAppends(
    stack.dbUrl,
    { seconds: settings.auditSeconds, runId: stack.runId },
    log,
  );

  log(`Inbox with ${settings.inboxQuotes.toLocaleString('en')} quotes: seeding with SQL…`);
  sampler.setPhase('inbox');
  const inbox = await measureInbox(
    stack,
    seeded,
    http,
    { target: settings.inboxQuotes, calls: settings.inboxCalls, limit: settings.inboxLimit },
    log,
  );
  log(`  GET /inbox p50 ${inbox.http.p50} ms, p95 ${inbox.http.p95} ms, p99 ${inbox.http.p99} ms`);

  let open: BenchResult['openChains'] = null;
  if (settings.openChains > 0) {
    log(
      `Open chains: starting ${settings.openChains.toLocaleString('en')} quote workflows (${settings.openChainsConcurrency} at a time)…`,
    );
    sampler.setPhase('open-chains');
    const oc = await openChains(
      stack,
      seeded,
      {
        count: settings.openChains,
        concurrency: settings.openChainsConcurrency,
        maxSeconds: settings.openChainsMaxSeconds,
      },
      log,
    );
    // Let the worker settle (last tasks, garbage collection) before the final reading.
    await new Promise((r) => setTimeout(r, 10_000));
    sampler.sample();
    const workerNow = (readRss(stack.workerPid) ?? 0) / 1024 / 1024;
    const apiNow = (readRss(stack.apiPid) ?? 0) / 1024 / 1024;
    const phase = sampler.of('worker')['open-chains'];
    open = {
      ...oc,
      workerRssMiB: { max: phase?.maxMiB ?? Math.round(workerNow), final: Math.round(workerNow) },
      apiRssMiB: { final: Math.round(apiNow) },
    };
    log(
      `  started in ${oc.startSeconds} s (${oc.startsPerSecond}/s); worker RSS max ${open.workerRssMiB.max} MiB, settled ${open.workerRssMiB.final} MiB`,
    );
  }
  sampler.setPhase('end');
  sampler.stop();

  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const partial: Omit<BenchResult, 'targets'> = {
    benchmark: 'freightflow',
    formatVersion: 3,
    runId: stack.runId,
    command: `${settings.quick ? 'BENCH_QUICK=1 ' : ''}DATABASE_URL=… npm run bench`,
    quick: settings.quick,
    machine,
    software: {
      node: process.version,
      postgres: stack.postgresVersion,
      temporal: settings.external
        ? `external server at ${stack.temporalAddress} (${settings.workers} worker(s), ${settings.apis} API replica(s))`
        : `CLI ${TEMPORAL_CLI_VERSION} dev server (SQLite)`,
      temporalCli: `${TEMPORAL_CLI_VERSION}; SDK ${pkg.dependencies['@temporalio/worker'] ?? '?'}`,
    },
    settings: {
      ...settings,
      apiAndWorkerEnv: stack.childEnv,
    },
    http: httpFigures,
    quoteDetailProbe: detail,
    jobs,
    baseline,
    singleUser: single ? { http: single.http, cpu: single.cpu } : null,
    floors,
    auditAppends,
    inbox: { ...inbox, planFile: relative(process.cwd(), inbox.planFile) },
    openChains: open,
    memoryMiB: {
      worker: sampler.of('worker'),
      api: sampler.of('api'),
      temporal: sampler.of('temporal'),
      more: Object.fromEntries(
        [
          ...stack.workerPids.slice(1).map((_, i) => `worker ${i + 2}`),
          ...stack.apiPids.slice(1).map((_, i) => `api ${i + 2}`),
          ...stack.temporalPids.slice(1).map((_, i) => `temporal ${i + 2}`),
        ].map((name) => [name, sampler.of(name)]),
      ),
    },
    cpu: { load: loadCpu, baseline: baselineCpu! },
    breakdown: bd,
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
  };
  const result: BenchResult = { ...partial, targets: evaluateTargets(partial) };
  const paths = await writeResult(result);
  closing = `${render(result)}\nResults: ${paths.map((p) => relative(process.cwd(), p)).join(', ')}; logs in ${relative(process.cwd(), stack.runDir)}/`;
}

main().then(
  () => finish(0),
  (e: unknown) => (ending ? undefined : finish(1, `bench: ${(e as Error)?.message ?? String(e)}`)),
);
