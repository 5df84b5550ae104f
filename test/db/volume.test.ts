import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVolume } from '../../db/board.repository';
import type { Database } from '../../db/database';
import { daysOfMonth, monthlySheet, percentOf, volumeOf, type VolumeEvent, type VolumeRow } from '../../lib/volume';
import { ALL_JOB_STEPS } from '../../machines/job.machine';
import { createTestDatabase } from '../support/database';

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Kysely<Database>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  // The chain a job row needs: a tariff, a customer, a quote.
  await db
    .insertInto('tariff_versions')
    .values({
      version_no: 1,
      title: 'volume test',
      status: 'locked',
      effective_from: '2031-01-01',
      drafted_by: 'commerce',
      submitted_by: 'commerce',
      approved_by: 'gm',
      locked_at: new Date(),
      source_change_id: null,
      based_on_version_no: null,
    })
    .execute();
  await db
    .insertInto('customers')
    .values({
      customer_no: 'C2031-00001',
      full_name: 'Volume Test Ltd',
      normalized_name: 'volumetestltd',
      address: '1 Harbour Road',
      phone: '123456',
      contact_person: 'Ms Chan',
      status: 'formal',
      owner_id: 'sales',
    })
    .execute();
  await db
    .insertInto('quotes')
    .values({
      quote_no: 'Q2031-000001',
      customer_no: 'C2031-00001',
      owner_id: 'sales',
      tariff_version_no: 1,
      status: 'signed',
      revision: 1,
      valid_until: '2031-12-31',
      needs_price_approval: false,
      below_cost: false,
      totals: '[]',
      contract_no: 'HT2031-0001',
    })
    .execute();
}, 120_000);
afterAll(async () => handle?.close());

const OWNERS = ['ann', 'bob', 'cy'] as const;
const DATES = ['2031-03-30', '2031-03-31', '2031-04-01', '2031-04-02'] as const;
const STEPS = ['job.created', ...ALL_JOB_STEPS];

const jobArb = fc.record({
  direction: fc.constantFrom('import' as const, 'export' as const),
  containers: fc.integer({ min: 1, max: 50 }),
});
const eventArb = fc.record({
  job: fc.nat(),
  // Weighted towards the steps that count, so most runs have something to count.
  step: fc.oneof(
    fc.constantFrom('job.created', 'customs.released', 'transport.arrived', 'transport.loaded'),
    fc.constantFrom(...STEPS),
  ),
  ownerId: fc.constantFrom(...OWNERS),
  businessDate: fc.constantFrom(...DATES),
  containers: fc.integer({ min: 1, max: 50 }),
  urgent: fc.boolean(),
});
type GeneratedEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;
const rangeArb = fc
  .tuple(fc.constantFrom(...DATES), fc.constantFrom(...DATES))
  .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
const ownersArb = fc.option(fc.subarray([...OWNERS]), { nil: undefined });

let run = 0;

/** Writes the jobs and their events as the activities would, and returns the events as the pure rule sees them. */
async function insert(
  jobs: { direction: 'import' | 'export'; containers: number }[],
  events: GeneratedEvent[],
): Promise<VolumeEvent[]> {
  run += 1;
  await db.deleteFrom('job_events').execute();
  await db.deleteFrom('jobs').execute();
  const jobNos = jobs.map((_, i) => `J2031-${String(run * 100 + i).padStart(6, '0')}`);
  await db
    .insertInto('jobs')
    .values(
      jobs.map((j, i) => ({
        job_no: jobNos[i]!,
        contract_no: 'HT2031-0001',
        quote_no: 'Q2031-000001',
        customer_no: 'C2031-00001',
        owner_id: OWNERS[i % OWNERS.length]!,
        direction: j.direction,
        payment_method: null,
        stages: JSON.stringify(['billing']),
        status: 'in_progress' as const,
        current_stage: 'billing' as const,
        waiting: '[]',
        waiting_roles: [],
        stage_since: new Date(),
        cargo: 'parts',
        port_of_loading: 'Yantian',
        port_of_discharge: 'Long Beach',
        vessel: null,
        voyage: null,
        etd: null,
        eta: null,
        required_arrival: null,
        urgent: false,
        container_type: '40HQ',
        container_count: j.containers,
      })),
    )
    .execute();
  if (events.length) {
    await db
      .insertInto('job_events')
      .values(
        events.map((e, k) => ({
          job_no: jobNos[e.job % jobs.length]!,
          owner_id: e.ownerId,
          customer_no: 'C2031-00001',
          stage: null,
          step: e.step,
          container_key: null,
          containers: e.containers,
          urgent: e.urgent,
          business_date: e.businessDate,
          actor_id: 'operations',
          idempotency_key: `k${k}`,
        })),
      )
      .execute();
  }
  return events.map((e) => ({
    businessDate: e.businessDate,
    ownerId: e.ownerId,
    step: e.step,
    containers: e.containers,
    urgent: e.urgent,
    direction: jobs[e.job % jobs.length]!.direction,
  }));
}

const byKey = (rows: VolumeRow[]) =>
  [...rows].sort((a, b) => `${a.businessDate}|${a.ownerId}`.localeCompare(`${b.businessDate}|${b.ownerId}`));

