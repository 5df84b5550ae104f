/**
 * Credit control 信用管制 (issue 13 §3.4.4): the rules of a customer's credit hold and its manager's
 * override. One place for them: the job routes refuse with `creditHoldRefusal`, and the job's `actions`
 * read the same function, so a button and a refusal cannot disagree.
 */
import { Decimal, formatMoney, parseDecimal } from '../lib/money';
import type { Currency } from '../machines/catalog';
import type { Role } from '../machines/roles';

/**
 * The job steps that release a customer's goods for delivery: arranging the import delivery 安排送貨
 * (the containers leave the port for the customer) and releasing out of the warehouse 出倉. Steps
 * after them (trucks, arrival) follow a release already made and are not held.
 */
export const CREDIT_HOLD_DELIVERY_STEPS: readonly string[] = ['transport.delivery_arranged', 'warehouse.released'];

/** Who may override a credit hold (a recorded reason, audited): the customer's sales manager and the GM. */
export const CREDIT_OVERRIDE_ROLES: readonly Role[] = ['sales_manager', 'gm'];

/** What a hold blocks: opening a new job for the customer, or releasing a job's containers for delivery. */
export type CreditHoldScope = 'job_open' | 'delivery';

/** A customer's credit hold as it stands (only holds in force: `on_hold` true). */
export interface ActiveCreditHold {
  customerNo: string;
  reason: string;
  setBy: string;
  /** When the hold was set: identifies this hold (overrides of an earlier one do not count). */
  setAt: Date;
}

/** `details` of a refusal for a credit hold (409 `conflict`, `details.reason` `credit_hold`). */
export interface CreditHoldRefusal {
  reason: 'credit_hold';
  customerNo: string;
  scope: CreditHoldScope;
  holdReason: string;
  holdSetAt: string;
  /** Roles that may record an override, and where it is sent (POST, body `{ reason }`). */
  overrideRoles: readonly Role[];
  overridePath: string;
}

/** Whether a job step is one a credit hold blocks. */
export const isHeldStep = (step: string): boolean => CREDIT_HOLD_DELIVERY_STEPS.includes(step);

/**
 * The refusal of an act on a held customer, or null when it may go ahead: no hold in force, or an
 * override of this hold for this target. `overridden`: an override of the current hold exists for the
 * target (the contract for `job_open`, the job for `delivery`).
 * Returns `{ message, details }` for a 409: message in zh-Hant and English.
 */
export function creditHoldRefusal(
  hold: ActiveCreditHold | null,
  target: { scope: CreditHoldScope; overridden: boolean; overridePath: string },
): { message: string; details: CreditHoldRefusal } | null {
  if (!hold || target.overridden) return null;
  const what =
    target.scope === 'job_open'
      ? '不得開立新作業 no new job may be opened'
      : '貨櫃不得放行送貨 containers may not be released for delivery';
  return {
    message: `客戶 ${hold.customerNo} 信用凍結中，${what} without a manager's override: Customer ${hold.customerNo} is on credit hold (${hold.reason})`,
    details: {
      reason: 'credit_hold',
      customerNo: hold.customerNo,
      scope: target.scope,
      holdReason: hold.reason,
      holdSetAt: hold.setAt.toISOString(),
      overrideRoles: CREDIT_OVERRIDE_ROLES,
      overridePath: target.overridePath,
    },
  };
}

/** Who sets a customer's credit limit per currency (audited): commerce and the GM. */
export const CREDIT_LIMIT_SETTERS: readonly Role[] = ['commerce', 'gm'];

/** A customer's exposure in one currency (decimal strings, never summed across currencies). */
export interface CurrencyExposure {
  currency: Currency;
  /** Outstanding of the customer's receivables: the sum of their ledger entries. */
  openReceivables: string;
  /** Signed contracts' value not yet billed: per contract, its quoted total − what its jobs billed, at least 0. */
  unbilledWork: string;
}

/** One currency in which the limit would be exceeded; amounts in the currency's digits. */
export interface CreditLimitWarning {
  currency: Currency;
  limit: string;
  openReceivables: string;
  unbilledWork: string;
  newExposure: string;
  /** openReceivables + unbilledWork + newExposure. */
  exposure: string;
  /** exposure − limit (> 0). */
  over: string;
}

/**
 * The credit-limit warnings 信用額度警示: for each currency with a limit, exposure = open receivables +
 * signed unbilled work + `newWork` (the new quote's total; 0 at job opening, whose contract is already
 * in the unbilled work); a warning when exposure > limit (equal is within it). A warning, not a block.
 * `limits`, `exposures`, `newWork`: decimal strings by currency. Currencies without a limit never warn.
 */
export function creditLimitWarnings(
  limits: readonly { currency: Currency; amount: string }[],
  exposures: readonly CurrencyExposure[],
  newWork: readonly { currency: Currency; amount: string }[] = [],
): CreditLimitWarning[] {
  const out: CreditLimitWarning[] = [];
  for (const l of limits) {
    const e = exposures.find((x) => x.currency === l.currency);
    const open = parseDecimal(e?.openReceivables ?? '0');
    const unbilled = parseDecimal(e?.unbilledWork ?? '0');
    const fresh = newWork
      .filter((w) => w.currency === l.currency)
      .reduce((sum, w) => sum.plus(parseDecimal(w.amount)), new Decimal(0));
    const exposure = open.plus(unbilled).plus(fresh);
    const limit = parseDecimal(l.amount);
    if (exposure.lte(limit)) continue;
    const m = (v: Decimal) => formatMoney(v, l.currency);
    out.push({
      currency: l.currency,
      limit: m(limit),
      openReceivables: m(open),
      unbilledWork: m(unbilled),
      newExposure: m(fresh),
      exposure: m(exposure),
      over: m(exposure.minus(limit)),
    });
  }
  return out;
}
