/**
 * The inbox with a big database: quotes bulk-seeded with SQL (INSERT … SELECT generate_series) into
 * quotes, quote_revisions and work_items — plausible statuses, amounts, ages, open and closed inbox
 * items, foreign keys to real customers, salespeople and the locked tariff — then GET /inbox as commerce.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { listInbox } from '../db/work-item.repository';
import { businessYear } from '../lib/dates';
import { priceQuote } from '../lib/pricing';
import { QUOTE_STATUSES, quoteStatusFacts, type QuoteStatus } from '../machines/quote.machine';
import type { HttpClient } from './http';
import { quoteLines, type Seeded } from './seed';
import type { Stack } from './stack';
import { summarize, type Summary } from './stats';

/** Share (per cent) of each status among a forwarder's quotes over a year; half are finished. */
const STATUS_MIX: [QuoteStatus, number][] = [
  ['draft', 6],
  ['pending_price_approval', 2],
  ['commerce_review', 8],
  ['awaiting_customer', 10],
  ['internal_quote', 5],
  ['budget_review', 3],
  ['contract_drafting', 3],
  ['contract_review', 2],
  ['contract_approval', 2],
  ['contract_issued', 3],
  ['signed', 6],
  ['costed', 25],
  ['refused', 8],
  ['expired', 10],
  ['withdrawn', 4],
  ['cancelled', 3],
];

/** The happy path; a quote in status s has passed the steps before it (closed inbox items). */
const PATH: QuoteStatus[] = [
  'draft',
  'commerce_review',
  'awaiting_customer',
  'internal_quote',
  'budget_review',
  'contract_drafting',
  'contract_review',
  'contract_approval',
  'contract_issued',
  'signed',
  'costed',
];
const STEPS_BEFORE: Record<string, number> = {
  pending_price_approval: 1,
  refused: 3,
  expired: 1,
  withdrawn: 1,
  cancelled: 2,
};
const SLA_DAYS: Record<string, number> = {
  price_approval: 1,
  commerce_review: 1,
  internal_quote: 2,
  budget_review: 2,
  contract_drafting: 2,
  contract_review: 1,
  contract_approval: 2,
};

export interface InboxResult {
  quotes: number;
  seededQuotes: number;
  seedSeconds: number;
  workItems: { open: number; closed: number; openForCommerce: number };
  http: Summary;
  sqlOnly: Summary;
  calls: number;
  limit: number;
  planFile: string;
  /** EXPLAIN (ANALYZE, BUFFERS) of the inbox page and of its count. */
  plan: string[];
}

