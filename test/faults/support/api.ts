/**
 * The HTTP API of a fault scenario and a client that behaves like a real one: every step carries an
 * Idempotency-Key, and on 503, a network error or a timeout the client sends the same step again with
 * the same key until it gets an answer; a 200 on a retry is a success.
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildServer } from '../../../api/server';
import type { Database } from '../../../db/database';
import { readAppConfig, type AppConfig } from '../../../lib/config';
import { dataConverterFor } from '../../../lib/payload-codec';
import { createTokenVerifier, mintToken } from '../../../lib/tokens';
import { readTemporalConfig, type TemporalConfig } from '../../../temporal.config';
import { addDays, customsLine, newCustomer, oceanLine, today, transportLine } from '../../support/fixtures';
import { randomBetween, sleep } from './log';

export interface FaultApi {
  baseUrl: string;
  app: FastifyInstance;
  client: Client;
  config: AppConfig;
  temporalConfig: TemporalConfig;
  token(login: string): Promise<string>;
  close(): Promise<void>;
}

/** Temporal settings of a scenario: its own task queue and workflow-id prefix on `address`. */
export function scenarioTemporalConfig(address: string, tag: string): TemporalConfig {
  return readTemporalConfig({
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `faults-${tag}`,
    TEMPORAL_WORKFLOW_ID_PREFIX: `f${tag}-`,
  });
}

/**
 * Application settings of a scenario. The per-user write limit is off: one demo user per role drives
 * every chain, far faster than a person would.
 */
export const scenarioAppConfig = (env: Record<string, string> = {}) =>
  readAppConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', ...env });

