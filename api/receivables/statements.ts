/**
 * Statements 對帳單 (§3.4.1–§3.4.2) and their dispute cases 爭議.
 *
 * A statement is drawn for one customer and period [periodFrom, periodTo] by finance or settlement and
 * kept as a snapshot (lines and sections never change): its lines are the customer's receivables
 * invoiced in the period or still outstanding at its end; its sections, one per currency (never summed
 * across currencies), carry the period's movements from the opening balance (the day before periodFrom)
 * to the closing balance (periodTo): invoiced, credit notes, adjustments, received, written off.
 * draft → sent (finance, settlement) → confirmed by the customer, or disputed line by line (finance,
 * settlement, or the customer's salesperson / their sales manager). Each disputed line becomes a dispute
 * case with an owner (default: the customer's salesperson), notes, and an outcome: `credit_note` or
 * `adjustment` (an entry through `appendEntry`, finance or settlement) or `customer_pays` (no entry). When the last
 * open case is resolved the statement goes back to `sent`, awaiting the customer's answer again — an inbox item
 * (`statement.answer`) for the role of whoever sent it, closed when the answer is recorded.
 * Undisputed lines keep their collection going: the collection schedule leaves out only the amounts under
 * open dispute, and the aging shows them beside the outstanding amount.
 */
import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { listReceiptBalances, listReceivableBalances } from '../../db/ledger.repository';
import {
  countOpenDisputes,
  findDispute,
  findStatement,
  insertDisputes,
  insertNote,
  insertStatement,
  listDisputes,
  listNotes,
  listStatementLines,
  listStatements,
  lockDispute,
  lockOverlappingStatement,
  lockStatement,
  resolveDisputeRow,
  updateStatement,
  type DisputeDetailRow,
  type StatementHeadRow,
} from '../../db/reconciliation.repository';
import type { StatementSection, StatementStatus } from '../../db/reconciliation.table';
import { findUserById } from '../../db/user.repository';
import { moveWorkItem } from '../../db/work-item.repository';
import { groupThousands } from '../../documents/format';
import { COMPANY_DEFAULT } from '../../documents/company';
import { renderStatement } from '../../documents/statement';
import type { RecordAction } from '../../domain/actions';
import { addCalendarDays } from '../../domain/payment-terms';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, Decimal, formatDecimal, moneyText, parseDecimal, SCALE } from '../../lib/money';
import { XLSX_MEDIA_TYPE } from '../../lib/xlsx-sheet';
import type { Currency } from '../../machines/catalog';
import { RecordActions } from '../actions';
import type { Role } from '../../machines/roles';
import { receivableText } from '../../domain/ledger';
import { roleLabel } from '../../domain/labels';
import { REFUSAL_TEXT, splitLabel } from '../../machines/permission';
import { actorOnRecord, actorsSeeingEach, type Seeing } from '../acting';
import { idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import { actingScopeOf, customerScopeOf, isInScope, visibleOrNotFound } from '../customers/visibility';
import { dueAtOf } from '../../db/due-time';
import type { DueTime } from '../../lib/config';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, identifier, isoDate, moneyAmount, optionalText, text } from '../schemas';
import {
  DISPUTE_OUTCOMES,
  type DisputeOutcome,
  disputeOutcomesFor,
  ledgerGate,
  ledgerReader,
  STATEMENT_ANSWERERS,
  STATEMENT_WRITERS,
} from './access';
import { numFmt, setDateCells, sheet } from '../../lib/xlsx-sheet';
import { appendEntry, notFuture, once, unprocessable } from './entries';
import { statementListActions } from './ledger-actions';
import { fmt } from './views';

const STATUSES = ['draft', 'sent', 'confirmed', 'disputed'] as const;
export const STATEMENT_STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  draft: '草稿 Draft',
  sent: '已寄出 Sent',
  confirmed: '客戶已確認 Confirmed',
  disputed: '有爭議 Disputed',
};

const statementNo = (id: number) => `ST-${String(id).padStart(6, '0')}`;
const id = z.coerce.number().int().min(1).max(2_147_483_647);
const StatementParams = z.strictObject({ statementId: id });
const DisputeParams = z.strictObject({ disputeId: id });

const CreateBody = z
  .strictObject({
    customerNo: text(64),
    periodFrom: isoDate,
    periodTo: isoDate.describe('Not in the future'),
  })
  .refine((b) => b.periodFrom <= b.periodTo, { path: ['periodTo'], message: 'must not be before periodFrom' });
const SendBody = z.strictObject({ sentOn: isoDate.optional().describe('Default today; not in the future') });
const ConfirmBody = z.strictObject({
  answeredOn: isoDate.optional().describe('Default today; not in the future'),
  customerReference: optionalText(200),
});
const DisputeBody = z.strictObject({
  answeredOn: isoDate.optional(),
  customerReference: optionalText(200),
  ownerId: identifier(64).optional().describe('Who works the cases (default: the customer’s salesperson)'),
  lines: z
    .array(
      z.strictObject({
        lineNo: z.number().int().min(1).max(100_000),
        amount: moneyAmount.optional().describe('Disputed amount (default: the line’s outstanding amount)'),
        reason: text(2000).describe('What the customer disputes'),
      }),
    )
    .min(1)
    .max(500),
});
const NoteBody = z.strictObject({ note: text(2000) });
const ResolveBody = z
  .strictObject({
    outcome: z.enum(DISPUTE_OUTCOMES),
    amount: moneyAmount.optional().describe('credit_note / adjustment: the entry’s amount (default: disputed amount)'),
    direction: z.enum(['increase', 'decrease']).optional().describe('adjustment: required'),
    resolution: text(2000),
  })
  .superRefine((b, ctx) => {
    if (b.outcome === 'adjustment' && !b.direction)
      ctx.addIssue({ code: 'custom', path: ['direction'], message: 'an adjustment needs a direction' });
    if (b.outcome !== 'adjustment' && b.direction)
      ctx.addIssue({ code: 'custom', path: ['direction'], message: 'only an adjustment has a direction' });
    if (b.outcome === 'customer_pays' && b.amount)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'the customer pays: no entry, no amount' });
  });