/** Seeds quotes until the database holds `target`; returns how many were added. */
async function bulkSeedQuotes(stack: Stack, seeded: Seeded, target: number): Promise<number> {
  const db = stack.db.db;
  const have = Number((await sql<{ n: string }>`select count(*) as n from quotes`.execute(db)).rows[0]!.n);
  const need = target - have;
  if (need <= 0) return 0;
  const year = businessYear();
  const tariff = seeded.tariffLines.map((l, i) => ({ ...l, lineNo: i + 1 })) as Parameters<typeof priceQuote>[0];
  const templates = Array.from({ length: 10 }, (_, k) => {
    const p = priceQuote(tariff, quoteLines(k), '5');
    return { k, lines: p.lines, totals: p.totals, below_cost: p.belowCost };
  });
  const mix: { status: string; role: string | null; idx: number; due_days: number | null; lo: number; hi: number }[] =
    [];
  let lo = 0;
  for (const [status, pct] of STATUS_MIX) {
    const due = quoteStatusFacts(status).due;
    mix.push({
      status,
      role: quoteStatusFacts(status).role,
      idx: STEPS_BEFORE[status] ?? PATH.indexOf(status),
      due_days: due ? SLA_DAYS[due]! : null,
      lo,
      hi: lo + pct,
    });
    lo += pct;
  }
  const pathRoles = PATH.map((s) => quoteStatusFacts(s).role ?? 'settlement');
  const labels = Object.fromEntries(QUOTE_STATUSES.map((s) => [s, quoteStatusFacts(s).label]));
  const customerCount = Math.max(50, Math.min(2_000, Math.ceil(target / 50)));
  const owners = seeded.cast.sales;

  await db.transaction().execute(async (trx) => {
    // Customers of earlier years (their numbers cannot meet this year's counter), owned by the bench salespeople.
    await sql`
      insert into customers (customer_no, full_name, normalized_name, address, phone, contact_person, industry, status, owner_id, created_at)
      select format('C%s-%s', ${year - 1}::int, lpad(i::text, 5, '0')),
             format('歷史客戶 Legacy Trading %s 有限公司', i), format('歷史客戶 legacy trading %s 有限公司', i),
             '廣州市天河區', '020-3888 0000', '王小姐 Ms Wang', '電子 electronics', 'formal',
             (${owners}::text[])[1 + i % ${owners.length}::int], now() - interval '2 years'
      from generate_series(1, ${customerCount}::int) i
      on conflict do nothing`.execute(trx);
    await sql`select setseed(0.42)`.execute(trx);
    await sql`
      create temp table bench_bulk on commit drop as
      with mix as (select * from jsonb_to_recordset(${JSON.stringify(mix)}::jsonb) as m(status text, role text, idx int, due_days int, lo int, hi int)),
           c as (select row_number() over (order by customer_no) - 1 as n, customer_no, owner_id from customers where customer_no like ${`C${year - 1}-%`}),
           g as (select i, floor(random() * 100)::int as bucket, random() as r from generate_series(1, ${need}::int) i)
      select format('Q%s-%s', ${year}::int, lpad(nextval('quote_id_seq')::text, 6, '0')) as quote_no,
             g.i, mix.status, mix.role, mix.idx, mix.due_days, c.customer_no, c.owner_id, g.i % 10 as k,
             -- open quotes are recent (last 30 days), finished ones spread over the year
             now() - (case when mix.role is null then 365 else 30 end) * g.r * interval '1 day' - mix.idx * interval '6 hours' as created
      from g join mix on g.bucket >= mix.lo and g.bucket < mix.hi
             join c on c.n = g.i % ${customerCount}::int`.execute(trx);
    await sql`
      insert into quotes (quote_no, customer_no, owner_id, tariff_version_no, status, revision, valid_until, needs_price_approval, below_cost, totals, contract_no, created_at, updated_at)
      select b.quote_no, b.customer_no, b.owner_id, ${seeded.tariffVersionNo}::int, b.status, 1, (b.created + interval '30 days')::date,
             b.status = 'pending_price_approval', t.below_cost, t.totals,
             case when b.idx >= 8 and b.status in ('contract_issued', 'signed', 'costed') then format('HT%s-%s', ${year - 1}::int, lpad(b.i::text, 6, '0')) end,
             b.created, b.created + b.idx * interval '6 hours'
      from bench_bulk b join jsonb_to_recordset(${JSON.stringify(templates)}::jsonb) as t(k int, lines jsonb, totals jsonb, below_cost boolean) on t.k = b.k`.execute(
      trx,
    );
    await sql`
      insert into quote_revisions (quote_no, revision, lines, totals, needs_price_approval, below_cost, authority_pct, created_by, created_at, updated_at)
      select b.quote_no, 1, t.lines, t.totals, b.status = 'pending_price_approval', t.below_cost, 5, b.owner_id, b.created, b.created
      from bench_bulk b join jsonb_to_recordset(${JSON.stringify(templates)}::jsonb) as t(k int, lines jsonb, totals jsonb, below_cost boolean) on t.k = b.k`.execute(
      trx,
    );
    // The steps each quote has passed: closed inbox items, one per step.
    await sql`
      insert into work_items (record_type, record_id, step, role, owner_id, customer_no, summary, since, due_at, overdue, closed_at, closed_by)
      select 'quote', b.quote_no, (${PATH}::text[])[j + 1], (${pathRoles}::text[])[j + 1], b.owner_id, b.customer_no,
             jsonb_build_object('stepLabel', ${JSON.stringify(labels)}::jsonb ->> (${PATH}::text[])[j + 1], 'totals', q.totals, 'belowCost', q.below_cost, 'revision', 1),
             b.created + j * interval '6 hours', null, false, b.created + j * interval '6 hours' + interval '3 hours', b.owner_id
      from bench_bulk b join quotes q on q.quote_no = b.quote_no, generate_series(0, b.idx - 1) j`.execute(trx);
    // Where a quote waits on someone: its open inbox item, overdue when its due time has passed.
    await sql`
      insert into work_items (record_type, record_id, step, role, owner_id, customer_no, summary, since, due_at, overdue)
      select 'quote', b.quote_no, b.status, b.role, b.owner_id, b.customer_no,
             jsonb_build_object('stepLabel', ${JSON.stringify(labels)}::jsonb ->> b.status, 'totals', q.totals, 'belowCost', q.below_cost, 'revision', 1),
             b.created + b.idx * interval '6 hours',
             b.created + b.idx * interval '6 hours' + b.due_days * interval '1 day',
             coalesce(b.created + b.idx * interval '6 hours' + b.due_days * interval '1 day' < now(), false)
      from bench_bulk b join quotes q on q.quote_no = b.quote_no
      where b.role is not null`.execute(trx);
  });
  // Statistics as autovacuum would have them on a database that grew to this size.
  await sql`analyze customers, quotes, quote_revisions, work_items`.execute(db);
  return need;
}

