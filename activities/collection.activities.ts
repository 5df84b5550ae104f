/**
 * Abnormal collection's I/O. `openOverdueCollectionCases` (run by the scan workflow of the Temporal
 * Schedule `collection-scan`) reads the ledger for customers and currencies with money past due and
 * opens one case for each that has none; `recordCollectionStep` is the one write per transition of a
 * case: audit row first (keyed by the step's idempotency key; a retry finds it and changes nothing),
 * then the case's read model, its inbox items, the notices and the GM's decision's effect — one transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import {
  addWorkItem,
  insertCaseIfNone,
  listOverdueGroups,
  listSettledOpenCases,
  listUnstartedCases,
  markCasesStarted,
  setCreditHold,
  updateCase,
} from '../db/collection-case.repository';
import { customerText } from '../db/customer.repository';
import type { Database } from '../db/database';
import { findUserById, personText } from '../db/user.repository';
import { enqueueNotification, moveWorkItem, usersOfRole } from '../db/work-item.repository';
import { dueAtOf } from '../db/due-time';
import { defaultInboxSla, type DueTime, type InboxSla } from '../lib/config';
import {
  DEFAULT_COLLECTION_TIMERS,
  type CollectionCaseStart,
  type CollectionStepRecord,
  type CollectionTimers,
} from '../domain/collection-case';
import { businessToday } from '../lib/dates';
import { formatMoney, moneyText, parseDecimal } from '../lib/money';
import { AppError } from '../lib/errors';
import { listReceivableBalances } from '../db/ledger.repository';
import { isPastDue } from '../domain/ledger';
import { proposeWriteOff } from '../api/receivables/write-offs';
import type { Currency } from '../machines/catalog';
import { collectionStatusFacts, PROPOSAL_LABELS } from '../machines/collection.machine';

export interface CollectionActivityConfig {
  collection?: { timers: CollectionTimers };
  /** INBOX_SLA_COLLECTION_ESCALATION (`collectionEscalation`); absent: the defaults. */
  inboxSla?: InboxSla;
}

type Trx = Transaction<Database>;
const RECORD = 'collection_case';
/** The sales manager's inbox item of an escalated case (beside the salesperson's, one open item per record). */
const ESCALATION = 'collection_escalation';

/** The overdue amount of a customer and currency now, with the currency's digits ('0' when none). */
async function overdueNow(db: Kysely<Database> | Trx, customerNo: string, currency: string): Promise<string> {
  const [g] = await listOverdueGroups(db, businessToday(), { customerNo, currency });
  return g ? formatMoney(g.overdue, currency as Currency) : '0';
}

const summaryOf = (status: Parameters<typeof collectionStatusFacts>[0], currency: string, overdue: string) => ({
  stepLabel: `${collectionStatusFacts(status).labelZh} ${collectionStatusFacts(status).labelEn}`,
  totals: [{ currency, amount: overdue }],
});

