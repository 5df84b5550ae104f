/**
 * Virtual users: each is one salesperson taking quotes through the whole quote-to-contract chain over
 * HTTP, back to back with no think time, with the back office (commerce, GM, marketing manager,
 * settlement) answering each step at once. Every call is timed; nothing is asserted.
 */
import { businessToday } from '../lib/dates';
import type { HttpClient } from './http';
import { quoteLines, type Seeded } from './seed';

export interface StepSample {
  step: string;
  ms: number;
  status: number;
  /** process.hrtime.bigint() at send and at the last byte of the answer. */
  startedAt: bigint;
  endedAt: bigint;
  quoteNo: string | null;
  /** The Idempotency-Key sent: the Temporal update id of a step. */
  key: string;
}

interface ChainDone {
  quoteNo: string;
  startedAt: bigint;
  endedAt: bigint;
  returned: boolean;
}

export interface LoadRun {
  samples: StepSample[];
  chains: ChainDone[];
  errors: { step: string; status: number; message: string }[];
  /** Measurement window (after the warm-up), process.hrtime.bigint(). */
  windowStart: bigint;
  windowEnd: bigint;
}

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

type Plan = { step: string; as: string; method: 'POST' | 'PUT'; path: string; body?: unknown }[];

function planOf(seeded: Seeded, vu: number, chainNo: number, returned: boolean): Plan {
  const { cast } = seeded;
  const sales = cast.sales[vu]!;
  const commerce = cast.commerce[vu % cast.commerce.length]!;
  const revise: Plan = returned
    ? [
        {
          step: 'return',
          as: commerce,
          method: 'POST',
          path: 'return',
          body: { comment: '請調整海運價格 please adjust the ocean freight price' },
        },
        {
          step: 'lines',
          as: sales,
          method: 'PUT',
          path: 'lines',
          body: { lines: quoteLines(vu * 100_000 + chainNo + 1) },
        },
        { step: 'submit', as: sales, method: 'POST', path: 'submit', body: { comment: '已調整 adjusted' } },
      ]
    : [];
  return [
    { step: 'submit', as: sales, method: 'POST', path: 'submit' },
    ...revise,
    { step: 'approve', as: commerce, method: 'POST', path: 'approve' },
    {
      step: 'confirm',
      as: sales,
      method: 'POST',
      path: 'confirm',
      body: { comment: '客戶已電郵確認 confirmed by e-mail' },
    },
    {
      step: 'internal-quote',
      as: commerce,
      method: 'POST',
      path: 'internal-quote',
      body: {
        feeItems: [
          { name: '文件費 documentation', currency: 'CNY', amount: '300.00', payer: 'company' },
          { name: '碼頭操作費 terminal handling', currency: 'CNY', amount: '850.00', payer: 'customer' },
        ],
        project: {
          projectName: '手機配件出口 phone accessories export',
          cargoDescription: '手機殼、充電器 cases, chargers',
          estimatedMonthlyContainers: 4,
          settlementCycle: '月結 monthly',
        },
      },
    },
    { step: 'budget-approve', as: cast.gm, method: 'POST', path: 'budget-approve' },
    { step: 'contract', as: commerce, method: 'POST', path: 'contract', body: { clauseChanges: [] } },
    { step: 'contract-review', as: cast.marketingManager, method: 'POST', path: 'contract-review' },
    { step: 'contract-approve', as: cast.gm, method: 'POST', path: 'contract-approve' },
    { step: 'sign', as: sales, method: 'POST', path: 'sign' },
    {
      step: 'costs',
      as: cast.settlement,
      method: 'POST',
      path: 'costs',
      body: {
        actuals: [
          { budgetLineId: 'F1', currency: 'CNY', actualCost: '280.00' },
          { budgetLineId: 'F2', currency: 'CNY', actualCost: '850.00' },
        ],
      },
    },
  ];
}

