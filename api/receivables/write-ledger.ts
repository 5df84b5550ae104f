/**
 * The ledger's writes, each one transaction with its audit row, answered again (200) for a retry with
 * the same Idempotency-Key: POST /receipts (with allocations), POST /receipts/:id/allocations,
 * POST /receipts/:id/refunds, POST /receivables/:id/entries (credit note, adjustment), and
 * PUT /contracts/:contractNo/payment-terms. Nothing is edited or deleted: each write adds rows.
 * Every refusal (400 shape, 404 out of sight, 422 rule) writes nothing.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { findDisplayNames } from '../../db/user.repository';
import {
  findContractParty,
  findEntry,
  findReceivableWithOwner,
  insertEntries,
  insertReceipt,
  insertRefund,
  lockReceipt,
  lockReceiptReference,
  lockReceivables,
  receiptUnallocatedNow,
  setContractPaymentTerms,
} from '../../db/ledger.repository';
import { findRefForKey } from '../../db/request-key.repository';
import { planAllocations, type OpenReceivable } from '../../domain/ledger';
import { PAYMENT_TERM_LABELS, termsText } from '../../domain/payment-terms';
import type { Currency } from '../../machines/catalog';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, formatDecimal, moneyText, parseDecimal, SCALE } from '../../lib/money';
import { resolveActor, sightOf } from '../acting';
import { currentUser, idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import { visibleOrNotFound, customerScopeOf, isInScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses } from '../schemas';
import { ENTRY_WRITERS, RECEIPT_WRITERS, TERMS_WRITERS } from './access';
import { receiptDetail } from './read-ledger';
import {
  AllocateBody,
  ContractParams,
  CreateReceiptBody,
  EntryBody,
  EntryView,
  PaymentTermsBody,
  PaymentTermsView,
  ReceiptDetail,
  ReceiptParams,
  ReceivableParams,
  RefundBody,
} from './schemas';
import { toEntry } from './views';
import { appendEntry, moneyDate, once, unprocessable } from './entries';

/**
 * Allocates `requests` of a locked receipt in the caller's transaction, dated `date` (or each
 * receivable's invoice date when later); 422 naming the field when `planAllocations` refuses.
 */
async function allocate(
  trx: Transaction<Database>,
  user: CurrentUser,
  receipt: { id: number; customer_no: string; currency: string; received_on: string },
  requests: { receivableId: number; amount: string }[],
  date: string,
) {
  if (!requests.length) return [];
  const locked = await lockReceivables(
    trx,
    requests.map((r) => r.receivableId),
  );
  const open = new Map<number, OpenReceivable>(
    locked.map((r) => [
      r.id,
      {
        id: r.id,
        jobNo: r.job_no,
        label: r.label,
        customerNo: r.customer_no,
        currency: r.currency as Currency,
        invoiceDate: r.invoice_date,
        outstanding: parseDecimal(r.outstanding),
      },
    ]),
  );
  const plan = planAllocations(
    {
      id: receipt.id,
      customerNo: receipt.customer_no,
      currency: receipt.currency as Currency,
      receivedOn: receipt.received_on,
      unallocated: parseDecimal(await receiptUnallocatedNow(trx, receipt.id)),
    },
    open,
    requests.map((r) => ({ receivableId: r.receivableId, amount: parseDecimal(r.amount) })),
    date,
  );
  if ('problem' in plan) throw unprocessable(plan.problem.field, plan.problem.message);
  return insertEntries(
    trx,
    plan.entries.map((e) => ({
      receivableId: e.receivableId,
      customerNo: receipt.customer_no,
      currency: receipt.currency,
      kind: 'allocation' as const,
      amount: formatDecimal(e.amount, SCALE),
      entryDate: e.entryDate,
      receiptId: receipt.id,
      createdBy: user.id,
    })),
  );
}

/**
 * 409 for a receipt repeating a customer's bank reference, naming the earlier receipt (number, date, amount):
 * zh-Hant first, English beside; `details.field` is `reference` so the desk shows it with that field.
 */
export function duplicateReceipt(
  reference: string,
  earlier: { id: number; received_on: string; amount: string; currency: string },
): AppError {
  const money = moneyText(earlier.amount, earlier.currency as Currency);
  return new AppError(
    'conflict',
    `參考號 ${reference} 已於 ${earlier.received_on} 登記為收款 #${earlier.id}（${money}），不可重複登記 Bank reference ${reference} is already booked as receipt #${earlier.id} of ${earlier.received_on} (${money}); it cannot be entered twice`,
    { reason: 'duplicate', field: 'reference', receiptId: earlier.id },
  );
}

