/** The figures of one run: a table on screen and a JSON file, the targets shown next to what was measured. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AuditAppendFigures } from './audit-append';
import type { Breakdown } from './breakdown';
import type { NoopUpdateFigures } from './floor';
import type { InboxResult } from './inbox';
import { errorList, type JobFigures } from './jobs';
import type { OpenChainsResult } from './open-chains';
import type { CpuUse, MachineInfo, RssPhase } from './proc';
import type { BenchSettings } from './settings';
import { ratio, type Summary } from './stats';

export interface HttpFigures {
  users: number;
  seconds: number;
  warmupSeconds: number;
  steps: number;
  chainsCompleted: number;
  chainsWithReturn: number;
  stepsPerSecond: number;
  chainsPerMinute: number;
  overall: Summary;
  perStep: Record<string, Summary>;
  errors: {
    count: number;
    byStatus: Record<string, number>;
    first: { step: string; status: number; message: string }[];
  };
}

export interface BaselineFigures {
  users: number;
  seconds: number;
  poolSize: number;
  transactions: number;
  chainsCompleted: number;
  transactionsPerSecond: number;
  failed: number;
  overall: Summary;
  perStep: Record<string, Summary>;
  /** Our HTTP step latency over the baseline's, at p50 and p99: the figure that travels between machines. */
  ratio: { p50: number; p99: number };
}

/**
 * One concurrency's floors (issue 15 §1): (a) the bare-PostgreSQL step, (b) a no-op Temporal Update, and
 * the HTTP step over a + b. Floor steps/s combines the two as the machine pays for both in every step:
 * 1 / (1/a + 1/b) (a and b measured at the same concurrency, each saturating its own loop).
 */
export interface FloorRow {
  users: number;
  http: { p50: number; p99: number; stepsPerSecond: number };
  postgres: { p50: number; p99: number; perSecond: number };
  noopUpdate: NoopUpdateFigures;
  floor: { p50: number; p99: number; stepsPerSecond: number };
  /** HTTP ÷ floor: latency at p50 and p99, and throughput (HTTP steps/s ÷ floor steps/s). */
  ratio: { p50: number; p99: number; throughput: number };
  /** CPU ms per accepted HTTP step across worker, API, Temporal server and PostgreSQL. */
  cpuMsPerStep: number;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function floorRow(h: HttpFigures, pg: BaselineFigures, upd: NoopUpdateFigures, cpuMsPerStep: number): FloorRow {
  const floor = {
    p50: r1(pg.overall.p50 + upd.latency.p50),
    p99: r1(pg.overall.p99 + upd.latency.p99),
    stepsPerSecond:
      pg.transactionsPerSecond > 0 && upd.perSecond > 0
        ? r1(1 / (1 / pg.transactionsPerSecond + 1 / upd.perSecond))
        : Number.NaN,
  };
  return {
    users: h.users,
    http: { p50: h.overall.p50, p99: h.overall.p99, stepsPerSecond: h.stepsPerSecond },
    postgres: { p50: pg.overall.p50, p99: pg.overall.p99, perSecond: pg.transactionsPerSecond },
    noopUpdate: upd,
    floor,
    ratio: {
      p50: ratio(h.overall.p50, floor.p50),
      p99: ratio(h.overall.p99, floor.p99),
      throughput: floor.stepsPerSecond > 0 ? Math.round((h.stepsPerSecond / floor.stepsPerSecond) * 100) / 100 : NaN,
    },
    cpuMsPerStep,
  };
}

type TargetStatus = 'met' | 'missed' | 'n/a';

export interface Target {
  name: string;
  target: string;
  value: number | null;
  unit: string;
  status: TargetStatus;
  note?: string;
}

export interface BenchResult {
  benchmark: 'freightflow';
  formatVersion: 3;
  runId: string;
  command: string;
  quick: boolean;
  machine: MachineInfo;
  software: { node: string; postgres: string; temporal: string; temporalCli: string };
  settings: BenchSettings & { apiAndWorkerEnv: Record<string, string> };
  http: HttpFigures;
  quoteDetailProbe: Summary;
  /** Shipment jobs followed over HTTP on the contracts the load signed. */
  jobs: JobFigures;
  baseline: BaselineFigures;
  /** The HTTP load with 1 user (for the floor ratios), when run. */
  singleUser: { http: HttpFigures; cpu: CpuUse } | null;
  floors: FloorRow[];
  auditAppends: AuditAppendFigures;
  inbox: InboxResult;
  openChains:
    (OpenChainsResult & { workerRssMiB: { max: number; final: number }; apiRssMiB: { final: number } }) | null;
  memoryMiB: {
    worker: Record<string, RssPhase>;
    api: Record<string, RssPhase>;
    temporal: Record<string, RssPhase>;
    /** Further workers, API replicas and Temporal processes ('worker 2', 'api 2', 'temporal 2'…), when there are. */
    more?: Record<string, Record<string, RssPhase>>;
  };
  cpu: { load: CpuUse; baseline: CpuUse };
  breakdown: Breakdown | null;
  targets: Target[];
  durationSeconds: number;
}

const f = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits);
const int = (n: number) => n.toLocaleString('en');

