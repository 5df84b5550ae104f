/** Table `calendar_days`: the admin's overrides of the business calendar (domain/calendar.ts). */
import type { ColumnType, Selectable } from 'kysely';

export interface CalendarDayTable {
  day: string;
  working: boolean;
  name: string;
  set_by: string;
  set_at: ColumnType<Date, Date | undefined, Date>;
}

export type CalendarDayRow = Selectable<CalendarDayTable>;
