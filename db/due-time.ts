/** Due times of inbox items as configured (lib/config.ts `DueTime`), through the business calendar with the admin's overrides. */
import type { Kysely, Transaction } from 'kysely';
import { addWorkingDays, plusDays } from '../domain/calendar';
import { businessToday, endOfBusinessDay } from '../lib/dates';
import type { DueTime } from '../lib/config';
import { listCalendarOverrides } from './calendar.repository';
import type { Database } from './database';

/**
 * When an item opened at `now` is due (ISO instant): `{ms}` that long after `now`; `{workingDays: n}` the end (business
 * time zone) of the n-th working day after `now`'s business date, holidays and make-up days with the admin's overrides
 * (the rule of `QUOTE_SLA_*=<n>wd`). Reads `calendar_days` through `db` (pass the transaction inside one).
 */
export async function dueAtOf(
  db: Kysely<Database> | Transaction<Database>,
  due: DueTime,
  now: Date = new Date(),
): Promise<string> {
  if ('ms' in due) return new Date(now.getTime() + due.ms).toISOString();
  const today = businessToday(now);
  const overrides = await listCalendarOverrides(db, today, plusDays(today, due.workingDays * 7 + 400));
  return endOfBusinessDay(addWorkingDays(today, due.workingDays, overrides));
}
