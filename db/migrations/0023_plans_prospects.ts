import { sql, type Kysely } from 'kysely';

/**
 * Plans and summaries 計劃與總結 and prospects 客戶開發 (issue 14, §2.1–§2.3, §3.2.1–§3.2.4): one plan per
 * salesperson, kind and period (its status follows machines/plan.machine.ts; every change audited as
 * `plan`, `<id>`); the prospects pipeline, one per prospective customer, and the risk assessments of
 * the prospect's business and finances (append-only: the newest is the one in force).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('weekly', 'monthly', 'annual')`))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'submitted', 'returned', 'accepted')`),
    )
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('targets', 'jsonb')
    .addColumn('next_targets', 'jsonb', (c) => c.notNull())
    .addColumn('next_quarters', 'jsonb')
    .addColumn('sections', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_submitted_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_comment', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('plans_owner_kind_period', ['owner_id', 'kind', 'period'])
    .execute();
  await db.schema.createIndex('plans_status').on('plans').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('prospects')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().unique().references('customers.customer_no'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) =>
      c.notNull().check(sql`stage in ('lead', 'contacted', 'appointment', 'negotiating', 'signed', 'lost')`),
    )
    .addColumn('source', 'text')
    .addColumn('note', 'text')
    .addColumn('lost_reason', 'text')
    .addColumn('stage_since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('prospect_risk_assessments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('customer_no', 'text', (c) => c.notNull().references('customers.customer_no'))
    .addColumn('business', 'text', (c) => c.notNull())
    .addColumn('finances', 'text', (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull().check(sql`rating in ('low', 'medium', 'high')`))
    .addColumn('assessed_by', 'text', (c) => c.notNull())
    .addColumn('assessed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('prospect_risk_assessments_customer')
    .on('prospect_risk_assessments')
    .columns(['customer_no', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('prospect_risk_assessments').execute();
  await db.schema.dropTable('prospects').execute();
  await db.schema.dropTable('plans').execute();
}
