/**
 * Credit hold at the job routes (domain/credit-control.ts): opening a job and releasing a job's
 * containers for delivery are refused (409, `details.reason` `credit_hold`) while the customer is on
 * hold, unless a manager recorded an override (`POST /contracts/{no}/credit-override`,
 * `POST /jobs/{no}/credit-override`). The job view shows the hold and the override, and its actions
 * follow the same rule.
 */
import { z } from 'zod';
import {
  claimJobOpenOverride,
  findActiveHold,
  findDeliveryOverride,
  markOverrideUsedBy,
} from '../../db/credit-control.repository';
import type { CreditHoldOverrideRow } from '../../db/collection-case.table';
import type { Database } from '../../db/database';
import type { Kysely } from 'kysely';
import {
  CREDIT_HOLD_DELIVERY_STEPS,
  CREDIT_OVERRIDE_ROLES,
  creditHoldRefusal,
  isHeldStep,
  type ActiveCreditHold,
} from '../../domain/credit-control';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import type { JobRecordAction } from '../jobs/views';

export const contractOverridePath = (contractNo: string) =>
  `/contracts/${encodeURIComponent(contractNo)}/credit-override`;
export const jobOverridePath = (jobNo: string) => `/jobs/${encodeURIComponent(jobNo)}/credit-override`;

/**
 * Before a job is opened under `contractNo` for `customerNo`: nothing when the customer is not on hold;
 * else the manager's override of this hold for the contract is taken for this request (`usedKey`, so a
 * retry keeps it) and returned — `markUsed(jobNo)` then notes the job — or 409 `credit_hold`.
 */
export async function takeJobOpenClearance(
  db: Kysely<Database>,
  o: { customerNo: string; contractNo: string; userId: string; key: string },
): Promise<{ markUsed: (jobNo: string) => Promise<void> }> {
  const hold = await findActiveHold(db, o.customerNo);
  const none = { markUsed: async () => {} };
  if (!hold) return none;
  const override = await claimJobOpenOverride(db, hold, o.contractNo, `${o.userId}:${o.key}`, o.userId);
  const refusal = creditHoldRefusal(hold, {
    scope: 'job_open',
    overridden: override !== undefined,
    overridePath: contractOverridePath(o.contractNo),
  });
  if (refusal) throw new AppError('conflict', refusal.message, { ...refusal.details });
  return { markUsed: (jobNo) => markOverrideUsedBy(db, override!.id, jobNo) };
}

/** Before a job step: 409 `credit_hold` when the step releases goods of a held customer without an override for the job. */
export async function assertDeliveryAllowed(
  db: Kysely<Database>,
  o: { customerNo: string; jobNo: string; step: string },
): Promise<void> {
  if (!isHeldStep(o.step)) return;
  const hold = await findActiveHold(db, o.customerNo);
  if (!hold) return;
  const override = await findDeliveryOverride(db, hold, o.jobNo);
  const refusal = creditHoldRefusal(hold, {
    scope: 'delivery',
    overridden: override !== undefined,
    overridePath: jobOverridePath(o.jobNo),
  });
  if (refusal) throw new AppError('conflict', refusal.message, { ...refusal.details });
}

export const CreditOverrideView = z.object({
  id: z.number().int(),
  customerNo: z.string(),
  scope: z.enum(['job_open', 'delivery']),
  contractNo: z.string().nullable(),
  jobNo: z.string().nullable(),
  reason: z.string(),
  grantedBy: z.string(),
  grantedRole: z.string(),
  onBehalfOf: z.string().nullable(),
  createdAt: z.string(),
  usedJobNo: z.string().nullable().describe('job_open: the job opened with it (null while unused)'),
  used: z.boolean(),
});

export const toOverrideView = (r: CreditHoldOverrideRow): z.infer<typeof CreditOverrideView> => ({
  id: r.id,
  customerNo: r.customer_no,
  scope: r.scope,
  contractNo: r.contract_no,
  jobNo: r.job_no,
  reason: r.reason,
  grantedBy: r.granted_by,
  grantedRole: r.granted_role,
  onBehalfOf: r.on_behalf_of,
  createdAt: r.created_at.toISOString(),
  usedJobNo: r.used_job_no,
  used: r.used_key !== null,
});

export const JobCreditHold = z
  .object({
    customerNo: z.string(),
    reason: z.string().describe('Why the customer is on hold'),
    setBy: z.string(),
    setAt: z.string(),
    heldSteps: z.array(z.string()).describe('The job steps the hold refuses without an override'),
    override: CreditOverrideView.nullable().describe('The manager’s override for this job’s delivery, if recorded'),
  })
  .describe('The customer’s credit hold in force (null when none)');

/** The job's credit hold as the job view shows it, and its override for the job. */
export async function jobCreditHold(
  db: Kysely<Database>,
  customerNo: string,
  jobNo: string,
): Promise<{ hold: ActiveCreditHold; override: CreditHoldOverrideRow | undefined } | null> {
  const hold = await findActiveHold(db, customerNo);
  if (!hold) return null;
  return { hold, override: await findDeliveryOverride(db, hold, jobNo) };
}

export const toJobCreditHold = (h: { hold: ActiveCreditHold; override: CreditHoldOverrideRow | undefined }) => ({
  customerNo: h.hold.customerNo,
  reason: h.hold.reason,
  setBy: h.hold.setBy,
  setAt: h.hold.setAt.toISOString(),
  heldSteps: [...CREDIT_HOLD_DELIVERY_STEPS],
  override: h.override ? toOverrideView(h.override) : null,
});

/**
 * The job's actions under a credit hold: a held step is refused with `credit_hold` unless overridden,
 * and a manager (CREDIT_OVERRIDE_ROLES, own or delegated) is offered the override while none is recorded.
 */
export function withCreditHold(
  jobNo: string,
  actions: JobRecordAction[],
  credit: { hold: ActiveCreditHold; override: CreditHoldOverrideRow | undefined } | null,
  roles: readonly Role[],
  jobDone: boolean,
): JobRecordAction[] {
  if (!credit || credit.override || jobDone) return actions;
  const held = actions.map((a) =>
    a.allowed && a.step.startsWith('steps/') && isHeldStep(a.step.slice('steps/'.length))
      ? { ...a, allowed: false, reason: 'credit_hold' as const }
      : a,
  );
  if (!roles.some((r) => CREDIT_OVERRIDE_ROLES.includes(r))) return held;
  return [
    ...held,
    {
      step: 'credit-override',
      method: 'POST',
      path: jobOverridePath(jobNo),
      labelZh: '信用凍結放行（需填理由）',
      labelEn: 'Override the credit hold for this job (reason required)',
      commentRequired: false,
      allowed: true,
      confirm: true,
    },
  ];
}
