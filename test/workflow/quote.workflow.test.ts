/**
 * The quote workflow on the real dev server: expiry and step due times as durable timers, exactly-once
 * contract numbers under retries and a crash around the commit, and concurrent approvals.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index';
import { listAuditForRecord } from '../../db/audit.repository';
import { findQuote } from '../../db/quote.repository';
import { quoteWorkflowId } from '../../workflows/ids';
import {
  quoteStatusQuery,
  quoteStepUpdate,
  type QuoteCommand,
  type QuoteWorkflow,
  type QuoteWorkflowInput,
} from '../../workflows/quote.definitions';
import { lockStandardTariff, newCustomer } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let customerNo: string;
let tariffVersionNo: number;

beforeAll(async () => {
  s = await startStack({ env: { QUOTE_SLA_COMMERCE_REVIEW: '1500ms' } });
  await s.db.updateTable('users').set({ manager_id: 'gm' }).where('id', '=', 'commerce').execute();
  tariffVersionNo = await lockStandardTariff(s);
  customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
});
afterAll(async () => s?.close());

let counter = 0;
const sales = { id: 'sales', role: 'sales' as const };

function input(over: Partial<QuoteWorkflowInput> = {}): QuoteWorkflowInput {
  counter += 1;
  return {
    quoteNo: `Q2099-${String(900000 + counter + Math.floor(Math.random() * 90000)).padStart(6, '0')}`,
    customerNo,
    ownerId: 'sales',
    tariffVersionNo,
    validUntil: '2099-12-31',
    expiresAt: '2099-12-31T16:00:00.000Z',
    lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '2' }],
    actor: sales,
    idempotencyKey: `draft-${counter}-${Math.random()}`,
    sla: { commerce_review: 1500 },
    ...over,
  };
}

async function start(i: QuoteWorkflowInput, taskQueue = s.temporalConfig.taskQueue) {
  return s.client.workflow.start<QuoteWorkflow>('quoteWorkflow', {
    workflowId: quoteWorkflowId(s.temporalConfig.workflowIdPrefix, i.quoteNo),
    taskQueue,
    args: [i],
  });
}

const send = (h: Awaited<ReturnType<typeof start>>, cmd: QuoteCommand) =>
  h.executeUpdate(quoteStepUpdate, { args: [cmd], updateId: cmd.idempotencyKey });
const ev = (type: string, actor: { id: string; role: string }, extra: Record<string, unknown> = {}) =>
  ({ event: { type, actor, ...extra }, idempotencyKey: `${type}-${Math.random()}` }) as QuoteCommand;

const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not reached in time');
};

/** Drives a quote up to contract approval (GM's turn). */
async function toContractApproval(h: Awaited<ReturnType<typeof start>>) {
  await send(h, ev('quote.submitted', sales));
  await send(h, ev('review.approved', { id: 'commerce', role: 'commerce' }));
  await send(h, ev('customer.confirmed', sales));
  await send(h, {
    ...ev('internal.submitted', { id: 'commerce', role: 'commerce' }),
    internal: { feeItems: [], project: { projectName: 'p' } },
  } as QuoteCommand);
  await send(h, ev('budget.approved', { id: 'gm', role: 'gm' }));
  await send(h, { ...ev('contract.drafted', { id: 'commerce', role: 'commerce' }), clauseChanges: [] } as QuoteCommand);
  await send(h, ev('contract.reviewed', { id: 'marketing_manager', role: 'marketing_manager' }));
}

const contractCounter = async () =>
  (await s.db.selectFrom('counters').select('last_value').where('name', '=', 'contract_no').executeTakeFirst())
    ?.last_value ?? 0;

describe('quote workflow timers', () => {
  it('a quote the customer never confirms expires at its validity by a durable timer', async () => {
    const i = input({ expiresAt: new Date(Date.now() + 2500).toISOString() });
    const h = await start(i);
    await send(h, ev('quote.submitted', sales));
    await send(h, ev('review.approved', { id: 'commerce', role: 'commerce' }));
    const result = await h.result();
    expect(result.status).toBe('expired');
    expect((await findQuote(s.db, i.quoteNo))?.status).toBe('expired');
    const audit = await listAuditForRecord(s.db, 'quote', i.quoteNo);
    expect(audit.at(-1)).toMatchObject({
      action: 'quote.expired',
      actor_id: 'system',
      from_state: 'awaiting_customer',
      to_state: 'expired',
    });
    const open = await s.db
      .selectFrom('work_items')
      .selectAll()
      .where('record_id', '=', i.quoteNo)
      .where('closed_at', 'is', null)
      .execute();
    expect(open).toHaveLength(0);
  });

  it('a commerce review past its due time is marked overdue, commerce is reminded and their manager told', async () => {
    const i = input();
    const h = await start(i);
    await send(h, ev('quote.submitted', sales));
    await until(async () => (await h.query(quoteStatusQuery)).overdue);
    const item = await s.db
      .selectFrom('work_items')
      .selectAll()
      .where('record_id', '=', i.quoteNo)
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ role: 'commerce', overdue: true });
    const notices = await s.db.selectFrom('notifications').selectAll().where('record_id', '=', i.quoteNo).execute();
    expect(notices.map((n) => [n.kind, n.recipient_id])).toEqual(
      expect.arrayContaining([
        ['step_overdue_reminder', 'commerce'],
        ['step_overdue_escalation', 'gm'],
      ]),
    );
    // The GM's mail names the late person by display name, not by user id, and the quote with its customer.
    const escalation = notices.find((n) => n.kind === 'step_overdue_escalation')!;
    const commerceName = (
      await s.db.selectFrom('users').select('display_name').where('id', '=', 'commerce').executeTakeFirstOrThrow()
    ).display_name;
    expect(escalation.body.startsWith(`${commerceName} 負責之報價 ${i.quoteNo} C`)).toBe(true);
    // The next step starts on time again.
    const v = await send(h, ev('review.approved', { id: 'commerce', role: 'commerce' }));
    expect(v).toMatchObject({ status: 'awaiting_customer', overdue: false });
    if (process.env.RECORD_HISTORIES === '1') {
      await writeFile('test/histories/quote-overdue.json', historyToJSON(await h.fetchHistory()));
    }
  });
});

