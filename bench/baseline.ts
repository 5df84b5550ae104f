/**
 * The bare-PostgreSQL baseline: the same chain's state changes written as plain transactions, no
 * Temporal, no HTTP — per step one audit row (appendAudit, its record chain lock included), the quote's status
 * and the inbox item moved, as activities/quotes.activities.ts recordQuoteStep does with the same
 * repositories. Same concurrency as the HTTP load; its latency is what the machine's PostgreSQL costs.
 */
import { sql } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import { openDatabase } from '../db/connect';
import { insertQuote, saveRevision, updateQuoteHeader } from '../db/quote.repository';
import { moveWorkItem } from '../db/work-item.repository';
import { businessToday, businessYear } from '../lib/dates';
import { priceQuote } from '../lib/pricing';
import { quoteStatusFacts, type QuoteStatus } from '../machines/quote.machine';
import { inWindow } from './chains';
import { quoteLines, type Seeded } from './seed';
import type { Stack } from './stack';

export interface BaselineSample {
  step: string;
  ms: number;
  startedAt: bigint;
  endedAt: bigint;
  ok: boolean;
}

interface Move {
  step: string;
  action: string;
  from: QuoteStatus;
  to: QuoteStatus;
  actor: 'sales' | 'commerce' | 'gm' | 'marketing_manager' | 'settlement';
}

function movesOf(returned: boolean): Move[] {
  return [
    { step: 'submit', action: 'quote.submitted', from: 'draft', to: 'commerce_review', actor: 'sales' },
    ...(returned
      ? ([
          { step: 'return', action: 'review.returned', from: 'commerce_review', to: 'draft', actor: 'commerce' },
          { step: 'lines', action: 'quote.revised', from: 'draft', to: 'draft', actor: 'sales' },
          { step: 'submit', action: 'quote.submitted', from: 'draft', to: 'commerce_review', actor: 'sales' },
        ] as Move[])
      : []),
    { step: 'approve', action: 'review.approved', from: 'commerce_review', to: 'awaiting_customer', actor: 'commerce' },
    { step: 'confirm', action: 'customer.confirmed', from: 'awaiting_customer', to: 'internal_quote', actor: 'sales' },
    {
      step: 'internal-quote',
      action: 'internal.submitted',
      from: 'internal_quote',
      to: 'budget_review',
      actor: 'commerce',
    },
    { step: 'budget-approve', action: 'budget.approved', from: 'budget_review', to: 'contract_drafting', actor: 'gm' },
    {
      step: 'contract',
      action: 'contract.drafted',
      from: 'contract_drafting',
      to: 'contract_review',
      actor: 'commerce',
    },
    {
      step: 'contract-review',
      action: 'contract.reviewed',
      from: 'contract_review',
      to: 'contract_approval',
      actor: 'marketing_manager',
    },
    {
      step: 'contract-approve',
      action: 'contract.approved',
      from: 'contract_approval',
      to: 'contract_issued',
      actor: 'gm',
    },
    { step: 'sign', action: 'contract.signed', from: 'contract_issued', to: 'signed', actor: 'sales' },
    { step: 'costs', action: 'costs.recorded', from: 'signed', to: 'costed', actor: 'settlement' },
  ];
}

