/**
 * The lost quotes of the monthly sales analysis (db/plan.repository.ts `lostQuotesQuery`) on an audit log of
 * many rows: the counts equal those of the definition read literally (the business date of the audit row in the
 * range), in a zone without and one with daylight saving, at the day's edges; and PostgreSQL answers the query
 * through the index of migration 0026 rather than by reading the quotes' audit rows.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { lostQuotesQuery, quoteOutcomes } from '../../db/plan.repository';
import { LOST_QUOTE_STATUSES } from '../../domain/quote';
import { createTestDatabase } from '../support/database';

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;

const QUOTES = 20_000;
/** Audit rows per quote: 2024 and 2025, about one a month, a few of them edits that leave the state as it is. */
const ROWS_PER_QUOTE = 12;
const HASH = '0'.repeat(64);

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await sql`insert into tariff_versions (version_no, title, status, effective_from, drafted_by)
            values (1, 'outcomes test', 'locked', '2024-01-01', 'commerce')`.execute(db);
  await sql`insert into customers (customer_no, full_name, normalized_name, address, phone, contact_person, status, owner_id)
            select 'C2024-' || lpad(i::text, 5, '0'), 'Customer ' || i, 'customer' || i, '1 Road', '123456', 'Ms Chan',
                   'formal', case when i % 2 = 0 then 'sales' else 'sales_b' end
              from generate_series(1, 50) i`.execute(db);
  await sql`insert into quotes (quote_no, customer_no, owner_id, tariff_version_no, status, revision, valid_until,
                                needs_price_approval, below_cost, totals)
            select 'Q2024-' || lpad(i::text, 6, '0'), 'C2024-' || lpad((i % 50 + 1)::text, 5, '0'),
                   case when (i % 50 + 1) % 2 = 0 then 'sales' else 'sales_b' end, 1, 'draft', 1, '2026-12-31',
                   false, false, '[]'
              from generate_series(1, ${QUOTES}) i`.execute(db);
  // Every quote's history over two years; one in five moves into a lost state once, at a row of its own
  // number, the others only through ordinary states. Times spread over the days by a hash of the row's numbers.
  await sql`insert into audit_log (occurred_at, actor_id, actor_role, record_type, record_id, action, from_state,
                                   to_state, prev_hash, row_hash)
            select timestamptz '2024-01-01 00:00:00+00' + n * interval '60 days'
                     + (abs(hashint4(i * 100 + n)) % (60 * 1440)) * interval '1 minute',
                   'sales', 'sales', 'quote', 'Q2024-' || lpad(i::text, 6, '0'), 'step',
                   case when n % 4 = 3 then 'commerce_review' else 'draft' end,
                   case when i % 5 = 0 and n = (i / 5) % ${ROWS_PER_QUOTE}
                          then (array['refused', 'expired', 'withdrawn', 'cancelled'])[i % 20 / 5 + 1]
                        else 'commerce_review' end,
                   ${HASH}, ${HASH}
              from generate_series(1, ${QUOTES}) i, generate_series(0, ${ROWS_PER_QUOTE} - 1) n`.execute(db);
  // Other records' rows, which share the log.
  await sql`insert into audit_log (occurred_at, actor_id, actor_role, record_type, record_id, action, from_state,
                                   to_state, prev_hash, row_hash)
            select timestamptz '2024-01-01 00:00:00+00' + i * interval '3 minutes', 'ops', 'ops', 'job',
                   'J2024-' || lpad((i % 30000)::text, 6, '0'), 'step', 'in_progress', (array['customs', 'transport', 'billing', 'done', 'cancelled'])[i % 5 + 1], ${HASH}, ${HASH}
              from generate_series(1, 200000) i`.execute(db);
  await sql`vacuum analyze audit_log`.execute(db);
  await sql`analyze quotes`.execute(db);
}, 300_000);
afterAll(async () => handle?.close());
afterEach(() => {
  delete process.env.BUSINESS_TIMEZONE;
});

/** The definition read literally: the audit row's business date (not an instant range) in `from` … `to`. */
async function literalCounts(from: string, to: string, zone: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ owner_id: string; customer_no: string; status: string; n: string }>`
    select q.owner_id, q.customer_no, a.to_state as status, count(distinct a.record_id)::text as n
      from audit_log a join quotes q on q.quote_no = a.record_id
     where a.record_type = 'quote'
       and a.to_state in (${sql.join([...LOST_QUOTE_STATUSES])})
       and a.from_state is distinct from a.to_state
       and (a.occurred_at at time zone ${zone})::date between ${from} and ${to}
     group by q.owner_id, q.customer_no, a.to_state`.execute(db);
  return new Map(rows.map((r) => [`${r.owner_id}/${r.customer_no}/${r.status}`, Number(r.n)]));
}

