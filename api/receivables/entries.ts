/**
 * The one way an entry other than an invoice or an allocation reaches the ledger: a credit note, an
 * adjustment, a write-off — by the entries route, an approved write-off, a resolved dispute or a
 * balance difference corrected. Also the create-once helper every receivables write shares.
 */
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../db/audit.repository';
import { isUniqueViolation } from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { insertEntries, lockReceivables } from '../../db/ledger.repository';
import type { ReceivableEntryRow } from '../../db/receivable-entry.table';
import { findRefForKey, recordRefForKey } from '../../db/request-key.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, formatDecimal, parseDecimal, SCALE } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { planCorrection } from '../../domain/ledger';
import { moneyDateTooEarly } from '../../domain/money-dates';

/** A 422 naming the body field it concerns. */
export const unprocessable = (field: string, message: string) => new AppError('unprocessable', message, { field });

/** The business dates `notFuture` checks, each by the zh-Hant name its field has on the desk. */
const DATE_NAMES = {
  receivedOn: '收款日',
  refundedOn: '退款日',
  entryDate: '日期',
  sentOn: '寄出日',
  answeredOn: '回覆日',
  periodTo: '期間至',
  asOf: '截至日期',
  signedOn: '簽約日',
  calledOn: '催收日期',
} as const;

/** A business date that must not lie in the future (422 naming the field). For a day money moved: `moneyDate`. */
export function notFuture(field: keyof typeof DATE_NAMES, date: string): void {
  if (date > businessToday())
    throw unprocessable(field, `${DATE_NAMES[field]} ${date} 晚於今天 ${field} ${date} is in the future`);
}

/**
 * A business date on which money moved (`receivedOn`, `refundedOn`, `entryDate`) or was chased (a collection call's
 * `calledOn`): not in the future (`notFuture`) and not before the start of last year (`moneyDateTooEarly`,
 * domain/money-dates.ts — the desk's forms say the same); else 422 naming the field.
 */
export function moneyDate(field: 'receivedOn' | 'refundedOn' | 'entryDate' | 'calledOn', date: string): void {
  notFuture(field, date);
  const early = moneyDateTooEarly(date, businessToday());
  if (early) throw unprocessable(field, `${DATE_NAMES[field]} ${date} ${early.zh} ${field} ${date} ${early.en}`);
}

/**
 * Runs a create once per (user id, scope, key): a retry, or the loser of a race with the same key, gets
 * the first one's ref (`replay: true`). `run` executes in one transaction with the key's record.
 */
export async function once(
  db: Kysely<Database>,
  userId: string,
  scope: string,
  key: string,
  run: (trx: Transaction<Database>) => Promise<number>,
): Promise<{ ref: number; replay: boolean }> {
  const before = await findRefForKey(db, userId, scope, key);
  if (before !== undefined) return { ref: before, replay: true };
  try {
    const ref = await db.transaction().execute(async (trx) => {
      const r = await run(trx);
      await recordRefForKey(trx, userId, scope, key, r);
      return r;
    });
    return { ref, replay: false };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await findRefForKey(db, userId, scope, key);
    if (raced === undefined) throw err;
    return { ref: raced, replay: true };
  }
}

export type CorrectionKind = 'credit_note' | 'adjustment' | 'write_off';

export interface EntryRequest {
  receivableId: number;
  kind: CorrectionKind;
  /** Positive decimal string in the receivable's currency's digits. */
  amount: string;
  /** The request field `amount` came from, named in a refusal (`correction.amount`); default `amount`. */
  amountField?: string;
  /** A credit note and a write-off always lower what is owed. */
  direction: 'increase' | 'decrease';
  /** Business date, `YYYY-MM-DD`: not in the future, not before the invoice date. */
  entryDate: string;
  reason: string;
  /** Where the entry comes from, kept in its audit row (e.g. `{ writeOffId: 3 }`). */
  cause?: Record<string, unknown>;
}

/**
 * Locks the receivable and appends one signed `kind` entry with its audit row (`receivable`,
 * `receivable.<kind>`), in the caller's transaction. A lowering entry may take the receivable to zero,
 * never below. Throws AppError `not_found` (no such receivable), `bad_request` (amount digits, path
 * `body.<amountField>`), `unprocessable` (`entryDate` in the future or before the invoice, `amount` more than
 * outstanding, a credit note or write-off raising what is owed).
 * @returns the entry written and the receivable's outstanding amount before it (decimal string).
 */
export async function appendEntry(
  trx: Transaction<Database>,
  actor: { id: string; role: string; onBehalfOf?: string | undefined },
  r: EntryRequest,
  idempotencyKey: string | null,
): Promise<{ entry: ReceivableEntryRow; outstandingBefore: string; customerNo: string; currency: string }> {
  const [locked] = await lockReceivables(trx, [r.receivableId]);
  if (!locked) throw new AppError('not_found', '查無此應收款 No such receivable');
  const amountField = r.amountField ?? 'amount';
  const problem = amountDigitsProblem('amount', r.amount, locked.currency as Currency);
  if (problem)
    throw new AppError('bad_request', problem, { fields: [{ path: `body.${amountField}`, message: problem }] });
  moneyDate('entryDate', r.entryDate);
  if (r.entryDate < locked.invoice_date)
    throw unprocessable(
      'entryDate',
      `日期早於發票日 ${locked.invoice_date} entryDate is before the invoice date ${locked.invoice_date}`,
    );
  const plan = planCorrection(parseDecimal(locked.outstanding), {
    kind: r.kind,
    direction: r.direction,
    amount: parseDecimal(r.amount),
  });
  if ('problem' in plan)
    throw unprocessable(plan.problem.field === 'amount' ? amountField : plan.problem.field, plan.problem.message);
  const [entry] = await insertEntries(trx, [
    {
      receivableId: r.receivableId,
      customerNo: locked.customer_no,
      currency: locked.currency,
      kind: r.kind,
      amount: formatDecimal(plan.amount, SCALE),
      entryDate: r.entryDate,
      reason: r.reason,
      createdBy: actor.id,
    },
  ]);
  await appendAudit(trx, {
    actorId: actor.id,
    actorRole: actor.role,
    onBehalfOf: actor.onBehalfOf ?? null,
    recordType: 'receivable',
    recordId: String(r.receivableId),
    action: `receivable.${r.kind}`,
    comment: r.reason,
    changes: { entryId: entry!.id, kind: r.kind, amount: entry!.amount, entryDate: r.entryDate, ...r.cause },
    idempotencyKey,
  });
  return {
    entry: entry!,
    outstandingBefore: locked.outstanding,
    customerNo: locked.customer_no,
    currency: locked.currency,
  };
}
