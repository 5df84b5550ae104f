/**
 * What the caller may do from a customer's ledger 欠款臺帳 (`actions` of `GET /ledgers/{customerNo}`, of
 * each of its receivables and receipts): the same role lists (access.ts) and rules the write routes
 * apply, judged on the record as it stands now (whatever the ledger's as-of date), so a button and a
 * refusal cannot disagree. Roles that may never take a step get no action; auditors get none.
 */
import type { RecordAction } from '../../domain/actions';
import { isPastDue } from '../../domain/ledger';
import { businessToday } from '../../lib/dates';
import { parseDecimal } from '../../lib/money';
import type { CurrentUser } from '../auth';
import { BALANCE_WRITERS, ENTRY_WRITERS, RECEIPT_WRITERS, STATEMENT_WRITERS, WRITE_OFF_PROPOSERS } from './access';
import { mayPropose } from './write-offs';

const step = (
  stepKey: string,
  path: string,
  labelZh: string,
  labelEn: string,
  refusal?: RecordAction['reason'],
): RecordAction => ({
  step: stepKey,
  method: 'POST',
  path,
  labelZh,
  labelEn,
  commentRequired: false,
  allowed: refusal === undefined,
  ...(refusal ? { reason: refusal } : {}),
});

/** Ledger-wide: enter a receipt (`POST /receipts`, finance) and draw a statement (`POST /statements`, finance, settlement). */
export function ledgerActions(user: CurrentUser): RecordAction[] {
  const out: RecordAction[] = [];
  if (RECEIPT_WRITERS.includes(user.role)) out.push(step('receipts', '/receipts', '登記收款', 'Enter a receipt'));
  return [...out, ...statementListActions(user)];
}

/** The statements list's step: draw a statement (`POST /statements`, finance and settlement); none for others. */
export function statementListActions(user: CurrentUser): RecordAction[] {
  return STATEMENT_WRITERS.includes(user.role)
    ? [step('statements', '/statements', '建立對帳單', 'Draw a statement')]
    : [];
}

/**
 * A receivable's steps: a credit note or adjustment (`POST /receivables/{id}/entries`, finance and
 * settlement) and a write-off proposal (`POST /write-offs`: settlement, or the customer's own
 * salesperson; refused `not_owner` for another's customer, `not_due` when it is not past its due date today
 * (`isPastDue`, business time zone), `wrong_state` when nothing is outstanding now or a proposal on it is
 * already waiting).
 * @param r the receivable now: `outstanding` a decimal string, `ownerId` the customer's salesperson,
 *   `dueDate` its due date (YYYY-MM-DD).
 * @param waitingWriteOff true when a proposed or returned write-off of it exists.
 */
export function receivableActions(
  user: CurrentUser,
  r: { id: number; ownerId: string; outstanding: string; dueDate: string },
  waitingWriteOff: boolean,
): RecordAction[] {
  const out: RecordAction[] = [];
  if (ENTRY_WRITERS.includes(user.role))
    out.push(step('entries', `/receivables/${r.id}/entries`, '貸項 / 調整', 'Credit note / adjustment'));
  if (WRITE_OFF_PROPOSERS.includes(user.role)) {
    const refusal = !mayPropose(user, r.ownerId)
      ? 'not_owner'
      : waitingWriteOff || parseDecimal(r.outstanding).lte(0)
        ? 'wrong_state'
        : !isPastDue(r.dueDate, businessToday())
          ? 'not_due'
          : undefined;
    out.push(step('write-off', '/write-offs', '提出壞賬核銷', 'Propose write-off', refusal));
  }
  return out;
}

/** A receipt's steps (finance): allocate and refund its unallocated credit; `wrong_state` when none is left now. */
export function receiptActions(user: CurrentUser, p: { id: number; unallocated: string }): RecordAction[] {
  if (!RECEIPT_WRITERS.includes(user.role)) return [];
  const refusal = parseDecimal(p.unallocated).lte(0) ? ('wrong_state' as const) : undefined;
  return [
    step('allocations', `/receipts/${p.id}/allocations`, '沖銷應收款', 'Allocate', refusal),
    step('refunds', `/receipts/${p.id}/refunds`, '退款', 'Refund', refusal),
  ];
}

/** The balance uploads' step: upload finance's balances (`POST /finance-balances`, finance); none for others. */
export function balanceListActions(user: CurrentUser): RecordAction[] {
  return BALANCE_WRITERS.includes(user.role)
    ? [step('upload', '/finance-balances', '上傳財務餘額', 'Upload finance’s balances')]
    : [];
}
