/**
 * Fault 2: the Temporal server stops (SIGTERM, its state in a SQLite file) for a few seconds while
 * quote chains run, twice, and comes back on the same port with the same file. Meanwhile the API
 * answers 503 and the client retries each step with its key; the worker reconnects by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTemporalCli } from '../../lib/temporal-cli';
import { createTestDatabase } from '../support/database';
import {
  ApiClient,
  EXPECTED_ACTIONS,
  prepareBusiness,
  runChains,
  scenarioAppConfig,
  scenarioTemporalConfig,
  startApi,
} from './support/api';
import { progress, shortId, sleep } from './support/log';
import { DevServerProcess, freePort } from './support/processes';
import { contractCounter, verifyRun } from './support/verify';
import { startInProcessWorker } from './support/worker';

const NAME = 'Temporal restart';
const CHAINS = 10;
/** Outages start when this share of all steps is done; each lasts OUTAGE_MS. */
const OUTAGES_AT = [0.25, 0.6];
const OUTAGE_MS = 6_000;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

describe('fault: the Temporal server is stopped and restarted mid-chain', () => {
  it(`${CHAINS} concurrent chains through ${OUTAGES_AT.length} Temporal outages all reach costed; the API answers 503 meanwhile`, async () => {
    const started = Date.now();
    const tag = `t${shortId()}`;
    const cli = await ensureTemporalCli((m) => progress(NAME, m));
    const dir = await mkdtemp(join(tmpdir(), 'freightflow-faults-temporal-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const server = new DevServerProcess(cli, await freePort(), join(dir, 'temporal.db'));
    cleanup.push(() => server.stop());
    await server.start();
    progress(NAME, `own dev server on ${server.address}`);

    // A short Temporal deadline, so a request during the outage answers 503 instead of outlasting it.
    const tcfg = { ...scenarioTemporalConfig(server.address, tag), rpcTimeoutMs: 2_500 };
    const config = scenarioAppConfig();
    const dbh = await createTestDatabase();
    cleanup.push(() => dbh.close());
    const worker = await startInProcessWorker(tcfg, dbh.url!, config);
    cleanup.push(() => worker.stop());
    const api = await startApi(dbh.db, tcfg, config);
    cleanup.push(() => api.close());
    const client = new ApiClient(api.baseUrl, api.token);
    const customers = await prepareBusiness(client, tag, CHAINS);
    const contractsBefore = await contractCounter(dbh.db);

    const run = runChains(client, tag, customers, [200, 800]);

    const outages: { atSteps: number; answers503: number }[] = [];
    const outage = async () => {
      for (const share of OUTAGES_AT) {
        while (!run.finished && run.steps < share * run.total) await sleep(100);
        if (run.finished) break;
        const before503 = client.stats.statuses.get(503) ?? 0;
        const atSteps = run.steps;
        await server.stop();
        progress(NAME, `Temporal stopped at ${atSteps}/${run.total} steps`);
        await sleep(OUTAGE_MS);
        await server.start();
        outages.push({ atSteps, answers503: (client.stats.statuses.get(503) ?? 0) - before503 });
        progress(
          NAME,
          `Temporal back after ${OUTAGE_MS / 1000} s; ${outages.at(-1)!.answers503} answers 503 meanwhile`,
        );
      }
    };
    const [chains] = await Promise.all([run.done, outage()]);
    progress(NAME, `chains done: ${client.stats.summary()}`);

    const { problems, facts } = await verifyRun(dbh.db, chains, {
      client: api.client,
      workflowIdPrefix: tcfg.workflowIdPrefix,
      expectedActions: EXPECTED_ACTIONS,
      contractsBefore,
    });
    progress(
      NAME,
      `${facts.quotes} quotes, contracts ${facts.contractNos[0]}…${facts.contractNos.at(-1)}, ${facts.auditRows} audit rows; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    expect(worker.failure()).toBeUndefined();
    expect(problems).toEqual([]);
    expect(client.stats.unexpected).toEqual([]);
    expect(client.stats.statuses.get(500) ?? 0).toBe(0);
    // Both outages hit running chains, and the API said so with 503.
    expect(outages.map((o) => o.atSteps < run.total)).toEqual(OUTAGES_AT.map(() => true));
    expect(outages.reduce((n, o) => n + o.answers503, 0)).toBeGreaterThanOrEqual(1);
  }, 480_000);
});
