/** Who a board covers, and the row → response mappings the boards share. */
import type { Kysely } from 'kysely';
import type { DeliveryRow, OpenExceptionRow, OwnerIds } from '../../db/board.repository';
import type { Database } from '../../db/database';
import { JOB_STAGE_LABELS, jobStepLabel } from '../../machines/job.machine';
import { findDisplayNames } from '../../db/user.repository';
import type { CurrentUser } from '../auth';
import { customerScopeOf } from '../customers/visibility';

/**
 * The salespeople a board shows: those the caller may see (own, team, or all), narrowed to `ownerId`
 * when given. Naming someone out of sight shows nothing rather than an error, as for any other filter.
 */
export async function boardOwners(
  db: Kysely<Database>,
  user: CurrentUser,
  ownerId: string | undefined,
): Promise<OwnerIds> {
  const scope = await customerScopeOf(db, user);
  if (!ownerId) return scope;
  return scope === undefined || scope.includes(ownerId) ? [ownerId] : [];
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** `names`: display names by user id (findDisplayNames of the rows' owners and raisers). */
export const toExceptionItem = (x: OpenExceptionRow, now: Date, names: ReadonlyMap<string, string>) => {
  const ageMs = Math.max(0, now.getTime() - x.raised_at.getTime());
  return {
    id: x.id,
    jobNo: x.job_no,
    customerNo: x.customer_no,
    customerName: x.customer_name,
    ownerId: x.owner_id,
    ownerName: names.get(x.owner_id) ?? null,
    stage: x.stage,
    stageLabel: JOB_STAGE_LABELS[x.stage],
    jobStage: x.job_stage,
    urgent: x.urgent,
    type: x.type,
    description: x.description,
    remedy: x.remedy,
    customerNotified: x.customer_notified_at !== null,
    customerNotifiedAt: x.customer_notified_at?.toISOString() ?? null,
    raisedBy: x.raised_by,
    raisedByName: names.get(x.raised_by) ?? null,
    raisedAt: x.raised_at.toISOString(),
    ageMs,
    ageDays: Math.floor(ageMs / DAY_MS),
  };
};

/** The display names of the owners and raisers of `rows`, for toExceptionItem. */
export const exceptionNames = (db: Kysely<Database>, rows: readonly OpenExceptionRow[]) =>
  findDisplayNames(
    db,
    rows.flatMap((x) => [x.owner_id, x.raised_by]),
  );

/** One day of the delivery sheet: its containers grouped by customer (rows come ordered by customer). */
export function toDeliveryDay(date: string, rows: readonly DeliveryRow[]) {
  const customers: {
    customerNo: string;
    customerName: string | null;
    containers: ReturnType<typeof toDeliveryContainer>[];
  }[] = [];
  const ofDay = rows.filter((r) => r.delivery_date === date);
  for (const r of ofDay) {
    let c = customers[customers.length - 1];
    if (c?.customerNo !== r.customer_no) {
      c = { customerNo: r.customer_no, customerName: r.customer_name, containers: [] };
      customers.push(c);
    }
    c.containers.push(toDeliveryContainer(r));
  }
  return { date, containers: ofDay.length, customers };
}

const toDeliveryContainer = (r: DeliveryRow) => ({
  jobNo: r.job_no,
  containerKey: r.container_key,
  containerNo: r.container_no,
  containerType: r.container_type,
  ownerId: r.owner_id,
  urgent: r.urgent,
  deliveryPlace: r.delivery_place,
  truck: r.truck,
  driver: r.driver,
  driverPhone: r.driver_phone,
  lastStep: r.last_step,
  lastStepLabelZh: r.last_step ? jobStepLabel(r.last_step).labelZh : null,
  lastStepLabelEn: r.last_step ? jobStepLabel(r.last_step).labelEn : null,
  arrival: r.unloaded_at ? ('unloaded' as const) : r.arrived_at ? ('arrived' as const) : ('pending' as const),
  arrivedAt: r.arrived_at?.toISOString() ?? null,
  customerConfirmed: r.customer_confirmed,
  unloadedAt: r.unloaded_at?.toISOString() ?? null,
});
