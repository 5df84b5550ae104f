/**
 * The quote chain's I/O. `recordQuoteStep` is the one write per transition: audit row first (keyed by
 * the step's idempotency key; a retry finds it and returns what was recorded), then the read model,
 * the inbox item and the step's own effects — all in one transaction.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit, findAuditByKey } from '../db/audit.repository';
import { formatNumber, nextCounterValue } from '../db/counter.repository';
import { customerText, findCustomerByNo, setCustomerStatus, updateCustomer } from '../db/customer.repository';
import type { Database } from '../db/database';
import {
  addContractApproval,
  approveBudget,
  carryInternalQuote,
  findContract,
  findInternalQuote,
  findQuote,
  findRevision,
  insertQuote,
  latestTemplateVersion,
  recordSignature,
  saveContractDraft,
  saveCostAccounting,
  saveInternalQuote,
  saveRevision,
  setContractNo,
  updateQuoteHeader,
} from '../db/quote.repository';
import { findTariffLines, fromLineRow } from '../db/tariff.repository';
import { findUserById, personText } from '../db/user.repository';
import { markProspectSigned } from './prospects';
import {
  enqueueNotification,
  findOpenWorkItem,
  markWorkItemOverdue,
  moveWorkItem,
  usersOfRole,
} from '../db/work-item.repository';
import { dueAtOf } from '../db/due-time';
import { defaultInboxSla, type InboxSla, type QuoteInboxSlaState } from '../lib/config';
import { businessDateTime, businessToday, businessYear } from '../lib/dates';
import { moneyText } from '../lib/money';
import {
  APPROVAL_LABELS,
  unquotableLines,
  type KeptApproval,
  type PricedRevision,
  type QuoteStatus,
  type QuoteStepPayload,
  type QuoteStepRecord,
} from '../domain/quote';
import {
  actualCostProblems,
  actualsWithIds,
  computeCostAccounting,
  computeCostBudget,
  priceQuote,
  quoteLineProblems,
  refuseProblems,
  type PricedLine,
  type QuoteLineInput,
} from '../lib/pricing';
import { PRICE_UNIT_LABELS, SERVICE_TYPE_LABELS } from '../machines/catalog';
import { quoteStatusFacts } from '../machines/quote.machine';

export interface QuoteActivityConfig {
  priceAuthorityDefaultPct: string;
  contractNoFormat: string;
  /** The inbox due of the quote states no QUOTE_SLA_* times (INBOX_SLA_QUOTE_*); absent: the defaults. */
  inboxSla?: InboxSla;
}

/** A budget line's label, unique within a quote (line number first), so actual costs match one line. */
const serviceLabel = (l: PricedLine) =>
  `#${l.lineNo} ${SERVICE_TYPE_LABELS[l.serviceType]} ${l.routeFrom}→${l.routeTo} ${PRICE_UNIT_LABELS[l.unit]}`;

const fail = (message: string, type = 'unprocessable') =>
  ApplicationFailure.create({ message, type, nonRetryable: true });

type Trx = Transaction<Database>;
type Effect = QuoteStepRecord['effects'][number]['type'];
/** A step's payload of the kind an effect needs; a workflow that sent another kind has a bug. */
function need<K extends QuoteStepPayload['kind']>(s: QuoteStepRecord, kind: K): Extract<QuoteStepPayload, { kind: K }> {
  if (s.payload.kind !== kind) throw fail(`${s.action} needs a ${kind} payload, got ${s.payload.kind}`, 'bad_request');
  return s.payload as Extract<QuoteStepPayload, { kind: K }>;
}
const customerAudit = (s: QuoteStepRecord) => ({
  actorId: s.actor.id,
  actorRole: s.actor.role,
  onBehalfOf: s.actor.onBehalfOf ?? null,
  recordType: 'customer' as const,
  recordId: s.customerNo,
});

