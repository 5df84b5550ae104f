/**
 * Fault 1: the worker process dies (SIGKILL: no shutdown, no draining) several times while quote
 * chains run over the HTTP API, and is started again each time. Activities and workflow tasks in
 * flight are lost with it; Temporal must hand them to the next worker, and the idempotent step writes
 * must make the redo harmless.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/database';
import {
  ApiClient,
  EXPECTED_ACTIONS,
  prepareBusiness,
  runChains,
  scenarioTemporalConfig,
  startApi,
} from './support/api';
import { progress, randomBetween, shortId, sleep } from './support/log';
import { WorkerProcess } from './support/processes';
import { contractCounter, verifyRun } from './support/verify';

const NAME = 'worker SIGKILL';
const CHAINS = 10;
const KILLS = 4;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

describe('fault: the worker process is killed with SIGKILL mid-chain and restarted', () => {
  it(`${CHAINS} concurrent chains through ${KILLS} worker crashes all reach costed, each step applied exactly once`, async () => {
    const started = Date.now();
    const tag = `k${shortId()}`;
    const dbh = await createTestDatabase();
    cleanup.push(() => dbh.close());
    const tcfg = scenarioTemporalConfig(inject('temporalAddress'), tag);
    const worker = new WorkerProcess({
      DATABASE_URL: dbh.url!,
      TEMPORAL_ADDRESS: tcfg.address,
      TEMPORAL_TASK_QUEUE: tcfg.taskQueue,
      LOG_LEVEL: 'warn',
    });
    cleanup.push(() => worker.stop());
    await worker.start();
    progress(NAME, `worker process up (task queue ${tcfg.taskQueue})`);
    const api = await startApi(dbh.db, tcfg);
    cleanup.push(() => api.close());
    const client = new ApiClient(api.baseUrl, api.token);
    const customers = await prepareBusiness(client, tag, CHAINS);
    const contractsBefore = await contractCounter(dbh.db);

    const run = runChains(client, tag, customers, [300, 1200]);

    /** Steps done when each kill happened: a kill counts only if it hit chains in the middle. */
    const stepsAtKill: number[] = [];
    const crashes = async () => {
      while (!run.finished && worker.kills < KILLS) {
        await sleep(randomBetween(1500, 3500));
        if (run.finished) break;
        await worker.kill9();
        stepsAtKill.push(run.steps);
        progress(NAME, `kill -9 #${worker.kills} at ${run.steps}/${run.total} steps`);
        await worker.start();
        progress(NAME, `worker restarted (${worker.starts} starts)`);
      }
    };
    const [chains] = await Promise.all([run.done, crashes()]);
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
    expect(worker.unexpectedExits).toEqual([]);
    expect(problems).toEqual([]);
    expect(client.stats.unexpected).toEqual([]);
    expect(client.stats.statuses.get(500) ?? 0).toBe(0);
    // The crashes really happened in the middle of the run.
    expect(stepsAtKill.filter((n) => n > 0 && n < run.total).length).toBeGreaterThanOrEqual(3);
  }, 480_000);
});
