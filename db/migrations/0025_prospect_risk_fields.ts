import type { Kysely } from 'kysely';

/**
 * The risk assessment 風險評估 of a prospect (§3.2.1) as structured fields beside the two texts of migration
 * 0023 (`business` = business scope, `finances` = financial standing): years trading, annual volume in
 * containers, payment history and references, and the reasons for the risk level (`rating`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('prospect_risk_assessments')
    .addColumn('years_trading', 'integer')
    .addColumn('annual_containers', 'integer')
    .addColumn('payment_history', 'text')
    .addColumn('reasons', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('prospect_risk_assessments')
    .dropColumn('years_trading')
    .dropColumn('annual_containers')
    .dropColumn('payment_history')
    .dropColumn('reasons')
    .execute();
}
