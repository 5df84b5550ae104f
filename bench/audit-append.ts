/**
 * Audit append throughput (issue 15 §3): W concurrent writers, each appending rows to its own records
 * (a quote step's worth of content per row, every row in its own transaction, as a step's activity does)
 * with `appendAudit`, for a few seconds per W. Measured twice: as the code runs (one lock per record's
 * chain) and with the single global advisory lock the design of before took around every append
 * (simulated: the same append behind `pg_advisory_xact_lock` of one key), so the run shows both designs
 * on the same machine. Each writer has its own connection (pool = W).
 */
import { sql } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import { openDatabase } from '../db/connect';
import { summarize, type Summary } from './stats';

export interface AuditAppendRun {
  writers: number;
  appends: number;
  perSecond: number;
  /** This run's appends/s over the same design's with 1 writer. */
  vsOneWriter: number;
  latency: Summary;
}

export interface AuditAppendFigures {
  seconds: number;
  perRecord: AuditAppendRun[];
  globalLock: AuditAppendRun[];
  /** 1-minute load average when the phase started and ended. */
  loadAverage: { start: number; end: number };
}

/** The lock key of the design of before (db/audit.repository.ts before migration 0017). */
const OLD_GLOBAL_LOCK = 7_242_001;

async function run(
  dbUrl: string,
  writers: number,
  seconds: number,
  globalLock: boolean,
  tag: string,
): Promise<Omit<AuditAppendRun, 'vsOneWriter'>> {
  const handle = await openDatabase({ url: dbUrl, poolSize: writers });
  const db = handle.db;
  const ms: number[] = [];
  const warmupEnd = Date.now() + 1000;
  const end = warmupEnd + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = 0; Date.now() < end; n++) {
          // Ten records per writer, in turn: chains grow as a record's steps do.
          const recordId = `${tag}-w${w}-r${n % 10}`;
          const t0 = performance.now();
          await db.transaction().execute(async (trx) => {
            if (globalLock) await sql`select pg_advisory_xact_lock(${OLD_GLOBAL_LOCK})`.execute(trx);
            await appendAudit(trx, {
              actorId: 'bench-sales-1',
              actorRole: 'sales',
              recordType: 'quote', // any audited type: the bench's own records (ids bench-…) in its own database
              recordId,
              action: 'quote.submitted',
              fromState: 'draft',
              toState: 'commerce_review',
              changes: { revision: 1, totals: [{ currency: 'USD', amount: '12345.67' }] },
              idempotencyKey: `${recordId}-${n}`,
            });
          });
          const t1 = performance.now();
          if (Date.now() > warmupEnd && Date.now() <= end) ms.push(t1 - t0);
        }
      }),
    );
  } finally {
    await handle.close();
  }
  return {
    writers,
    appends: ms.length,
    perSecond: Math.round((ms.length / seconds) * 10) / 10,
    latency: summarize(ms),
  };
}

/** Runs 1, 10 and 32 writers (or `writerCounts`) per design; `seconds` measured after 1 s of warm-up each. */
export async function measureAuditAppends(
  dbUrl: string,
  opts: { seconds: number; writerCounts?: number[]; runId: string },
  log: (m: string) => void = () => undefined,
): Promise<AuditAppendFigures> {
  const { loadavg } = await import('node:os');
  const start = Math.round(loadavg()[0]! * 100) / 100;
  const counts = opts.writerCounts ?? [1, 10, 32];
  const design = async (globalLock: boolean) => {
    const runs: Omit<AuditAppendRun, 'vsOneWriter'>[] = [];
    for (const w of counts) {
      const r = await run(dbUrl, w, opts.seconds, globalLock, `${opts.runId}-${globalLock ? 'g' : 'p'}${w}`);
      log(
        `  ${globalLock ? 'global lock (before)' : 'per-record chains'}: ${w} writers ${r.perSecond} appends/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
      );
      runs.push(r);
    }
    const one = runs.find((r) => r.writers === 1)?.perSecond ?? runs[0]!.perSecond;
    return runs.map((r) => ({ ...r, vsOneWriter: one > 0 ? Math.round((r.perSecond / one) * 100) / 100 : NaN }));
  };
  const perRecord = await design(false);
  const globalLock = await design(true);
  return {
    seconds: opts.seconds,
    perRecord,
    globalLock,
    loadAverage: { start, end: Math.round(loadavg()[0]! * 100) / 100 },
  };
}
