import { sql, type Kysely } from 'kysely';
import { customerNameKey } from '../../domain/customer-name';

/**
 * Recomputes every customer's `normalized_name` with the name rule of domain/customer-name.ts (invisible
 * characters, Traditional = Simplified, spaces next to Chinese). Customers that were entered twice under
 * forms the old rule told apart keep their own key with `#<customer number>` appended (so the migration
 * never fails on them); the first entered keeps the plain key and new entries of that name are refused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const rows = await db.selectFrom('customers').select(['id', 'customer_no', 'full_name']).orderBy('id').execute();
  // Park every key first, so the new keys cannot collide with old ones mid-way.
  await sql`update customers set normalized_name = '#' || id::text`.execute(db);
  const taken = new Set<string>();
  for (const r of rows as { id: number; customer_no: string; full_name: string }[]) {
    let key = customerNameKey(r.full_name);
    if (taken.has(key)) key = `${key}#${r.customer_no}`;
    taken.add(key);
    await db.updateTable('customers').set({ normalized_name: key }).where('id', '=', r.id).execute();
  }
}

export async function down(): Promise<void> {
  // The old keys are not recomputed: the new ones are a superset of the old rule's equalities.
}