const money = z.string().describe('Exact decimal with the currency’s digits');
const DisputeRef = z.object({
  id: z.number().int(),
  amount: money,
  status: z.enum(['open', 'resolved']),
  outcome: z.enum(DISPUTE_OUTCOMES).nullable(),
});
export const StatementView = z.object({
  id: z.number().int(),
  statementNo: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(STATUSES),
  statusLabel: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  sentBy: z.string().nullable(),
  sentOn: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredOn: z.string().nullable(),
  customerReference: z.string().nullable(),
  openDisputes: z.number().int(),
  sections: z.array(
    z.object({
      currency: z.string(),
      opening: money,
      invoiced: money,
      credited: money.describe('Credit notes of the period (negative)'),
      adjusted: money.describe('Adjustments of the period (signed)'),
      received: money.describe('Receipts allocated in the period (positive)'),
      writtenOff: money.describe('Write-offs of the period (positive)'),
      closing: money.describe('opening + invoiced + credited + adjusted − received − writtenOff'),
      unallocatedCredit: money,
      lines: z.array(
        z.object({
          lineNo: z.number().int(),
          receivableId: z.number().int(),
          jobNo: z.string(),
          label: z.string(),
          invoiceDate: z.string(),
          dueDate: z.string(),
          amount: money,
          outstanding: money.describe('At the period’s end'),
          dispute: DisputeRef.nullable(),
        }),
      ),
    }),
  ),
  actions: RecordActions,
});
const StatementSummary = StatementView.omit({ sections: true });

export const DisputeView = z.object({
  id: z.number().int(),
  statementId: z.number().int(),
  statementNo: z.string(),
  lineNo: z.number().int(),
  receivableId: z.number().int(),
  jobNo: z.string(),
  label: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  currency: z.string(),
  amount: money,
  reason: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  status: z.enum(['open', 'resolved']),
  outcome: z.enum(DISPUTE_OUTCOMES).nullable(),
  resolution: z.string().nullable(),
  entryId: z.number().int().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  notes: z.array(
    z.object({
      id: z.number().int(),
      note: z.string(),
      writtenBy: z.string(),
      writtenByName: z.string().describe('Display name of the writer'),
      createdAt: z.string(),
    }),
  ),
  actions: RecordActions,
});

const act = (path: string, step: string, labelZh: string, labelEn: string, commentRequired = false): RecordAction => ({
  step,
  method: 'POST',
  path: `${path}/${step}`,
  labelZh,
  labelEn,
  commentRequired,
  allowed: true,
});

type StatementStep = 'send' | 'confirm' | 'dispute';
type StatementPatch = Parameters<typeof updateStatement>[2];

/** The audit action of each step on a statement. */
const STATEMENT_STEP_ACTIONS: Record<StatementStep, string> = {
  send: 'statement.sent',
  confirm: 'statement.confirmed',
  dispute: 'statement.disputed',
};

/**
 * The customer's answer to a sent statement as its new columns: `status`, who recorded it, the day it came
 * (`answeredOn`, default today; a future day, or one before the statement was sent (`sentOn`), is a 422 naming
 * the field) and the customer's reference (none: null).
 */
function answer(
  status: 'confirmed' | 'disputed',
  user: CurrentUser,
  b: { answeredOn?: string | undefined; customerReference?: string | null | undefined },
  sentOn: string | null,
): StatementPatch & { status: StatementStatus; answered_on: string; customer_reference: string | null } {
  const answeredOn = b.answeredOn ?? businessToday();
  notFuture('answeredOn', answeredOn);
  if (sentOn && answeredOn < sentOn)
    throw unprocessable(
      'answeredOn',
      `回覆日 ${answeredOn} 不可早於寄出日 ${sentOn} answeredOn ${answeredOn} is before the statement was sent (${sentOn})`,
    );
  return {
    status,
    answered_by: user.id,
    answered_on: answeredOn,
    customer_reference: b.customerReference ?? null,
  };
}

/** The inbox step of a statement awaiting the customer's answer again (its disputes settled). */
export const STATEMENT_ANSWER_STEP = 'statement.answer';

/**
 * Opens the inbox item of a statement back to `sent` after its disputes were settled: it awaits the customer's answer
 * again (`statement.answer`, due `INBOX_SLA_STATEMENT_ANSWER` after it opened), for the role of whoever sent it — the one who followed
 * the answer before (finance or settlement; another role now: finance) — under the customer's salesperson as the
 * items' owner (the inbox's sight). `moveWorkItem` closes an earlier open item first, so the statement has one at
 * most; the caller's transaction runs once per Idempotency-Key. Closed when the customer's answer is recorded.
 */