describe('contract number', () => {
  it('is issued exactly once, without a gap, when the activity fails before and after its commit', async () => {
    const before = await contractCounter();
    // A worker whose step activity dies twice around the contract approval: once inside the
    // transaction (rolled back), once right after the commit (as if the process died before reporting).
    const acts = createActivities({
      db: s.db,
      config: { priceAuthorityDefaultPct: '5', contractNoFormat: 'HT{year}-{seq:5}' },
    });
    let calls = 0;
    const flaky = {
      ...acts,
      async recordQuoteStep(step: Parameters<typeof acts.recordQuoteStep>[0]) {
        if (step.action !== 'contract.approved') return acts.recordQuoteStep(step);
        calls += 1;
        if (calls === 1) {
          await s.db.transaction().execute(async () => {
            throw new Error('worker died before commit');
          });
        }
        const result = await acts.recordQuoteStep(step);
        if (calls === 2) throw new Error('worker died after commit, before reporting');
        return result;
      },
    };
    const taskQueue = `${s.temporalConfig.taskQueue}-flaky`;
    const bundle = JSON.parse(await readFile(inject('workflowBundlePath'), 'utf8'));
    const worker = await Worker.create({
      connection: s.worker.options.connection!,
      namespace: s.temporalConfig.namespace,
      taskQueue,
      workflowBundle: bundle,
      activities: flaky,
      dataConverter: s.worker.options.dataConverter!,
    });
    await worker.runUntil(async () => {
      const i = input();
      const h = await start(i, taskQueue);
      await toContractApproval(h);
      const v = await send(h, ev('contract.approved', { id: 'gm', role: 'gm' }));
      expect(calls).toBe(3);
      expect(v.contractNo).toMatch(/^HT\d{4}-\d{5}$/);
      expect(await contractCounter()).toBe(before + 1);
      expect(Number(v.contractNo!.slice(-5))).toBe(before + 1);
      const rows = await s.db.selectFrom('contracts').select('contract_no').where('quote_no', '=', i.quoteNo).execute();
      expect(rows).toEqual([{ contract_no: v.contractNo }]);
      const audit = await listAuditForRecord(s.db, 'quote', i.quoteNo);
      expect(audit.filter((a) => a.action === 'contract.approved')).toHaveLength(1);
    });
  });

  it('numbers of several contracts approved at once are consecutive and unique', async () => {
    const before = await contractCounter();
    const handles = await Promise.all([input(), input(), input(), input()].map((i) => start(i)));
    await Promise.all(handles.map((h) => toContractApproval(h)));
    const views = await Promise.all(handles.map((h) => send(h, ev('contract.approved', { id: 'gm', role: 'gm' }))));
    const seqs = views.map((v) => Number(v.contractNo!.slice(-5))).sort((a, b) => a - b);
    expect(seqs).toEqual([before + 1, before + 2, before + 3, before + 4]);
  });
});

describe('concurrent approvals', () => {
  it('two GMs approving the same budget at the same moment: exactly one succeeds, the other gets 409', async () => {
    await s.addUser('gm2', 'gm');
    const created = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo,
        validUntil: '2099-12-31',
        lines: [{ tariffLineNo: 2, quotedPrice: '350.00', quantity: '1' }],
      },
    });
    const no = created.body.quoteNo;
    for (const [as, path, body] of [
      ['sales', 'submit', undefined],
      ['commerce', 'approve', undefined],
      ['sales', 'confirm', undefined],
      ['commerce', 'internal-quote', { feeItems: [], project: { projectName: 'p' } }],
    ] as const) {
      const r = await s.http('POST', `/quotes/${no}/${path}`, { as, ...(body ? { body } : {}) });
      expect(r.status).toBe(200);
    }
    const results = await Promise.all([
      s.http('POST', `/quotes/${no}/budget-approve`, { as: 'gm' }),
      s.http('POST', `/quotes/${no}/budget-approve`, { as: 'gm2' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const audit = await listAuditForRecord(s.db, 'quote', no);
    expect(audit.filter((a) => a.action === 'budget.approved')).toHaveLength(1);
  });
});
