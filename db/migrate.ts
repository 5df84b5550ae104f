/** Applies migrations in order; the list is code, so bundles and tests need no file scanning. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_quotes';
import * as m0003 from './migrations/0003_contract_template';
import * as m0004 from './migrations/0004_audit_chain';
import * as m0005 from './migrations/0005_jobs';
import * as m0006 from './migrations/0006_inbox_index';
import * as m0007 from './migrations/0007_idempotency_keys';
import * as m0008 from './migrations/0008_customer_name_key';
import * as m0009 from './migrations/0009_rate_limits';
import * as m0010 from './migrations/0010_job_declared_value';
import * as m0011 from './migrations/0011_receivables_ledger';
import * as m0012 from './migrations/0012_collection_schedule';
import * as m0013 from './migrations/0013_collection_cases';
import * as m0014 from './migrations/0014_reconciliation';
import * as m0015 from './migrations/0015_business_calendar';
import * as m0017 from './migrations/0017_audit_record_chains';
import * as m0019 from './migrations/0019_tariff_inbox';
import * as m0021 from './migrations/0021_credit_control';
import * as m0023 from './migrations/0023_plans_prospects';
import * as m0022 from './migrations/0022_visits_and_diaries';
import * as m0025 from './migrations/0025_prospect_risk_fields';
import * as m0026 from './migrations/0026_audit_transition_idx';
import * as m0029 from './migrations/0029_visit_visited_at';
import * as m0030 from './migrations/0030_statement_disputes_settled';
import * as m0031 from './migrations/0031_statement_periods_no_overlap';
import * as m0033 from './migrations/0033_write_off_withdrawn';
import * as m0035 from './migrations/0035_inbox_step_label_one_string';
import * as m0036 from './migrations/0036_role_terms';
import type { Database } from './database';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_quotes': m0002,
  '0003_contract_template': m0003,
  '0004_audit_chain': m0004,
  '0005_jobs': m0005,
  '0006_inbox_index': m0006,
  '0007_idempotency_keys': m0007,
  '0008_customer_name_key': m0008,
  '0009_rate_limits': m0009,
  '0010_job_declared_value': m0010,
  '0011_receivables_ledger': m0011,
  '0012_collection_schedule': m0012,
  '0013_collection_cases': m0013,
  '0014_reconciliation': m0014,
  '0015_business_calendar': m0015,
  '0017_audit_record_chains': m0017,
  '0019_tariff_inbox': m0019,
  '0021_credit_control': m0021,
  '0023_plans_prospects': m0023,
  '0022_visits_and_diaries': m0022,
  '0025_prospect_risk_fields': m0025,
  '0026_audit_transition_idx': m0026,
  '0029_visit_visited_at': m0029,
  '0030_statement_disputes_settled': m0030,
  '0031_statement_periods_no_overlap': m0031,
  '0033_write_off_withdrawn': m0033,
  '0035_inbox_step_label_one_string': m0035,
  '0036_role_terms': m0036,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// Migration numbers are handed out to parallel branches, so a database may have run a later number
// before an earlier one lands: apply it then instead of refusing to start.
const migratorOf = (db: Kysely<Database>) => new Migrator({ db, provider, allowUnorderedMigrations: true });

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrates up to and including `name` (e.g. '0012_collection_schedule'): tests of a migration start from the schema before it. */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
