/** Answers of the collection-case routes: summaries, the detail with the ledger's overdue receivables, history and `actions`. */
import { listAuditForRecord } from '../../db/audit.repository';
import type { CollectionCaseRow } from '../../db/collection-case.table';
import { findCase, findCreditHold, listOverdueGroups } from '../../db/collection-case.repository';
import { customerText, findCustomerByNo } from '../../db/customer.repository';
import { listReceivableBalances } from '../../db/ledger.repository';
import { findDisplayNames } from '../../db/user.repository';
import { daysPastDue, isPastDue } from '../../domain/ledger';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { Decimal, formatMoney, parseDecimal } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import {
  COLLECTION_STATUSES,
  COLLECTION_STEPS,
  collectionMachine,
  collectionStatusFacts,
  PROPOSAL_LABELS,
  type CollectionStatus,
} from '../../machines/collection.machine';
import type { Role } from '../../machines/roles';
import { collectionStatusQuery } from '../../workflows/collection.definitions';
import { collectionCaseWorkflowId } from '../../workflows/ids';
import { actionsFor } from '../actions';
import type { CurrentUser } from '../auth';
import { actingScopeOf, customerScopeOf, isInScope } from '../customers/visibility';
import { activeDelegationsTo } from '../../db/work-item.repository';
import type { ApiDeps } from '../deps';
import { historyNamed, historyUserIds } from '../history';
import { QUERY_TIMEOUT_MS } from '../temporal-call';

/** How an approved write-off reaches the ledger (the case records the decision; the entry is the ledger's own). */
export const WRITE_OFF_NOTE =
  '總經理的決定已將每筆逾期應收款交予壞賬核銷流程（GET /write-offs）：總經理逐筆核准後記入核銷分錄，款項清零即結案。 ' +
  'The GM’s decision handed each past-due receivable to the write-off process (GET /write-offs): the GM approves each write-off, which appends its write_off entry; the case closes when nothing past due is unpaid.';

/** Past due and unpaid now (the ledger): the amount (decimal string) and the days the oldest such receivable is past due. */
export interface OverdueNow {
  amount: string;
  daysPastDue: number | null;
}

/**
 * The list's and the detail's common fields of a case: `names` maps user ids to display names, `now` is
 * what is past due and unpaid today (nothing: 0 and null).
 */
