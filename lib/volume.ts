/**
 * Container volume 「柜量」 (§2, the daily rhythm): orders received, containers ordered, released and
 * delivered, urgent orders — counted from the job events the steps wrote, never typed a second time.
 * `volumeOf` is the rule; db/board.repository.ts says the same in SQL (a property test holds them equal).
 */

/** The job steps that count, by what they count. */
export const VOLUME_STEPS = {
  /** An order received 「接單」: one order, its containers ordered, urgent or not. */
  created: 'job.created',
  /** Customs released 「放行」 the containers. */
  released: 'customs.released',
  /** Import: a container arrived at the factory 「到廠」. */
  arrived: 'transport.arrived',
  /** Export: the containers were loaded 「裝貨完成」 (import jobs have no such step; it never counts for them). */
  loaded: 'transport.loaded',
} as const;

export interface VolumeEvent {
  businessDate: string;
  ownerId: string;
  step: string;
  /** Containers the step concerns: all of the job's, or 1 for a per-container step. */
  containers: number;
  urgent: boolean;
  direction: 'import' | 'export';
}

export interface Volume {
  ordersReceived: number;
  containersOrdered: number;
  containersReleased: number;
  containersDelivered: number;
  urgentOrders: number;
}

export interface VolumeRow extends Volume {
  businessDate: string;
  ownerId: string;
}

const ZERO_VOLUME: Volume = {
  ordersReceived: 0,
  containersOrdered: 0,
  containersReleased: 0,
  containersDelivered: 0,
  urgentOrders: 0,
};

/** What one event adds to the volume; null when its step does not count. */
function contributionOf(e: VolumeEvent): Volume | null {
  if (e.step === VOLUME_STEPS.created)
    return { ...ZERO_VOLUME, ordersReceived: 1, containersOrdered: e.containers, urgentOrders: e.urgent ? 1 : 0 };
  if (e.step === VOLUME_STEPS.released) return { ...ZERO_VOLUME, containersReleased: e.containers };
  if (e.step === VOLUME_STEPS.arrived || (e.step === VOLUME_STEPS.loaded && e.direction === 'export'))
    return { ...ZERO_VOLUME, containersDelivered: e.containers };
  return null;
}

const addVolume = (a: Volume, b: Volume): Volume => ({
  ordersReceived: a.ordersReceived + b.ordersReceived,
  containersOrdered: a.containersOrdered + b.containersOrdered,
  containersReleased: a.containersReleased + b.containersReleased,
  containersDelivered: a.containersDelivered + b.containersDelivered,
  urgentOrders: a.urgentOrders + b.urgentOrders,
});

export const sumVolume = (rows: readonly Volume[]): Volume =>
  rows.reduce<Volume>((t, r) => addVolume(t, r), ZERO_VOLUME);

const pick = (v: Volume): Volume => ({
  ordersReceived: v.ordersReceived,
  containersOrdered: v.containersOrdered,
  containersReleased: v.containersReleased,
  containersDelivered: v.containersDelivered,
  urgentOrders: v.urgentOrders,
});

/** Volume per business day and salesperson, by date then owner; a day appears only when a counting step happened. */
export function volumeOf(events: readonly VolumeEvent[]): VolumeRow[] {
  const rows = new Map<string, VolumeRow>();
  for (const e of events) {
    const c = contributionOf(e);
    if (!c) continue;
    const key = `${e.businessDate}\u0000${e.ownerId}`;
    const row = rows.get(key) ?? { businessDate: e.businessDate, ownerId: e.ownerId, ...ZERO_VOLUME };
    rows.set(key, { businessDate: row.businessDate, ownerId: row.ownerId, ...addVolume(row, c) });
  }
  return [...rows.values()].sort((a, b) =>
    a.businessDate === b.businessDate
      ? a.ownerId < b.ownerId
        ? -1
        : a.ownerId > b.ownerId
          ? 1
          : 0
      : a.businessDate < b.businessDate
        ? -1
        : 1,
  );
}

/** Every date of a month 'YYYY-MM', in order. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * `part` as a per cent of `whole`, half-even to 2 decimals, in exact integer arithmetic ("66.67");
 * null when there is nothing to compare with (no budget, or a budget of 0).
 */
export function percentOf(part: number, whole: number | null): string | null {
  if (whole === null || whole <= 0) return null;
  const scaled = BigInt(part) * 10_000n;
  const w = BigInt(whole);
  let q = scaled / w;
  const twice = (scaled % w) * 2n;
  if (twice > w || (twice === w && q % 2n !== 0n)) q += 1n;
  return `${q / 100n}.${(q % 100n).toString().padStart(2, '0')}`;
}

interface MonthlyDay extends Volume {
  date: string;
  /** Totals from the 1st of the month to this day. */
  running: Volume;
}

/**
 * The monthly container-volume sheet 「月柜量進度表」: every day of the month (summed over the owners
 * given), running totals, and the month's delivered containers against the budget.
 */
export function monthlySheet(month: string, rows: readonly VolumeRow[], budgetContainers: number | null) {
  const byDay = new Map<string, Volume>();
  for (const r of rows)
    if (r.businessDate.startsWith(`${month}-`))
      byDay.set(r.businessDate, addVolume(byDay.get(r.businessDate) ?? ZERO_VOLUME, r));
  let running = ZERO_VOLUME;
  const days: MonthlyDay[] = daysOfMonth(month).map((date) => {
    const day = pick(byDay.get(date) ?? ZERO_VOLUME);
    running = addVolume(running, day);
    return { date, ...day, running };
  });
  return {
    days,
    total: running,
    budgetContainers,
    deliveredPercent: percentOf(running.containersDelivered, budgetContainers),
  };
}
