/**
 * The checks every fault scenario ends with: each chain finished (quote `costed`, workflow completed,
 * inbox empty), each step applied exactly once under the key the client sent, contract numbers of the
 * run consecutive and unique with the counter agreeing, no duplicate audit row, audit chain intact.
 * Returns the problems found, so a failing scenario names all of them at once.
 */
import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database';
import { verifyAuditLog } from '../../../db/audit-verify';
import { businessYear } from '../../../lib/dates';
import { quoteWorkflowId } from '../../../workflows/ids';
import type { ChainOutcome } from './api';
import { sleep } from './log';

export interface RunFacts {
  quotes: number;
  contractNos: string[];
  auditRows: number;
}

/** The contract counter of this year (0 before the first contract). */
export async function contractCounter(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('counters')
    .select('last_value')
    .where('name', '=', 'contract_no')
    .where('period', '=', businessYear())
    .executeTakeFirst();
  return row?.last_value ?? 0;
}

/** Waits until the workflow of each quote has completed (it closes right after `costed`). */
async function workflowsCompleted(
  client: Client,
  prefix: string,
  quoteNos: string[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Map<string, string>(quoteNos.map((q) => [q, 'not described yet']));
  while (pending.size && Date.now() < deadline) {
    for (const q of [...pending.keys()]) {
      try {
        const d = await client.workflow.getHandle(quoteWorkflowId(prefix, q)).describe();
        if (d.status.name === 'COMPLETED') pending.delete(q);
        else pending.set(q, d.status.name);
      } catch (e) {
        pending.set(q, (e as Error).message);
      }
    }
    if (pending.size) await sleep(500);
  }
  return [...pending].map(([q, s]) => `workflow of ${q} did not complete: ${s}`);
}

export async function verifyRun(
  db: Kysely<Database>,
  chains: ChainOutcome[],
  o: { client: Client; workflowIdPrefix: string; expectedActions: readonly string[]; contractsBefore: number },
): Promise<{ problems: string[]; facts: RunFacts }> {
  const problems: string[] = [];
  for (const c of chains) if (c.error) problems.push(c.error);
  const quoteNos = chains.map((c) => c.quoteNo).filter((q): q is string => q !== undefined);
  if (quoteNos.length !== chains.length)
    problems.push(`${chains.length - quoteNos.length} chain(s) never got a quote number`);
  if (quoteNos.length === 0) return { problems, facts: { quotes: 0, contractNos: [], auditRows: 0 } };

  // Every step applied once, in order, under the key the client sent for it.
  const audit = await db
    .selectFrom('audit_log')
    .select(['record_id', 'action', 'idempotency_key', 'actor_id'])
    .where('record_type', '=', 'quote')
    .where('record_id', 'in', quoteNos)
    .orderBy('id')
    .execute();
  for (const c of chains) {
    if (!c.quoteNo) continue;
    const rows = audit.filter((r) => r.record_id === c.quoteNo);
    const actions = rows.map((r) => r.action);
    if (JSON.stringify(actions) !== JSON.stringify(o.expectedActions)) {
      problems.push(
        `${c.quoteNo} (${c.label}): audit actions ${JSON.stringify(actions)}, expected ${JSON.stringify(o.expectedActions)}`,
      );
      continue;
    }
    if (!c.error) {
      const keys = rows.map((r) => r.idempotency_key);
      if (JSON.stringify(keys) !== JSON.stringify(c.keys))
        problems.push(
          `${c.quoteNo} (${c.label}): audit keys ${JSON.stringify(keys)}, client sent ${JSON.stringify(c.keys)}`,
        );
      if (c.actors) {
        const actors = rows.map((r) => r.actor_id);
        if (JSON.stringify(actors) !== JSON.stringify(c.actors))
          problems.push(
            `${c.quoteNo} (${c.label}): audit actors ${JSON.stringify(actors)}, the winners were ${JSON.stringify(c.actors)}`,
          );
      }
    }
  }

  // Read model and inbox agree: costed, nothing left open.
  const quotes = await db
    .selectFrom('quotes')
    .select(['quote_no', 'status', 'contract_no'])
    .where('quote_no', 'in', quoteNos)
    .execute();
  for (const q of quoteNos) {
    const row = quotes.find((r) => r.quote_no === q);
    if (!row) problems.push(`${q}: no quotes row`);
    else if (row.status !== 'costed') problems.push(`${q}: status ${row.status}, expected costed`);
  }
  const open = await db
    .selectFrom('work_items')
    .select(['record_id', 'step'])
    .where('record_type', '=', 'quote')
    .where('record_id', 'in', quoteNos)
    .where('closed_at', 'is', null)
    .execute();
  for (const w of open) problems.push(`${w.record_id}: inbox item '${w.step}' still open`);

  // Each customer became formal exactly once (the first signature of its quote).
  const customerNos = [...new Set(chains.map((c) => c.customerNo))];
  const formalized = await db
    .selectFrom('audit_log')
    .select(['record_id', sql<number>`count(*)::int`.as('n')])
    .where('record_type', '=', 'customer')
    .where('action', '=', 'customer.formalized')
    .where('record_id', 'in', customerNos)
    .groupBy('record_id')
    .execute();
  for (const cn of customerNos) {
    const n = formalized.find((f) => f.record_id === cn)?.n ?? 0;
    if (n !== 1) problems.push(`customer ${cn}: ${n} 'customer.formalized' audit rows, expected 1`);
  }

  // Contract numbers: one per quote, unique, consecutive from the counter before the run; the counter agrees.
  const contracts = await db
    .selectFrom('contracts')
    .select(['quote_no', 'contract_no'])
    .where('quote_no', 'in', quoteNos)
    .execute();
  const contractNos: string[] = [];
  for (const q of quoteNos) {
    const c = contracts.find((r) => r.quote_no === q);
    const header = quotes.find((r) => r.quote_no === q)?.contract_no ?? null;
    if (!c?.contract_no) problems.push(`${q}: no contract number`);
    else {
      contractNos.push(c.contract_no);
      if (header !== c.contract_no)
        problems.push(`${q}: quote shows contract ${header}, contract row ${c.contract_no}`);
    }
  }
  const seqs = contractNos.map((n) => Number(/(\d+)$/.exec(n)?.[1] ?? NaN)).sort((a, b) => a - b);
  const expectedSeqs = quoteNos.map((_, i) => o.contractsBefore + i + 1);
  if (new Set(contractNos).size !== contractNos.length)
    problems.push(`duplicate contract numbers: ${JSON.stringify(contractNos.sort())}`);
  if (JSON.stringify(seqs) !== JSON.stringify(expectedSeqs))
    problems.push(`contract sequence numbers ${JSON.stringify(seqs)}, expected ${JSON.stringify(expectedSeqs)}`);
  const counter = await contractCounter(db);
  if (counter !== o.contractsBefore + quoteNos.length)
    problems.push(`contract counter at ${counter}, expected ${o.contractsBefore + quoteNos.length}`);

  // No audit row twice (the unique index would refuse it; this also catches a key-less duplicate), chain intact.
  const dupKeys = await db
    .selectFrom('audit_log')
    .select(['record_type', 'record_id', 'idempotency_key', sql<number>`count(*)::int`.as('n')])
    .where('idempotency_key', 'is not', null)
    .groupBy(['record_type', 'record_id', 'idempotency_key'])
    .having(sql`count(*)`, '>', 1)
    .execute();
  for (const d of dupKeys)
    problems.push(`audit key ${d.record_type}/${d.record_id}/${d.idempotency_key} appears ${d.n} times`);
  const keyless = await db
    .selectFrom('audit_log')
    .select(['record_type', 'record_id', 'action'])
    .where('idempotency_key', 'is', null)
    .where('record_type', '=', 'quote')
    .execute();
  for (const k of keyless)
    problems.push(`audit row without idempotency key: ${k.record_type}/${k.record_id} ${k.action}`);
  const chain = await verifyAuditLog(db);
  if (!chain.intact) problems.push(`audit hash chain broken: ${JSON.stringify(chain)}`);

  problems.push(...(await workflowsCompleted(o.client, o.workflowIdPrefix, quoteNos, 60_000)));
  const auditRows = (
    await db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  return { problems, facts: { quotes: quoteNos.length, contractNos: contractNos.sort(), auditRows } };
}
