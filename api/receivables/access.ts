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
import { requireActing, sightIn } from '../acting';
import type { CurrentUser } from '../auth';
import type { CustomerScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';

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
/** A salesperson (own customers) or settlement proposes a write-off 壞賬核銷; the GM decides it. */
export const WRITE_OFF_PROPOSERS: readonly Role[] = ['sales', 'settlement'];
export const WRITE_OFF_APPROVERS: readonly Role[] = ['gm'];
/** Finance and settlement draw statements 對帳單 and mark them sent. */
export const STATEMENT_WRITERS: readonly Role[] = ['finance', 'settlement'];
/**
 * Who records the customer's answer to a statement (confirmed, disputed lines) and works dispute cases
 * (notes; the outcome "customer pays"): finance, settlement, the customer's salesperson and their sales
 * manager. Credit notes and adjustments as outcomes stay with ENTRY_WRITERS.
 */
/** Finance uploads its receivables balances and works the differences; these and the GM, settlement and auditors read them. */
export const BALANCE_WRITERS: readonly Role[] = ['finance'];
export const BALANCE_READERS: readonly Role[] = ['finance', 'settlement', 'gm', 'auditor'];
/** A salesperson's monthly collection-rate target 回款率目標 (§2.2.6): their sales manager sets it, the GM any. */
export const COLLECTION_TARGET_SETTERS: readonly Role[] = ['sales_manager', 'gm'];
export const STATEMENT_ANSWERERS: readonly Role[] = ['finance', 'settlement', 'sales', 'sales_manager'];
/** Who plans collections 預定收款日 and records calls 催收電話: the customer's salesperson, or their sales manager. */
export const COLLECTION_WRITERS: readonly Role[] = ['sales', 'sales_manager'];

/** Outcomes of a dispute case 爭議: a credit note or adjustment (a ledger entry), or the customer pays. */
export const DISPUTE_OUTCOMES = ['adjustment', 'credit_note', 'customer_pays'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/**
 * The outcomes a role may choose when resolving a dispute case (`POST /disputes/{id}/resolve`): every
 * STATEMENT_ANSWERERS role may close it as "customer pays"; only ENTRY_WRITERS (finance, settlement) may
 * record a credit note or adjustment. Empty for roles that may not resolve at all. The route refuses
 * any other outcome (403 `role_not_allowed`) and the case's `resolve` action lists exactly these.
 */
export function disputeOutcomesFor(role: Role): DisputeOutcome[] {
  if (!STATEMENT_ANSWERERS.includes(role)) return [];
  return DISPUTE_OUTCOMES.filter((o) => o === 'customer_pays' || ENTRY_WRITERS.includes(role));
}

/**
 * The caller (403 unless a ledger reader in their own role or a delegated one: `requireActing`) and the owners
 * whose customers they see (undefined: all) — their own sight joined with each delegator's (`sightIn`), so the GM's
 * delegate reads what the GM decides on.
 */
export async function ledgerReader(
  db: Kysely<Database>,
  req: FastifyRequest,
): Promise<{ user: CurrentUser; scope: CustomerScope }> {
  const user = await requireActing({ db }, req, LEDGER_READERS, 'read receivables');
  return { user, scope: await sightIn({ db }, user, LEDGER_READERS) };
}

/** A ledger route's `preValidation`: the role (own or delegated) is checked before the input is read. */
export const ledgerGate =
  (deps: Pick<ApiDeps, 'db'>) =>
  async (req: FastifyRequest): Promise<void> => {
    await requireActing(deps, req, LEDGER_READERS, 'read receivables');
  };
