/**
 * Shipment jobs in the fault suite: signed contracts to open them under, a driver that takes an import
 * job through every step over HTTP — sending what the job says it waits for (`waiting`), checked
 * against the plan built from machines/job.machine.ts — with every step contested (twice with one key,
 * and at the same moment by a second user of the role), and the checks the scenario ends with.
 */
import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database';
import { upsertUser } from '../../../db/user.repository';
import { verifyAuditLog } from '../../../db/audit-verify';
import { stageSteps, type JobStage, type StepDef } from '../../../machines/job.machine';
import type { Role } from '../../../machines/roles';
import { jobWorkflowId } from '../../../workflows/ids';
import { addDays, customsLine, lcLine, newCustomer, oceanLine, today, transportLine } from '../../support/fixtures';
import type { ApiClient, Reply } from './api';
import { randomBetween, sleep } from './log';
import { containerCheckDigit } from '../../../domain/container-number';

/** An ISO 6346-valid container number: owner code + serial (10 characters) + its check digit. */
const isoContainerNo = (first10: string) => `${first10}${containerCheckDigit(first10) % 10}`;

/** The second user of each role that records job steps: the rival at every step. */
export const RIVALS: Readonly<Record<string, string>> = {
  finance: 'finance2',
  ocean: 'ocean2',
  customs: 'customs2',
  operations: 'operations2',
  dispatch: 'dispatch2',
  settlement: 'settlement2',
};

export async function addRivalUsers(db: Kysely<Database>): Promise<void> {
  for (const [role, id] of Object.entries(RIVALS))
    await upsertUser(db, { id, display_name: id, role: role as Role, manager_id: null });
}

/** Stages of a job under the contracts of `prepareContracts` (L/C, ocean, customs, transport; billing always). */
export const CONTRACT_STAGES: readonly JobStage[] = ['payment', 'sea_freight', 'customs', 'transport', 'billing'];

/**
 * A locked tariff with ocean freight (line 1), customs (2), transport (3) and L/C (4), and `n` contracts
 * of `sales` signed over it (test/support/fixtures.ts signedContract, through the retrying client).
 */
export async function prepareContracts(api: ApiClient, tag: string, n: number): Promise<string[]> {
  const ok = (what: string, r: Reply, statuses = [200]) => {
    if (!statuses.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const tariff = ok(
    'create tariff',
    await api.send('POST', '/tariffs', {
      as: 'commerce',
      key: `${tag}-tariff`,
      body: {
        title: '標準報價 with L/C',
        effectiveFrom: today(),
        lines: [oceanLine(), customsLine(), transportLine(), lcLine()],
      },
    }),
    [200, 201],
  );
  ok(
    'submit tariff',
    await api.send('POST', `/tariffs/${tariff.versionNo}/submit`, { as: 'commerce', key: `${tag}-tariff-submit` }),
  );
  ok(
    'approve tariff',
    await api.send('POST', `/tariffs/${tariff.versionNo}/approve`, { as: 'gm', key: `${tag}-tariff-approve` }),
  );
  const steps: [string, string, unknown?][] = [
    ['sales', 'submit'],
    ['commerce', 'approve'],
    ['sales', 'confirm'],
    [
      'commerce',
      'internal-quote',
      {
        feeItems: [{ name: '碼頭操作費 terminal handling', currency: 'CNY', amount: '850.00', payer: 'customer' }],
        project: { projectName: '進口 import' },
      },
    ],
    ['gm', 'budget-approve'],
    ['commerce', 'contract', { clauseChanges: [] }],
    ['marketing_manager', 'contract-review'],
    ['gm', 'contract-approve'],
    ['sales', 'sign'],
  ];
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const label = `${tag}-k${i}`;
      const customer = ok(
        'create customer',
        await api.send('POST', '/customers', {
          as: 'sales',
          key: `${label}-customer`,
          body: newCustomer({ fullName: `華南電子 ${label} 進口客戶` }),
        }),
        [200, 201],
      );
      const quote = ok(
        'create quote',
        await api.send('POST', '/quotes', {
          as: 'sales',
          key: `${label}-quote`,
          body: {
            customerNo: customer.customerNo,
            validUntil: addDays(today(), 30),
            lines: [
              { tariffLineNo: 1, quotedPrice: '2450.00', quantity: '4' },
              { tariffLineNo: 2, quotedPrice: '350.00', quantity: '4' },
              { tariffLineNo: 3, quotedPrice: '1800.00', quantity: '4' },
              { tariffLineNo: 4, quotedPrice: '0.1500', quantity: '100000.00' },
            ],
          },
        }),
        [200, 201],
      );
      let contractNo = '';
      for (const [as, path, body] of steps) {
        const r = ok(
          `${quote.quoteNo} ${path}`,
          await api.send('POST', `/quotes/${quote.quoteNo}/${path}`, {
            as,
            key: `${label}-${path}`,
            ...(body !== undefined ? { body } : {}),
          }),
        );
        contractNo = r.contractNo ?? contractNo;
      }
      if (!contractNo) throw new Error(`${quote.quoteNo}: signed without a contract number`);
      return contractNo;
    }),
  );
}