export function evaluateTargets(r: Omit<BenchResult, 'targets'>): Target[] {
  const t: Target[] = [];
  const at10 = r.http.users === 10;
  const stepNote = at10 ? undefined : `measured at ${r.http.users} users; the target is for 10`;
  const judge = (ok: boolean, applies: boolean): TargetStatus => (!applies ? 'n/a' : ok ? 'met' : 'missed');
  t.push({
    name: 'HTTP step p50 at 10 users',
    target: '≤ 25 ms',
    value: r.http.overall.p50,
    unit: 'ms',
    status: judge(r.http.overall.p50 <= 25, at10),
    ...(stepNote ? { note: stepNote } : {}),
  });
  t.push({
    name: 'HTTP step p99 at 10 users',
    target: '≤ 100 ms',
    value: r.http.overall.p99,
    unit: 'ms',
    status: judge(r.http.overall.p99 <= 100, at10),
    ...(stepNote ? { note: stepNote } : {}),
  });
  const f1 = r.floors.find((x) => x.users === 1);
  const fN = r.floors.find((x) => x.users === 10);
  const floorTarget = (
    name: string,
    target: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    unit = '×',
  ) =>
    t.push({
      name,
      target,
      value: value ?? null,
      unit,
      status: value === undefined || !Number.isFinite(value) ? 'n/a' : ok(value) ? 'met' : 'missed',
    });
  floorTarget('Step p50 at 1 user ÷ floor (a + b)', '≤ 2 ×', f1?.ratio.p50, (v) => v <= 2);
  floorTarget('Step p99 at 1 user ÷ floor (a + b)', '≤ 3 ×', f1?.ratio.p99, (v) => v <= 3);
  floorTarget('Steps/s at 10 users ÷ floor steps/s', '≥ 0.5', fN?.ratio.throughput, (v) => v >= 0.5);
  floorTarget('Step p99 at 10 users ÷ floor p99', '≤ 4 ×', fN?.ratio.p99, (v) => v <= 4);
  floorTarget('CPU per step, all processes, 10 users', '≤ 12 ms', fN?.cpuMsPerStep, (v) => v <= 12, 'ms');
  const long = r.http.seconds >= 120;
  t.push({
    name: 'Sustained steps/s for 2 min without errors',
    target: '≥ 50 steps/s, 0 errors',
    value: r.http.stepsPerSecond,
    unit: 'steps/s',
    status: judge(r.http.stepsPerSecond >= 50 && r.http.errors.count === 0, long),
    ...(long
      ? r.http.errors.count
        ? { note: `${r.http.errors.count} errors` }
        : {}
      : { note: `ran ${r.http.seconds} s, the target is for 120 s` }),
  });
  const big = r.inbox.quotes >= 100_000;
  t.push({
    name: 'Inbox p95 at 100k quotes ÷ its SQL p95',
    target: '≤ ×2 (issue 15 §5)',
    value: Math.round((r.inbox.http.p95 / r.inbox.sqlOnly.p95) * 10) / 10,
    unit: '×',
    status: judge(r.inbox.http.p95 <= 2 * r.inbox.sqlOnly.p95, big),
    ...(big ? {} : { note: `measured with ${int(r.inbox.quotes)} quotes` }),
  });
  const oc = r.openChains;
  const many = (oc?.chains ?? 0) - (oc?.failed ?? 0) >= 10_000;
  t.push({
    name: 'Worker memory with 10k open chains',
    target: '≤ 1024 MiB RSS',
    value: oc ? oc.workerRssMiB.max : null,
    unit: 'MiB',
    status: judge((oc?.workerRssMiB.max ?? Infinity) <= 1024, many),
    ...(many ? {} : { note: `measured with ${int(oc ? oc.chains - oc.failed : 0)} open chains` }),
  });
  return t;
}

