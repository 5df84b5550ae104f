import { creditWarningsFor } from '../credit/credit-limits';
/** Builds the API's quote shapes from the read model and the live step of the running workflow. */
import { listAuditForRecord } from '../../db/audit.repository';
import { formatMoney } from '../../lib/money';
import {
  findContract,
  findCostAccounting,
  findInternalQuote,
  findQuote,
  listRevisions,
} from '../../db/quote.repository';
import type { QuoteRow } from '../../db/quote.table';
import { findCustomerByNo } from '../../db/customer.repository';
import { findDisplayNames } from '../../db/user.repository';
import { findOpenWorkItem } from '../../db/work-item.repository';
import {
  QUOTE_STATUSES,
  QUOTE_STEPS,
  unquotableLines,
  type AmendmentReport,
  type LineValidity,
} from '../../domain/quote';
import { AppError } from '../../lib/errors';
import type { PricedLine } from '../../lib/pricing';
import { judgedQuoteEvent, quoteMachine, quoteStatusFacts } from '../../machines/quote.machine';
import { actionsFor } from '../actions';
import { quoteWorkflowId } from '../../workflows/ids';
import { quoteStatusQuery, type QuoteView } from '../../workflows/quote.definitions';
import type { CurrentUser } from '../auth';
import { customerScopeOf, isInScope } from '../customers/visibility';
import { costSide, historyCostSide, mayReadBudget } from './budget-access';
import type { ApiDeps } from '../deps';
import { historyNamed, historyUserIds } from '../history';
import { QUERY_TIMEOUT_MS } from '../temporal-call';
import { RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';

/** The quote when the caller may see it (own / team / back office / auditor); 404 otherwise. */
export async function loadQuote(deps: ApiDeps, user: CurrentUser, quoteNo: string): Promise<QuoteRow> {
  const [row, scope] = await Promise.all([findQuote(deps.db, quoteNo), customerScopeOf(deps.db, user)]);
  if (!row || !isInScope(scope, row.owner_id))
    throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.quote, quoteNo));
  return row;
}