/** One job of the scenario: its contract, containers, whether customs inspects, whether an exception is raised in customs. */
export interface JobSpec {
  label: string;
  contractNo: string;
  containers: number;
  inspection: boolean;
  exception: boolean;
}

/** What the job must go through, in order: job-level steps, the exception, and the per-container block. */
export type PlanItem =
  { kind: 'step'; def: StepDef } | { kind: 'raise' } | { kind: 'resolve' } | { kind: 'containers'; steps: StepDef[] };

/** The plan of an import job paid by L/C, from the machine's stage table (not from what the job answers). */
export function planOf(spec: JobSpec): PlanItem[] {
  const items: PlanItem[] = [];
  for (const stage of CONTRACT_STAGES) {
    const defs = stageSteps(stage, 'import', 'lc').filter((d) => d.when !== 'inspectionRequired' || spec.inspection);
    const block = defs.filter((d) => d.perContainer);
    for (const def of defs.filter((d) => !d.perContainer)) {
      if (spec.exception && def.step === 'customs.released') items.push({ kind: 'resolve' });
      items.push({ kind: 'step', def });
      if (spec.exception && def.step === 'customs.declared') items.push({ kind: 'raise' });
    }
    if (block.length) items.push({ kind: 'containers', steps: block });
  }
  return items;
}

export const containerKeys = (spec: JobSpec) => Array.from({ length: spec.containers }, (_, i) => `C${i + 1}`);

/** Accepted requests of a job, as the audit log must show them: action, container, key, user. */
export interface Applied {
  action: string;
  container?: string;
  key: string;
  actor: string;
}

export interface JobRun {
  spec: JobSpec;
  jobNo?: string;
  exceptionId?: number;
  /** In the order the client saw them accepted (per container, in order; containers interleave). */
  applied: Applied[];
  error?: string;
}

interface Waiting {
  step: string;
  roles: string[];
  container?: string;
}

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
  const answers: Reply[] = new Array(calls.length);
  await Promise.all(shuffle(calls.map((_, i) => i)).map(async (i) => (answers[i] = await calls[i]!())));
  return answers;
}

/** A refusal with another 4xx than 409: nothing applied, but not the answer README promises for a step already taken. */
const refusal = (r: Reply) => r.status >= 400 && r.status < 500;

const msg = (r: Reply | undefined) => `${r?.status} ${String(r?.body?.message ?? '').slice(0, 160)}`;

class Stop extends Error {}

function stepBody(
  spec: JobSpec,
  step: string,
  container: string | undefined,
  i: number,
): Record<string, unknown> | undefined {
  switch (step) {
    case 'customs.declared':
      return { inspectionRequired: spec.inspection };
    case 'transport.delivery_arranged':
      return { deliveryDate: addDays(today(), 2), deliveryPlace: '東莞工廠 Dongguan factory' };
    case 'transport.truck_assigned':
      return {
        container,
        truck: `粵B${String(10_000 + i * 10 + Number(container?.slice(1) ?? 0))}`,
        driver: '王師傅',
        driverPhone: '138 0000 0000',
      };
    case 'transport.arrived':
      return { container, customerConfirmed: true };
    case 'billing.receivables_raised':
      return { charges: [{ label: '關稅 import duty', currency: 'CNY', amount: '12000.00' }] };
    default:
      return container ? { container } : undefined;
  }
}

