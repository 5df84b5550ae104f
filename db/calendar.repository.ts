/** All SQL of the business calendar's overrides (`calendar_days`). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CalendarOverride, CalendarOverrides } from '../domain/calendar';
import type { CalendarDayRow } from './calendar-day.table';
import type { Database } from './database';

type Db = Kysely<Database> | Transaction<Database>;

/** The overrides of dates in [from, to] (both inclusive), by date. */
export async function listCalendarOverrides(db: Db, from: string, to: string): Promise<CalendarOverrides> {
  const rows = await db
    .selectFrom('calendar_days')
    .selectAll()
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return new Map(
    rows.map((r) => [r.day, { date: r.day, working: r.working, name: r.name } satisfies CalendarOverride]),
  );
}

/** Sets (`working` given) or removes (null) the override of `day`, the row locked first; returns the one it replaced. */
export async function setCalendarOverride(
  trx: Transaction<Database>,
  o: { day: string; working: boolean | null; name: string | null; by: string },
): Promise<CalendarDayRow | undefined> {
  const before = await trx
    .selectFrom('calendar_days')
    .selectAll()
    .where('day', '=', o.day)
    .forUpdate()
    .executeTakeFirst();
  if (o.working === null) {
    await trx.deleteFrom('calendar_days').where('day', '=', o.day).execute();
    return before;
  }
  await trx
    .insertInto('calendar_days')
    .values({ day: o.day, working: o.working, name: o.name ?? '', set_by: o.by })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet({ working: o.working!, name: o.name ?? '', set_by: o.by, set_at: sql`now()` }),
    )
    .execute();
  return before;
}
