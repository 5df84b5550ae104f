/**
 * Who may do what with receivables (§3.4): finance enters receipts, allocations and refunds; finance and
 * settlement credit notes and adjustments; commerce and the GM set a contract's payment terms. Reading:
 * salespeople their own customers, sales managers their team's, the back office of sales and finance
 * all, auditors all (read only). A customer out of sight is answered 404.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Role } from '../../machines/roles';
import { requireRole, type CurrentUser } from '../auth';
import { customerScopeOf, type CustomerScope } from '../customers/visibility';

export const LEDGER_READERS: readonly Role[] = [
  'sales',
  'sales_manager',
  'marketing_manager',
  'commerce',
  'gm',
  'settlement',
  'finance',
  'auditor',
];
export const RECEIPT_WRITERS: readonly Role[] = ['finance'];
export const ENTRY_WRITERS: readonly Role[] = ['finance', 'settlement'];
export const TERMS_WRITERS: readonly Role[] = ['commerce', 'gm'];

/** The caller (403 unless a ledger reader) and the owners whose customers they see (undefined: all). */
export async function ledgerReader(
  db: Kysely<Database>,
  req: FastifyRequest,
): Promise<{ user: CurrentUser; scope: CustomerScope }> {
  const user = requireRole(req, LEDGER_READERS, 'read receivables');
  return { user, scope: await customerScopeOf(db, user) };
}