describe('container volume 「柜量」 is counted from job events the same way in SQL and in the rule', () => {
  it('for any sequence of job events, the volume the database counts per day and salesperson equals volumeOf', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jobArb, { minLength: 1, maxLength: 4 }),
        fc.array(eventArb, { maxLength: 40 }),
        rangeArb,
        ownersArb,
        async (jobs, events, range, owners) => {
          const all = await insert(jobs, events);
          const expected = volumeOf(
            all.filter(
              (e) =>
                e.businessDate >= range.from &&
                e.businessDate <= range.to &&
                (!owners || owners.includes(e.ownerId as (typeof OWNERS)[number])),
            ),
          );
          const actual = await findVolume(db, { ...range, ownerIds: owners });
          expect(byKey(actual)).toEqual(byKey(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an export job delivers its containers when they are loaded, an import job only when they arrive at the factory', async () => {
    const all = await insert(
      [
        { direction: 'export', containers: 3 },
        { direction: 'import', containers: 2 },
      ],
      [
        { job: 0, step: 'transport.loaded', ownerId: 'ann', businessDate: '2031-04-01', containers: 3, urgent: false },
        { job: 1, step: 'transport.loaded', ownerId: 'ann', businessDate: '2031-04-01', containers: 2, urgent: false },
        { job: 1, step: 'transport.arrived', ownerId: 'ann', businessDate: '2031-04-01', containers: 1, urgent: false },
      ],
    );
    expect(volumeOf(all)).toEqual([
      {
        businessDate: '2031-04-01',
        ownerId: 'ann',
        ordersReceived: 0,
        containersOrdered: 0,
        containersReleased: 0,
        containersDelivered: 4,
        urgentOrders: 0,
      },
    ]);
    expect(await findVolume(db, { from: '2031-04-01', to: '2031-04-01', ownerIds: undefined })).toEqual(volumeOf(all));
  });

  it('a salesperson out of every scope sees no volume at all', async () => {
    await insert(
      [{ direction: 'import', containers: 1 }],
      [{ job: 0, step: 'job.created', ownerId: 'ann', businessDate: '2031-04-01', containers: 1, urgent: true }],
    );
    expect(await findVolume(db, { from: '2031-04-01', to: '2031-04-01', ownerIds: [] })).toEqual([]);
  });
});

describe('the monthly container-volume sheet 「月柜量進度表」', () => {
  it('delivered containers against the budget are a per cent rounded half-even to 2 decimals', () => {
    expect(percentOf(2, 3)).toBe('66.67');
    expect(percentOf(1, 800)).toBe('0.12');
    expect(percentOf(3, 800)).toBe('0.38');
    expect(percentOf(150, 100)).toBe('150.00');
    expect(percentOf(0, 7)).toBe('0.00');
    expect(percentOf(5, 0)).toBeNull();
    expect(percentOf(5, null)).toBeNull();
  });

  it('the per cent is the nearest hundredth to the exact ratio, ties to even', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (part, whole) => {
        const hundredths = BigInt(percentOf(part, whole)!.replace('.', ''));
        const error = BigInt(part) * 10_000n - hundredths * BigInt(whole);
        const twice = (error < 0n ? -error : error) * 2n;
        expect(twice <= BigInt(whole)).toBe(true);
        if (twice === BigInt(whole)) expect(hundredths % 2n).toBe(0n);
      }),
    );
  });

  it('every day of the month is listed, with running totals that end at the month’s total', () => {
    const rows: VolumeRow[] = [
      {
        businessDate: '2032-02-03',
        ownerId: 'ann',
        ordersReceived: 1,
        containersOrdered: 2,
        containersReleased: 0,
        containersDelivered: 0,
        urgentOrders: 1,
      },
      {
        businessDate: '2032-02-03',
        ownerId: 'bob',
        ordersReceived: 1,
        containersOrdered: 1,
        containersReleased: 0,
        containersDelivered: 0,
        urgentOrders: 0,
      },
      {
        businessDate: '2032-02-29',
        ownerId: 'ann',
        ordersReceived: 0,
        containersOrdered: 0,
        containersReleased: 3,
        containersDelivered: 3,
        urgentOrders: 0,
      },
      {
        businessDate: '2032-03-01',
        ownerId: 'ann',
        ordersReceived: 9,
        containersOrdered: 9,
        containersReleased: 9,
        containersDelivered: 9,
        urgentOrders: 9,
      },
    ];
    const sheet = monthlySheet('2032-02', rows, 8);
    expect(daysOfMonth('2032-02')).toHaveLength(29);
    expect(sheet.days.map((d) => d.date)).toEqual(daysOfMonth('2032-02'));
    expect(sheet.days[2]).toMatchObject({
      date: '2032-02-03',
      ordersReceived: 2,
      containersOrdered: 3,
      urgentOrders: 1,
      running: { ordersReceived: 2, containersOrdered: 3 },
    });
    expect(sheet.days[27]!.running).toEqual({
      ordersReceived: 2,
      containersOrdered: 3,
      containersReleased: 0,
      containersDelivered: 0,
      urgentOrders: 1,
    });
    expect(sheet.total).toEqual({
      ordersReceived: 2,
      containersOrdered: 3,
      containersReleased: 3,
      containersDelivered: 3,
      urgentOrders: 1,
    });
    expect(sheet.deliveredPercent).toBe('37.50');
  });
});