export function writeLedgerRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/receipts',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Finance enters a receipt 收款 and allocates it to receivables of the customer in its currency; the rest stays unallocated credit',
          headers: IdempotencyHeaders,
          body: CreateReceiptBody,
          response: { 201: ReceiptDetail, 200: ReceiptDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, RECEIPT_WRITERS, 'enter receipts');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        const prior = await findRefForKey(deps.db, user.id, 'receipt', key);
        if (prior === undefined) {
          const scope = await customerScopeOf(deps.db, user);
          visibleOrNotFound(scope, b.customerNo, await findCustomerByNo(deps.db, b.customerNo));
          moneyDate('receivedOn', b.receivedOn);
        }
        const { ref, replay } = await once(deps.db, user.id, 'receipt', key, async (trx) => {
          // One bank reference books money once per customer (the model has no bank account to tell them apart).
          const earlier = await lockReceiptReference(trx, b.customerNo, b.reference);
          if (earlier) throw duplicateReceipt(b.reference, earlier);
          const receipt = await insertReceipt(trx, {
            customerNo: b.customerNo,
            payer: b.payer,
            currency: b.currency,
            amount: b.amount,
            receivedOn: b.receivedOn,
            reference: b.reference,
            note: b.note ?? null,
            enteredBy: user.id,
          });
          const entries = await allocate(trx, user, receipt, b.allocations, b.receivedOn);
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'receipt',
            recordId: String(receipt.id),
            action: 'receipt.entered',
            toState: 'entered',
            changes: {
              customerNo: b.customerNo,
              payer: b.payer,
              currency: b.currency,
              amount: b.amount,
              receivedOn: b.receivedOn,
              reference: b.reference,
              allocations: entries.map((e) => ({ entryId: e.id, receivableId: e.receivable_id, amount: e.amount })),
            },
            idempotencyKey: key,
          });
          return receipt.id;
        });
        return reply.status(replay ? 200 : 201).send(await receiptDetail(deps, undefined, ref));
      },
    );

    app.post(
      '/receipts/:receiptId/allocations',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Allocate a receipt’s unallocated credit to receivables of its customer and currency',
          headers: IdempotencyHeaders,
          params: ReceiptParams,
          body: AllocateBody,
          response: { 200: ReceiptDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, RECEIPT_WRITERS, 'allocate receipts');
        const key = idempotencyKeyOf(req);
        const { receiptId } = req.params;
        await receiptDetail(deps, undefined, receiptId); // 404 first
        const today = businessToday();
        await once(deps.db, user.id, `receipt-allocation:${receiptId}`, key, async (trx) => {
          const receipt = await lockReceipt(trx, receiptId);
          if (!receipt) throw new AppError('not_found', '查無此收款 No such receipt');
          for (const [i, a] of req.body.allocations.entries()) {
            const problem = amountDigitsProblem('amount', a.amount, receipt.currency as Currency);
            if (problem)
              throw new AppError('bad_request', problem, {
                fields: [{ path: `body.allocations.${i}.amount`, message: problem }],
              });
          }
          const entries = await allocate(trx, user, receipt, req.body.allocations, today);
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'receipt',
            recordId: String(receiptId),
            action: 'receipt.allocated',
            changes: {
              allocations: entries.map((e) => ({ entryId: e.id, receivableId: e.receivable_id, amount: e.amount })),
            },
            idempotencyKey: key,
          });
          return receiptId;
        });
        return receiptDetail(deps, undefined, receiptId);
      },
    );

    app.post(
      '/receipts/:receiptId/refunds',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Refund part or all of a receipt’s unallocated credit to the customer',
          headers: IdempotencyHeaders,
          params: ReceiptParams,
          body: RefundBody,
          response: { 200: ReceiptDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, RECEIPT_WRITERS, 'refund receipts');
        const key = idempotencyKeyOf(req);
        const { receiptId } = req.params;
        await receiptDetail(deps, undefined, receiptId);
        const b = req.body;
        const refundedOn = b.refundedOn ?? businessToday();
        await once(deps.db, user.id, `receipt-refund:${receiptId}`, key, async (trx) => {
          const receipt = await lockReceipt(trx, receiptId);
          if (!receipt) throw new AppError('not_found', '查無此收款 No such receipt');
          const problem = amountDigitsProblem('amount', b.amount, receipt.currency as Currency);
          if (problem)
            throw new AppError('bad_request', problem, { fields: [{ path: 'body.amount', message: problem }] });
          moneyDate('refundedOn', refundedOn);
          if (refundedOn < receipt.received_on)
            throw unprocessable(
              'refundedOn',
              `退款日早於收款日 ${receipt.received_on} refundedOn is before the receipt's date ${receipt.received_on}`,
            );
          const unallocated = await receiptUnallocatedNow(trx, receiptId);
          if (parseDecimal(b.amount).gt(parseDecimal(unallocated))) {
            const credit = moneyText(unallocated, receipt.currency as Currency);
            throw unprocessable('amount', `多於此收款未沖銷的 ${credit} more than the receipt’s unallocated ${credit}`);
          }
          const refund = await insertRefund(trx, {
            receiptId,
            amount: b.amount,
            refundedOn,
            reference: b.reference,
            enteredBy: user.id,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'receipt',
            recordId: String(receiptId),
            action: 'receipt.refunded',
            changes: { refundId: refund.id, amount: b.amount, refundedOn, reference: b.reference },
            idempotencyKey: key,
          });
          return refund.id;
        });
        return receiptDetail(deps, undefined, receiptId);
      },
    );

    app.post(
      '/receivables/:receivableId/entries',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'A credit note 貸項通知 or an adjustment 調整 on a receivable: a new entry (nothing is edited); it may not lower the outstanding amount below zero',
          headers: IdempotencyHeaders,
          params: ReceivableParams,
          body: EntryBody,
          response: { 201: EntryView, 200: EntryView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, ENTRY_WRITERS, 'record credit notes and adjustments');
        const key = idempotencyKeyOf(req);
        const { receivableId } = req.params;
        const rec = await findReceivableWithOwner(deps.db, receivableId);
        if (!rec || !isInScope(await customerScopeOf(deps.db, user), rec.owner_id))
          throw new AppError('not_found', '查無此應收款 No such receivable');
        const b = req.body;
        const problem = amountDigitsProblem('amount', b.amount, rec.currency as Currency);
        if (problem)
          throw new AppError('bad_request', problem, { fields: [{ path: 'body.amount', message: problem }] });
        const { ref, replay } = await once(deps.db, user.id, 'receivable-entry', key, async (trx) => {
          const { entry } = await appendEntry(
            trx,
            user,
            {
              receivableId,
              kind: b.kind,
              amount: b.amount,
              direction: b.kind === 'credit_note' ? 'decrease' : b.direction!,
              entryDate: b.entryDate ?? businessToday(),
              reason: b.reason,
            },
            key,
          );
          return entry.id;
        });
        const entry = await findEntry(deps.db, ref);
        return reply
          .status(replay ? 200 : 201)
          .send(toEntry(entry!, await findDisplayNames(deps.db, [entry!.created_by])));
      },
    );

    app.put(
      '/contracts/:contractNo/payment-terms',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Set a contract’s payment terms (monthly statement + N days, or N days after invoice): due dates of receivables billed from now on',
          headers: IdempotencyHeaders,
          params: ContractParams,
          body: PaymentTermsBody,
          response: { 200: PaymentTermsView, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        // Own role, or the GM's delegation (on the GM's behalf): api/acting.ts.
        const actor = await resolveActor(deps, user, TERMS_WRITERS);
        const key = idempotencyKeyOf(req);
        const { contractNo } = req.params;
        const party = await findContractParty(deps.db, contractNo);
        if (!party || !isInScope(await sightOf(deps, actor), party.ownerId))
          throw new AppError('not_found', `查無合同 ${contractNo} No contract ${contractNo}`);
        const terms = req.body;
        await deps.db.transaction().execute(async (trx) => {
          // A retry with the same key changes nothing (terms set by someone since stay as they are).
          if (await findAuditByKey(trx, 'contract', contractNo, key)) return;
          const before = await setContractPaymentTerms(trx, contractNo, terms, user.id);
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'contract',
            recordId: contractNo,
            action: 'contract.payment_terms_set',
            changes: { paymentTerms: { from: before ? termsText(before) : null, to: termsText(terms) } },
            idempotencyKey: key,
          });
        });
        return {
          contractNo,
          kind: terms.kind,
          days: terms.days,
          text: termsText(terms),
          label: `${PAYMENT_TERM_LABELS[terms.kind]} +${terms.days}`,
        };
      },
    );
  };
}
