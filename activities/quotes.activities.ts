/**
 * The quote chain's I/O. `recordQuoteStep` is the one write per transition: audit row first (keyed by
 * the step's idempotency key; a retry finds it and returns what was recorded), then the read model,
 * the inbox item and the step's own effects — all in one transaction.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit, findAuditByKey } from '../db/audit.repository';
import { formatNumber, nextCounterValue } from '../db/counter.repository';
import { findCustomerByNo, setCustomerStatus, updateCustomer } from '../db/customer.repository';
import type { Database } from '../db/database';
import {
  addContractApproval,
  approveBudget,
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
import type { ClauseChange, ProjectData } from '../db/quote.table';
import { findTariffLines, fromLineRow } from '../db/tariff.repository';
import { findUserById } from '../db/user.repository';
import { enqueueNotification, markWorkItemOverdue, moveWorkItem, usersOfRole } from '../db/work-item.repository';
import { businessToday, businessYear } from '../lib/dates';
import {
  computeCostAccounting,
  computeCostBudget,
  priceQuote,
  quoteLineProblems,
  refuseProblems,
  type ActualCost,
  type FeeItem,
  type PricedLine,
  type PricedQuote,
  type QuoteLineInput,
} from '../lib/pricing';
import { PRICE_UNIT_LABELS, SERVICE_TYPE_LABELS } from '../machines/catalog';
import { QUOTE_STATUS_LABELS, type QuoteStatus } from '../machines/quote.machine';
import type { Actor } from '../machines/roles';

export interface QuoteActivityConfig {
  priceAuthorityDefaultPct: string;
  contractNoFormat: string;
}

export interface QuoteStepRecord {
  quoteNo: string;
  customerNo: string;
  ownerId: string;
  actor: Actor;
  action: string;
  fromState: QuoteStatus | null;
  toState: QuoteStatus;
  comment?: string | undefined;
  idempotencyKey: string;
  revision: number;
  pendingRole: string | null;
  dueAt: string | null;
  tariffVersionNo?: number;
  priced?: PricedQuote & { authorityPct: string };
  validUntil?: string;
  internal?: { feeItems: FeeItem[]; project: ProjectData; customer?: { industry?: string | undefined; creditStanding?: string | undefined; paymentTerms?: string | undefined } };
  contract?: { clauseChanges: ClauseChange[] };
  signedOn?: string;
  actuals?: ActualCost[];
}

/** A budget line's label, unique within a quote (line number first), so actual costs match one line. */
const serviceLabel = (l: PricedLine) => `#${l.lineNo} ${SERVICE_TYPE_LABELS[l.serviceType]} ${l.routeFrom}→${l.routeTo} ${PRICE_UNIT_LABELS[l.unit]}`;

const fail = (message: string, type = 'unprocessable') => ApplicationFailure.create({ message, type, nonRetryable: true });