/** The API in this process, wired as test/support/stack.ts and api/main.ts wire it. */
export async function startApi(
  db: Kysely<Database>,
  temporalConfig: TemporalConfig,
  config: AppConfig = scenarioAppConfig(),
): Promise<FaultApi> {
  const connection = await Connection.connect({ address: temporalConfig.address });
  const client = new Client({
    connection,
    namespace: temporalConfig.namespace,
    dataConverter: dataConverterFor(temporalConfig),
  });
  const app = await buildServer(
    { db, temporal: client, config, temporalConfig, verifyToken: createTokenVerifier(config.jwt) },
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const tokens = new Map<string, Promise<string>>();
  return {
    baseUrl,
    app,
    client,
    config,
    temporalConfig,
    token: (login) => {
      let t = tokens.get(login);
      if (!t) {
        t = mintToken(config.jwt, login);
        tokens.set(login, t);
      }
      return t;
    },
    close: async () => {
      await app.close();
      await connection.close();
    },
  };
}

export interface Reply {
  status: number;
  body: any;
  /** Requests sent for this call, retries included. */
  attempts: number;
}

/** Everything a scenario's client saw, for the assertions and the report. */
export class ClientStats {
  /** Responses by HTTP status, every attempt counted. */
  readonly statuses = new Map<number, number>();
  networkErrors = 0;
  timeouts = 0;
  retries = 0;
  /** Slowest answer (of any status), in milliseconds. */
  slowestMs = 0;
  /** Answers that were neither the expected success nor a retryable failure (request, status, body). */
  readonly unexpected: string[] = [];

  count(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  summary(): string {
    const s = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ');
    return `responses ${s || 'none'}; network errors ${this.networkErrors}; timeouts ${this.timeouts}; retries ${this.retries}; slowest answer ${this.slowestMs} ms`;
  }
}

const RETRYABLE = new Set([502, 503, 504]);

export class ApiClient {
  readonly stats = new ClientStats();

  constructor(
    private readonly baseUrl: string,
    private readonly token: (login: string) => Promise<string>,
    private readonly opts: { requestTimeoutMs: number; giveUpAfterMs: number } = {
      requestTimeoutMs: 30_000,
      giveUpAfterMs: 360_000,
    },
  ) {}

  /** One request; throws on a network error or a timeout. */
  async once(
    method: string,
    path: string,
    o: { as: string; body?: unknown; key?: string },
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token(o.as)}` };
    if (o.key) headers['idempotency-key'] = o.key;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const t0 = Date.now();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
    });
    const text = await res.text();
    this.stats.count(res.status);
    this.stats.slowestMs = Math.max(this.stats.slowestMs, Date.now() - t0);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  }

  /** Sends until the answer is neither 502/503/504 nor a network error nor a timeout, always with the same key. */
  async send(method: string, path: string, o: { as: string; body?: unknown; key: string }): Promise<Reply> {
    const giveUpAt = Date.now() + this.opts.giveUpAfterMs;
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      try {
        const r = await this.once(method, path, o);
        if (!RETRYABLE.has(r.status)) return { ...r, attempts: attempt };
        last = `${r.status} ${JSON.stringify(r.body)}`;
      } catch (e) {
        const err = e as Error;
        if (err.name === 'TimeoutError' || err.name === 'AbortError') this.stats.timeouts += 1;
        else this.stats.networkErrors += 1;
        last = `${err.name}: ${err.message}`;
      }
      if (Date.now() > giveUpAt)
        throw new Error(`${method} ${path} (key ${o.key}) still failing after ${attempt} attempts: ${last}`);
      this.stats.retries += 1;
      await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)) + randomBetween(0, 200));
    }
  }
}

/** One step of the chain: who, which endpoint, the body, and the audit action it must leave. */
export interface ChainStep {
  as: string;
  path: string;
  body?: unknown;
  action: string;
}

/** The chain of test/support/fixtures.ts completeQuoteChain, a return to the salesperson included. */
export const CHAIN_STEPS: readonly ChainStep[] = [
  { as: 'sales', path: 'submit', action: 'quote.submitted' },
  { as: 'commerce', path: 'return', body: { comment: '請調整 please adjust' }, action: 'review.returned' },
  { as: 'sales', path: 'submit', action: 'quote.submitted' },
  { as: 'commerce', path: 'approve', action: 'review.approved' },
  { as: 'sales', path: 'confirm', action: 'customer.confirmed' },
  {
    as: 'commerce',
    path: 'internal-quote',
    body: {
      feeItems: [{ name: '文件費 documentation', currency: 'CNY', amount: '300.00', payer: 'company' }],
      project: { projectName: '出口 export' },
    },
    action: 'internal.submitted',
  },
  { as: 'gm', path: 'budget-approve', action: 'budget.approved' },
  { as: 'commerce', path: 'contract', body: { clauseChanges: [] }, action: 'contract.drafted' },
  { as: 'marketing_manager', path: 'contract-review', action: 'contract.reviewed' },
  { as: 'gm', path: 'contract-approve', action: 'contract.approved' },
  { as: 'sales', path: 'sign', action: 'contract.signed' },
  {
    as: 'settlement',
    path: 'costs',
    body: { actuals: [{ budgetLineId: 'F1', currency: 'CNY', actualCost: '280.00' }] },
    action: 'costs.recorded',
  },
];

/** Audit actions of one finished chain, in order. */
export const EXPECTED_ACTIONS: readonly string[] = ['quote.drafted', ...CHAIN_STEPS.map((s) => s.action)];

export const newQuoteBody = (customerNo: string) => ({
  customerNo,
  validUntil: addDays(today(), 30),
  lines: [
    { tariffLineNo: 1, quotedPrice: '2400.00', quantity: '2' },
    { tariffLineNo: 2, quotedPrice: '350.00', quantity: '2' },
  ],
});

/** What one chain did: its quote, the key of each applied step in order, and what went wrong. */
export interface ChainOutcome {
  label: string;
  customerNo: string;
  quoteNo?: string;
  /** Idempotency key per audit action, in order; the draft first. */
  keys: string[];
  /** User who should stand in the audit row of each step (scenario 4 knows who won); absent: any. */
  actors?: string[];
  error?: string;
}

/** A locked tariff in force today and `n` customers of `sales`, through the retrying client. */
export async function prepareBusiness(api: ApiClient, tag: string, n: number): Promise<string[]> {
  const created = await api.send('POST', '/tariffs', {
    as: 'commerce',
    key: `${tag}-tariff`,
    body: {
      title: '標準報價 standard tariff',
      effectiveFrom: today(),
      lines: [oceanLine(), customsLine(), transportLine()],
    },
  });
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`create tariff: ${created.status} ${JSON.stringify(created.body)}`);
  const no = created.body.versionNo as number;
  for (const [as, step] of [
    ['commerce', 'submit'],
    ['gm', 'approve'],
  ] as const) {
    const r = await api.send('POST', `/tariffs/${no}/${step}`, { as, key: `${tag}-tariff-${step}` });
    if (r.status !== 200) throw new Error(`tariff ${step}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const customers: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const r = await api.send('POST', '/customers', {
      as: 'sales',
      key: `${tag}-customer-${i}`,
      body: newCustomer({ fullName: `華南電子 ${tag} 客戶 ${i}` }),
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`create customer: ${r.status} ${JSON.stringify(r.body)}`);
    customers.push(r.body.customerNo as string);
  }
  return customers;
}

/**
 * Takes a new quote through every step to `costed`, each step with its own key and retried with it
 * while the fault lasts. Pauses `thinkMs` between steps, so the chains are spread over the fault.
 * Any other answer than 200 is recorded in `stats.unexpected` (the scenario fails on it); a 409 is then
 * tried again with a fresh key for up to `refusalPatienceMs`, to learn whether the chain can still finish.
 * Never throws: whatever stopped the chain is in `error`.
 */
export async function runChain(
  api: ApiClient,
  o: {
    label: string;
    customerNo: string;
    thinkMs: [number, number];
    onStep?: (action: string) => void;
    refusalPatienceMs?: number;
  },
): Promise<ChainOutcome> {
  const out: ChainOutcome = { label: o.label, customerNo: o.customerNo, keys: [] };
  try {
    const createKey = `${o.label}-create`;
    const created = await api.send('POST', '/quotes', {
      as: 'sales',
      key: createKey,
      body: newQuoteBody(o.customerNo),
    });
    if (created.status !== 201 && created.status !== 200) {
      const msg = `${o.label} create (key ${createKey}, attempt ${created.attempts}): ${created.status} ${JSON.stringify(created.body)}`;
      api.stats.unexpected.push(msg);
      throw new Error(msg);
    }
    const quoteNo = created.body.quoteNo as string;
    out.quoteNo = quoteNo;
    out.keys.push(createKey);
    o.onStep?.('quote.drafted');
    let previous = `create answered ${created.status} after ${created.attempts} attempt(s)`;
    for (const [i, step] of CHAIN_STEPS.entries()) {
      await sleep(randomBetween(...o.thinkMs));
      const baseKey = `${o.label}-s${i + 1}-${step.path}`;
      const since = Date.now();
      let key = baseKey;
      for (let refusals = 0; ; refusals += 1) {
        const r = await api.send('POST', `/quotes/${quoteNo}/${step.path}`, {
          as: step.as,
          key,
          ...(step.body !== undefined ? { body: step.body } : {}),
        });
        if (r.status === 200) {
          previous = `${step.path} answered 200 after ${r.attempts} attempt(s)${refusals ? ` and ${refusals} refusal(s)` : ''}`;
          break;
        }
        const msg = `${quoteNo} ${step.as} ${step.path} (key ${key}, attempt ${r.attempts}, ${((Date.now() - since) / 1000).toFixed(1)} s into the step; previous step: ${previous}): ${r.status} ${JSON.stringify(r.body)}`;
        api.stats.unexpected.push(msg);
        if (r.status !== 409 || Date.now() - since > (o.refusalPatienceMs ?? 120_000)) throw new Error(msg);
        key = `${baseKey}-r${refusals + 1}`;
        await sleep(2_000);
      }
      out.keys.push(key);
      o.onStep?.(step.action);
    }
  } catch (e) {
    out.error = `${o.label}: ${(e as Error).message}`;
  }
  return out;
}

/** Chains running side by side, one per customer, with a count of the steps done so far: what a fault watches. */
export interface ChainsRun {
  /** Steps all the chains take in all. */
  total: number;
  steps: number;
  finished: boolean;
  done: Promise<ChainOutcome[]>;
}

export function runChains(
  api: ApiClient,
  tag: string,
  customers: readonly string[],
  thinkMs: [number, number],
): ChainsRun {
  const run: ChainsRun = {
    total: customers.length * EXPECTED_ACTIONS.length,
    steps: 0,
    finished: false,
    done: Promise.resolve([]),
  };
  run.done = Promise.all(
    customers.map((customerNo, i) =>
      runChain(api, { label: `${tag}-c${i}`, customerNo, thinkMs, onStep: () => (run.steps += 1) }),
    ),
  ).then((r) => {
    run.finished = true;
    return r;
  });
  return run;
}
