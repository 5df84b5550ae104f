/**
 * The collection schedule 收款日程 (§3.4.3): each salesperson's worklist of what to collect, ranked by a
 * transparent score of four factors, each 0–1, weighted by configuration (`COLLECTION_WEIGHTS`):
 * - amount 金額: the row's outstanding amount ÷ the largest outstanding in the same currency on the list
 *   (amounts of different currencies are never compared);
 * - age 時間: the oldest receivable's days past due ÷ `ageCapDays` (90), at most 1; 0 when none is overdue;
 * - credit 信譽: the customer's credit standing — good (A, 良, 優, good) 0, fair (B, 一般, fair) 0.5,
 *   poor (C, D, 差, poor, bad) 1, unrecorded 0.5;
 * - volume 業務量: the customer's jobs in the last 365 days ÷ the most of any customer on the list.
 * score = 100 × Σ weightᵢ × factorᵢ ÷ Σ weightᵢ, rounded to 1 decimal; a broken promise to pay (its date
 * passed, less received since the call than promised) adds `brokenPromiseBonus` points and flags the row.
 * Ties: higher score, then more days past due, then customer number.
 */
import { Decimal } from '../lib/money';

export const COLLECTION_FACTORS = ['amount', 'age', 'credit', 'volume'] as const;
export type CollectionFactor = (typeof COLLECTION_FACTORS)[number];

export interface CollectionWeights {
  amount: number;
  age: number;
  credit: number;
  volume: number;
  /** Points added to a row with a broken promise to pay. */
  brokenPromiseBonus: number;
  /** Days past due at which the age factor reaches 1. */
  ageCapDays: number;
}

export const DEFAULT_COLLECTION_WEIGHTS: CollectionWeights = {
  amount: 0.4,
  age: 0.3,
  credit: 0.2,
  volume: 0.1,
  brokenPromiseBonus: 20,
  ageCapDays: 90,
};

/** Parses `amount=0.4,age=0.3,credit=0.2,volume=0.1,brokenPromiseBonus=20,ageCapDays=90` (any subset); throws on anything else. */
export function parseCollectionWeights(text: string): CollectionWeights {
  const w = { ...DEFAULT_COLLECTION_WEIGHTS };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*(amount|age|credit|volume|brokenPromiseBonus|ageCapDays)\s*=\s*(\d+(\.\d+)?)\s*$/.exec(part);
    if (!m) throw new Error(`COLLECTION_WEIGHTS: cannot read '${part}'`);
    w[m[1] as keyof CollectionWeights] = Number(m[2]);
  }
  if (w.amount + w.age + w.credit + w.volume <= 0) throw new Error('COLLECTION_WEIGHTS: the weights sum to zero');
  if (w.ageCapDays < 1) throw new Error('COLLECTION_WEIGHTS: ageCapDays must be at least 1');
  return w;
}

/** Credit standing (free text on the customer) as a factor: poorer credit, sooner collection. */
export function creditFactor(standing: string | null): { factor: number; grade: 'good' | 'fair' | 'poor' | 'unknown' } {
  const s = (standing ?? '').trim().toLowerCase();
  if (!s) return { factor: 0.5, grade: 'unknown' };
  if (/^[cd]\b|^[cd]$|差|劣|poor|bad/.test(s)) return { factor: 1, grade: 'poor' };
  if (/^a|良|優|优|good|excellent/.test(s)) return { factor: 0, grade: 'good' };
  if (/^b|一般|中|fair|average|normal/.test(s)) return { factor: 0.5, grade: 'fair' };
  return { factor: 0.5, grade: 'unknown' };
}

/** One customer and currency to collect from, as the score needs it. */
export interface CollectionCandidate {
  customerNo: string;
  currency: string;
  outstanding: Decimal;
  /** Days past due of the oldest open receivable (≤ 0: none overdue). */
  oldestDaysPastDue: number;
  creditStanding: string | null;
  jobsLastYear: number;
  brokenPromise: boolean;
}

export interface ScoredCandidate<T extends CollectionCandidate> {
  row: T;
  score: number;
  factors: Record<CollectionFactor, number>;
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** Scores and ranks candidates (see the module comment). Factors are rounded to 3 decimals as shown. */
export function rankCollections<T extends CollectionCandidate>(
  rows: readonly T[],
  w: CollectionWeights,
): ScoredCandidate<T>[] {
  const maxByCurrency = new Map<string, Decimal>();
  for (const r of rows) {
    const m = maxByCurrency.get(r.currency);
    if (!m || r.outstanding.gt(m)) maxByCurrency.set(r.currency, r.outstanding);
  }
  const maxJobs = Math.max(0, ...rows.map((r) => r.jobsLastYear));
  const weightSum = w.amount + w.age + w.credit + w.volume;
  return rows
    .map((row) => {
      const max = maxByCurrency.get(row.currency)!;
      const factors: Record<CollectionFactor, number> = {
        amount: round(max.isZero() ? 0 : row.outstanding.div(max).toNumber(), 3),
        age: round(Math.min(1, Math.max(0, row.oldestDaysPastDue) / w.ageCapDays), 3),
        credit: creditFactor(row.creditStanding).factor,
        volume: round(maxJobs === 0 ? 0 : row.jobsLastYear / maxJobs, 3),
      };
      const base =
        (100 *
          (w.amount * factors.amount + w.age * factors.age + w.credit * factors.credit + w.volume * factors.volume)) /
        weightSum;
      return { row, factors, score: round(base + (row.brokenPromise ? w.brokenPromiseBonus : 0), 1) };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.row.oldestDaysPastDue - a.row.oldestDaysPastDue ||
        a.row.customerNo.localeCompare(b.row.customerNo) ||
        a.row.currency.localeCompare(b.row.currency),
    );
}
