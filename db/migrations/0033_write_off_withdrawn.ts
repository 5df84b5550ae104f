import { sql, type Kysely } from 'kysely';

/**
 * A write-off proposal its proposer withdraws 撤回 (while proposed or returned) ends as `withdrawn`. The
 * one-open-write-off rule (`write_offs_one_open`: one proposed or returned proposal per receivable) is unchanged and
 * does not count a withdrawn one, so the receivable may be proposed again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table write_offs drop constraint write_offs_status_check`.execute(db);
  await sql`alter table write_offs add constraint write_offs_status_check
    check (status in ('proposed', 'approved', 'refused', 'returned', 'withdrawn'))`.execute(db);
}

/** Fails while a withdrawn write-off exists (the old constraint has no place for it). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table write_offs drop constraint write_offs_status_check`.execute(db);
  await sql`alter table write_offs add constraint write_offs_status_check
    check (status in ('proposed', 'approved', 'refused', 'returned'))`.execute(db);
}