export function createQuoteActivities({ db, config }: { db: Kysely<Database>; config: QuoteActivityConfig }) {
  const quoteInboxSla = (config.inboxSla ?? defaultInboxSla()).quote;
  /**
   * The side effects a transition names (machines/quote.machine.ts, QUOTE_EFFECTS), each run inside the
   * step's transaction. `issueContractNo` returns the contract number; the others nothing.
   */
  const EFFECTS: Record<Effect, (trx: Trx, s: QuoteStepRecord, params: unknown) => Promise<string | void>> = {
    async createQuote(trx, s) {
      const { priced: p, validUntil, tariffVersionNo } = need(s, 'draft');
      await insertQuote(trx, {
        quoteNo: s.quoteNo,
        customerNo: s.customerNo,
        ownerId: s.ownerId,
        tariffVersionNo,
        validUntil,
        needsPriceApproval: p.needsPriceApproval,
        belowCost: p.belowCost,
        totals: p.totals,
      });
    },
    async saveRevision(trx, s) {
      const payload = s.payload.kind === 'draft' ? s.payload : need(s, 'priced');
      const p = payload.priced;
      await saveRevision(trx, {
        quoteNo: s.quoteNo,
        revision: s.revision,
        lines: p.lines,
        totals: p.totals,
        needsPriceApproval: p.needsPriceApproval,
        belowCost: p.belowCost,
        authorityPct: p.authorityPct,
        createdBy: s.actor.id,
        reason: s.comment ?? null,
      });
      if (payload.kind === 'draft') return;
      await updateQuoteHeader(trx, s.quoteNo, {
        status: s.toState,
        revision: s.revision,
        totals: p.totals,
        needsPriceApproval: p.needsPriceApproval,
        belowCost: p.belowCost,
        ...(payload.validUntil ? { validUntil: payload.validUntil } : {}),
      });
      // Smart re-approval: what the amendment kept is recorded as kept, once, with whom it was granted by.
      for (const approval of payload.amendment?.kept ?? []) {
        await appendAudit(trx, {
          actorId: 'system',
          actorRole: 'system',
          recordType: 'quote',
          recordId: s.quoteNo,
          action: 'approval.kept',
          fromState: s.toState,
          toState: s.toState,
          comment: `${APPROVAL_LABELS[approval]}: kept from revision ${payload.amendment!.fromRevision}`,
          changes: { approval, revision: s.revision, fromRevision: payload.amendment!.fromRevision },
          idempotencyKey: `${s.idempotencyKey}:kept:${approval}`,
        });
      }
    },
    async saveInternalQuote(trx, s) {
      const { internal } = need(s, 'internal');
      const rev = await findRevision(trx, s.quoteNo, s.revision);
      if (!rev) throw new Error(`quote ${s.quoteNo} has no revision ${s.revision}`);
      const budget = computeCostBudget(rev.lines, internal.feeItems, serviceLabel);
      await saveInternalQuote(trx, {
        quoteNo: s.quoteNo,
        revision: s.revision,
        feeItems: internal.feeItems,
        project: internal.project,
        budget,
        enteredBy: s.actor.id,
      });
    },
    async completeCustomerMaster(trx, s) {
      const patch = need(s, 'internal').internal.customer;
      if (!patch || !Object.values(patch).some((v) => v !== undefined)) return;
      const customer = await findCustomerByNo(trx, s.customerNo);
      if (!customer) return;
      const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      await updateCustomer(trx, customer.id, changes);
      await appendAudit(trx, {
        ...customerAudit(s),
        action: 'customer.master_completed',
        changes: { ...changes, quoteNo: s.quoteNo },
        idempotencyKey: `${s.idempotencyKey}:customer`,
      });
    },
    async writeSettlementBasis(trx, s) {
      await approveBudget(trx, s.quoteNo, s.revision, s.actor.id, s.customerNo);
    },
    async saveContractDraft(trx, s) {
      await saveContractDraft(
        trx,
        s.quoteNo,
        await latestTemplateVersion(trx),
        need(s, 'contract').clauseChanges,
        s.actor.id,
      );
    },
    async recordContractApproval(trx, s) {
      await addContractApproval(trx, s.quoteNo, {
        role: s.actor.role,
        userId: s.actor.id,
        at: new Date().toISOString(),
      });
    },
    async issueContractNo(trx, s) {
      const contract = await findContract(trx, s.quoteNo);
      if (!contract) throw new Error(`quote ${s.quoteNo} has no contract draft`);
      if (contract.contract_no) return contract.contract_no;
      // Gap-free: the counter row stays locked until this transaction commits or rolls back.
      const year = businessYear();
      const contractNo = formatNumber(config.contractNoFormat, year, await nextCounterValue(trx, 'contract_no', year));
      await setContractNo(trx, s.quoteNo, contractNo);
      await updateQuoteHeader(trx, s.quoteNo, { status: s.toState, contractNo });
      return contractNo;
    },
    async recordSignature(trx, s) {
      await recordSignature(trx, s.quoteNo, need(s, 'signed').signedOn ?? businessToday(), s.actor.id);
    },
    async markCustomerFormal(trx, s) {
      await markProspectSigned(trx, s.customerNo, s.quoteNo, s.actor.id, `${s.idempotencyKey}:prospect`);
      const customer = await findCustomerByNo(trx, s.customerNo);
      if (!customer || customer.status !== 'prospective') return;
      await setCustomerStatus(trx, customer.id, 'formal');
      await appendAudit(trx, {
        ...customerAudit(s),
        action: 'customer.formalized',
        fromState: 'prospective',
        toState: 'formal',
        comment: `合同簽署 contract signed (${s.quoteNo})`,
        idempotencyKey: `${s.idempotencyKey}:customer`,
      });
    },
    async writeCostAccounting(trx, s) {
      const iq = await findInternalQuote(trx, s.quoteNo, s.revision);
      if (!iq) throw new Error(`quote ${s.quoteNo} has no internal quote`);
      // A step sent before budget line ids names lines by label; unknown ids are refused, not retried.
      const actuals = actualsWithIds(iq.budget, need(s, 'costs').actuals);
      const problems = actualCostProblems(iq.budget, actuals);
      if (problems.length) throw fail(problems.map((p) => p.message).join('; '), 'bad_request');
      const sheet = computeCostAccounting(iq.budget, actuals);
      await saveCostAccounting(trx, s.quoteNo, actuals, sheet, s.actor.id);
      const customer = await customerText(trx, (await findQuote(trx, s.quoteNo))!.customer_no);
      const totals = sheet.totals
        .map(
          (t) =>
            `預算 budget ${moneyText(t.budgetCost, t.currency)}，實際 actual ${moneyText(t.actualCost, t.currency)}`,
        )
        .join('; ');
      for (const gm of await usersOfRole(trx, 'gm')) {
        await enqueueNotification(trx, {
          kind: 'cost_accounting',
          recipientId: gm.id,
          recordType: 'quote',
          recordId: s.quoteNo,
          subject: `成本核算表 Cost accounting: ${s.quoteNo} ${customer}`,
          body: `報價 ${s.quoteNo}（${customer}）之成本核算已完成 Cost accounting of ${s.quoteNo} is ready: ${totals}`,
          dedupeKey: `cost-accounting:${s.quoteNo}:${gm.id}`,
        });
      }
    },
    /** The chain skips a kept approval's step: a kept budget is carried to the new revision with its settlement basis. */
    async keepApproval(trx, s, params) {
      const { approval } = params as { approval: KeptApproval };
      if (approval !== 'budget.approved') return;
      await carryInternalQuote(trx, s.quoteNo, s.revision);
      await approveBudget(
        trx,
        s.quoteNo,
        s.revision,
        (await findInternalQuote(trx, s.quoteNo, s.revision))?.budget_approved_by ?? s.actor.id,
        s.customerNo,
      );
    },
  };

  return {
    /** Prices lines against the quote's tariff version and the owner's price authority (read only). */
    async priceQuoteRevision(input: {
      tariffVersionNo: number;
      ownerId: string;
      lines: QuoteLineInput[];
    }): Promise<PricedRevision> {
      const [rows, owner] = await Promise.all([
        findTariffLines(db, input.tariffVersionNo),
        findUserById(db, input.ownerId),
      ]);
      const authorityPct = owner?.price_authority_pct ?? config.priceAuthorityDefaultPct;
      const tariff = rows.map(fromLineRow);
      // Unknown lines, and lines outside their validity today (the API refused them already; the day may have turned).
      const unquotable = unquotableLines(tariff, input.lines, businessToday());
      if (unquotable.length)
        throw fail(
          `原始報價第 ${input.tariffVersionNo} 版有 ${unquotable.length} 行不能報價 Tariff version ${input.tariffVersionNo}: ${unquotable.map((p) => p.message).join('; ')}`,
        );
      // The API refused these already; a line that slipped past fails the step, never retried (bad_request).
      refuseProblems(quoteLineProblems(tariff, input.lines), 'input');
      return { ...priceQuote(tariff, input.lines, authorityPct), authorityPct };
    },

    /** Records one transition; `dueAt` answers the due time computed here (a step due in working days), else absent. */
    async recordQuoteStep(s: QuoteStepRecord): Promise<{ contractNo: string | null; dueAt?: string }> {
      // A state no QUOTE_SLA_* times (no workflow timer) still has an inbox due: INBOX_SLA_QUOTE_* of its state.
      const inboxDue = s.pendingRole && !s.dueAt ? quoteInboxSla[s.toState as QuoteInboxSlaState] : undefined;
      const dueAt = s.dueInWorkingDays
        ? await dueAtOf(db, { workingDays: s.dueInWorkingDays })
        : (s.dueAt ?? (inboxDue ? await dueAtOf(db, inboxDue) : null));
      return db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(trx, {
          actorId: s.actor.id,
          actorRole: s.actor.role,
          onBehalfOf: s.actor.onBehalfOf ?? null,
          recordType: 'quote',
          recordId: s.quoteNo,
          action: s.action,
          fromState: s.fromState,
          toState: s.toState,
          comment: s.comment ?? null,
          changes: auditChanges(s),
          idempotencyKey: s.idempotencyKey,
        });
        if (!fresh) {
          const current = await findQuote(trx, s.quoteNo);
          const item = s.dueInWorkingDays ? await findOpenWorkItem(trx, 'quote', s.quoteNo) : undefined;
          return {
            contractNo: current?.contract_no ?? null,
            ...(item?.due_at ? { dueAt: item.due_at.toISOString() } : {}),
          };
        }
        let contractNo: string | null = null;
        for (const e of s.effects) contractNo = (await EFFECTS[e.type](trx, s, e.params)) ?? contractNo;
        // The row as the step leaves it (for the inbox item's summary): the update returns it, one round trip.
        const quote =
          s.fromState !== null
            ? await updateQuoteHeader(trx, s.quoteNo, { status: s.toState })
            : await findQuote(trx, s.quoteNo);
        await moveWorkItem(trx, {
          recordType: 'quote',
          recordId: s.quoteNo,
          closedBy: s.actor.id,
          next: s.pendingRole
            ? {
                step: s.toState,
                role: s.pendingRole,
                ownerId: s.ownerId,
                customerNo: s.customerNo,
                summary: {
                  stepLabel: quoteStatusFacts(s.toState).label,
                  totals: quote?.totals ?? [],
                  belowCost: quote?.below_cost ?? false,
                  needsPriceApproval: quote?.needs_price_approval ?? false,
                  revision: s.revision,
                },
                dueAt,
              }
            : null,
        });
        return { contractNo, ...(s.dueInWorkingDays && dueAt ? { dueAt } : {}) };
      });
    },

    /** A step passed its due time: mark the inbox item, remind the role's users and tell their managers. */
    async recordQuoteOverdue(input: {
      quoteNo: string;
      status: QuoteStatus;
      role: string | null;
      dueAt: string;
      idempotencyKey: string;
    }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (await findAuditByKey(trx, 'quote', input.quoteNo, input.idempotencyKey)) return;
        await appendAudit(trx, {
          actorId: 'system',
          actorRole: 'system',
          recordType: 'quote',
          recordId: input.quoteNo,
          action: 'step.overdue',
          fromState: input.status,
          toState: input.status,
          comment: `due ${input.dueAt}`,
          idempotencyKey: input.idempotencyKey,
        });
        await markWorkItemOverdue(trx, 'quote', input.quoteNo);
        if (!input.role) return;
        const label = quoteStatusFacts(input.status).label;
        const quote = (await findQuote(trx, input.quoteNo))!;
        const what = `${input.quoteNo} ${await customerText(trx, quote.customer_no)}`;
        const due = businessDateTime(new Date(input.dueAt));
        const actors =
          input.role === 'sales'
            ? [{ id: quote.owner_id, manager_id: null as string | null }]
            : await usersOfRole(trx, input.role);
        for (const u of actors) {
          const manager = u.manager_id ?? (await findUserById(trx, u.id))?.manager_id ?? null;
          await enqueueNotification(trx, {
            kind: 'step_overdue_reminder',
            recipientId: u.id,
            recordType: 'quote',
            recordId: input.quoteNo,
            subject: `逾期提醒 Overdue: ${what} ${label}`,
            body: `報價 ${what} 的「${label}」已於 ${due} 到期，請儘快處理。 The step “${label}” of quote ${what} was due at ${due}: please see to it.`,
            dedupeKey: `${input.idempotencyKey}:${u.id}`,
          });
          if (manager) {
            await enqueueNotification(trx, {
              kind: 'step_overdue_escalation',
              recipientId: manager,
              recordType: 'quote',
              recordId: input.quoteNo,
              subject: `逾期通知 Escalation: ${what} ${label}`,
              body: `${await personText(trx, u.id)} 負責之報價 ${what}「${label}」已逾期（到期 ${due}）。 The step “${label}” of quote ${what}, ${await personText(trx, u.id)}’s, is overdue (due ${due}).`,
              dedupeKey: `${input.idempotencyKey}:${u.id}:manager:${manager}`,
            });
          }
        }
      });
    },
  };
}

/** What the audit row of a step records beside the transition: revision, pricing, amendment report, clause numbers. */
function auditChanges(s: QuoteStepRecord): Record<string, unknown> {
  const p = s.payload;
  return {
    revision: s.revision,
    ...(p.kind === 'draft' || p.kind === 'priced'
      ? { totals: p.priced.totals, needsPriceApproval: p.priced.needsPriceApproval, belowCost: p.priced.belowCost }
      : {}),
    ...(p.kind === 'priced' && p.amendment ? { amendment: p.amendment } : {}),
    ...(p.kind === 'contract' ? { clauseChanges: p.clauseChanges.map((c) => c.no) } : {}),
  };
}