/** A quote's list row; the below-cost flag only for a budget reader (`readsBudget`, budget-access.ts), else null. */
export const toQuoteSummary = (r: QuoteRow & { customer_name: string }, readsBudget: boolean) => ({
  quoteNo: r.quote_no,
  customerNo: r.customer_no,
  customerName: r.customer_name,
  ownerId: r.owner_id,
  status: r.status,
  statusLabel: quoteStatusFacts(r.status).label,
  revision: r.revision,
  tariffVersionNo: r.tariff_version_no,
  validUntil: r.valid_until,
  needsPriceApproval: r.needs_price_approval,
  belowCost: costSide(readsBudget, r.below_cost),
  totals: r.totals,
  contractNo: r.contract_no,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** A priced line as the API shows it; budgeted cost and below-cost flag only for a budget reader (`readsBudget`). */
export const pricedLineView = (l: PricedLine, readsBudget: boolean) => ({
  ...l,
  budgetCost: costSide(readsBudget, l.budgetCost),
  belowCost: costSide(readsBudget, l.belowCost),
  unit: String(l.unit),
  serviceType: String(l.serviceType),
  currency: String(l.currency),
});

/** Quote statuses whose totals are new work for the credit limit: before signing (QUOTE_STATUSES is in chain order). */
/** Quote statuses whose totals are new work on top of the customer's exposure (before `signed`). */
export const QUOTE_OPEN_WORK: readonly string[] = QUOTE_STATUSES.slice(0, QUOTE_STATUSES.indexOf('signed'));

export async function quoteDetail(deps: ApiDeps, user: CurrentUser, quoteNo: string, known?: QuoteView) {
  const row = await loadQuote(deps, user, quoteNo);
  // The cost budget and margins only for their readers (budget-access.ts); others get the quote without them.
  const budgetReader = await mayReadBudget(deps, user);
  const [revisions, history, internal, contract, customer, live, costs, item] = await Promise.all([
    listRevisions(deps.db, quoteNo),
    listAuditForRecord(deps.db, 'quote', quoteNo),
    budgetReader ? findInternalQuote(deps.db, quoteNo, row.revision) : Promise.resolve(undefined),
    findContract(deps.db, quoteNo),
    findCustomerByNo(deps.db, row.customer_no),
    known ? Promise.resolve(known) : liveView(deps, row),
    budgetReader && row.status === 'costed' ? findCostAccounting(deps.db, quoteNo) : Promise.resolve(undefined),
    findOpenWorkItem(deps.db, 'quote', quoteNo),
  ]);
  // The step's due: the workflow's (QUOTE_SLA_*), else its inbox item's (INBOX_SLA_QUOTE_*); overdue as the inbox
  // says it (db/work-item.repository.ts `isOverdue`): marked by the timer, or the due has passed.
  const dueAt = live?.dueAt ?? item?.due_at?.toISOString() ?? null;
  const overdue = (live?.overdue ?? false) || (dueAt !== null && Date.parse(dueAt) <= Date.now());
  const names = await findDisplayNames(deps.db, [
    row.owner_id,
    ...revisions.map((r) => r.created_by),
    ...(internal?.budget_approved_by ? [internal.budget_approved_by] : []),
    ...(costs ? [costs.entered_by] : []),
    ...(contract ? [contract.drafted_by, ...contract.approvals.map((a) => a.userId)] : []),
    // The history's actors too: one lookup for every name the answer shows.
    ...historyUserIds(history),
  ]);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const current = revisions.find((r) => r.revision === row.revision);
  // A quote still open is new work on top of the exposure; a signed one is in it already (unbilled work).
  const creditWarnings = QUOTE_OPEN_WORK.includes(row.status)
    ? await creditWarningsFor(deps.db, row.customer_no, row.totals)
    : [];
  const facts = quoteStatusFacts(row.status);
  const snapshot = live
    ? quoteMachine.resolveState({ value: live.machine.value as never, context: live.machine.context })
    : null;
  const actions = await actionsFor(deps, user, snapshot, {
    steps: QUOTE_STEPS,
    basePath: `/quotes/${quoteNo}`,
    status: live?.status ?? row.status,
    pendingRole: live ? quoteStatusFacts(live.status).role : facts.role,
    eventFor: (spec, actor) => judgedQuoteEvent({ type: spec.event, actor }),
  });
  return {
    ...toQuoteSummary({ ...row, customer_name: customer?.full_name ?? '' }, budgetReader),
    ownerName: nameOf(row.owner_id),
    pendingRole: live ? live.pendingRole : facts.role,
    dueAt,
    overdue,
    creditWarnings,
    actions,
    lines: (current?.lines ?? []).map((l) => pricedLineView(l, budgetReader)),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      createdBy: r.created_by,
      createdByName: nameOf(r.created_by),
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
      totals: r.totals,
      lineCount: r.lines.length,
      lines: r.lines.map((l) => pricedLineView(l, budgetReader)),
    })),
    amendment: amendmentOf(history, row.revision),
    internalQuote: internal
      ? {
          // Amounts with their currency's digits, as every answer shows money.
          feeItems: internal.fee_items.map((f) => ({ ...f, amount: formatMoney(f.amount, f.currency) })),
          project: internal.project,
          budget: internal.budget,
          budgetApprovedBy: internal.budget_approved_by,
          budgetApprovedByName: nameOf(internal.budget_approved_by),
        }
      : null,
    costAccounting: costs
      ? {
          actuals: costs.actuals,
          lines: costs.sheet.lines,
          totals: costs.sheet.totals,
          enteredBy: costs.entered_by,
          enteredByName: nameOf(costs.entered_by),
          enteredAt: costs.created_at.toISOString(),
        }
      : null,
    contract: contract
      ? {
          templateVersion: contract.template_version,
          clauseChanges: contract.clause_changes,
          draftedBy: contract.drafted_by,
          draftedByName: nameOf(contract.drafted_by),
          contractNo: contract.contract_no,
          approvals: contract.approvals.map((a) => ({ ...a, userName: nameOf(a.userId) })),
          signedOn: contract.signed_on,
        }
      : null,
    history: historyNamed(historyCostSide(budgetReader, history), names),
  };
}

/**
 * The report of the amendment that made the current revision, as the workflow computed it when it
 * chose which approvals to ask again (domain/quote.ts `reapproval`, stored with the `quote.amended`
 * step); null when the current revision is not an amendment.
 */
function amendmentOf(history: { action: string; changes: unknown }[], revision: number): AmendmentReport | null {
  const row = history.find(
    (h) => h.action === 'quote.amended' && (h.changes as { revision?: number } | null)?.revision === revision,
  );
  return (row?.changes as { amendment?: AmendmentReport } | null)?.amendment ?? null;
}

/** The running workflow's view (whose turn, due time, machine state); null when finished or unreachable. */
async function liveView(deps: ApiDeps, row: QuoteRow): Promise<QuoteView | null> {
  if (quoteStatusFacts(row.status).role === null) return null;
  try {
    const handle = deps.temporal.workflow.getHandle(
      quoteWorkflowId(deps.temporalConfig.workflowIdPrefix, row.quote_no),
    );
    return await deps.temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(quoteStatusQuery));
  } catch {
    return null;
  }
}

/** 422 when a line names no line of tariff `versionNo` or a line not valid on `date` (domain/quote.ts `unquotableLines`). */
export function refuseUnquotable(
  versionNo: number,
  tariff: readonly LineValidity[],
  lines: readonly { tariffLineNo: number }[],
  date: string,
): void {
  const problems = unquotableLines(tariff, lines, date);
  if (!problems.length) return;
  throw new AppError(
    'unprocessable',
    `原始報價第 ${versionNo} 版有 ${problems.length} 行不能報價 Tariff version ${versionNo}: ${problems.map((p) => p.message).join('; ')}`.slice(
      0,
      500,
    ),
    {
      fields: problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
    },
  );
}