export async function runLoad(
  http: HttpClient,
  seeded: Seeded,
  opts: { users: number; warmupSeconds: number; seconds: number; returnEvery: number },
  progress: (m: string) => void,
): Promise<LoadRun> {
  const samples: StepSample[] = [];
  const chains: ChainDone[] = [];
  const errors: LoadRun['errors'] = [];
  const t0 = process.hrtime.bigint();
  const windowStart = t0 + BigInt(opts.warmupSeconds) * 1_000_000_000n;
  const windowEnd = windowStart + BigInt(opts.seconds) * 1_000_000_000n;
  let stop = false;
  const validUntil = addDays(businessToday(), 30);

  const call = async (
    vu: number,
    step: string,
    as: string,
    method: string,
    path: string,
    key: string,
    body: unknown,
    quoteNo: string | null,
  ) => {
    const r = await http.request(method, path, {
      token: seeded.tokens.get(as)!,
      idempotencyKey: key,
      ...(body !== undefined ? { body } : {}),
    });
    const endedAt = r.startedAt + BigInt(Math.round(r.ms * 1e6));
    const ok = r.status >= 200 && r.status < 300;
    samples.push({
      step,
      ms: r.ms,
      status: r.status,
      startedAt: r.startedAt,
      endedAt,
      quoteNo: quoteNo ?? (ok ? (r.body?.quoteNo as string) : null),
      key,
    });
    if (!ok)
      errors.push({
        step,
        status: r.status,
        message: `vu ${vu}: ${typeof r.body === 'object' ? `${r.body?.code}: ${r.body?.message}` : String(r.body).slice(0, 200)}`,
      });
    return { ok, body: r.body };
  };

  const vuLoop = async (vu: number) => {
    const sales = seeded.cast.sales[vu]!;
    const customers = seeded.customers.get(sales)!;
    for (let chainNo = 1; !stop; chainNo++) {
      const started = process.hrtime.bigint();
      const returned = opts.returnEvery > 0 && chainNo % opts.returnEvery === 0;
      const keyBase = `bench-vu${vu + 1}-c${chainNo}`;
      const created = await call(
        vu,
        'create',
        sales,
        'POST',
        '/quotes',
        `${keyBase}-create`,
        { customerNo: customers[chainNo % customers.length], validUntil, lines: quoteLines(vu * 100_000 + chainNo) },
        null,
      );
      if (!created.ok) continue;
      const quoteNo = created.body.quoteNo as string;
      let complete = true;
      for (const [i, s] of planOf(seeded, vu, chainNo, returned).entries()) {
        if (stop) {
          complete = false;
          break;
        }
        const r = await call(
          vu,
          s.step,
          s.as,
          s.method,
          `/quotes/${quoteNo}/${s.path}`,
          `${keyBase}-${i + 1}-${s.step}`,
          s.body,
          quoteNo,
        );
        if (!r.ok) {
          complete = false;
          break;
        }
      }
      if (complete) chains.push({ quoteNo, startedAt: started, endedAt: process.hrtime.bigint(), returned });
    }
  };

  const ticker = setInterval(() => {
    const now = process.hrtime.bigint();
    const secs = Number(now - t0) / 1e9;
    const phase = now < windowStart ? 'warm-up' : 'measuring';
    progress(
      `  ${phase} ${secs.toFixed(0)} s: ${samples.length} steps, ${chains.length} chains, ${errors.length} errors`,
    );
  }, 10_000);
  const stopper = setTimeout(
    () => {
      stop = true;
    },
    Number(windowEnd - t0) / 1e6,
  );
  try {
    await Promise.all(Array.from({ length: opts.users }, (_, vu) => vuLoop(vu)));
  } finally {
    clearInterval(ticker);
    clearTimeout(stopper);
  }
  return { samples, chains, errors, windowStart, windowEnd };
}

/** Samples that started after the warm-up and ended before the end of the window. */
export const inWindow = <T extends { startedAt: bigint; endedAt: bigint }>(xs: T[], start: bigint, end: bigint) =>
  xs.filter((x) => x.startedAt >= start && x.endedAt <= end);