async function openAnswerItem(
  trx: Transaction<Database>,
  due: DueTime,
  statementId: number,
  sentBy: string | null,
  closedBy: string,
): Promise<void> {
  const head = (await findStatement(trx, statementId))!;
  const sender = sentBy ? await findUserById(trx, sentBy) : undefined;
  const role = sender && STATEMENT_WRITERS.includes(sender.role as Role) ? sender.role : STATEMENT_WRITERS[0]!;
  const no = statementNo(statementId);
  await moveWorkItem(trx, {
    recordType: 'statement',
    recordId: String(statementId),
    closedBy,
    next: {
      step: STATEMENT_ANSWER_STEP,
      role,
      ownerId: head.owner_id,
      customerNo: head.customer_no,
      summary: {
        stepLabel: `對帳單 ${no} 爭議已結案，待客戶確認 Statement ${no}: disputes settled, awaiting the customer’s answer`,
      },
      dueAt: await dueAtOf(trx, due),
    },
  });
}

/**
 * A disputed statement whose last open dispute case is resolved goes back to `sent`: it awaits the customer's answer
 * again, so its confirm (and a dispute of lines not yet disputed) is offered once more — with the resolved cases'
 * outcomes on its lines. Audited on the statement (`statement.disputes_settled`, disputed → sent) by whoever resolved
 * the last case, in that case's transaction; the statement is locked first, so of two cases resolved at once the
 * later one counts the other resolved. Migration 0030 applied the same rule to statements left disputed before it.
 */
async function settleStatementIfLastDispute(
  trx: Transaction<Database>,
  due: DueTime,
  statementId: number,
  actor: { id: string; role: string; onBehalfOf?: string | null | undefined },
  resolvedDisputeId: number,
  key: string | null,
): Promise<void> {
  const locked = await lockStatement(trx, statementId);
  if (locked?.status !== 'disputed' || (await countOpenDisputes(trx, statementId)) > 0) return;
  await updateStatement(trx, statementId, { status: 'sent' });
  await openAnswerItem(trx, due, statementId, locked.sent_by, actor.id);
  await appendAudit(trx, {
    actorId: actor.id,
    actorRole: actor.role,
    onBehalfOf: actor.onBehalfOf ?? null,
    recordType: 'statement',
    recordId: String(statementId),
    action: 'statement.disputes_settled',
    fromState: 'disputed',
    toState: 'sent',
    changes: { lastDisputeId: resolvedDisputeId },
    idempotencyKey: key,
  });
}

/** Every role that takes a step on a statement or a dispute (for `actorsSeeingEach`). */
const STATEMENT_ROLES: readonly Role[] = [...new Set([...STATEMENT_WRITERS, ...STATEMENT_ANSWERERS])];

/**
 * The actors through whom `user` takes statement and dispute steps, for a customer of a given salesperson — own role
 * first, then each delegation whose sight holds them: the rule of the step routes (`actorOnRecord`).
 */
const statementActors = (db: Kysely<Database>, user: CurrentUser): Promise<Seeing> =>
  actorsSeeingEach({ db }, user, STATEMENT_ROLES);

/** A statement's steps for the actors that see its customer's salesperson (`statementActors`). */
function statementActions(seeing: Seeing, s: StatementHeadRow): RecordAction[] {
  const base = `/statements/${s.id}`;
  const roles = seeing(s.owner_id).map((a) => a.role);
  if (s.status === 'draft' && roles.some((r) => STATEMENT_WRITERS.includes(r)))
    return [act(base, 'send', '標記已寄出', 'Mark sent')];
  if (s.status === 'sent' && roles.some((r) => STATEMENT_ANSWERERS.includes(r)))
    return [act(base, 'confirm', '客戶已確認', 'Customer confirmed'), act(base, 'dispute', '客戶有爭議', 'Disputed')];
  return [];
}

const toSummary = (seeing: Seeing, s: StatementHeadRow) => ({
  id: s.id,
  statementNo: statementNo(s.id),
  customerNo: s.customer_no,
  customerName: s.customer_name,
  ownerId: s.owner_id,
  ownerName: s.owner_name,
  periodFrom: s.period_from,
  periodTo: s.period_to,
  status: s.status,
  statusLabel: STATEMENT_STATUS_LABELS[s.status],
  createdBy: s.created_by,
  createdAt: s.created_at.toISOString(),
  sentBy: s.sent_by,
  sentOn: s.sent_on,
  answeredBy: s.answered_by,
  answeredOn: s.answered_on,
  customerReference: s.customer_reference,
  openDisputes: s.open_disputes,
  actions: statementActions(seeing, s),
});

/** The whole statement as the caller may see it (404 out of sight). */
async function statementDetail(db: Kysely<Database>, user: CurrentUser, statementId: number) {
  const s = await findStatement(db, statementId);
  if (!s || !isInScope(await actingScopeOf(db, user), s.owner_id)) throw noStatement(statementId);
  const [lines, disputes] = await Promise.all([listStatementLines(db, statementId), listDisputes(db, { statementId })]);
  const byLine = new Map(disputes.map((d) => [d.statement_line_id, d]));
  const sections = s.sections.map((sec) => ({
    opening: fmt(sec.opening, sec.currency),
    invoiced: fmt(sec.invoiced, sec.currency),
    credited: fmt(sec.credited, sec.currency),
    adjusted: fmt(sec.adjusted, sec.currency),
    received: fmt(sec.received, sec.currency),
    writtenOff: fmt(sec.writtenOff, sec.currency),
    closing: fmt(sec.closing, sec.currency),
    unallocatedCredit: fmt(sec.unallocatedCredit, sec.currency),
    currency: sec.currency,
    lines: lines
      .filter((l) => l.currency === sec.currency)
      .map((l) => {
        const d = byLine.get(l.id);
        return {
          lineNo: l.line_no,
          receivableId: l.receivable_id,
          jobNo: l.job_no,
          label: l.label,
          invoiceDate: l.invoice_date,
          dueDate: l.due_date,
          amount: fmt(l.amount, l.currency),
          outstanding: fmt(l.outstanding, l.currency),
          dispute: d ? { id: d.id, amount: fmt(d.amount, d.currency), status: d.status, outcome: d.outcome } : null,
        };
      }),
  }));
  return { head: s, view: { ...toSummary(await statementActors(db, user), s), sections } };
}

