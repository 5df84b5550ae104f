/**
 * Many chains waiting on people: quote workflows started exactly as POST /quotes starts them
 * (executeUpdateWithStart of the view update, so each returns once its draft is recorded), every
 * fourth one then submitted to commerce review; then they are left open and the worker's memory is read.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { sql } from 'kysely';
import { businessToday, businessYear, endOfBusinessDay } from '../lib/dates';
import { quoteWorkflowId } from '../workflows/ids';
import { quoteStepUpdate, quoteViewUpdate, type QuoteWorkflow } from '../workflows/quote.definitions';
import { quoteLines, type Seeded } from './seed';
import type { Stack } from './stack';
import { summarize, type Summary } from './stats';

export interface OpenChainsResult {
  /** Chains whose start was attempted (failed ones included); below `target` when the time budget ran out first. */
  chains: number;
  /** Chains the run asked for (`BENCH_OPEN_CHAINS`). */
  target: number;
  /** The phase stopped starting chains at `BENCH_OPEN_CHAINS_MAX_SECONDS`, before reaching `target`. */
  stoppedByTime: boolean;
  submitted: number;
  failed: number;
  startSeconds: number;
  startsPerSecond: number;
  startLatency: Summary;
  submitLatency: Summary;
  runningOnServer: number | null;
  /**
   * What the worker's workflow cache costs (issue 15 §5): one step (`quote.submitted`, sent one at a time)
   * on drafts started first — evicted from the cache when more chains than `maxCachedWorkflows` are open,
   * so the worker replays their history first — and on drafts started last (still cached), in ms.
   */
  cacheProbe: { maxCachedWorkflows: number; oldestDrafts: Summary; newestDrafts: Summary };
}

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export async function openChains(
  stack: Stack,
  seeded: Seeded,
  opts: { count: number; concurrency: number; maxSeconds: number },
  progress: (m: string) => void,
): Promise<OpenChainsResult> {
  const { temporal, temporalConfig: tcfg, appConfig } = stack;
  const year = businessYear();
  const ids = (
    await sql<{
      id: number;
    }>`select nextval('quote_id_seq')::int as id from generate_series(1, ${opts.count}::int)`.execute(stack.db.db)
  ).rows.map((r) => r.id);
  // Far enough ahead that no quote expires while the bench runs.
  const validUntil = addDays(businessToday(), 60);
  const expiresAt = endOfBusinessDay(validUntil);
  const startMs: number[] = [];
  const submitMs: number[] = [];
  let next = 0;
  let failed = 0;
  let submitted = 0;
  let firstError: string | undefined;
  const failedAt = new Set<number>();
  const t0 = Date.now();

  const one = async (n: number) => {
    const sales = seeded.cast.sales[n % seeded.cast.sales.length]!;
    const customers = seeded.customers.get(sales)!;
    const quoteNo = `Q${year}-${String(ids[n]!).padStart(6, '0')}`;
    const workflowId = quoteWorkflowId(tcfg.workflowIdPrefix, quoteNo);
    const actor = { id: sales, role: 'sales' as const };
    let s = process.hrtime.bigint();
    await temporal.workflow.executeUpdateWithStart(quoteViewUpdate, {
      args: [],
      startWorkflowOperation: new WithStartWorkflowOperation<QuoteWorkflow>('quoteWorkflow', {
        workflowId,
        taskQueue: tcfg.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [
          {
            quoteNo,
            customerNo: customers[n % customers.length]!,
            ownerId: sales,
            tariffVersionNo: seeded.tariffVersionNo,
            validUntil,
            expiresAt,
            lines: quoteLines(n),
            actor,
            idempotencyKey: `bench-open-${n}-create`,
            sla: appConfig.quoteSla,
          },
        ],
      }),
    });
    startMs.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (n % 4 === 3) {
      s = process.hrtime.bigint();
      const key = `bench-open-${n}-submit`;
      await temporal.workflow.getHandle(workflowId).executeUpdate(quoteStepUpdate, {
        args: [{ event: { type: 'quote.submitted', actor }, idempotencyKey: key }],
        updateId: key,
      });
      submitMs.push(Number(process.hrtime.bigint() - s) / 1e6);
      submitted += 1;
    }
  };

  const ticker = setInterval(
    () =>
      progress(
        `  ${startMs.length.toLocaleString('en')} / ${opts.count.toLocaleString('en')} started, ${submitted.toLocaleString('en')} submitted, ${failed} failed`,
      ),
    15_000,
  );
  try {
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < opts.count && Date.now() - t0 < opts.maxSeconds * 1000) {
          const n = next++;
          try {
            await one(n);
          } catch (e) {
            failed += 1;
            failedAt.add(n);
            firstError ??= (e as Error).message;
          }
        }
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  const startSeconds = (Date.now() - t0) / 1000;
  const attempted = next;
  if (attempted < opts.count)
    progress(`  time budget of ${opts.maxSeconds} s spent: ${attempted.toLocaleString('en')} chains started`);
  if (firstError) progress(`  first failure: ${firstError}`);
  // The cache probe: drafts (never submitted above) from both ends of the start order, alternately.
  const drafts = Array.from({ length: attempted }, (_, n) => n).filter((n) => n % 4 !== 3 && !failedAt.has(n));
  const probeSize = Math.min(30, Math.floor(drafts.length / 2));
  const oldestMs: number[] = [];
  const newestMs: number[] = [];
  for (let i = 0; i < probeSize; i++) {
    for (const [n, into] of [
      [drafts[i]!, oldestMs],
      [drafts[drafts.length - 1 - i]!, newestMs],
    ] as const) {
      const sales = seeded.cast.sales[n % seeded.cast.sales.length]!;
      const key = `bench-open-${n}-probe`;
      const s = process.hrtime.bigint();
      try {
        await temporal.workflow
          .getHandle(quoteWorkflowId(tcfg.workflowIdPrefix, `Q${year}-${String(ids[n]!).padStart(6, '0')}`))
          .executeUpdate(quoteStepUpdate, {
            args: [{ event: { type: 'quote.submitted', actor: { id: sales, role: 'sales' } }, idempotencyKey: key }],
            updateId: key,
          });
        into.push(Number(process.hrtime.bigint() - s) / 1e6);
      } catch (e) {
        firstError ??= (e as Error).message;
      }
    }
  }
  let runningOnServer: number | null = null;
  try {
    runningOnServer = (await temporal.workflow.count(`TaskQueue = '${tcfg.taskQueue}' AND ExecutionStatus = 'Running'`))
      .count;
  } catch {
    runningOnServer = null;
  }
  return {
    chains: attempted,
    target: opts.count,
    stoppedByTime: attempted < opts.count,
    submitted,
    failed,
    startSeconds: Math.round(startSeconds * 10) / 10,
    startsPerSecond: Math.round(((attempted - failed) / startSeconds) * 10) / 10,
    startLatency: summarize(startMs),
    submitLatency: summarize(submitMs),
    runningOnServer,
    cacheProbe: {
      maxCachedWorkflows: tcfg.workerMaxCachedWorkflows,
      oldestDrafts: summarize(oldestMs),
      newestDrafts: summarize(newestMs),
    },
  };
}