/**
 * Drives one import job from its creation to `completed`. Every step goes out three times at once: twice
 * by the role's first user with one key, once by its second user with another; exactly one key must be
 * applied (the same-key pair answering alike, the loser 409), and a late repeat of each key must get the
 * same answer again. Per-container steps of different containers run side by side. Each step sent is
 * the one `waiting` names; it must be the plan's next. Never throws: what stopped the job is in `error`.
 * A rival or repeat refused with another 4xx than 409 goes to `refusals` (nothing applied twice, but
 * README says a step out of order is 409); everything else that breaks the rules goes to `violations`.
 */
export async function driveJob(
  api: ApiClient,
  spec: JobSpec,
  index: number,
  o: { thinkMs: [number, number]; onStep: () => void; violations: string[]; refusals: string[] },
): Promise<JobRun> {
  const run: JobRun = { spec, applied: [] };
  const fail = (text: string): never => {
    o.violations.push(`${spec.label}${run.jobNo ? ` ${run.jobNo}` : ''}: ${text}`);
    throw new Stop(text);
  };
  let n = 0;
  const get = async () => {
    const r = await api.send('GET', `/jobs/${run.jobNo}`, { as: 'operations', key: `${spec.label}-get-${(n += 1)}` });
    if (r.status !== 200) fail(`GET → ${msg(r)}`);
    return r.body;
  };

  /** One contested request; returns the winner's (late) answer. */
  const contest = async (
    what: string,
    path: string,
    as: string,
    rival: string | null,
    keyBase: string,
    body: unknown,
    record: Omit<Applied, 'key' | 'actor'>,
  ) => {
    const keyA = `${keyBase}-a`;
    const keyB = `${keyBase}-b`;
    const b = body !== undefined ? { body } : {};
    const sendA = () => api.send('POST', path, { as, key: keyA, ...b });
    const sendB = () => api.send('POST', path, { as: rival!, key: keyB, ...b });
    const [a1, a2, r] = await together(rival ? [sendA, sendA, sendB] : [sendA, sendA]);
    const told = `${what}: ${as} twice with ${keyA} → ${msg(a1)} / ${msg(a2)}${rival ? `; ${rival} with ${keyB} → ${msg(r)}` : ''}`;
    if (a1!.status !== a2!.status)
      o.violations.push(`${spec.label} ${run.jobNo}: ${told}: the same key got different answers`);
    const aWon = a1!.status === 200 || a2!.status === 200;
    const bWon = r?.status === 200;
    if (aWon === bWon) fail(`${told}: expected exactly one of the keys to be applied`);
    const [winKey, winner, loseKey, loser, lost] = aWon ? [keyA, as, keyB, rival, r] : [keyB, rival!, keyA, as, a1];
    if (lost && lost.status !== 409)
      (refusal(lost) ? o.refusals : o.violations).push(
        `${spec.label} ${run.jobNo}: ${told}: the loser got ${lost.status}, expected 409`,
      );
    const [late, lateLoser] = await together([
      () => api.send('POST', path, { as: winner, key: winKey, ...b }),
      ...(loser ? [() => api.send('POST', path, { as: loser, key: loseKey, ...b })] : []),
    ]);
    if (late!.status !== 200)
      o.violations.push(
        `${spec.label} ${run.jobNo}: ${what}: late repeat of the applied key ${winKey} → ${msg(late)}, expected 200`,
      );
    if (lateLoser && lateLoser.status !== 409)
      (refusal(lateLoser) ? o.refusals : o.violations).push(
        `${spec.label} ${run.jobNo}: ${what}: late repeat of the refused key ${loseKey} → ${msg(lateLoser)}, expected 409`,
      );
    run.applied.push({ ...record, key: winKey, actor: winner });
    o.onStep();
    return (late!.status === 200 ? late! : aWon ? (a1!.status === 200 ? a1! : a2!) : r!).body;
  };

  /** The step `waiting` names (checked against the plan), contested by the second user of its role. */
  const step = async (detail: any, def: StepDef, container: string | undefined, seq: string) => {
    const waiting = (detail.waiting ?? []) as Waiting[];
    const due = container ? waiting.find((w) => w.container === container) : waiting[0];
    if (!due || (!container && waiting.length !== 1) || due.step !== def.step || due.container !== container) {
      fail(`waits for ${JSON.stringify(waiting)}, the plan expects ${def.step}${container ? ` (${container})` : ''}`);
    }
    const role = due!.roles[0]!;
    if (!def.roles.includes(role as Role))
      fail(`${def.step} waits for role ${role}, the plan says ${def.roles.join('/')}`);
    await sleep(randomBetween(...o.thinkMs));
    const what = `${def.step}${container ? ` ${container}` : ''}`;
    return contest(
      what,
      `/jobs/${run.jobNo}/steps/${def.step}`,
      role,
      RIVALS[role] ?? null,
      `${spec.label}-${seq}`,
      stepBody(spec, def.step, container, index),
      {
        action: def.step,
        ...(container ? { container } : {}),
      },
    );
  };

  try {
    // The order, sent twice with one key: one job.
    const createKey = `${spec.label}-create`;
    const createBody = {
      contractNo: spec.contractNo,
      direction: 'import',
      containers: {
        type: '40HQ',
        count: spec.containers,
        numbers: [isoContainerNo(`MSCU${String(100_000 + index).padStart(6, '0')}`)],
      },
      cargo: '手機配件 phone accessories',
      portOfLoading: 'Los Angeles',
      portOfDischarge: '鹽田 Yantian',
      vessel: 'EVER GIVEN',
      voyage: `0${index}E`,
      urgent: index % 3 === 0,
    };
    const creates = await together(
      [0, 1].map(() => () => api.send('POST', '/jobs', { as: 'sales', key: createKey, body: createBody })),
    );
    const jobNos = [...new Set(creates.map((c) => c.body?.jobNo as string | undefined))];
    if (
      creates.some((c) => c.status !== 200 && c.status !== 201) ||
      creates.filter((c) => c.status === 201).length > 1 ||
      jobNos.length !== 1 ||
      !jobNos[0]
    ) {
      fail(
        `POST /jobs twice with key ${createKey}: ${JSON.stringify(creates.map((c) => [c.status, c.body?.jobNo ?? c.body]))}, expected one job (201 and/or 200)`,
      );
    }
    run.jobNo = jobNos[0]!;
    run.applied.push({ action: 'job.created', key: createKey, actor: 'sales' });
    o.onStep();
    let detail = creates[0]!.body;
    if (JSON.stringify(detail.stages) !== JSON.stringify(CONTRACT_STAGES) || detail.paymentMethod !== 'lc')
      fail(
        `stages ${JSON.stringify(detail.stages)} / ${detail.paymentMethod}, expected ${JSON.stringify(CONTRACT_STAGES)} / lc`,
      );

    let seq = 0;
    for (const item of planOf(spec)) {
      seq += 1;
      if (item.kind === 'step') {
        detail = await step(detail, item.def, undefined, `s${seq}-${item.def.step}`);
      } else if (item.kind === 'raise') {
        await sleep(randomBetween(...o.thinkMs));
        const body = {
          stage: 'customs',
          type: 'customs_anomaly',
          description: `品名與申報不符 description mismatch (${spec.label})`,
          customerNotified: true,
          remedy: '補充資料 supplementary documents',
        };
        detail = await contest(
          'raise exception',
          `/jobs/${run.jobNo}/exceptions`,
          'customs',
          null,
          `${spec.label}-s${seq}-raise`,
          body,
          { action: 'exception.raised' },
        );
        const open = ((detail.exceptions ?? []) as { id: number; status: string }[]).filter((x) => x.status === 'open');
        if (open.length !== 1)
          fail(`after raising once (two requests, one key): exceptions ${JSON.stringify(detail.exceptions)}`);
        run.exceptionId = open[0]!.id;
      } else if (item.kind === 'resolve') {
        await sleep(randomBetween(...o.thinkMs));
        detail = await contest(
          'resolve exception',
          `/jobs/${run.jobNo}/exceptions/${run.exceptionId}/resolve`,
          'customs',
          RIVALS.customs!,
          `${spec.label}-s${seq}-resolve`,
          { resolution: '已補件 documents supplied' },
          { action: 'exception.resolved' },
        );
      } else {
        // Each container on its own lane, side by side; every lane ends before the job goes on.
        const first = detail;
        const lanes = await Promise.allSettled(
          containerKeys(spec).map(async (c) => {
            let lane = first;
            for (const [k, def] of item.steps.entries())
              lane = await step(lane, def, c, `s${seq}-${c}-${k + 1}-${def.step}`);
            if (((lane.waiting ?? []) as Waiting[]).some((w) => w.container === c))
              fail(`container ${c} still waited on after its last step: ${JSON.stringify(lane.waiting)}`);
          }),
        );
        const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
        if (failed) throw failed.reason;
        detail = await get();
      }
    }
    if (detail.status !== 'completed' || (detail.waiting ?? []).length !== 0)
      fail(`after the last step: status ${detail.status}, waiting ${JSON.stringify(detail.waiting)}`);
  } catch (e) {
    run.error = `${spec.label}${run.jobNo ? ` ${run.jobNo}` : ''}: ${e instanceof Stop ? e.message : (e as Error).stack}`;
  }
  return run;
}

