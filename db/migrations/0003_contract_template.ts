import { sql, type Kysely } from 'kysely';
import { STANDARD_TERMS_V1 } from '../contract-terms';

/** The company's standard contract terms, version 1. Later versions are new rows; contracts keep theirs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into contract_templates (version, title, clauses) values (1, ${STANDARD_TERMS_V1.title}, ${JSON.stringify(STANDARD_TERMS_V1.clauses)}::jsonb)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from contract_templates where version = 1`.execute(db);
}
