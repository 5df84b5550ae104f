import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAudit } from '../audit.repository';
import type { Database } from '../database';
import { SYSTEM_ACTOR } from '../../machines/roles';

/**
 * A disputed statement whose last open dispute case is resolved goes back to `sent`, awaiting the customer's answer
 * again (api/receivables/statements.ts `settleStatementIfLastDispute`). Statements whose cases were all resolved
 * before that rule stayed `disputed` with no step for anyone: this moves each to `sent`, audited on the statement
 * (`statement.disputes_settled`, disputed → sent, by the system, naming the migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = db as Kysely<Database>;
  const { rows } = await sql<{ id: number }>`
    select s.id from statements s
     where s.status = 'disputed'
       and not exists (select 1 from dispute_cases c where c.statement_id = s.id and c.status = 'open')
     order by s.id`.execute(d);
  // The migrator runs each migration in a transaction (PostgreSQL); appendAudit needs one.
  const inTransaction = (f: (trx: Transaction<Database>) => Promise<void>) =>
    d.isTransaction ? f(d as Transaction<Database>) : d.transaction().execute(f);
  for (const { id } of rows)
    await inTransaction(async (trx) => {
      await trx.updateTable('statements').set({ status: 'sent' }).where('id', '=', id).execute();
      await appendAudit(trx, {
        actorId: SYSTEM_ACTOR.id,
        actorRole: SYSTEM_ACTOR.role,
        recordType: 'statement',
        recordId: String(id),
        action: 'statement.disputes_settled',
        fromState: 'disputed',
        toState: 'sent',
        comment: 'migration 0030: its dispute cases were all resolved',
        changes: {},
      });
    });
}

/** Nothing to undo: `sent` is the state the rule gives such a statement, and the audit keeps the move. */
export async function down(): Promise<void> {}
