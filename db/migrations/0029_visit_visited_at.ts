import { sql, type Kysely } from 'kysely';
import { businessTimeZone } from '../../lib/dates';

/**
 * The visit record's time of the visit (§3.2.8, issue 14): `visited_at`, the instant the visit took place;
 * `visited_on` stays as its business date (indexes, the not-visited list, the diary). Visits recorded before
 * this migration: the planned time when the visit was recorded on its planned day, else noon business time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('visited_at', 'timestamptz').execute();
  const tz = businessTimeZone();
  await sql`update visits set visited_at = case
      when (planned_at at time zone ${tz})::date = visited_on then planned_at
      else (visited_on + time '12:00') at time zone ${tz} end
    where visited_on is not null`.execute(db);
  await sql`alter table visits add constraint visits_visited_at check ((visited_at is null) = (visited_on is null))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visits').dropConstraint('visits_visited_at').execute();
  await db.schema.alterTable('visits').dropColumn('visited_at').execute();
}