/** Steps (audit rows) a finished job of `spec` leaves: creation, plan, exception raise/resolve. */
export const auditRowsOf = (spec: JobSpec) =>
  1 + planOf(spec).reduce((n, it) => n + (it.kind === 'containers' ? it.steps.length * spec.containers : 1), 0);

/** Receivables of a finished job: the contract's prices for its 40HQ containers, the customer's fee item, the charge entered. */
function expectedReceivables(containers: number): string[] {
  return [
    `service USD ${(2450 * containers).toFixed(2)}`,
    // L/C agency 0.15 % of the value the contract was priced on (USD 100,000): billed since issue 10 #10.
    `service USD 150.00`,
    `service CNY 350.00`,
    `service CNY ${(1800 * containers).toFixed(2)}`,
    `fee_item CNY 850.00`,
    `actual_charge CNY 12000.00`,
  ].sort();
}

async function workflowsCompleted(
  client: Client,
  prefix: string,
  jobNos: string[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Map<string, string>(jobNos.map((j) => [j, 'not described yet']));
  while (pending.size && Date.now() < deadline) {
    for (const j of [...pending.keys()]) {
      try {
        const d = await client.workflow.getHandle(jobWorkflowId(prefix, j)).describe();
        if (d.status.name === 'COMPLETED') pending.delete(j);
        else pending.set(j, d.status.name);
      } catch (e) {
        pending.set(j, (e as Error).message);
      }
    }
    if (pending.size) await sleep(500);
  }
  return [...pending].map(([j, s]) => `workflow of job ${j} did not complete: ${s}`);
}

export interface JobFacts {
  jobs: number;
  auditRows: number;
  jobEvents: number;
  receivables: number;
  rivalWins: number;
}

/**
 * Every job completed (read model, API and workflow); its audit rows exactly its plan — job-level steps
 * and the exception in order, each container's steps in order, all containers between dispatch and
 * billing — each under the key and by the user that won; one job event per accepted step; containers
 * arrived and unloaded; receivables raised once; one delivery notice; no audit key twice; chain intact.
 */
export async function verifyJobs(
  db: Kysely<Database>,
  runs: JobRun[],
  o: { api: ApiClient; client: Client; workflowIdPrefix: string; contractNos: string[] },
): Promise<{ problems: string[]; facts: JobFacts }> {
  const problems: string[] = [];
  for (const r of runs) if (r.error) problems.push(r.error);
  const jobNos = runs.map((r) => r.jobNo).filter((j): j is string => j !== undefined);
  if (jobNos.length !== runs.length) problems.push(`${runs.length - jobNos.length} job(s) never got a job number`);
  const facts: JobFacts = { jobs: jobNos.length, auditRows: 0, jobEvents: 0, receivables: 0, rivalWins: 0 };
  if (!jobNos.length) return { problems, facts };

  const [audit, events, containers, receivables, exceptions, notices, jobs] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select(['record_id', 'action', 'idempotency_key', 'actor_id', 'changes'])
      .where('record_type', '=', 'job')
      .where('record_id', 'in', jobNos)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('job_events')
      .select(['job_no', 'step', 'container_key', 'idempotency_key'])
      .where('job_no', 'in', jobNos)
      .orderBy('id')
      .execute(),
    db.selectFrom('job_containers').selectAll().where('job_no', 'in', jobNos).execute(),
    db
      .selectFrom('receivables')
      .select(['job_no', 'source', 'currency', 'amount', 'label'])
      .where('job_no', 'in', jobNos)
      .execute(),
    db
      .selectFrom('job_exceptions')
      .select(['job_no', 'id', 'status', 'resolved_by'])
      .where('job_no', 'in', jobNos)
      .execute(),
    db
      .selectFrom('notifications')
      .select(['record_id', 'kind'])
      .where('record_type', '=', 'job')
      .where('record_id', 'in', jobNos)
      .execute(),
    db
      .selectFrom('jobs')
      .select(['job_no', 'status', 'completed_at', 'contract_no'])
      .where('contract_no', 'in', o.contractNos)
      .execute(),
  ]);
  facts.auditRows = audit.length;
  facts.jobEvents = events.length;
  facts.receivables = receivables.length;

  if (jobs.length !== runs.length)
    problems.push(
      `${jobs.length} jobs under the run's contracts, expected ${runs.length}: ${JSON.stringify(jobs.map((j) => j.job_no))}`,
    );
  for (const run of runs) {
    const no = run.jobNo;
    if (!no) continue;
    const id = `${no} (${run.spec.label})`;
    const job = jobs.find((j) => j.job_no === no);
    if (job?.status !== 'completed' || !job.completed_at)
      problems.push(`${id}: read model status ${job?.status}, completed_at ${String(job?.completed_at)}`);
    const shown = await o.api.send('GET', `/jobs/${no}`, { as: 'operations', key: `${run.spec.label}-verify` });
    if (shown.status !== 200 || shown.body.status !== 'completed')
      problems.push(`${id}: GET /jobs → ${shown.status} status ${shown.body?.status}`);

    // Audit: exactly the plan, in order, each under the winning key and user.
    const rows = audit.filter((a) => a.record_id === no);
    const containerOf = (a: (typeof rows)[number]) => (a.changes as { container?: string } | null)?.container;
    const collapsed: string[] = [];
    for (const a of rows) {
      const c = containerOf(a);
      if (!c) collapsed.push(a.action);
      else if (collapsed.at(-1) !== '<containers>') collapsed.push('<containers>');
    }
    const expected = [
      'job.created',
      ...planOf(run.spec).map((it) =>
        it.kind === 'step'
          ? it.def.step
          : it.kind === 'raise'
            ? 'exception.raised'
            : it.kind === 'resolve'
              ? 'exception.resolved'
              : '<containers>',
      ),
    ];
    if (JSON.stringify(collapsed) !== JSON.stringify(expected))
      problems.push(`${id}: audit actions ${JSON.stringify(collapsed)}, expected ${JSON.stringify(expected)}`);
    const block = planOf(run.spec).find((it) => it.kind === 'containers');
    for (const c of containerKeys(run.spec)) {
      const got = rows.filter((a) => containerOf(a) === c).map((a) => a.action);
      const want = block?.kind === 'containers' ? block.steps.map((s) => s.step) : [];
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(`${id}: container ${c} audit actions ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
    if (rows.length !== auditRowsOf(run.spec))
      problems.push(`${id}: ${rows.length} audit rows, expected ${auditRowsOf(run.spec)}`);
    if (!run.error) {
      const sig = (x: { action: string; container?: string | undefined; key: string | null; actor: string }) =>
        `${x.action}|${x.container ?? ''}|${x.key}|${x.actor}`;
      const got = rows
        .map((a) => sig({ action: a.action, container: containerOf(a), key: a.idempotency_key, actor: a.actor_id }))
        .sort();
      const sent = run.applied.map(sig).sort();
      if (JSON.stringify(got) !== JSON.stringify(sent))
        problems.push(
          `${id}: audit (action|container|key|user) ${JSON.stringify(got)}, the client had applied ${JSON.stringify(sent)}`,
        );
    }

    // One job event per accepted step, under its key.
    const ev = events.filter((e) => e.job_no === no);
    const stepRows = rows.filter((a) => a.action !== 'exception.raised' && a.action !== 'exception.resolved');
    const evSig = ev.map((e) => `${e.step}|${e.container_key ?? ''}|${e.idempotency_key}`).sort();
    const auditSig = stepRows.map((a) => `${a.action}|${containerOf(a) ?? ''}|${a.idempotency_key}`).sort();
    if (JSON.stringify(evSig) !== JSON.stringify(auditSig))
      problems.push(`${id}: job_events ${JSON.stringify(evSig)}, audit steps ${JSON.stringify(auditSig)}`);
    if (new Set(ev.map((e) => e.idempotency_key)).size !== ev.length)
      problems.push(`${id}: a job_events key appears twice`);

    // Containers at the factory and unloaded.
    const cs = containers.filter((c) => c.job_no === no);
    if (cs.length !== run.spec.containers)
      problems.push(`${id}: ${cs.length} job_containers rows, expected ${run.spec.containers}`);
    for (const c of cs) {
      if (!c.arrived_at || !c.unloaded_at || !c.truck || !c.customer_confirmed)
        problems.push(
          `${id} ${c.container_key}: arrived_at ${String(c.arrived_at)}, unloaded_at ${String(c.unloaded_at)}, truck ${c.truck}, confirmed ${c.customer_confirmed}`,
        );
    }

    // Receivables raised once: the table and the API agree with the contract.
    const rs = receivables.filter((r) => r.job_no === no);
    const want = expectedReceivables(run.spec.containers);
    if (rs.length !== want.length)
      problems.push(
        `${id}: ${rs.length} receivable rows, expected ${want.length}: ${JSON.stringify(rs.map((r) => [r.source, r.label, r.amount]))}`,
      );
    if (shown.status === 200) {
      const got = (shown.body.receivables as { source: string; currency: string; amount: string }[])
        .map((r) => `${r.source} ${r.currency} ${r.amount}`)
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(`${id}: receivables ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }

    // The exception: raised once, resolved by whoever won; none elsewhere. One delivery notice.
    const xs = exceptions.filter((x) => x.job_no === no);
    if (run.spec.exception) {
      const resolver = run.applied.find((a) => a.action === 'exception.resolved')?.actor;
      if (xs.length !== 1 || xs[0]!.status !== 'resolved' || (resolver && xs[0]!.resolved_by !== resolver))
        problems.push(`${id}: exceptions ${JSON.stringify(xs)}, expected one resolved by ${resolver}`);
    } else if (xs.length) problems.push(`${id}: unexpected exceptions ${JSON.stringify(xs)}`);
    const ns = notices.filter((x) => x.record_id === no && x.kind === 'customer_delivery_notice');
    if (ns.length !== 1) problems.push(`${id}: ${ns.length} delivery notices, expected 1`);
    facts.rivalWins += run.applied.filter((a) => /2$/.test(a.actor)).length;
  }

  // No key twice: not per record (the unique index), and not across the run's jobs either; none missing.
  const dupKeys = await db
    .selectFrom('audit_log')
    .select(['record_type', 'idempotency_key', sql<number>`count(*)::int`.as('n')])
    .where('idempotency_key', 'is not', null)
    .groupBy(['record_type', 'idempotency_key'])
    .having(sql`count(*)`, '>', 1)
    .execute();
  for (const d of dupKeys) problems.push(`audit key ${d.record_type}/${d.idempotency_key} appears ${d.n} times`);
  const keyless = audit.filter((a) => !a.idempotency_key);
  for (const k of keyless) problems.push(`job audit row without idempotency key: ${k.record_id} ${k.action}`);
  const dupEvents = await db
    .selectFrom('job_events')
    .select(['job_no', 'idempotency_key', sql<number>`count(*)::int`.as('n')])
    .groupBy(['job_no', 'idempotency_key'])
    .having(sql`count(*)`, '>', 1)
    .execute();
  for (const d of dupEvents) problems.push(`job_events ${d.job_no}/${d.idempotency_key} appears ${d.n} times`);

  // The hash chain, in the database and as an auditor sees it.
  const chain = await verifyAuditLog(db);
  if (!chain.intact) problems.push(`audit hash chain broken: ${JSON.stringify(chain)}`);
  const verdict = await o.api.send('GET', '/audit/verify', { as: 'auditor', key: 'verify-audit' });
  if (verdict.status !== 200 || verdict.body.intact !== true)
    problems.push(`GET /audit/verify as auditor → ${verdict.status} ${JSON.stringify(verdict.body)}`);

  problems.push(...(await workflowsCompleted(o.client, o.workflowIdPrefix, jobNos, 60_000)));
  return { problems, facts };
}