export function createCollectionActivities({ db, config }: { db: Kysely<Database>; config: CollectionActivityConfig }) {
  const timers = config.collection?.timers ?? DEFAULT_COLLECTION_TIMERS;
  const escalationDue = (config.inboxSla ?? defaultInboxSla()).collectionEscalation;
  const writeOffDue = (config.inboxSla ?? defaultInboxSla()).writeOff;

  /** Queues a notice to `to` about case `caseId`, once per `key`. */
  const notify = (trx: Trx, to: string, caseId: number, key: string, subject: string, body: string) =>
    enqueueNotification(trx, {
      kind: 'collection_case',
      recipientId: to,
      recordType: RECORD,
      recordId: String(caseId),
      subject,
      body,
      dedupeKey: `${RECORD}:${caseId}:${key}:${to}`,
    });

  return {
    /**
     * Opens a case for every customer and currency with money past due today and no open case (audited
     * `case.opened` by the system, the salesperson's inbox item due at the escalation time, a notice);
     * returns the open cases whose workflow is still to be started, and the started open cases with
     * nothing past due left (to be told to check the ledger and close).
     */
    async openOverdueCollectionCases(): Promise<{ toStart: CollectionCaseStart[]; toRecheck: number[] }> {
      const today = businessToday();
      for (const g of await listOverdueGroups(db, today)) {
        await db.transaction().execute(async (trx) => {
          const opened = new Date();
          const dueAt = new Date(opened.getTime() + timers.escalateAfterMs);
          const currency = g.currency.trim();
          const row = await insertCaseIfNone(trx, {
            customerNo: g.customer_no,
            currency,
            ownerId: g.owner_id,
            openedOn: today,
            overdue: g.overdue,
            oldestDueDate: g.oldest_due_date,
            dueAt,
          });
          if (!row) return;
          const overdue = formatMoney(g.overdue, currency as Currency);
          const customer = await customerText(trx, g.customer_no);
          const amount = moneyText(overdue, currency as Currency);
          await appendAudit(trx, {
            actorId: 'system',
            actorRole: 'system',
            recordType: RECORD,
            recordId: String(row.id),
            action: 'case.opened',
            toState: 'awaiting_proposal',
            changes: { customerNo: g.customer_no, currency, overdue, oldestDueDate: g.oldest_due_date },
            idempotencyKey: 'opened',
          });
          await moveWorkItem(trx, {
            recordType: RECORD,
            recordId: String(row.id),
            closedBy: 'system',
            next: {
              step: 'collection.propose',
              role: 'sales',
              ownerId: g.owner_id,
              customerNo: g.customer_no,
              summary: summaryOf('awaiting_proposal', currency, overdue),
              dueAt: dueAt.toISOString(),
            },
          });
          await notify(
            trx,
            g.owner_id,
            row.id,
            'opened',
            `異常收款 Overdue: ${customer} ${amount}`,
            `客戶 ${customer} 有 ${amount} 已逾期未付（最早到期 ${g.oldest_due_date}），請跟進並提出處理建議。 ` +
              `Customer ${customer} has ${amount} past due (oldest due ${g.oldest_due_date}): follow up and propose what to do.`,
          );
        });
      }
      const toStart = (await listUnstartedCases(db)).map((c) => ({
        caseId: c.id,
        customerNo: c.customer_no,
        currency: c.currency.trim(),
        ownerId: c.owner_id,
        openedAt: c.opened_at.toISOString(),
        timers,
      }));
      return { toStart, toRecheck: await listSettledOpenCases(db, today) };
    },

    /** The call before a planned collection date is due: the salesperson's inbox item (due at the end of the date) and a notice, once per plan. */
    async openCallReminder(input: {
      customerNo: string;
      ownerId: string;
      plannedOn: string;
      dueAt: string;
    }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await moveWorkItem(trx, {
          recordType: 'collection_plan',
          recordId: input.customerNo,
          closedBy: 'system',
          next: {
            step: 'collection.call',
            role: 'sales',
            ownerId: input.ownerId,
            customerNo: input.customerNo,
            summary: { stepLabel: '收款前致電客戶 Call the customer before collection', plannedOn: input.plannedOn },
            dueAt: input.dueAt,
          },
        });
        const customer = await customerText(trx, input.customerNo);
        await enqueueNotification(trx, {
          kind: 'collection_call_due',
          recipientId: input.ownerId,
          recordType: 'collection_plan',
          recordId: input.customerNo,
          subject: `收款前致電 Call before collection: ${customer}`,
          body: `預定收款日 ${input.plannedOn}：請於三日內致電客戶 ${customer} 並記錄結果。 Planned collection on ${input.plannedOn}: call customer ${customer} and record the call.`,
          dedupeKey: `collection_plan:${input.customerNo}:${input.plannedOn}:call`,
        });
      });
    },

    /** Closes the call reminder of a customer's plan (called, replanned or the date passed). */
    async closeCallReminder(input: { customerNo: string; closedBy: string }): Promise<void> {
      await db.transaction().execute((trx) =>
        moveWorkItem(trx, {
          recordType: 'collection_plan',
          recordId: input.customerNo,
          closedBy: input.closedBy,
          next: null,
        }),
      );
    },

    /** Marks cases whose workflow the scan has started. */
    async markCollectionCasesStarted(input: { caseIds: number[] }): Promise<void> {
      await markCasesStarted(db, input.caseIds);
    },

    /** What a customer owes past due in a currency today (decimal string with the currency's digits; '0' when nothing). */
    async collectionOverdue(input: { customerNo: string; currency: string }): Promise<{ overdue: string }> {
      return { overdue: await overdueNow(db, input.customerNo, input.currency) };
    },

    /** Records one transition of a case (see the module comment). */
    async recordCollectionStep(s: CollectionStepRecord): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const fresh = await appendAudit(trx, {
          actorId: s.actor.id,
          actorRole: s.actor.role,
          onBehalfOf: s.actor.onBehalfOf ?? null,
          recordType: RECORD,
          recordId: String(s.caseId),
          action: s.action,
          fromState: s.fromState,
          toState: s.toState,
          comment: s.comment ?? null,
          changes:
            s.action === 'case.proposed' && s.proposal
              ? { proposal: s.proposal }
              : s.action === 'case.reminded'
                ? { reminder: s.reminders }
                : null,
          idempotencyKey: s.idempotencyKey,
        });
        if (!fresh) return;
        const id = String(s.caseId);
        const overdue = await overdueNow(trx, s.customerNo, s.currency);
        const dueAt = s.dueAt ? new Date(s.dueAt) : null;
        const salesItem = (status: 'awaiting_proposal' | 'escalated') => ({
          step: 'collection.propose',
          role: 'sales',
          ownerId: s.ownerId,
          customerNo: s.customerNo,
          summary: summaryOf(status, s.currency, overdue),
          dueAt: s.dueAt,
        });
        const managerOf = async (userId: string) => (await findUserById(trx, userId))?.manager_id ?? null;
        // A mail names the customer by number and name, people by display name, amounts as moneyText prints them.
        const customer = await customerText(trx, s.customerNo);
        const amount = moneyText(overdue, s.currency as Currency);
        const what = `${customer} ${amount}`;

        switch (s.action) {
          case 'case.reminded':
            await notify(
              trx,
              s.ownerId,
              s.caseId,
              s.idempotencyKey,
              `催收提醒 Reminder: ${what}`,
              `異常收款案 ${id}：客戶 ${customer} 仍有 ${amount} 逾期未付，請跟進並提出處理建議。 ` +
                `Collection case ${id}: ${customer} still has ${amount} past due; follow up and propose what to do.`,
            );
            return;
          case 'case.escalated': {
            await updateCase(trx, s.caseId, { status: s.toState, dueAt, escalated: true });
            const manager = await managerOf(s.ownerId);
            if (manager) {
              await escalationItem(trx, s, overdue, escalationDue);
              const owner = await personText(trx, s.ownerId);
              await notify(
                trx,
                manager,
                s.caseId,
                'escalated',
                `異常收款升級 Escalation: ${what}`,
                `${owner} 負責之客戶 ${customer} 有 ${amount} 逾期未付，逾時未提出處理建議（案 ${id}）。 ` +
                  `Collection case ${id} of ${owner}: no proposal in time for ${amount} past due of ${customer}.`,
              );
            }
            return;
          }
          case 'case.proposed': {
            await updateCase(trx, s.caseId, {
              status: s.toState,
              dueAt,
              ...(s.proposal ? { proposal: { proposal: s.proposal, by: s.actor.id } } : {}),
            });
            await moveWorkItem(trx, { recordType: ESCALATION, recordId: id, closedBy: s.actor.id, next: null });
            await moveWorkItem(trx, {
              recordType: RECORD,
              recordId: id,
              closedBy: s.actor.id,
              next: {
                step: 'collection.decide',
                role: 'gm',
                ownerId: s.ownerId,
                customerNo: s.customerNo,
                summary: summaryOf('pending_decision', s.currency, overdue),
                dueAt: s.dueAt,
              },
            });
            const label = s.proposal ? PROPOSAL_LABELS[s.proposal.kind] : undefined;
            for (const gm of await usersOfRole(trx, 'gm')) {
              await notify(
                trx,
                gm.id,
                s.caseId,
                s.idempotencyKey,
                `異常收款待決定 Decision needed: ${what}`,
                `案 ${id} 建議：${label?.zh ?? ''}。 Case ${id} proposes: ${label?.en ?? ''}.`,
              );
            }
            return;
          }
          case 'case.approved': {
            await updateCase(trx, s.caseId, {
              status: s.toState,
              dueAt: null,
              decision: { decision: 'approved', by: s.actor.id },
            });
            await moveWorkItem(trx, { recordType: RECORD, recordId: id, closedBy: s.actor.id, next: null });
            if (s.applyProposal && s.proposal) await applyProposal(trx, s, writeOffDue);
            return;
          }
          case 'case.rejected': {
            await updateCase(trx, s.caseId, {
              status: s.toState,
              dueAt,
              decision: { decision: 'rejected', by: s.actor.id },
            });
            await moveWorkItem(trx, {
              recordType: RECORD,
              recordId: id,
              closedBy: s.actor.id,
              next: salesItem(s.toState === 'escalated' ? 'escalated' : 'awaiting_proposal'),
            });
            const manager = s.toState === 'escalated' ? await managerOf(s.ownerId) : null;
            if (manager) await escalationItem(trx, s, overdue, escalationDue);
            await notify(
              trx,
              s.ownerId,
              s.caseId,
              s.idempotencyKey,
              `建議被駁回 Proposal rejected: ${what}`,
              `總經理駁回案 ${id} 的建議：${s.comment ?? ''}。 The GM rejected the proposal of case ${id}: ${s.comment ?? ''}`,
            );
            return;
          }
          case 'case.settled': {
            await updateCase(trx, s.caseId, { status: s.toState, dueAt: null, closedReason: 'paid' });
            await moveWorkItem(trx, { recordType: RECORD, recordId: id, closedBy: 'system', next: null });
            await moveWorkItem(trx, { recordType: ESCALATION, recordId: id, closedBy: 'system', next: null });
            await notify(
              trx,
              s.ownerId,
              s.caseId,
              'settled',
              `異常收款結案 Closed: ${customer} ${s.currency}`,
              `客戶 ${customer} 的 ${s.currency} 逾期款項已收回，案 ${id} 結案。 Nothing of ${customer} in ${s.currency} is past due any more: case ${id} is closed.`,
            );
            return;
          }
        }
      });
    },
  };
}

