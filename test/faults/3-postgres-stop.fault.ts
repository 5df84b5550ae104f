/**
 * Fault 3: PostgreSQL stops for 10 seconds while quote chains run (FAULTS_PG_STOP, then
 * FAULTS_PG_START). The API answers 503, step activities fail and are retried by Temporal, the
 * client retries each step with its key; afterwards nothing is lost and nothing applied twice.
 * This stops the whole server named by DATABASE_URL: every other user of it sees the outage too.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
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
import { readFaultEnv } from './support/env';
import { progress, shortId, sleep } from './support/log';
import { shell } from './support/processes';
import { contractCounter, verifyRun } from './support/verify';
import { startInProcessWorker } from './support/worker';

const NAME = 'PostgreSQL stop';
const CHAINS = 10;
const OUTAGE_MS = 10_000;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

describe('fault: PostgreSQL is stopped for 10 seconds mid-chain', () => {
  it(`${CHAINS} concurrent chains through a ${OUTAGE_MS / 1000} s database outage all reach costed; the API answers 503 meanwhile`, async () => {
    const env = readFaultEnv();
    const started = Date.now();
    const tag = `p${shortId()}`;
    const tcfg = scenarioTemporalConfig(inject('temporalAddress'), tag);
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

    let outage: { atSteps: number; answers503: number } | undefined;
    const stopDatabase = async () => {
      while (!run.finished && run.steps < 0.3 * run.total) await sleep(100);
      if (run.finished) return;
      const before503 = client.stats.statuses.get(503) ?? 0;
      const atSteps = run.steps;
      await shell(env.pgStop);
      progress(NAME, `PostgreSQL stopped (${env.pgStop}) at ${atSteps}/${run.total} steps`);
      try {
        await sleep(OUTAGE_MS);
      } finally {
        await shell(env.pgStart);
      }
      outage = { atSteps, answers503: (client.stats.statuses.get(503) ?? 0) - before503 };
      progress(NAME, `PostgreSQL started again (${env.pgStart}); ${outage.answers503} answers 503 meanwhile`);
    };
    const [chains] = await Promise.all([run.done, stopDatabase()]);
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
    expect(outage?.atSteps).toBeLessThan(run.total);
    expect(outage?.answers503).toBeGreaterThanOrEqual(1);
  }, 480_000);
});
