import { sql, type Kysely } from 'kysely';

/**
 * The monthly sales analysis counts lost quotes from the audit log (db/plan.repository.ts `lostQuotesQuery`):
 * rows of one record type that moved into given states within a time range. Without this index PostgreSQL reads
 * every audit row of that type (audit_log_record_idx leads with record_type only); with it, it reads just the
 * transitions into those states in that range. Partial: only rows that change state (comments and edits do not);
 * it carries `record_id`, so the audit log's rows themselves need not be read (the log is append-only, so vacuum
 * keeps its pages all-visible and an index-only scan stays one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_log_transition_idx on audit_log (record_type, to_state, occurred_at) include (record_id)
    where from_state is distinct from to_state`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists audit_log_transition_idx`.execute(db);
}