/** The sales manager's inbox item of an escalated case. */
/** The sales manager's item of an escalated case, due `due` after now (INBOX_SLA_COLLECTION_ESCALATION). */
async function escalationItem(trx: Trx, s: CollectionStepRecord, overdue: string, due: DueTime): Promise<void> {
  await addWorkItem(trx, {
    recordType: ESCALATION,
    recordId: String(s.caseId),
    step: 'collection.escalated',
    role: 'sales_manager',
    ownerId: s.ownerId,
    customerNo: s.customerNo,
    summary: summaryOf('escalated', s.currency, overdue),
    dueAt: new Date(await dueAtOf(trx, due)),
  });
}

/**
 * The GM's approval of a proposal, in the step's transaction: a credit hold is set on the customer
 * (its own audit row on `customer_credit`); a write-off is handed to the ledger's write-off process —
 * one write-off proposal per past-due receivable for its outstanding amount, in the proposer's name
 * (`proposeWriteOff`, source `collection_case:<id>`), each approved by the GM there, which appends the
 * `write_off` entry — each waiting in the GM's inbox, due `writeOffDue` (INBOX_SLA_WRITE_OFF); a payment plan or
 * legal action is recorded with the decision.
 */
async function applyProposal(trx: Trx, s: CollectionStepRecord, writeOffDue: DueTime): Promise<void> {
  if (s.proposal?.kind === 'write_off') return handOverWriteOff(trx, s, writeOffDue);
  if (s.proposal?.kind !== 'credit_hold') return;
  const reason = `異常收款案 ${s.caseId} Collection case ${s.caseId}: ${s.proposal.note}`;
  const before = await setCreditHold(trx, {
    customerNo: s.customerNo,
    onHold: true,
    reason,
    caseId: s.caseId,
    by: s.actor.id,
  });
  await appendAudit(trx, {
    actorId: s.actor.id,
    actorRole: s.actor.role,
    onBehalfOf: s.actor.onBehalfOf ?? null,
    recordType: 'customer_credit',
    recordId: s.customerNo,
    action: 'credit.hold_set',
    fromState: before?.on_hold ? 'on_hold' : 'clear',
    toState: 'on_hold',
    comment: reason,
    changes: { caseId: s.caseId },
    idempotencyKey: `case-${s.caseId}:${s.idempotencyKey}`,
  });
}