async function queryCounts(from: string, to: string): Promise<Map<string, number>> {
  const { rows } = await lostQuotesQuery({ from, to, ownerIds: undefined }).execute(db);
  return new Map(rows.map((r) => [`${r.owner_id}/${r.customer_no}/${r.status}`, Number(r.n)]));
}

/**
 * A customer and quote of their own (per zone), with lost rows written exactly at the edges of 2025-03 in
 * `zone`: the first and last instants of the month, and the nearest instants outside it.
 */
async function edgeRows(zone: string, n: number): Promise<{ customerNo: string }> {
  const customerNo = `C2024-0900${n}`;
  const quoteNo = `Q2024-90000${n}`;
  await sql`insert into customers (customer_no, full_name, normalized_name, address, phone, contact_person, status, owner_id)
            values (${customerNo}, ${`Edge ${n}`}, ${`edge${n}`}, '1 Road', '123456', 'Ms Chan', 'formal', 'sales')`.execute(
    db,
  );
  await sql`insert into quotes (quote_no, customer_no, owner_id, tariff_version_no, status, revision, valid_until,
                                needs_price_approval, below_cost, totals)
            values (${quoteNo}, ${customerNo}, 'sales', 1, 'draft', 1, '2026-12-31', false, false, '[]')`.execute(db);
  for (const [local, state] of [
    ['2025-02-28 23:59:59.999999', 'refused'],
    ['2025-03-01 00:00:00', 'expired'],
    ['2025-03-31 23:59:59.999999', 'withdrawn'],
    ['2025-04-01 00:00:00', 'cancelled'],
  ] as const) {
    await sql`insert into audit_log (occurred_at, actor_id, actor_role, record_type, record_id, action, from_state,
                                     to_state, prev_hash, row_hash)
              values ((${local}::timestamp at time zone ${zone}), 'sales', 'sales', 'quote', ${quoteNo}, 'step',
                      'awaiting_customer', ${state}, ${HASH}, ${HASH})`.execute(db);
  }
  return { customerNo };
}

describe('lost quotes on a large audit log', () => {
  it.each([
    ['Asia/Shanghai', 1],
    ['America/New_York', 2],
  ] as const)(
    'counts what the definition counts, to the edges of the day (%s)',
    async (zone, n) => {
      process.env.BUSINESS_TIMEZONE = zone;
      const { customerNo } = await edgeRows(zone, n);
      for (const [from, to] of [
        ['2025-03-01', '2025-03-31'],
        ['2024-11-01', '2024-11-30'],
        ['2024-01-01', '2025-12-31'],
        ['2025-03-09', '2025-03-09'], // New York's spring-forward day
      ] as const) {
        const expected = await literalCounts(from, to, zone);
        expect(expected.size, `${from} … ${to}`).toBeGreaterThan(0);
        expect(await queryCounts(from, to)).toEqual(expected);
      }
      // Of the edge rows, the two inside March count, the two outside do not.
      const march = await quoteOutcomes(db, { from: '2025-03-01', to: '2025-03-31', ownerIds: ['sales'] });
      expect(march.find((r) => r.customerNo === customerNo)).toEqual({
        ownerId: 'sales',
        customerNo,
        won: 0,
        lost: { refused: 0, expired: 1, withdrawn: 1, cancelled: 0 },
      });
    },
    120_000,
  );

  it('is answered through audit_log_transition_idx, not by reading the audit rows of every quote', async () => {
    const { rows: size } = await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(db);
    expect(Number(size[0]!.n)).toBeGreaterThanOrEqual(QUOTES * ROWS_PER_QUOTE + 200_000);
    for (const ownerIds of [undefined, ['sales']]) {
      const query = lostQuotesQuery({ from: '2025-03-01', to: '2025-03-31', ownerIds });
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(db);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, plan).toMatch(/(Index|Index Only|Bitmap Index) Scan (using|on) audit_log_transition_idx/);
      expect(plan, plan).not.toMatch(/Seq Scan on audit_log|audit_log_record_idx|audit_log_time_idx/);
    }
  });
});