/**
 * The snapshot of a statement: lines and per-currency sections of `customerNo` for [from, to]
 * (decimal strings with 4 places, as stored).
 */
async function drawStatement(db: Kysely<Database>, customerNo: string, from: string, to: string) {
  const dayBefore = addCalendarDays(from, -1);
  const [atEnd, atStart, receipts] = await Promise.all([
    listReceivableBalances(db, { asOf: to, customerNo }),
    listReceivableBalances(db, { asOf: dayBefore, customerNo }),
    listReceiptBalances(db, { asOf: to, customerNo, withCreditOnly: true }),
  ]);
  const lines = atEnd
    .filter((r) => (r.invoice_date >= from && r.invoice_date <= to) || !parseDecimal(r.outstanding).isZero())
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.invoice_date.localeCompare(b.invoice_date) || a.id - b.id)
    .map((r, i) => ({
      line_no: i + 1,
      receivable_id: r.id,
      currency: r.currency,
      job_no: r.job_no,
      label: r.label,
      invoice_date: r.invoice_date,
      due_date: r.due_date,
      amount: r.amount,
      outstanding: r.outstanding,
    }));
  const zero = () => new Decimal(0);
  const acc = new Map<string, Record<keyof Omit<StatementSection, 'currency'>, Decimal>>();
  const of = (c: string) =>
    acc.get(c) ??
    acc
      .set(c, {
        opening: zero(),
        invoiced: zero(),
        credited: zero(),
        adjusted: zero(),
        received: zero(),
        writtenOff: zero(),
        closing: zero(),
        unallocatedCredit: zero(),
      })
      .get(c)!;
  const add = (c: string, k: keyof Omit<StatementSection, 'currency'>, v: string, sign = 1) =>
    (of(c)[k] = of(c)[k].plus(sign < 0 ? parseDecimal(v).neg() : parseDecimal(v)));
  for (const r of atEnd) {
    if (r.invoice_date >= from) add(r.currency, 'invoiced', r.amount);
    add(r.currency, 'credited', r.credited);
    add(r.currency, 'adjusted', r.adjusted);
    add(r.currency, 'received', r.received);
    add(r.currency, 'writtenOff', r.written_off);
    add(r.currency, 'closing', r.outstanding);
  }
  for (const r of atStart) {
    add(r.currency, 'opening', r.outstanding);
    add(r.currency, 'credited', r.credited, -1);
    add(r.currency, 'adjusted', r.adjusted, -1);
    add(r.currency, 'received', r.received, -1);
    add(r.currency, 'writtenOff', r.written_off, -1);
  }
  for (const p of receipts) add(p.currency, 'unallocatedCredit', p.unallocated);
  const sections: StatementSection[] = [...acc.entries()]
    .filter(([c, v]) => lines.some((l) => l.currency === c) || !v.unallocatedCredit.isZero())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, v]) => {
      const moved = v.opening.plus(v.invoiced).plus(v.credited).plus(v.adjusted).minus(v.received).minus(v.writtenOff);
      if (!moved.eq(v.closing)) throw new Error(`statement of ${customerNo} ${currency}: movements do not add up`);
      return {
        currency,
        ...(Object.fromEntries(Object.entries(v).map(([k, d]) => [k, formatDecimal(d, SCALE)])) as Omit<
          StatementSection,
          'currency'
        >),
      };
    });
  return { lines, sections };
}

/**
 * A dispute case's steps for the actor that would take them (`statementActors`: the first that sees the customer's
 * salesperson in a role that works disputes), its outcomes that actor's (`disputeOutcomesFor`).
 */
function disputeActions(seeing: Seeing, d: DisputeDetailRow): RecordAction[] {
  const actor = seeing(d.customer_owner_id).find((a) => STATEMENT_ANSWERERS.includes(a.role));
  if (d.status !== 'open' || !actor) return [];
  const base = `/disputes/${d.id}`;
  return [
    act(base, 'notes', '加註', 'Add note'),
    { ...act(base, 'resolve', '結案', 'Resolve'), outcomes: disputeOutcomesFor(actor.role) },
  ];
}

/** The step of resolving a dispute case with each outcome, as a refusal names it. */
const RESOLVE_AS: Record<DisputeOutcome, { zh: string; en: string }> = {
  adjustment: { zh: '以調整結案', en: 'resolve a dispute by an adjustment' },
  credit_note: { zh: '以貸項通知結案', en: 'resolve a dispute by a credit note' },
  customer_pays: { zh: '以客戶付款結案', en: 'resolve a dispute as customer pays' },
};

/** 404 for a statement out of sight or unknown, by its number. */
const noStatement = (statementId: number) =>
  new AppError('not_found', `查無對帳單 ${statementNo(statementId)} No statement ${statementNo(statementId)}`);
/**
 * 409 for a statement whose period overlaps one already drawn for the customer (every status: a statement is never
 * cancelled), naming it by number and period: one statement per customer and day (`statements_no_overlap`).
 */
export const overlappingStatement = (earlier: { id: number; period_from: string; period_to: string }) => {
  const no = statementNo(earlier.id);
  const period = `${earlier.period_from} – ${earlier.period_to}`;
  return new AppError(
    'conflict',
    `此客戶已有對帳單 ${no}（${period}），期間重疊，不可再出 The customer already has statement ${no} (${period}); the periods overlap`,
    { reason: 'duplicate', field: 'periodFrom', statementId: earlier.id, statementNo: no },
  );
};

