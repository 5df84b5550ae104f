import { sql, type Kysely } from 'kysely';

/** The inbox reads a role's open items in overdue / due / since order: an index in that order serves a page without sorting. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index work_items_inbox_order_idx on work_items (role, overdue desc, due_at, since) where closed_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists work_items_inbox_order_idx`.execute(db);
}
