/**
 * Fault 4: every step of many chains arrives several times at the same moment: twice with one
 * idempotency key (a client retrying before the first answer), and once more with another key from a
 * second user of the same role (or the same salesperson in a second tab, or commerce signing while the
 * salesperson does). Exactly one must be applied: the same-key pair both answer 200 when it wins, the
 * rival gets 409; a late repeat of either key gets the same answer again.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { upsertUser } from '../../db/user.repository';
import { createTestDatabase } from '../support/database';
import {
  ApiClient,
  CHAIN_STEPS,
  EXPECTED_ACTIONS,
  newQuoteBody,
  prepareBusiness,
  scenarioAppConfig,
  scenarioTemporalConfig,
  startApi,
  type ChainOutcome,
  type ChainStep,
  type Reply,
} from './support/api';
import { progress, shortId } from './support/log';
import { contractCounter, verifyRun } from './support/verify';
import { startInProcessWorker } from './support/worker';

const NAME = 'duplicate steps';
const CHAINS = 16;
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

/** Who else may take the step at the same moment. */
const SECOND: Record<string, string> = {
  commerce: 'commerce2',
  gm: 'gm2',
  marketing_manager: 'marketing_manager2',
  settlement: 'settlement2',
};
const rivalOf = (step: ChainStep) => (step.path === 'sign' ? 'commerce' : (SECOND[step.as] ?? step.as));

const shuffle = <T>(xs: T[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

/** Runs the requests at the same moment, in random order of sending; answers in the given order. */
async function together(calls: (() => Promise<Reply>)[]): Promise<Reply[]> {
  const order = shuffle(calls.map((_, i) => i));
  const answers: Reply[] = new Array(calls.length);
  await Promise.all(order.map(async (i) => (answers[i] = await calls[i]!())));
  return answers;
}

async function contestedChain(
  api: ApiClient,
  label: string,
  customerNo: string,
  violations: string[],
): Promise<ChainOutcome> {
  const out: ChainOutcome = { label, customerNo, keys: [], actors: [] };
  const createKey = `${label}-create`;
  const creates = await together(
    [0, 1].map(
      () => () => api.send('POST', '/quotes', { as: 'sales', key: createKey, body: newQuoteBody(customerNo) }),
    ),
  );
  const quoteNos = [...new Set(creates.map((c) => c.body?.quoteNo as string | undefined))];
  if (JSON.stringify(creates.map((c) => c.status).sort()) !== '[200,201]' || quoteNos.length !== 1 || !quoteNos[0]) {
    violations.push(
      `${label} create twice with key ${createKey}: ${JSON.stringify(creates.map((c) => [c.status, c.body?.quoteNo ?? c.body]))}, expected 201 and 200 with one quote number`,
    );
    out.error = `${label}: create failed`;
    return out;
  }
  const quoteNo = quoteNos[0];
  out.quoteNo = quoteNo;
  out.keys.push(createKey);
  out.actors!.push('sales');
  for (const [i, step] of CHAIN_STEPS.entries()) {
    const rival = rivalOf(step);
    const keyA = `${label}-s${i + 1}-${step.path}-a`;
    const keyB = `${label}-s${i + 1}-${step.path}-b`;
    const body = step.body !== undefined ? { body: step.body } : {};
    const path = `/quotes/${quoteNo}/${step.path}`;
    const sendA = () => api.send('POST', path, { as: step.as, key: keyA, ...body });
    const sendB = () => api.send('POST', path, { as: rival, key: keyB, ...body });
    const [a1, a2, b] = await together([sendA, sendA, sendB]);
    const what = `${quoteNo} ${step.path}: ${step.as} twice with ${keyA} → ${a1!.status}, ${a2!.status}; ${rival} with ${keyB} → ${b!.status}`;
    if (a1!.status !== a2!.status) violations.push(`${what}: the same key got different answers`);
    const aWon = a1!.status === 200 || a2!.status === 200;
    const bWon = b!.status === 200;
    if (aWon === bWon) {
      violations.push(
        `${what}: expected exactly one of the two keys to succeed ${JSON.stringify([a1!.body?.message, a2!.body?.message, b!.body?.message])}`,
      );
      out.error = `${label}: stopped at ${step.path}`;
      return out;
    }
    const [winnerKey, winner, loserKey, loser, loserStatus] = aWon
      ? [keyA, step.as, keyB, rival, b!.status]
      : [keyB, rival, keyA, step.as, a1!.status];
    if (loserStatus !== 409) violations.push(`${what}: the loser got ${loserStatus}, expected 409`);
    // A late repeat of each key: the winner's is answered 200 from the record, the loser's is still refused.
    const [lateWinner, lateLoser] = await together([
      () => api.send('POST', path, { as: winner, key: winnerKey, ...body }),
      () => api.send('POST', path, { as: loser, key: loserKey, ...body }),
    ]);
    if (lateWinner!.status !== 200)
      violations.push(
        `${quoteNo} ${step.path}: late repeat of the winning key ${winnerKey} → ${lateWinner!.status}, expected 200`,
      );
    if (lateLoser!.status !== 409)
      violations.push(
        `${quoteNo} ${step.path}: late repeat of the losing key ${loserKey} → ${lateLoser!.status}, expected 409`,
      );
    out.keys.push(winnerKey);
    out.actors!.push(winner);
  }
  return out;
}

describe('fault: the same step twice with one key, and by two users at the same moment', () => {
  it(`over ${CHAINS} concurrent chains exactly one of the rival requests is applied at each step`, async () => {
    const started = Date.now();
    const tag = `d${shortId()}`;
    const tcfg = scenarioTemporalConfig(inject('temporalAddress'), tag);
    const config = scenarioAppConfig();
    const dbh = await createTestDatabase();
    cleanup.push(() => dbh.close());
    for (const [role, id] of Object.entries(SECOND))
      await upsertUser(dbh.db, { id, display_name: id, role: role as never, manager_id: null });
    const worker = await startInProcessWorker(tcfg, dbh.url!, config);
    cleanup.push(() => worker.stop());
    const api = await startApi(dbh.db, tcfg, config);
    cleanup.push(() => api.close());
    const client = new ApiClient(api.baseUrl, api.token);
    const customers = await prepareBusiness(client, tag, CHAINS);
    const contractsBefore = await contractCounter(dbh.db);

    const violations: string[] = [];
    const chains = await Promise.all(
      customers.map((customerNo, i) => contestedChain(client, `${tag}-c${i}`, customerNo, violations)),
    );
    progress(NAME, `chains done: ${client.stats.summary()}`);
    const rivalWins = chains
      .flatMap((c) => c.actors ?? [])
      .filter((a, i) => i % EXPECTED_ACTIONS.length !== 0 && /2$/.test(a)).length;
    progress(NAME, `steps won by the second user of a role: ${rivalWins}`);

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
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    expect(client.stats.statuses.get(500) ?? 0).toBe(0);
    expect(client.stats.statuses.get(503) ?? 0).toBe(0);
  }, 480_000);
});