export async function measureInbox(
  stack: Stack,
  seeded: Seeded,
  http: HttpClient,
  opts: { target: number; calls: number; limit: number },
  log: (m: string) => void,
): Promise<InboxResult> {
  const db = stack.db.db;
  const t0 = Date.now();
  const added = await bulkSeedQuotes(stack, seeded, opts.target);
  const seedSeconds = Math.round((Date.now() - t0) / 100) / 10;
  const counts = (
    await sql<{ quotes: string; open: string; closed: string; commerce: string }>`
      select (select count(*) from quotes) as quotes,
             (select count(*) from work_items where closed_at is null) as open,
             (select count(*) from work_items where closed_at is not null) as closed,
             (select count(*) from work_items where closed_at is null and role = 'commerce') as commerce`.execute(db)
  ).rows[0]!;
  log(
    `  ${Number(counts.quotes).toLocaleString('en')} quotes (${added.toLocaleString('en')} seeded with SQL in ${seedSeconds} s), ${Number(counts.commerce).toLocaleString('en')} open inbox items for commerce`,
  );

  const token = seeded.tokens.get(seeded.cast.commerce[0]!)!;
  const path = `/inbox?limit=${opts.limit}`;
  // A few calls to warm the API's and PostgreSQL's caches, as in a running system.
  for (let i = 0; i < 10; i++) await http.request('GET', path, { token });
  const httpMs: number[] = [];
  for (let i = 0; i < opts.calls; i++) {
    const r = await http.request('GET', path, { token });
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    httpMs.push(r.ms);
  }
  // The same query straight through the repository: what the database costs of the inbox.
  const sqlMs: number[] = [];
  for (let i = 0; i < opts.calls; i++) {
    const s = process.hrtime.bigint();
    await listInbox(db, { roles: ['commerce'], salesOwnerIds: [], limit: opts.limit, offset: 0 });
    sqlMs.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const plan = await sql<{ 'QUERY PLAN': string }>`
    explain (analyze, buffers)
    select * from work_items where closed_at is null and role in ('commerce')
    order by overdue desc, due_at asc, since asc limit ${opts.limit}`.execute(db);
  const countPlan = await sql<{ 'QUERY PLAN': string }>`
    explain (analyze, buffers) select count(*) from work_items where closed_at is null and role in ('commerce')`.execute(
    db,
  );
  const planFile = join(stack.runDir, 'inbox-plan.txt');
  const planLines = [...plan.rows, { 'QUERY PLAN': '' }, ...countPlan.rows].map((r) => r['QUERY PLAN']);
  await writeFile(planFile, planLines.join('\n') + '\n');
  return {
    quotes: Number(counts.quotes),
    seededQuotes: added,
    seedSeconds,
    workItems: { open: Number(counts.open), closed: Number(counts.closed), openForCommerce: Number(counts.commerce) },
    http: summarize(httpMs),
    sqlOnly: summarize(sqlMs),
    calls: opts.calls,
    limit: opts.limit,
    planFile,
    plan: planLines,
  };
}
