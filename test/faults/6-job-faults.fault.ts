/**
 * Fault 6: shipment jobs. Eight import jobs of two or three containers, under signed contracts (L/C,
 * ocean, customs, transport, billing), are driven over HTTP through every step — the step each job
 * says it waits for, checked against the machine's plan — with an exception raised and resolved in
 * customs on half of them, while the worker process is killed with SIGKILL several times and started
 * again. At the same time every step is contested: sent twice with one key, and at the same moment by
 * a second user of the step's role; exactly one may be applied. Afterwards each job is completed, its
 * audit rows are exactly its plan, its events, containers, receivables and notice exactly once.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/database';
import { ApiClient, scenarioTemporalConfig, startApi } from './support/api';
import { addRivalUsers, auditRowsOf, driveJob, prepareContracts, verifyJobs, type JobSpec } from './support/jobs';
import { progress, randomBetween, shortId, sleep } from './support/log';
import { WorkerProcess } from './support/processes';

const NAME = 'job faults';
const JOBS = 8;
const CONTRACTS = 4;
/** A kill each time this share of all steps is done: during payment and sea freight, customs, the containers, billing. */
const KILL_AT = [0.1, 0.35, 0.6, 0.85];
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

describe('fault: shipment jobs through worker crashes, with every step sent twice and by a rival', () => {
  it(`${JOBS} import jobs through ${KILL_AT.length} worker crashes all complete, each step applied exactly once`, async () => {
    const started = Date.now();
    const tag = `j${shortId()}`;
    const dbh = await createTestDatabase();
    cleanup.push(() => dbh.close());
    await addRivalUsers(dbh.db);
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
    const contractNos = await prepareContracts(client, tag, CONTRACTS);
    progress(NAME, `contracts signed: ${contractNos.join(', ')}`);

    // Two or three containers; customs inspects some; an exception in customs on every other job.
    const specs: JobSpec[] = Array.from({ length: JOBS }, (_, i) => ({
      label: `${tag}-j${i}`,
      contractNo: contractNos[i % CONTRACTS]!,
      containers: i % 3 === 0 ? 3 : 2,
      inspection: i % 4 >= 2,
      exception: i % 2 === 0,
    }));
    const totalSteps = specs.reduce((n, s) => n + auditRowsOf(s), 0);
    const violations: string[] = [];
    const refusals: string[] = [];
    let stepsDone = 0;
    let finished = false;
    const jobsDone = Promise.all(
      specs.map((spec, i) =>
        driveJob(client, spec, i, { thinkMs: [100, 600], onStep: () => (stepsDone += 1), violations, refusals }),
      ),
    ).then((r) => {
      finished = true;
      return r;
    });

    /** Steps done when each kill happened: a kill counts only if it hit jobs in the middle. */
    const stepsAtKill: number[] = [];
    const crashes = async () => {
      for (const share of KILL_AT) {
        while (!finished && stepsDone < share * totalSteps) await sleep(100);
        await sleep(randomBetween(0, 800));
        if (finished) break;
        await worker.kill9();
        stepsAtKill.push(stepsDone);
        progress(NAME, `kill -9 #${worker.kills} at ${stepsDone}/${totalSteps} steps`);
        await worker.start();
        progress(NAME, `worker restarted (${worker.starts} starts)`);
      }
    };
    const [runs] = await Promise.all([jobsDone, crashes()]);
    progress(NAME, `jobs done: ${client.stats.summary()}`);

    const { problems, facts } = await verifyJobs(dbh.db, runs, {
      api: client,
      client: api.client,
      workflowIdPrefix: tcfg.workflowIdPrefix,
      contractNos,
    });
    progress(
      NAME,
      `${facts.jobs} jobs ${runs.map((r) => r.jobNo).join(' ')}; ${facts.auditRows} job audit rows, ${facts.jobEvents} job events, ${facts.receivables} receivables; ` +
        `steps won by the second user of a role: ${facts.rivalWins}; refusals other than 409: ${refusals.length}; kills at ${JSON.stringify(stepsAtKill)}/${totalSteps} steps; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    expect.soft(worker.unexpectedExits).toEqual([]);
    // Lost or doubled steps, a rival applied beside the winner, a job that could not finish, a 5xx.
    expect.soft(violations).toEqual([]);
    expect.soft(problems).toEqual([]);
    expect.soft(client.stats.statuses.get(500) ?? 0).toBe(0);
    // The crashes really happened in the middle of the run.
    expect.soft(stepsAtKill.filter((n) => n > 0 && n < totalSteps).length).toBeGreaterThanOrEqual(3);
    // A refused rival or repeat is 409 (README: a step out of order is 409), whichever step it was.
    expect(refusals, 'rivals and repeats refused with another status than 409').toEqual([]);
  }, 300_000);
});