/** 404 for a dispute case out of sight or unknown (its internal number is all the caller sent: not repeated). */
const noDispute = (_disputeId: number) => new AppError('not_found', '查無此對帳爭議 No such dispute case');

/** How people know a dispute case in a text: its statement and line, and the receivable (`receivableText`). */
const disputeText = (d: { statement_id: number; line_no: number; job_no: string; label: string }) =>
  `${statementNo(d.statement_id)} #${d.line_no} (${receivableText({ jobNo: d.job_no, label: d.label })})`;

/** 409 for a step on a dispute case already resolved, naming it as people know it (`disputeText`). */
const disputeResolved = (d: DisputeDetailRow | undefined) => {
  const what = d ? disputeText(d) : '';
  return new AppError('conflict', `對帳爭議 ${what} 已結案 The dispute on ${what} is already resolved`, {
    reason: 'wrong_state',
  });
};

async function disputeDetail(db: Kysely<Database>, user: CurrentUser, disputeId: number) {
  const d = await findDispute(db, disputeId);
  if (!d || !isInScope(await actingScopeOf(db, user), d.customer_owner_id)) throw noDispute(disputeId);
  return toDispute(await statementActors(db, user), d, await listNotes(db, 'dispute', [d.id]));
}

function toDispute(seeing: Seeing, d: DisputeDetailRow, notes: Awaited<ReturnType<typeof listNotes>>) {
  return {
    id: d.id,
    statementId: d.statement_id,
    statementNo: statementNo(d.statement_id),
    lineNo: d.line_no,
    receivableId: d.receivable_id,
    jobNo: d.job_no,
    label: d.label,
    customerNo: d.customer_no,
    customerName: d.customer_name,
    currency: d.currency,
    amount: fmt(d.amount, d.currency),
    reason: d.reason,
    ownerId: d.owner_id,
    ownerName: d.owner_name,
    status: d.status,
    outcome: d.outcome,
    resolution: d.resolution,
    entryId: d.entry_id,
    resolvedBy: d.resolved_by,
    resolvedAt: d.resolved_at?.toISOString() ?? null,
    createdBy: d.created_by,
    createdAt: d.created_at.toISOString(),
    notes: notes
      .filter((n) => n.subject_id === d.id)
      .map((n) => ({
        id: n.id,
        note: n.note,
        writtenBy: n.written_by,
        writtenByName: n.written_by_name ?? n.written_by,
        createdAt: n.created_at.toISOString(),
      })),
    actions: disputeActions(seeing, d),
  };
}

