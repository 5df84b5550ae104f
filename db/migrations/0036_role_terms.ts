import { sql, type Kysely } from 'kysely';

/**
 * The marketing manager is named 營銷中心經理 as in DOMAIN.md and the seed (was 市場部經理): the inbox items already
 * stored carry their step label in `summary.stepLabel` (migration 0019 and the tariff-change steps), so the open
 * and closed ones are renamed too. Nothing else stores a role's label (the desk, documents and mails read
 * machines/roles.ts ROLE_LABELS).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update work_items
               set summary = jsonb_set(summary, '{stepLabel}',
                                       to_jsonb(replace(summary->>'stepLabel', '市場部經理', '營銷中心經理')))
             where summary->>'stepLabel' like '%市場部經理%'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update work_items
               set summary = jsonb_set(summary, '{stepLabel}',
                                       to_jsonb(replace(summary->>'stepLabel', '營銷中心經理', '市場部經理')))
             where summary->>'stepLabel' like '%營銷中心經理%'`.execute(db);
}
