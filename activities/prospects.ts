/**
 * The prospects pipeline's side of a contract signature: the customer's prospect, if any and not signed yet,
 * moves to `signed` 已簽約 as the system (machines/prospect.machine.ts: `prospect.signed` is the system's
 * event, never a button), audited in the signature's own transaction.
 */
import type { Transaction } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import type { Database } from '../db/database';
import { latestRiskAssessment, lockProspectByCustomer, setProspectStage } from '../db/prospect.repository';
import { prospectSnapshot } from '../machines/prospect.machine';
import { SYSTEM_ACTOR } from '../machines/roles';

/**
 * Marks the prospect of `customerNo` signed because `quoteNo`'s contract was signed by `signedBy`. Does
 * nothing when the customer has no prospect or it is signed already. `key` names the audit row (a retried
 * activity appends nothing twice).
 */
export async function markProspectSigned(
  trx: Transaction<Database>,
  customerNo: string,
  quoteNo: string,
  signedBy: string,
  key: string,
): Promise<void> {
  const p = await lockProspectByCustomer(trx, customerNo);
  if (!p) return;
  const assessed = Boolean(await latestRiskAssessment(trx, customerNo));
  if (!prospectSnapshot(p.stage, p.owner_id, assessed).can({ type: 'prospect.signed', actor: SYSTEM_ACTOR })) return;
  await setProspectStage(trx, p.id, 'signed', null);
  await appendAudit(trx, {
    actorId: SYSTEM_ACTOR.id,
    actorRole: SYSTEM_ACTOR.role,
    recordType: 'prospect',
    recordId: String(p.id),
    action: 'prospect.signed',
    fromState: p.stage,
    toState: 'signed',
    comment: `合同簽署 contract signed (${quoteNo})`,
    changes: { quoteNo, signedBy, riskAssessed: assessed },
    idempotencyKey: key,
  });
}
