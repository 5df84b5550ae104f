/** Builds the API's quote shapes from the read model and the live step of the running workflow. */
import { listAuditForRecord } from '../../db/audit.repository';
import { findContract, findInternalQuote, findQuote, listRevisions } from '../../db/quote.repository';
import type { QuoteRevisionRow, QuoteRow } from '../../db/quote.table';
import { AppError } from '../../lib/errors';
import { compareDecimal } from '../../lib/money';
import type { PricedLine } from '../../lib/pricing';
import { QUOTE_PENDING_ROLE, QUOTE_STATUS_LABELS } from '../../machines/quote.machine';
import { quoteWorkflowId } from '../../workflows/ids';
import { quoteStatusQuery, type QuoteView } from '../../workflows/quote.definitions';
import type { CurrentUser } from '../auth';
import { customerScopeOf, isInScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { toHistoryEntry } from '../history';
import { QUERY_TIMEOUT_MS } from '../temporal-call';

/** The quote when the caller may see it (own / team / back office / auditor); 404 otherwise. */
export async function loadQuote(deps: ApiDeps, user: CurrentUser, quoteNo: string): Promise<QuoteRow> {
  const [row, scope] = await Promise.all([findQuote(deps.db, quoteNo), customerScopeOf(deps.db, user)]);
  if (!row || !isInScope(scope, row.owner_id)) throw new AppError('not_found', `No quote ${quoteNo}`);
  return row;
}

export const toQuoteSummary = (r: QuoteRow & { customer_name: string }) => ({
  quoteNo: r.quote_no,
  customerNo: r.customer_no,
  customerName: r.customer_name,
  ownerId: r.owner_id,
  status: r.status,
  statusLabel: QUOTE_STATUS_LABELS[r.status],
  revision: r.revision,
  tariffVersionNo: r.tariff_version_no,
  validUntil: r.valid_until,
  needsPriceApproval: r.needs_price_approval,
  belowCost: r.below_cost,
  totals: r.totals,
  contractNo: r.contract_no,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const APPROVALS: Record<string, string> = {
  'price.approved': 'price approval (marketing manager)',
  'review.approved': 'commerce review',
  'customer.confirmed': 'customer confirmation',
  'budget.approved': 'cost budget (GM)',
  'contract.reviewed': 'contract review (marketing manager)',
  'contract.approved': 'contract approval (GM)',
};

/**
 * What an amendment changed against the previous revision, and which approvals that previous revision
 * had: those touched by a changed price or quantity are needed again, the others are kept.
 */
function amendmentOf(revisions: QuoteRevisionRow[], granted: string[]) {
  if (revisions.length < 2) return null;
  const prev = revisions[revisions.length - 2]!;
  const cur = revisions[revisions.length - 1]!;
  const before = new Map(prev.lines.map((l) => [l.tariffLineNo, l]));
  const after = new Map(cur.lines.map((l) => [l.tariffLineNo, l]));
  const changed: { tariffLineNo: number; fields: string[] }[] = [];
  for (const [no, l] of after) {
    const p = before.get(no);
    if (!p) continue;
    const fields = (['quotedPrice', 'quantity'] as const).filter((f) => compareDecimal(p[f], l[f]) !== 0);
    if (fields.length) changed.push({ tariffLineNo: no, fields });
  }
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const amountsChanged = changed.length + added.length + removed.length > 0;
  const pricesChanged = added.length > 0 || changed.some((c) => c.fields.includes('quotedPrice'));
  const affected = (a: string) => {
    if (a === 'review.approved') return true; // an amendment always goes back through commerce review
    if (a === 'price.approved') return pricesChanged || cur.needs_price_approval;
    return amountsChanged;
  };
  const labels = [...new Set(granted)].filter((a) => APPROVALS[a]);
  return {
    fromRevision: prev.revision,
    changed,
    added,
    removed,
    approvalsNeededAgain: labels.filter(affected).map((a) => APPROVALS[a]!),
    approvalsKept: labels.filter((a) => !affected(a)).map((a) => APPROVALS[a]!),
  };
}

const pricedLineView = (l: PricedLine) => ({ ...l, unit: String(l.unit), serviceType: String(l.serviceType), currency: String(l.currency) });

/** `known`: the workflow's view just returned by a step, so no Query is needed. */
export async function quoteDetail(deps: ApiDeps, user: CurrentUser, quoteNo: string, known?: QuoteView) {
  const row = await loadQuote(deps, user, quoteNo);
  const [revisions, history, internal, contract, customer, live] = await Promise.all([
    listRevisions(deps.db, quoteNo),
    listAuditForRecord(deps.db, 'quote', quoteNo),
    findInternalQuote(deps.db, quoteNo, row.revision),
    findContract(deps.db, quoteNo),
    deps.db.selectFrom('customers').select('full_name').where('customer_no', '=', row.customer_no).executeTakeFirst(),
    known ? Promise.resolve({ pendingRole: known.pendingRole, dueAt: known.dueAt, overdue: known.overdue }) : liveStep(deps, row),
  ]);
  const current = revisions.find((r) => r.revision === row.revision);
  // Approvals granted since the previous revision was created, for the amendment report.
  const prevCreated = revisions.length >= 2 ? revisions[revisions.length - 2]!.created_at.getTime() : 0;
  const curCreated = current?.created_at.getTime() ?? 0;
  const granted = history.filter((h) => h.occurred_at.getTime() >= prevCreated && h.occurred_at.getTime() < curCreated).map((h) => h.action);
  return {
    ...toQuoteSummary({ ...row, customer_name: customer?.full_name ?? '' }),
    ...live,
    lines: (current?.lines ?? []).map(pricedLineView),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      createdBy: r.created_by,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
      totals: r.totals,
      lineCount: r.lines.length,
    })),
    amendment: amendmentOf(revisions, granted),
    internalQuote: internal
      ? {
          feeItems: internal.fee_items,
          project: internal.project as unknown as Record<string, unknown>,
          budget: internal.budget as unknown as { lines: Record<string, unknown>[]; totals: Record<string, unknown>[] },
          budgetApprovedBy: internal.budget_approved_by,
        }
      : null,
    contract: contract
      ? {
          templateVersion: contract.template_version,
          clauseChanges: contract.clause_changes,
          draftedBy: contract.drafted_by,
          contractNo: contract.contract_no,
          approvals: contract.approvals,
          signedOn: contract.signed_on,
        }
      : null,
    history: history.map(toHistoryEntry),
  };
}

/** Whose turn it is, the due time and whether it is overdue: from the running workflow, else the read model. */
async function liveStep(deps: ApiDeps, row: QuoteRow): Promise<{ pendingRole: string | null; dueAt: string | null; overdue: boolean }> {
  const fallback = { pendingRole: QUOTE_PENDING_ROLE[row.status], dueAt: null, overdue: false };
  if (QUOTE_PENDING_ROLE[row.status] === null) return fallback;
  try {
    const handle = deps.temporal.workflow.getHandle(quoteWorkflowId(deps.temporalConfig.workflowIdPrefix, row.quote_no));
    const v = await deps.temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(quoteStatusQuery));
    return { pendingRole: v.pendingRole, dueAt: v.dueAt, overdue: v.overdue };
  } catch {
    return fallback;
  }
}
