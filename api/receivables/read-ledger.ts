import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { findDisplayNames } from '../../db/user.repository';
import { listWriteOffs } from '../../db/reconciliation.repository';
import {
  findReceiptParts,
  listCustomerEntries,
  listReceiptBalances,
  listReceivableBalances,
} from '../../db/ledger.repository';
import { receivableLabel } from '../../domain/job-billing';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { visibleOrNotFound } from '../customers/visibility';
import { ledgerGate, ledgerReader } from './access';
import { ledgerActions, receiptActions, receivableActions } from './ledger-actions';
import {
  AsOfQuery,
  CustomerLedger,
  CustomerLedgerParams,
  ReceiptDetail,
  ReceiptList,
  ReceiptListQuery,
  ReceiptParams,
  ReceivableList,
  ReceivableListQuery,
} from './schemas';
import { balancesOf, fmt, nameIn, toEntry, toReceipt, toReceivable } from './views';

/** The one receipt `id` as the caller may see it, with its allocations and refunds; 404 when out of sight. */
export async function receiptDetail(deps: ApiDeps, scope: readonly string[] | undefined, id: number) {
  const asOf = '2999-12-31';
  const [row] = await listReceiptBalances(deps.db, { asOf, receiptId: id, ownerIds: scope });
  if (!row) throw new AppError('not_found', '查無此收款 No such receipt');
  const parts = await findReceiptParts(deps.db, id);
  const names = await findDisplayNames(deps.db, [row.entered_by, ...parts.refunds.map((x) => x.entered_by)]);
  return {
    ...toReceipt(row, names),
    allocations: parts.allocations.map((a) => ({
      entryId: a.id,
      receivableId: a.receivable_id,
      jobNo: a.job_no,
      label: receivableLabel(a.label),
      amount: fmt(a.amount.replace(/^-/, ''), a.currency),
      entryDate: a.entry_date,
    })),
    refunds: parts.refunds.map((x) => ({
      id: x.id,
      amount: fmt(x.amount, row.currency),
      refundedOn: x.refunded_on,
      reference: x.reference,
      enteredBy: x.entered_by,
      enteredByName: nameIn(names, x.entered_by),
    })),
  };
}

/** GET /ledgers/:customerNo 欠款臺帳, GET /receivables, GET /receipts, GET /receipts/:receiptId. */
export function readLedgerRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const edges = deps.config.agingBucketDays;
  return async (app) => {
    app.get(
      '/ledgers/:customerNo',
      {
        // Role before shape: any other role (auditors included) is refused before its input is read.
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary:
            'A customer’s ledger 欠款臺帳 as of a date: receivables with their sums, every entry, receipts with unallocated credit, balances per currency',
          params: CustomerLedgerParams,
          querystring: AsOfQuery,
          response: { 200: CustomerLedger, ...errorResponses },
        },
      },
      async (req) => {
        const { user, scope } = await ledgerReader(deps.db, req);
        const { customerNo } = req.params;
        const customer = visibleOrNotFound(scope, customerNo, await findCustomerByNo(deps.db, customerNo));
        const asOf = req.query.asOf ?? businessToday();
        const today = businessToday();
        const [receivables, entries, receipts, waiting, receivablesNow, receiptsNow] = await Promise.all([
          listReceivableBalances(deps.db, { asOf, customerNo }),
          listCustomerEntries(deps.db, customerNo, asOf),
          listReceiptBalances(deps.db, { asOf, customerNo }),
          listWriteOffs(deps.db, { customerNo }),
          // Steps are judged on the records now, whatever the as-of date.
          asOf === today ? undefined : listReceivableBalances(deps.db, { asOf: today, customerNo }),
          asOf === today ? undefined : listReceiptBalances(deps.db, { asOf: today, customerNo }),
        ]);
        const waitingIds = new Set(
          waiting.filter((w) => w.status === 'proposed' || w.status === 'returned').map((w) => w.receivable_id),
        );
        const outstandingNow = new Map((receivablesNow ?? receivables).map((r) => [r.id, r.outstanding]));
        const unallocatedNow = new Map((receiptsNow ?? receipts).map((p) => [p.id, p.unallocated]));
        const names = await findDisplayNames(deps.db, [
          ...entries.map((e) => e.created_by),
          ...receipts.map((r) => r.entered_by),
        ]);
        return {
          customerNo,
          customerName: customer.full_name,
          ownerId: customer.owner_id,
          asOf,
          balances: balancesOf(receivables, receipts),
          receivables: receivables.map((r) => ({
            ...toReceivable(r, asOf, edges),
            actions: receivableActions(
              user,
              {
                id: r.id,
                ownerId: r.owner_id,
                outstanding: outstandingNow.get(r.id) ?? r.outstanding,
                dueDate: r.due_date,
              },
              waitingIds.has(r.id),
            ),
          })),
          entries: entries.map((e) => toEntry(e, names)),
          receipts: receipts.map((r) => ({
            ...toReceipt(r, names),
            actions: receiptActions(user, { id: r.id, unallocated: unallocatedNow.get(r.id) ?? r.unallocated }),
          })),
          actions: ledgerActions(user),
        };
      },
    );

    app.get(
      '/receivables',
      {
        // Role before shape: any other role (auditors included) is refused before its input is read.
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary:
            'Receivables as of a date with their sums and days past due: the receivables detail 應收款客戶明細表, or with open=true the unpaid list 未收款客戶明細表',
          querystring: ReceivableListQuery,
          response: { 200: ReceivableList, ...errorResponses },
        },
      },
      async (req) => {
        const { scope } = await ledgerReader(deps.db, req);
        const q = req.query;
        const asOf = q.asOf ?? businessToday();
        const rows = await listReceivableBalances(deps.db, {
          asOf,
          customerNo: q.customerNo,
          ownerIds: scope,
          ownerId: q.ownerId,
          currency: q.currency,
          jobNo: q.jobNo,
          openOnly: q.open === 'true',
        });
        return { asOf, items: rows.map((r) => toReceivable(r, asOf, edges)) };
      },
    );

    app.get(
      '/receipts',
      {
        // Role before shape: any other role (auditors included) is refused before its input is read.
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary: 'Receipts 收款 as of a date with what is allocated, refunded and left as credit',
          querystring: ReceiptListQuery,
          response: { 200: ReceiptList, ...errorResponses },
        },
      },
      async (req) => {
        const { scope } = await ledgerReader(deps.db, req);
        const q = req.query;
        const asOf = q.asOf ?? businessToday();
        const rows = await listReceiptBalances(deps.db, {
          asOf,
          customerNo: q.customerNo,
          ownerIds: scope,
          currency: q.currency,
          withCreditOnly: q.withCredit === 'true',
        });
        const names = await findDisplayNames(
          deps.db,
          rows.map((r) => r.entered_by),
        );
        return { asOf, items: rows.map((r) => toReceipt(r, names)) };
      },
    );

    app.get(
      '/receipts/:receiptId',
      {
        // Role before shape: any other role (auditors included) is refused before its input is read.
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary: 'One receipt with its allocations and refunds',
          params: ReceiptParams,
          response: { 200: ReceiptDetail, ...errorResponses },
        },
      },
      async (req) => {
        const { scope } = await ledgerReader(deps.db, req);
        return receiptDetail(deps, scope, req.params.receiptId);
      },
    );
  };
}