/** A write-off decided on a case becomes write-off proposals of the ledger (one per past-due receivable); a receivable with one already waiting keeps it. */
async function handOverWriteOff(trx: Trx, s: CollectionStepRecord, writeOffDue: DueTime): Promise<void> {
  if (!s.proposer) throw new Error(`case ${s.caseId}: a write-off without its proposer`);
  const today = businessToday();
  const open = await listReceivableBalances(trx, {
    asOf: today,
    customerNo: s.customerNo,
    currency: s.currency,
    openOnly: true,
  });
  const handed: { receivableId: number; writeOffId: number; amount: string }[] = [];
  for (const r of open) {
    if (!isPastDue(r.due_date, today) || parseDecimal(r.outstanding).lte(0)) continue;
    const amount = formatMoney(r.outstanding, s.currency as Currency);
    try {
      const writeOffId = await proposeWriteOff(
        trx,
        s.proposer,
        {
          receivableId: r.id,
          amount,
          reason: `異常收款案 ${s.caseId} Collection case ${s.caseId}: ${s.proposal?.note ?? ''}`,
          source: `collection_case:${s.caseId}`,
        },
        `case-${s.caseId}:${s.idempotencyKey}:${r.id}`,
        writeOffDue,
      );
      handed.push({ receivableId: r.id, writeOffId, amount });
    } catch (e) {
      const waiting =
        e instanceof AppError && e.code === 'conflict' ? (e.details as { writeOffId?: number }).writeOffId : undefined;
      if (waiting === undefined) throw e;
      handed.push({ receivableId: r.id, writeOffId: waiting, amount });
    }
  }
  await appendAudit(trx, {
    actorId: s.actor.id,
    actorRole: s.actor.role,
    onBehalfOf: s.actor.onBehalfOf ?? null,
    recordType: RECORD,
    recordId: String(s.caseId),
    action: 'case.write_off_handed_over',
    fromState: s.toState,
    toState: s.toState,
    changes: { writeOffs: handed },
    idempotencyKey: `${s.idempotencyKey}:write-offs`,
  });
}