export async function runBaseline(
  stack: Stack,
  seeded: Seeded,
  opts: { users: number; warmupSeconds: number; seconds: number; returnEvery: number; poolSize: number },
  /** Runs when the load ends, before the baseline's connections close (to read their CPU time). */
  ended: () => Promise<void> = async () => undefined,
): Promise<{ samples: BaselineSample[]; chains: number; windowStart: bigint; windowEnd: bigint }> {
  // Its own pool of the API's size: the same number of connections the API and the worker each have.
  const handle = await openDatabase({ url: stack.dbUrl, poolSize: opts.poolSize });
  const db = handle.db;
  const samples: BaselineSample[] = [];
  let chainsInWindow = 0;
  const t0 = process.hrtime.bigint();
  const windowStart = t0 + BigInt(opts.warmupSeconds) * 1_000_000_000n;
  const windowEnd = windowStart + BigInt(opts.seconds) * 1_000_000_000n;
  let stop = false;
  const year = businessYear();
  const tariff = seeded.tariffLines.map((l, i) => ({ ...l, lineNo: i + 1 })) as Parameters<typeof priceQuote>[0];
  const validUntil = businessToday();
  const { cast } = seeded;

  const timed = async (step: string, fn: () => Promise<void>) => {
    const startedAt = process.hrtime.bigint();
    let ok = true;
    try {
      await fn();
    } catch {
      ok = false;
    }
    const endedAt = process.hrtime.bigint();
    samples.push({ step, ms: Number(endedAt - startedAt) / 1e6, startedAt, endedAt, ok });
    return ok;
  };

  const vuLoop = async (vu: number) => {
    const sales = cast.sales[vu]!;
    const actorOf: Record<Move['actor'], string> = {
      sales,
      commerce: cast.commerce[vu % cast.commerce.length]!,
      gm: cast.gm,
      marketing_manager: cast.marketingManager,
      settlement: cast.settlement,
    };
    const customers = seeded.customers.get(sales)!;
    for (let chainNo = 1; !stop; chainNo++) {
      const customerNo = customers[chainNo % customers.length]!;
      const seq = await sql<{ id: number }>`select nextval('quote_id_seq')::int as id`.execute(db);
      const quoteNo = `Q${year}-${String(seq.rows[0]!.id).padStart(6, '0')}`;
      const key = `baseline-vu${vu + 1}-c${chainNo}`;
      const priced = priceQuote(tariff, quoteLines(vu * 100_000 + chainNo), '5');
      const summary = (to: QuoteStatus) => ({
        stepLabel: quoteStatusFacts(to).label,
        totals: priced.totals,
        belowCost: priced.belowCost,
        revision: 1,
      });
      const dueAt = new Date(Date.now() + 86_400_000).toISOString();
      const created = await timed('create', () =>
        db.transaction().execute(async (trx) => {
          await appendAudit(trx, {
            actorId: sales,
            actorRole: 'sales',
            recordType: 'quote',
            recordId: quoteNo,
            action: 'quote.drafted',
            fromState: null,
            toState: 'draft',
            changes: { revision: 1, totals: priced.totals },
            idempotencyKey: `${key}-create`,
          });
          await insertQuote(trx, {
            quoteNo,
            customerNo,
            ownerId: sales,
            tariffVersionNo: seeded.tariffVersionNo,
            validUntil,
            needsPriceApproval: priced.needsPriceApproval,
            belowCost: priced.belowCost,
            totals: priced.totals,
          });
          await saveRevision(trx, {
            quoteNo,
            revision: 1,
            lines: priced.lines,
            totals: priced.totals,
            needsPriceApproval: priced.needsPriceApproval,
            belowCost: priced.belowCost,
            authorityPct: '5',
            createdBy: sales,
            reason: null,
          });
          await moveWorkItem(trx, {
            recordType: 'quote',
            recordId: quoteNo,
            closedBy: sales,
            next: { step: 'draft', role: 'sales', ownerId: sales, customerNo, summary: summary('draft'), dueAt: null },
          });
        }),
      );
      if (!created) continue;
      let complete = true;
      const moves = movesOf(opts.returnEvery > 0 && chainNo % opts.returnEvery === 0);
      for (const [i, m] of moves.entries()) {
        if (stop) {
          complete = false;
          break;
        }
        const actorId = actorOf[m.actor];
        const role = quoteStatusFacts(m.to).role;
        const ok = await timed(m.step, () =>
          db.transaction().execute(async (trx) => {
            await appendAudit(trx, {
              actorId,
              actorRole: m.actor,
              recordType: 'quote',
              recordId: quoteNo,
              action: m.action,
              fromState: m.from,
              toState: m.to,
              changes: { revision: 1 },
              idempotencyKey: `${key}-${i + 1}-${m.step}`,
            });
            await updateQuoteHeader(trx, quoteNo, { status: m.to });
            await moveWorkItem(trx, {
              recordType: 'quote',
              recordId: quoteNo,
              closedBy: actorId,
              next: role ? { step: m.to, role, ownerId: sales, customerNo, summary: summary(m.to), dueAt } : null,
            });
          }),
        );
        if (!ok) {
          complete = false;
          break;
        }
      }
      const now = process.hrtime.bigint();
      if (complete && now >= windowStart && now <= windowEnd) chainsInWindow += 1;
    }
  };

  const stopper = setTimeout(
    () => {
      stop = true;
    },
    Number(windowEnd - t0) / 1e6,
  );
  try {
    await Promise.all(Array.from({ length: opts.users }, (_, vu) => vuLoop(vu)));
  } finally {
    clearTimeout(stopper);
    await ended().catch(() => undefined);
    await handle.close();
  }
  return { samples: inWindow(samples, windowStart, windowEnd), chains: chainsInWindow, windowStart, windowEnd };
}
