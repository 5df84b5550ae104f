import { sql, type Kysely } from 'kysely';

/**
 * One statement 對帳單 per customer and day: two statements of one customer whose periods overlap are refused
 * (api/receivables/statements.ts refuses 409 naming the earlier one, under a transaction lock on the customer). The
 * database keeps it too — an exclusion constraint on (customer_no, daterange(period_from, period_to, '[]')) with
 * btree_gist — so no path around the route writes an overlap.
 *
 * Statements drawn before this rule may overlap already. They are kept as drawn (a statement is a snapshot sent to
 * a customer): each one overlapping an earlier statement of its customer (by id) is marked `legacy_overlap` and left
 * out of the constraint, so it applies to every statement drawn from now on and to the earlier ones they could
 * overlap (the unmarked rows overlap no other unmarked row: a later one of two overlapping would be marked). The route
 * still counts the marked rows, so no new statement overlaps them either.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db);
  await sql`alter table statements add column legacy_overlap boolean not null default false`.execute(db);
  await sql`update statements s set legacy_overlap = true
     where exists (select 1 from statements e
                    where e.customer_no = s.customer_no and e.id < s.id
                      and e.period_from <= s.period_to and s.period_from <= e.period_to)`.execute(db);
  await sql`alter table statements add constraint statements_no_overlap
    exclude using gist (customer_no with =, daterange(period_from, period_to, '[]') with &&)
    where (not legacy_overlap)`.execute(db);
}

/** Drops the constraint and the mark (the extension stays: other schemas may use it). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table statements drop constraint statements_no_overlap`.execute(db);
  await sql`alter table statements drop column legacy_overlap`.execute(db);
}