export function statementRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const db = deps.db;
  const readOnly = { preValidation: ledgerGate(deps) };
  const statementOwner = async (statementId: number) =>
    (await findStatement(db, statementId))?.owner_id ?? Promise.reject(noStatement(statementId));
  const disputeOwner = async (disputeId: number) =>
    (await findDispute(db, disputeId))?.customer_owner_id ?? Promise.reject(noDispute(disputeId));
  return async (app) => {
    app.post(
      '/statements',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Draw a statement 對帳單 of a customer for a period (finance, settlement): lines and currency sections, kept as drawn',
          headers: IdempotencyHeaders,
          body: CreateBody,
          response: { 201: StatementView, 200: StatementView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, STATEMENT_WRITERS, 'draw statements');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        const { ref, replay } = await once(db, user.id, 'statement', key, async (trx) => {
          visibleOrNotFound(await customerScopeOf(trx, user), b.customerNo, await findCustomerByNo(trx, b.customerNo));
          notFuture('periodTo', b.periodTo);
          const earlier = await lockOverlappingStatement(trx, b.customerNo, b.periodFrom, b.periodTo);
          if (earlier) throw overlappingStatement(earlier);
          const { lines, sections } = await drawStatement(trx, b.customerNo, b.periodFrom, b.periodTo);
          if (!lines.length && !sections.length)
            throw unprocessable(
              'periodFrom',
              '期間內沒有開票，期末也沒有未收款 nothing was invoiced in the period nor outstanding at its end',
            );
          const statementId = await insertStatement(trx, {
            customerNo: b.customerNo,
            periodFrom: b.periodFrom,
            periodTo: b.periodTo,
            sections,
            createdBy: user.id,
            lines,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'statement',
            recordId: String(statementId),
            action: 'statement.drawn',
            toState: 'draft',
            changes: { customerNo: b.customerNo, periodFrom: b.periodFrom, periodTo: b.periodTo, lines: lines.length },
            idempotencyKey: key,
          });
          return statementId;
        });
        return reply.status(replay ? 200 : 201).send((await statementDetail(db, user, ref)).view);
      },
    );

    app.get(
      '/statements',
      {
        ...readOnly,
        schema: {
          tags: ['receivables'],
          summary: 'Statements of the customers in sight, newest first',
          querystring: z.strictObject({
            customerNo: identifier(64).optional(),
            status: z.enum(STATUSES).optional(),
          }),
          response: {
            200: z.object({
              items: z.array(StatementSummary),
              actions: RecordActions.describe('Draw a statement (finance, settlement)'),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const { user, scope } = await ledgerReader(db, req);
        const rows = await listStatements(db, { ...req.query, ownerIds: scope });
        const seeing = await statementActors(db, user);
        return { items: rows.map((s) => toSummary(seeing, s)), actions: statementListActions(user) };
      },
    );

    app.get(
      '/statements/:statementId',
      {
        ...readOnly,
        schema: {
          tags: ['receivables'],
          summary: 'A statement with its currency sections, lines, disputes and actions',
          params: StatementParams,
          response: { 200: StatementView, ...errorResponses },
        },
      },
      async (req) => {
        const { user } = await ledgerReader(db, req);
        return (await statementDetail(db, user, req.params.statementId)).view;
      },
    );

    app.get(
      '/statements/:statementId/statement.pdf',
      {
        ...readOnly,
        schema: {
          tags: ['documents'],
          summary: 'The statement 對帳單 as a PDF in Chinese (zh-Hant with English)',
          params: StatementParams,
          produces: ['application/pdf'],
          response: { 200: z.unknown().describe('The PDF document'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const { user } = await ledgerReader(db, req);
        const { head, view } = await statementDetail(db, user, req.params.statementId);
        const c = (await findCustomerByNo(db, head.customer_no))!;
        const owner = await findUserById(db, head.owner_id);
        const body = await renderStatement({
          company: COMPANY_DEFAULT,
          customer: {
            name: c.full_name,
            address: c.address,
            phone: c.phone,
            fax: c.fax,
            contactPerson: c.contact_person,
            customerNo: c.customer_no,
          },
          statementNo: view.statementNo,
          periodFrom: view.periodFrom,
          periodTo: view.periodTo,
          salesperson: owner?.display_name ?? head.owner_id,
          statusLabel: view.statusLabel,
          generatedAt: view.createdAt,
          sections: view.sections.map((sec) => ({
            ...sec,
            lines: sec.lines.map((l) => ({
              ...l,
              note: l.dispute ? `爭議 Disputed ${moneyText(l.dispute.amount, sec.currency as Currency)}` : '',
            })),
          })),
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${view.statementNo}.pdf"`)
          .send(body);
      },
    );

    app.get(
      '/statements/:statementId/statement.xlsx',
      {
        ...readOnly,
        schema: {
          tags: ['receivables'],
          summary: 'The statement 對帳單 as an Excel workbook: one sheet per currency',
          params: StatementParams,
          response: { 200: z.unknown().describe('An .xlsx workbook'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const { user } = await ledgerReader(db, req);
        const { view } = await statementDetail(db, user, req.params.statementId);
        const wb = new ExcelJS.Workbook();
        wb.creator = 'freightflow';
        for (const sec of view.sections) {
          const ws = sheet(
            wb,
            `${sec.currency}`,
            `對帳單 Statement ${view.statementNo} — ${view.customerName} (${view.customerNo}) ${view.periodFrom} – ${view.periodTo} ${sec.currency}`,
            [
              '項次 No.',
              '工作單號 Job',
              '費用項目 Item',
              '發票日期 Invoiced',
              '到期日 Due',
              '發票金額 Amount',
              '未收金額 Outstanding',
              '爭議金額 Disputed',
            ],
          );
          for (const l of sec.lines) {
            const row = ws.addRow([
              l.lineNo,
              l.jobNo,
              l.label,
              l.invoiceDate,
              l.dueDate,
              Number(l.amount),
              Number(l.outstanding),
              l.dispute ? Number(l.dispute.amount) : null,
            ]);
            for (const i of [6, 7, 8]) row.getCell(i).numFmt = numFmt(sec.currency);
            setDateCells(row, [4, 5]);
          }
          ws.addRow([]);
          for (const [label, k] of [
            ['期初餘額 Opening balance', 'opening'],
            ['本期發票 Invoiced', 'invoiced'],
            ['貸項通知 Credit notes', 'credited'],
            ['調整 Adjustments', 'adjusted'],
            ['本期收款 Received', 'received'],
            ['壞賬核銷 Written off', 'writtenOff'],
            ['期末餘額 Closing balance', 'closing'],
            ['預收未沖銷 Unallocated credit', 'unallocatedCredit'],
          ] as const) {
            const row = ws.addRow([null, null, label, null, null, null, Number(sec[k])]);
            row.getCell(7).numFmt = numFmt(sec.currency);
          }
        }
        if (!view.sections.length) sheet(wb, 'Statement', `對帳單 Statement ${view.statementNo}`, []);
        const buf = Buffer.from(await wb.xlsx.writeBuffer());
        return reply
          .type(XLSX_MEDIA_TYPE)
          .header('content-disposition', `attachment; filename="${view.statementNo}.xlsx"`)
          .send(buf);
      },
    );

    /**
     * A step on a statement: role, sight (404), once per key, the state it needs (409); `run` checks the body,
     * writes what is the step's own and answers the statement's new columns and the audit row's changes, which
     * the step writes with one audit row (`STATEMENT_STEP_ACTIONS`, from the state it needs to `patch.status`).
     */
    const step = <B>(
      name: StatementStep,
      roles: typeof STATEMENT_WRITERS,
      body: z.ZodType<B>,
      summary: string,
      run: (
        trx: Transaction<Database>,
        user: CurrentUser,
        head: StatementHeadRow,
        b: B,
      ) => Promise<{ patch: StatementPatch & { status: StatementStatus }; changes: Record<string, unknown> }>,
    ) =>
      app.post(
        `/statements/:statementId/${name}`,
        {
          schema: {
            tags: ['receivables'],
            summary,
            headers: IdempotencyHeaders,
            params: StatementParams,
            body,
            response: { 200: StatementView, ...errorResponses },
          },
        },
        async (req) => {
          const { statementId } = req.params as { statementId: number };
          const { user, actor } = await actorOnRecord(deps, req, roles, () => statementOwner(statementId), {
            outOfSight: () => noStatement(statementId),
          });
          const key = idempotencyKeyOf(req);
          const { head } = await statementDetail(db, user, statementId);
          await db.transaction().execute(async (trx) => {
            if (await findAuditByKey(trx, 'statement', String(statementId), key)) return;
            const locked = (await lockStatement(trx, statementId))!;
            const needs = name === 'send' ? 'draft' : 'sent';
            if (locked.status !== needs)
              throw new AppError(
                'conflict',
                `對帳單 ${statementNo(statementId)} 是「${splitLabel(STATEMENT_STATUS_LABELS[locked.status]).zh}」，不是「${splitLabel(STATEMENT_STATUS_LABELS[needs]).zh}」 Statement ${statementNo(statementId)} is ${locked.status}, not ${needs}`,
                { reason: 'wrong_state' },
              );
            const { patch, changes } = await run(trx, user, { ...head, ...locked }, req.body as B);
            await updateStatement(trx, statementId, patch);
            // The customer's answer recorded: the statement's item awaiting it (disputes settled) is done.
            if (name !== 'send')
              await moveWorkItem(trx, {
                recordType: 'statement',
                recordId: String(statementId),
                closedBy: user.id,
                next: null,
              });
            await appendAudit(trx, {
              actorId: actor.id,
              actorRole: actor.role,
              onBehalfOf: actor.onBehalfOf ?? null,
              recordType: 'statement',
              recordId: String(statementId),
              action: STATEMENT_STEP_ACTIONS[name],
              fromState: needs,
              toState: patch.status,
              changes,
              idempotencyKey: key,
            });
          });
          return (await statementDetail(db, user, statementId)).view;
        },
      );

    step(
      'send',
      STATEMENT_WRITERS,
      SendBody,
      'Mark a drawn statement sent to the customer',
      async (_trx, user, _head, b) => {
        const sentOn = b.sentOn ?? businessToday();
        notFuture('sentOn', sentOn);
        return { patch: { status: 'sent', sent_by: user.id, sent_on: sentOn }, changes: { sentOn } };
      },
    );

    step(
      'confirm',
      STATEMENT_ANSWERERS,
      ConfirmBody,
      'The customer confirmed the statement as sent',
      async (_trx, user, head, b) => {
        const patch = answer('confirmed', user, b, head.sent_on);
        return {
          patch,
          changes: { answeredOn: patch.answered_on, customerReference: patch.customer_reference },
        };
      },
    );

    step(
      'dispute',
      STATEMENT_ANSWERERS,
      DisputeBody,
      'The customer disputes lines of the statement: each becomes a dispute case; the other lines stay in collection',
      async (trx, user, head, b) => {
        const patch = answer('disputed', user, b, head.sent_on);
        const ownerId = b.ownerId ?? head.owner_id;
        const owner = await findUserById(trx, ownerId);
        if (!owner || !owner.active) {
          const who = owner?.display_name ?? '';
          throw unprocessable(
            'ownerId',
            owner ? `${who} 已停用 ${who} is not an active user` : '查無此使用者 No such user',
          );
        }
        const lines = new Map((await listStatementLines(trx, head.id)).map((l) => [l.line_no, l]));
        const seen = new Set<number>();
        // A statement back to `sent` after its disputes were settled: a line has one dispute case at most.
        const disputed = new Set((await listDisputes(trx, { statementId: head.id })).map((x) => x.statement_line_id));
        const cases = b.lines.map((d, i) => {
          const line = lines.get(d.lineNo);
          if (!line)
            throw unprocessable(
              `lines.${i}.lineNo`,
              `對帳單 ${statementNo(head.id)} 沒有第 ${d.lineNo} 行 statement has no line ${d.lineNo}`,
            );
          if (seen.has(d.lineNo))
            throw unprocessable(`lines.${i}.lineNo`, `第 ${d.lineNo} 行列了兩次 line ${d.lineNo} is listed twice`);
          if (disputed.has(line.id))
            throw unprocessable(
              `lines.${i}.lineNo`,
              `第 ${d.lineNo} 行已有爭議案件（已結案）line ${d.lineNo} was disputed already (its case is resolved)`,
            );
          seen.add(d.lineNo);
          const amount = d.amount ?? fmt(line.outstanding, line.currency);
          const problem = amountDigitsProblem('amount', amount, line.currency as Currency);
          if (problem)
            throw new AppError('bad_request', problem, {
              fields: [{ path: `body.lines.${i}.amount`, message: problem }],
            });
          const a = parseDecimal(amount);
          if (a.lte(0))
            throw unprocessable(
              `lines.${i}.amount`,
              '此行沒有未收款可爭議 nothing outstanding on this line to dispute',
            );
          if (a.gt(parseDecimal(line.outstanding)))
            throw unprocessable(
              `lines.${i}.amount`,
              `多於此行的未收款 ${moneyText(line.outstanding, line.currency as Currency)} more than the line’s outstanding ${moneyText(line.outstanding, line.currency as Currency)}`,
            );
          return {
            statement_id: head.id,
            statement_line_id: line.id,
            receivable_id: line.receivable_id,
            customer_no: head.customer_no,
            currency: line.currency,
            amount,
            reason: d.reason,
            owner_id: ownerId,
            created_by: user.id,
          };
        });
        const ids = await insertDisputes(trx, cases);
        const dueAt = await dueAtOf(trx, deps.config.inboxSla.disputeResolve);
        // Each case waits in its owner's inbox until resolved (closed by the resolve step below).
        for (const [i, c] of cases.entries())
          await moveWorkItem(trx, {
            recordType: 'dispute',
            recordId: String(ids[i]),
            closedBy: user.id,
            next: {
              step: 'dispute.resolve',
              role: owner.role,
              ownerId,
              customerNo: c.customer_no,
              summary: {
                stepLabel: `待處理對帳爭議 ${c.currency} ${groupThousands(c.amount)} Statement dispute to resolve`,
              },
              dueAt,
            },
          });
        return {
          patch,
          changes: {
            answeredOn: patch.answered_on,
            ownerId,
            lines: cases.map((c, i) => ({ lineNo: b.lines[i]!.lineNo, amount: c.amount, reason: c.reason })),
          },
        };
      },
    );

    app.get(
      '/disputes',
      {
        ...readOnly,
        schema: {
          tags: ['receivables'],
          summary: 'Dispute cases of the customers in sight',
          querystring: z.strictObject({
            status: z.enum(['open', 'resolved']).optional(),
            ownerId: identifier(64).optional(),
            customerNo: identifier(64).optional(),
          }),
          response: { 200: z.object({ items: z.array(DisputeView) }), ...errorResponses },
        },
      },
      async (req) => {
        const { user, scope } = await ledgerReader(db, req);
        const rows = await listDisputes(db, { ...req.query, ownerIds: scope });
        const notes = await listNotes(
          db,
          'dispute',
          rows.map((d) => d.id),
        );
        const seeing = await statementActors(db, user);
        return { items: rows.map((d) => toDispute(seeing, d, notes)) };
      },
    );

    app.get(
      '/disputes/:disputeId',
      {
        ...readOnly,
        schema: {
          tags: ['receivables'],
          summary: 'One dispute case with its notes and actions',
          params: DisputeParams,
          response: { 200: DisputeView, ...errorResponses },
        },
      },
      async (req) => {
        const { user } = await ledgerReader(db, req);
        return disputeDetail(db, user, req.params.disputeId);
      },
    );

    app.post(
      '/disputes/:disputeId/notes',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Add a note to an open dispute case (append-only)',
          headers: IdempotencyHeaders,
          params: DisputeParams,
          body: NoteBody,
          response: { 200: DisputeView, ...errorResponses },
        },
      },
      async (req) => {
        const { disputeId } = req.params;
        const { user, actor } = await actorOnRecord(deps, req, STATEMENT_ANSWERERS, () => disputeOwner(disputeId), {
          outOfSight: () => noDispute(disputeId),
        });
        const key = idempotencyKeyOf(req);
        await once(db, user.id, `dispute-note:${disputeId}`, key, async (trx) => {
          const d = (await lockDispute(trx, disputeId))!;
          if (d.status !== 'open') throw disputeResolved(await findDispute(trx, disputeId));
          const n = await insertNote(trx, {
            subject: 'dispute',
            subjectId: disputeId,
            note: req.body.note,
            by: user.id,
          });
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'dispute',
            recordId: String(disputeId),
            action: 'dispute.noted',
            comment: req.body.note,
            changes: { noteId: n.id },
            idempotencyKey: key,
          });
          return n.id;
        });
        return disputeDetail(db, user, disputeId);
      },
    );

    app.post(
      '/disputes/:disputeId/resolve',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Resolve a dispute case: a credit note or an adjustment (finance, settlement: a ledger entry), or the customer pays',
          headers: IdempotencyHeaders,
          params: DisputeParams,
          body: ResolveBody,
          response: { 200: DisputeView, ...errorResponses },
        },
      },
      async (req) => {
        const { disputeId } = req.params;
        const { user, actor } = await actorOnRecord(deps, req, STATEMENT_ANSWERERS, () => disputeOwner(disputeId), {
          outOfSight: () => noDispute(disputeId),
        });
        const key = idempotencyKeyOf(req);
        const b = req.body;
        if (!disputeOutcomesFor(actor.role).includes(b.outcome))
          throw new AppError('forbidden', REFUSAL_TEXT.roleNotAllowed(RESOLVE_AS[b.outcome], roleLabel(actor.role)), {
            reason: 'role_not_allowed',
          });
        await db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'dispute', String(disputeId), key)) return;
          const d = (await lockDispute(trx, disputeId))!;
          if (d.status !== 'open') throw disputeResolved(await findDispute(trx, disputeId));
          let entryId: number | null = null;
          if (b.outcome !== 'customer_pays') {
            const { entry } = await appendEntry(
              trx,
              user,
              {
                receivableId: d.receivable_id,
                kind: b.outcome,
                amount: b.amount ?? fmt(d.amount, d.currency),
                direction: b.outcome === 'credit_note' ? 'decrease' : b.direction!,
                entryDate: businessToday(),
                reason: b.resolution,
                cause: { disputeId },
              },
              key,
            );
            entryId = entry.id;
          }
          await resolveDisputeRow(trx, disputeId, {
            outcome: b.outcome,
            resolution: b.resolution,
            entryId,
            by: user.id,
          });
          await moveWorkItem(trx, {
            recordType: 'dispute',
            recordId: String(disputeId),
            closedBy: user.id,
            next: null,
          });
          await settleStatementIfLastDispute(
            trx,
            deps.config.inboxSla.statementAnswer,
            d.statement_id,
            actor,
            disputeId,
            key,
          );
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            recordType: 'dispute',
            recordId: String(disputeId),
            action: 'dispute.resolved',
            onBehalfOf: actor.onBehalfOf ?? null,
            fromState: 'open',
            toState: 'resolved',
            comment: b.resolution,
            changes: { outcome: b.outcome, entryId },
            idempotencyKey: key,
          });
        });
        return disputeDetail(db, user, disputeId);
      },
    );
  };
}