export function createQuoteActivities({ db, config }: { db: Kysely<Database>; config: QuoteActivityConfig }) {
  /** The step's own effects inside the transaction; returns the contract number when one was issued. */
  async function applyEffects(trx: Transaction<Database>, s: QuoteStepRecord): Promise<string | null> {
    switch (s.action) {
      case 'quote.drafted': {
        const p = s.priced!;
        await insertQuote(trx, { quoteNo: s.quoteNo, customerNo: s.customerNo, ownerId: s.ownerId, tariffVersionNo: s.tariffVersionNo!, validUntil: s.validUntil!, needsPriceApproval: p.needsPriceApproval, belowCost: p.belowCost, totals: p.totals });
        await saveRevision(trx, { quoteNo: s.quoteNo, revision: 1, lines: p.lines, totals: p.totals, needsPriceApproval: p.needsPriceApproval, belowCost: p.belowCost, authorityPct: p.authorityPct, createdBy: s.actor.id, reason: null });
        return null;
      }
      case 'quote.revised':
      case 'quote.amended': {
        const p = s.priced!;
        await saveRevision(trx, { quoteNo: s.quoteNo, revision: s.revision, lines: p.lines, totals: p.totals, needsPriceApproval: p.needsPriceApproval, belowCost: p.belowCost, authorityPct: p.authorityPct, createdBy: s.actor.id, reason: s.comment ?? null });
        await updateQuoteHeader(trx, s.quoteNo, { status: s.toState, revision: s.revision, totals: p.totals, needsPriceApproval: p.needsPriceApproval, belowCost: p.belowCost, ...(s.validUntil ? { validUntil: s.validUntil } : {}) });
        return null;
      }
      case 'internal.submitted': {
        if (!s.internal) throw fail('internal.submitted needs the fee items and project data', 'bad_request');
        const rev = await findRevision(trx, s.quoteNo, s.revision);
        if (!rev) throw new Error(`quote ${s.quoteNo} has no revision ${s.revision}`);
        const budget = computeCostBudget(rev.lines, s.internal.feeItems, serviceLabel);
        await saveInternalQuote(trx, { quoteNo: s.quoteNo, revision: s.revision, feeItems: s.internal.feeItems, project: s.internal.project, budget, enteredBy: s.actor.id });
        const patch = s.internal.customer;
        if (patch && Object.values(patch).some((v) => v !== undefined)) {
          const customer = await findCustomerByNo(trx, s.customerNo);
          if (customer) {
            const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
            await updateCustomer(trx, customer.id, changes);
            await appendAudit(trx, { actorId: s.actor.id, actorRole: s.actor.role, onBehalfOf: s.actor.onBehalfOf ?? null, recordType: 'customer', recordId: s.customerNo, action: 'customer.master_completed', changes: { ...changes, quoteNo: s.quoteNo }, idempotencyKey: `${s.idempotencyKey}:customer` });
          }
        }
        return null;
      }
      case 'budget.approved':
        await approveBudget(trx, s.quoteNo, s.revision, s.actor.id, s.customerNo);
        return null;
      case 'contract.drafted':
        await saveContractDraft(trx, s.quoteNo, await latestTemplateVersion(trx), s.contract?.clauseChanges ?? [], s.actor.id);
        return null;
      case 'contract.reviewed':
        await addContractApproval(trx, s.quoteNo, { role: s.actor.role, userId: s.actor.id, at: new Date().toISOString() });
        return null;
      case 'contract.approved': {
        await addContractApproval(trx, s.quoteNo, { role: s.actor.role, userId: s.actor.id, at: new Date().toISOString() });
        const contract = await findContract(trx, s.quoteNo);
        if (!contract) throw new Error(`quote ${s.quoteNo} has no contract draft`);
        if (contract.contract_no) return contract.contract_no;
        // Gap-free: the counter row stays locked until this transaction commits or rolls back.
        const year = businessYear();
        const contractNo = formatNumber(config.contractNoFormat, year, await nextCounterValue(trx, 'contract_no', year));
        await setContractNo(trx, s.quoteNo, contractNo);
        await updateQuoteHeader(trx, s.quoteNo, { status: s.toState, contractNo });
        return contractNo;
      }
      case 'contract.signed': {
        await recordSignature(trx, s.quoteNo, s.signedOn ?? businessToday(), s.actor.id);
        const customer = await findCustomerByNo(trx, s.customerNo);
        if (customer && customer.status === 'prospective') {
          await setCustomerStatus(trx, customer.id, 'formal');
          await appendAudit(trx, { actorId: s.actor.id, actorRole: s.actor.role, onBehalfOf: s.actor.onBehalfOf ?? null, recordType: 'customer', recordId: s.customerNo, action: 'customer.formalized', fromState: 'prospective', toState: 'formal', comment: `合同簽署 contract signed (${s.quoteNo})`, idempotencyKey: `${s.idempotencyKey}:customer` });
        }
        return null;
      }
      case 'costs.recorded': {
        const iq = await findInternalQuote(trx, s.quoteNo, s.revision);
        if (!iq) throw new Error(`quote ${s.quoteNo} has no internal quote`);
        const sheet = computeCostAccounting(iq.budget, s.actuals ?? []);
        await saveCostAccounting(trx, s.quoteNo, s.actuals ?? [], sheet as unknown as Record<string, unknown>, s.actor.id);
        for (const gm of await usersOfRole(trx, 'gm')) {
          await enqueueNotification(trx, {
            kind: 'cost_accounting',
            recipientId: gm.id,
            recordType: 'quote',
            recordId: s.quoteNo,
            subject: `成本核算表 ${s.quoteNo}`,
            body: `報價 ${s.quoteNo} 之成本核算已完成 Cost accounting of ${s.quoteNo} is ready: ${sheet.totals.map((t) => `${t.currency} 預算 ${t.budgetCost} 實際 ${t.actualCost}`).join('; ')}`,
            dedupeKey: `cost-accounting:${s.quoteNo}:${gm.id}`,
          });
        }
        return null;
      }
      default:
        return null;
    }
  }

  return {
    /** Prices lines against the quote's tariff version and the owner's price authority (read only). */
    async priceQuoteRevision(input: { tariffVersionNo: number; ownerId: string; lines: QuoteLineInput[] }): Promise<PricedQuote & { authorityPct: string }> {
      const [rows, owner] = await Promise.all([findTariffLines(db, input.tariffVersionNo), findUserById(db, input.ownerId)]);
      const authorityPct = owner?.price_authority_pct ?? config.priceAuthorityDefaultPct;
      const tariff = rows.map(fromLineRow);
      const known = new Set(tariff.map((t) => t.lineNo));
      const unknown = input.lines.filter((l) => !known.has(l.tariffLineNo)).map((l) => l.tariffLineNo);
      if (unknown.length) throw fail(`Tariff version ${input.tariffVersionNo} has no line ${unknown.join(', ')}`);
      // The API refused these already; a line that slipped past fails the step, never retried (bad_request).
      refuseProblems(quoteLineProblems(tariff, input.lines), 'input');
      return { ...priceQuote(tariff, input.lines, authorityPct), authorityPct };
    },

    async recordQuoteStep(s: QuoteStepRecord): Promise<{ contractNo: string | null }> {
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
          changes: { revision: s.revision, ...(s.priced ? { totals: s.priced.totals, needsPriceApproval: s.priced.needsPriceApproval, belowCost: s.priced.belowCost } : {}), ...(s.contract ? { clauseChanges: s.contract.clauseChanges.map((c) => c.no) } : {}) },
          idempotencyKey: s.idempotencyKey,
        });
        if (!fresh) return { contractNo: (await findQuote(trx, s.quoteNo))?.contract_no ?? null };
        const contractNo = await applyEffects(trx, s);
        if (!['quote.drafted', 'quote.revised', 'quote.amended', 'contract.approved'].includes(s.action)) {
          await updateQuoteHeader(trx, s.quoteNo, { status: s.toState });
        }
        const quote = await findQuote(trx, s.quoteNo);
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
                summary: { stepLabel: QUOTE_STATUS_LABELS[s.toState], totals: quote?.totals ?? [], belowCost: quote?.below_cost ?? false, revision: s.revision },
                dueAt: s.dueAt,
              }
            : null,
        });
        return { contractNo };
      });
    },

    /** A step passed its due time: mark the inbox item, remind the role's users and tell their managers. */
    async recordQuoteOverdue(input: { quoteNo: string; status: QuoteStatus; role: string | null; dueAt: string; idempotencyKey: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (await findAuditByKey(trx as unknown as Kysely<Database>, 'quote', input.quoteNo, input.idempotencyKey)) return;
        await appendAudit(trx, { actorId: 'system', actorRole: 'system', recordType: 'quote', recordId: input.quoteNo, action: 'step.overdue', fromState: input.status, toState: input.status, comment: `due ${input.dueAt}`, idempotencyKey: input.idempotencyKey });
        await markWorkItemOverdue(trx, 'quote', input.quoteNo);
        if (!input.role) return;
        const label = QUOTE_STATUS_LABELS[input.status];
        const actors = input.role === 'sales' ? [{ id: (await findQuote(trx, input.quoteNo))!.owner_id, manager_id: null as string | null }] : await usersOfRole(trx, input.role);
        for (const u of actors) {
          const manager = u.manager_id ?? (await findUserById(trx as unknown as Kysely<Database>, u.id))?.manager_id ?? null;
          await enqueueNotification(trx, { kind: 'step_overdue_reminder', recipientId: u.id, recordType: 'quote', recordId: input.quoteNo, subject: `逾期提醒 Overdue: ${input.quoteNo} ${label}`, body: `報價 ${input.quoteNo} 的「${label}」已於 ${input.dueAt} 到期，請儘快處理。`, dedupeKey: `${input.idempotencyKey}:${u.id}` });
          if (manager) {
            await enqueueNotification(trx, { kind: 'step_overdue_escalation', recipientId: manager, recordType: 'quote', recordId: input.quoteNo, subject: `逾期通知 Escalation: ${input.quoteNo} ${label}`, body: `${u.id} 負責之報價 ${input.quoteNo}「${label}」已逾期（到期 ${input.dueAt}）。`, dedupeKey: `${input.idempotencyKey}:${u.id}:manager:${manager}` });
          }
        }
      });
    },
  };
}