export function toCaseSummary(
  r: CollectionCaseRow & { customer_name: string },
  names: Map<string, string>,
  now: OverdueNow | undefined,
) {
  const status = r.status as CollectionStatus;
  const facts = collectionStatusFacts(status);
  const currency = r.currency.trim();
  return {
    caseId: r.id,
    customerNo: r.customer_no,
    customerName: r.customer_name,
    currency,
    ownerId: r.owner_id,
    ownerName: names.get(r.owner_id) ?? null,
    status,
    statusLabelZh: facts.labelZh,
    statusLabelEn: facts.labelEn,
    pendingRole: facts.role,
    openedAt: r.opened_at.toISOString(),
    overdueAtOpen: formatMoney(r.overdue_at_open, currency as Currency),
    oldestDueDate: r.oldest_due_date,
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    dueAt: r.due_at?.toISOString() ?? null,
    overdue: r.due_at !== null && r.closed_at === null && r.due_at.getTime() < Date.now(),
    overdueNow: formatMoney(now?.amount ?? '0', currency as Currency),
    daysPastDue: now?.daysPastDue ?? null,
    proposalKind: r.proposal?.kind ?? null,
    decision: (r.decision as 'approved' | 'rejected' | null) ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

/** One way a case waits for the caller (db/collection-case.repository.ts `CaseFilter.waitingFor`). */
interface WaitingClause {
  ownerIds?: readonly string[] | undefined;
  ownerId?: string;
  statuses?: CollectionStatus[];
}

/**
 * Which cases wait for `user` (`GET /collection-cases?mine=true`): a salesperson's own cases; for any other role
 * those in a status whose next step is that role's (the machine's state `meta.role`) within their sight — and, for
 * each delegation they hold today, those whose next step is the delegated role's within the delegator's sight.
 */
export async function waitingFor(deps: ApiDeps, user: CurrentUser): Promise<WaitingClause[]> {
  const statusesOf = (role: Role) => COLLECTION_STATUSES.filter((s) => collectionStatusFacts(s).role === role);
  const own: WaitingClause = user.role === 'sales' ? { ownerId: user.id } : { statuses: statusesOf(user.role) };
  const delegated = await Promise.all(
    (await activeDelegationsTo(deps.db, user.id, businessToday())).map(async (d) => ({
      statuses: statusesOf(d.role as Role),
      ownerIds: await customerScopeOf(deps.db, { ...user, id: d.from_user, role: d.role as Role }),
    })),
  );
  return [{ ...own, ownerIds: await customerScopeOf(deps.db, user) }, ...delegated];
}

/**
 * What is past due and unpaid today per customer and currency (key `customerNo|currency`) for the
 * customers of `rows`, in one query (the same rule that opens and closes cases: `listOverdueGroups`).
 */
export async function overdueNowOf(
  deps: ApiDeps,
  rows: readonly Pick<CollectionCaseRow, 'customer_no'>[],
): Promise<Map<string, OverdueNow>> {
  const today = businessToday();
  const groups = await listOverdueGroups(deps.db, today, { customerNos: [...new Set(rows.map((r) => r.customer_no))] });
  return new Map(
    groups.map((g) => [
      `${g.customer_no}|${g.currency.trim()}`,
      { amount: g.overdue, daysPastDue: daysPastDue(g.oldest_due_date, today) },
    ]),
  );
}

/** The case when the caller may see it (its salesperson's customers in their sight, delegated sight included); 404 otherwise. */
export async function loadCase(deps: ApiDeps, user: CurrentUser, caseId: number) {
  const row = await findCase(deps.db, caseId);
  if (!row || !isInScope(await actingScopeOf(deps.db, user), row.owner_id)) throw noCase();
  return row;
}

/** 404 for a collection case that does not exist or is out of sight (its internal number is not repeated). */
export const noCase = () => new AppError('not_found', '查無此異常收款案件 No such collection case');

/** How people know a collection case: its customer (`C2026-00001 name`) and currency. */
export async function caseName(
  deps: Pick<ApiDeps, 'db'>,
  row: Pick<CollectionCaseRow, 'customer_no' | 'currency'>,
): Promise<{ zh: string; en: string }> {
  const customer = await customerText(deps.db, row.customer_no);
  const currency = row.currency.trim();
  return { zh: `客戶 ${customer} 的 ${currency} 異常收款案件`, en: `The ${currency} collection case of ${customer}` };
}

export async function caseDetail(deps: ApiDeps, user: CurrentUser, caseId: number) {
  const row = await loadCase(deps, user, caseId);
  const currency = row.currency.trim();
  const today = businessToday();
  const [balances, audit, hold, snapshot] = await Promise.all([
    listReceivableBalances(deps.db, { asOf: today, customerNo: row.customer_no, currency, openOnly: true }),
    listAuditForRecord(deps.db, 'collection_case', String(caseId)),
    findCreditHold(deps.db, row.customer_no),
    liveSnapshot(deps, row),
  ]);
  const pastDue = balances.filter((b) => isPastDue(b.due_date, today) && parseDecimal(b.outstanding).gt(0));
  const names = await findDisplayNames(deps.db, [
    ...[row.owner_id, row.proposed_by, row.decided_by].filter((x): x is string => Boolean(x)),
    ...historyUserIds(audit),
  ]);
  const status = row.status as CollectionStatus;
  const actions = await actionsFor(deps, user, snapshot, {
    steps: COLLECTION_STEPS,
    basePath: `/collection-cases/${caseId}`,
    status,
    pendingRole: collectionStatusFacts(status).role as Role | null,
    ownerId: row.owner_id,
  });
  const p = row.proposal;
  return {
    ...toCaseSummary({ ...row, customer_name: balances[0]?.customer_name ?? (await customerName(deps, row)) }, names, {
      amount: pastDue.reduce((a, b) => a.plus(parseDecimal(b.outstanding)), new Decimal(0)).toString(),
      daysPastDue: pastDue.length ? Math.max(...pastDue.map((b) => daysPastDue(b.due_date, today))) : null,
    }),
    receivables: pastDue.map((b) => ({
      id: b.id,
      jobNo: b.job_no,
      label: b.label,
      invoiceDate: b.invoice_date,
      dueDate: b.due_date,
      daysPastDue: daysPastDue(b.due_date, today),
      outstanding: formatMoney(b.outstanding, currency as Currency),
    })),
    proposal: p
      ? {
          kind: p.kind,
          labelZh: PROPOSAL_LABELS[p.kind].zh,
          labelEn: PROPOSAL_LABELS[p.kind].en,
          note: p.note,
          installments: (p.installments ?? []).map((i) => ({
            date: i.date,
            amount: formatMoney(i.amount, currency as Currency),
          })),
        }
      : null,
    proposedBy: row.proposed_by,
    proposedByName: row.proposed_by ? (names.get(row.proposed_by) ?? null) : null,
    decidedBy: row.decided_by,
    decidedByName: row.decided_by ? (names.get(row.decided_by) ?? null) : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    closedReason: row.closed_reason,
    creditHold: hold
      ? { onHold: hold.on_hold, reason: hold.reason, setBy: hold.set_by, setAt: hold.set_at.toISOString() }
      : null,
    writeOffNote: p?.kind === 'write_off' && row.decision === 'approved' ? WRITE_OFF_NOTE : null,
    actions,
    history: historyNamed(audit, names),
  };
}

async function customerName(deps: ApiDeps, row: CollectionCaseRow): Promise<string> {
  return (await findCustomerByNo(deps.db, row.customer_no))?.full_name ?? row.customer_no;
}

/** The running workflow's machine state (null when the case is closed or its workflow cannot be reached). */
async function liveSnapshot(deps: ApiDeps, row: CollectionCaseRow) {
  if (row.closed_at || !row.workflow_started) return null;
  try {
    const handle = deps.temporal.workflow.getHandle(
      collectionCaseWorkflowId(deps.temporalConfig.workflowIdPrefix, row.id),
    );
    const view = await deps.temporal.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
      handle.query(collectionStatusQuery),
    );
    return collectionMachine.resolveState({ value: view.machine.value as never, context: view.machine.context });
  } catch {
    return null;
  }
}
