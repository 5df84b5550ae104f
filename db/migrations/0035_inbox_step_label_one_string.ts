import { sql, type Kysely } from 'kysely';

/**
 * Inbox items stored before session 11 (collection cases, visit re-confirmation) kept the English half of their
 * step label apart, in `summary.stepLabelEn`; `GET /inbox` joined the two at every read. This moves the stored
 * rows to the one form every writer uses since — `summary.stepLabel` = `中文 English` — and drops the key, so the
 * read is a plain field again (api/inbox.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update work_items
               set summary = jsonb_set(summary - 'stepLabelEn', '{stepLabel}',
                                       to_jsonb((summary->>'stepLabel') || ' ' || (summary->>'stepLabelEn')))
             where summary ? 'stepLabelEn' and summary->>'stepLabel' is not null`.execute(db);
  await sql`update work_items set summary = summary - 'stepLabelEn' where summary ? 'stepLabelEn'`.execute(db);
}

/** Nothing to undo: the joined label is what the read returned before, and every writer stores it so. */
export async function down(): Promise<void> {}