function table(rows: (string | number)[][], align: ('l' | 'r')[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map(
      (r) =>
        '  ' +
        r.map((v, c) => (align[c] === 'r' ? String(v).padStart(widths[c]!) : String(v).padEnd(widths[c]!))).join('  '),
    )
    .join('\n');
}

const summaryRow = (name: string, s: Summary) => [name, int(s.count), f(s.p50), f(s.p95), f(s.p99), f(s.max)];

export function render(r: BenchResult): string {
  const m = r.machine;
  const out: string[] = [];
  out.push('');
  out.push(`freightflow bench ${r.quick ? '(QUICK smoke run — not comparable to the targets)' : ''}`.trim());
  out.push(
    `  ${m.date}  ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, PostgreSQL ${r.software.postgres}, Temporal ${r.software.temporal}`,
  );
  out.push(
    `  load average at start ${m.loadAverageAtStart.join(' / ')}; during the HTTP load ${f(r.cpu.load.machineBusyCores, 2)} of ${m.cores} cores were busy, ${f(r.cpu.load.otherBusyCores, 2)} of them with other work than the stack; runnable tasks waited for a CPU ${f(r.cpu.load.cpuPressurePct, 0)} % of the time`,
  );
  out.push('');
  const h = r.http;
  out.push(`HTTP steps — ${h.users} users, ${h.seconds} s after ${h.warmupSeconds} s warm-up (ms)`);
  out.push(
    table(
      [
        ['step', 'count', 'p50', 'p95', 'p99', 'max'],
        summaryRow('all', h.overall),
        ...Object.entries(h.perStep).map(([k, s]) => summaryRow(k, s)),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(
    `  ${f(h.stepsPerSecond)} steps/s, ${f(h.chainsPerMinute)} chains/min (${int(h.chainsCompleted)} chains, ${int(h.chainsWithReturn)} with a return), errors ${h.errors.count}${h.errors.count ? ` ${JSON.stringify(h.errors.byStatus)}` : ''}`,
  );
  out.push(
    `  GET /quotes/{no} (quote detail, the answer of every step): p50 ${f(r.quoteDetailProbe.p50)} ms, p99 ${f(r.quoteDetailProbe.p99)} ms`,
  );
  out.push(
    `  shipment jobs: ${r.jobs.jobsOpened} opened, ${r.jobs.jobsCompleted} completed, ${f(r.jobs.stepsPerSecond)} steps/s, step p50 ${f(r.jobs.overall.p50)} ms, p99 ${f(r.jobs.overall.p99)} ms, ${r.jobs.errors} errors${errorList(r.jobs.errorKinds)}`,
  );
  out.push('');
  const b = r.baseline;
  out.push(
    `Bare PostgreSQL baseline — same steps as plain transactions, ${b.users} concurrent, pool ${b.poolSize}, ${b.seconds} s (ms)`,
  );
  out.push(
    table(
      [['step', 'count', 'p50', 'p95', 'p99', 'max'], summaryRow('all', b.overall)],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(`  ${f(b.transactionsPerSecond)} transactions/s${b.failed ? `, ${b.failed} failed` : ''}`);
  out.push(`  HTTP step / baseline: p50 ×${f(b.ratio.p50)}, p99 ×${f(b.ratio.p99)}`);
  out.push('');
  if (r.breakdown) {
    const bd = r.breakdown;
    out.push(`Where a step's time goes — medians over ${bd.chains} quotes, from their workflow histories (ms)`);
    out.push(
      table(
        [
          ['step', 'n', 'HTTP', 'API', 'Temporal', 'task dispatch', 'worker', 'act queue', 'act run', 'server'],
          ...[bd.all, ...bd.steps].map((s) => [
            s.step,
            s.samples,
            f(s.httpMs),
            f(s.apiMs),
            f(s.temporalMs),
            f(s.taskDispatchMs),
            f(s.workerMs),
            f(s.activityQueueMs),
            f(s.activityRunMs),
            f(s.serverMs),
          ]),
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push(
      '  API = HTTP − Temporal (auth, reads before the step, the Update round trip, the answer); Temporal = the workflow',
    );
    out.push(
      '  task that takes the Update → the Update completed: task dispatch (scheduled → started), worker (workflow code and',
    );
    out.push('  local activities), task-queue activities (queue, run), server (the rest: persisting, answering)');
    out.push('');
  }
  if (r.floors.length) {
    out.push(
      'Floors — (a) bare PostgreSQL step, (b) no-op Temporal Update, same server and concurrency; HTTP ÷ (a + b) (ms)',
    );
    out.push(
      table(
        [
          [
            'users',
            'HTTP p50',
            'p99',
            'steps/s',
            'PG p50',
            'p99',
            '/s',
            'Update p50',
            'p99',
            '/s',
            'floor p50',
            'p99',
            'steps/s',
            '÷ p50',
            '÷ p99',
            'thr ÷',
            'CPU ms/step',
          ],
          ...r.floors.map((x) => [
            x.users,
            f(x.http.p50),
            f(x.http.p99),
            f(x.http.stepsPerSecond),
            f(x.postgres.p50),
            f(x.postgres.p99),
            f(x.postgres.perSecond),
            f(x.noopUpdate.latency.p50),
            f(x.noopUpdate.latency.p99),
            f(x.noopUpdate.perSecond),
            f(x.floor.p50),
            f(x.floor.p99),
            f(x.floor.stepsPerSecond),
            `×${f(x.ratio.p50)}`,
            `×${f(x.ratio.p99)}`,
            f(x.ratio.throughput, 2),
            f(x.cpuMsPerStep),
          ]),
        ],
        ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    if (r.singleUser)
      out.push(
        `  1 user: ${f(r.singleUser.http.stepsPerSecond)} steps/s over ${r.singleUser.http.seconds} s, machine ${f(r.singleUser.cpu.machineBusyCores, 2)} cores busy (${f(r.singleUser.cpu.otherBusyCores, 2)} other work), CPU waited ${f(r.singleUser.cpu.cpuPressurePct, 0)} %`,
      );
    out.push('');
  }
  const au = r.auditAppends;
  out.push(
    `Audit appends — each writer its own records, one row per transaction, ${au.seconds} s per run; load average ${f(au.loadAverage.start, 2)} → ${f(au.loadAverage.end, 2)}`,
  );
  out.push(
    table(
      [
        ['design', 'writers', 'appends/s', '× 1 writer', 'p50 ms', 'p99 ms'],
        ...[
          ...au.perRecord.map((x) => ['per-record chains', x] as const),
          ...au.globalLock.map((x) => ['global lock (before)', x] as const),
        ].map(([d, x]) => [d, x.writers, f(x.perSecond), f(x.vsOneWriter, 2), f(x.latency.p50), f(x.latency.p99)]),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  const ib = r.inbox;
  out.push(
    `Inbox — GET /inbox?limit=${ib.limit} as commerce, ${ib.calls} calls, ${int(ib.quotes)} quotes, ${int(ib.workItems.openForCommerce)} open items for commerce (${int(ib.workItems.open)} open, ${int(ib.workItems.closed)} closed in all)`,
  );
  out.push(
    `  HTTP p50 ${f(ib.http.p50)} ms, p95 ${f(ib.http.p95)} ms, p99 ${f(ib.http.p99)} ms; the SQL alone p50 ${f(ib.sqlOnly.p50)} ms, p95 ${f(ib.sqlOnly.p95)} ms (seeded in ${f(ib.seedSeconds)} s)`,
  );
  out.push('');
  if (r.openChains) {
    const oc = r.openChains;
    out.push(
      `Open chains — ${int(oc.chains)} quote workflows left waiting (${int(oc.submitted)} in commerce review, the rest in draft)${oc.failed ? `, ${oc.failed} failed to start` : ''}${oc.stoppedByTime ? ` — the time budget ran out before ${int(oc.target)}` : ''}`,
    );
    out.push(
      `  started in ${f(oc.startSeconds)} s (${f(oc.startsPerSecond)}/s; start p50 ${f(oc.startLatency.p50)} ms, p99 ${f(oc.startLatency.p99)} ms), running on the server: ${oc.runningOnServer ?? '—'}`,
    );
    out.push(`  worker RSS ${f(oc.workerRssMiB.max, 0)} MiB max, ${f(oc.workerRssMiB.final, 0)} MiB once settled`);
    const cp = oc.cacheProbe;
    out.push(
      `  worker cache ${int(cp.maxCachedWorkflows)} workflows: a step on the oldest drafts${oc.chains - oc.failed > cp.maxCachedWorkflows ? ' (evicted, replayed)' : ' (all chains fit the cache)'} p50 ${f(cp.oldestDrafts.p50)} ms, p99 ${f(cp.oldestDrafts.p99)} ms; on the newest (cached) p50 ${f(cp.newestDrafts.p50)} ms, p99 ${f(cp.newestDrafts.p99)} ms (${cp.oldestDrafts.count} each, one at a time)`,
    );
    out.push('');
  }
  const mem = (name: string, phases: Record<string, RssPhase>) => [
    name,
    ...['idle', 'load-1', 'load', 'baseline', 'inbox', 'open-chains'].map((p) =>
      phases[p] ? `${f(phases[p].maxMiB, 0)}` : '—',
    ),
    f(Object.values(phases).at(-1)?.lastMiB, 0),
  ];
  out.push('Memory — RSS max per phase (MiB)');
  out.push(
    table(
      [
        ['process', 'idle', 'load 1 user', 'load', 'baseline', 'inbox', 'open chains', 'final'],
        mem('worker', r.memoryMiB.worker),
        mem('API', r.memoryMiB.api),
        ...(Object.keys(r.memoryMiB.temporal).length ? [mem('Temporal', r.memoryMiB.temporal)] : []),
        ...Object.entries(r.memoryMiB.more ?? {}).map(([name, phases]) => mem(name, phases)),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push(
    `  CPU during the HTTP load (cores): ${Object.entries(r.cpu.load.groupCores)
      .map(([k, v]) => `${k} ${f(v, 2)}`)
      .join(', ')}, other ${f(r.cpu.load.otherBusyCores, 2)}`,
  );
  out.push('');
  out.push('Targets');
  out.push(
    table(
      [
        ['', 'target', 'measured', ''],
        ...r.targets.map((t) => [
          t.name,
          t.target,
          `${f(t.value)} ${t.unit}`,
          `${t.status.toUpperCase()}${t.note ? ` (${t.note})` : ''}`,
        ]),
      ],
      ['l', 'l', 'r', 'l'],
    ),
  );
  out.push('');
  return out.join('\n');
}

const RESULTS = resolve(import.meta.dirname, 'results');

/** latest.json (full runs) or latest-quick.json, plus a timestamped copy; returns the paths. */
export async function writeResult(r: BenchResult): Promise<string[]> {
  await mkdir(RESULTS, { recursive: true });
  const json = JSON.stringify(r, null, 2) + '\n';
  const paths = [
    join(RESULTS, r.quick ? 'latest-quick.json' : 'latest.json'),
    join(RESULTS, `${r.runId}${r.quick ? '-quick' : ''}.json`),
  ];
  for (const p of paths) await writeFile(p, json);
  return paths;
}
