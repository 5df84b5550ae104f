/**
 * Aging 賬齡 (§2.4.8, §3.1.8): GET /receivables/aging — outstanding amounts as of a date by days past due,
 * per customer and currency, per salesperson and currency, and per currency (never summed across
 * currencies); GET /receivables/export — the aging, the receivables detail 應收款客戶明細表 or the unpaid
 * list 未收款客戶明細表 as an Excel workbook (exceljs). Bucket rule: domain/ledger.ts `bucketOf`.
 */
import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listReceiptBalances, listReceivableBalances, type ReceivableBalanceRow } from '../../db/ledger.repository';
import type { ReceiptBalanceRow } from '../../db/ledger.repository';
import { agingBuckets, bucketOf, daysPastDue, validAgingEdges } from '../../domain/ledger';
import { businessTimeZone, businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { Decimal, parseDecimal } from '../../lib/money';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { openDisputedByReceivable } from '../../db/reconciliation.repository';
import { numFmt, setDateCells, sheet } from '../../lib/xlsx-sheet';
import { ledgerGate, ledgerReader } from './access';
import { AgingQuery, AgingReport, ExportQuery } from './schemas';
import { fmtScaled, toReceivable } from './views';

type Sums = Map<string, Decimal>;

/**
 * The aging report of receivables and receipts as of `asOf` with bucket `edges` (see the module comment).
 * `disputed`: amounts under open dispute per receivable id (decimal strings): the aging keeps them in
 * its buckets (it is the ledger) and shows them per customer and currency as `disputed`.
 */
export function agingReport(
  receivables: readonly ReceivableBalanceRow[],
  receipts: readonly ReceiptBalanceRow[],
  asOf: string,
  edges: readonly number[],
  disputed: ReadonlyMap<number, string> = new Map(),
) {
  const buckets = agingBuckets(edges);
  const empty = (): Sums => new Map(buckets.map((b) => [b.key, new Decimal(0)]));
  const rows = new Map<
    string,
    {
      customerNo: string;
      customerName: string;
      ownerId: string;
      ownerName: string;
      currency: string;
      sums: Sums;
      credit: Decimal;
      disputed: Decimal;
    }
  >();
  const owners = new Map<string, { ownerId: string; ownerName: string; currency: string; sums: Sums }>();
  const totals = new Map<string, Sums>();
  const add = (s: Sums, k: string, v: Decimal) => s.set(k, (s.get(k) ?? new Decimal(0)).plus(v));
  for (const r of receivables) {
    const v = parseDecimal(r.outstanding);
    if (v.isZero()) continue;
    const key = bucketOf(daysPastDue(r.due_date, asOf), edges);
    const rk = `${r.customer_no}|${r.currency}`;
    const row =
      rows.get(rk) ??
      rows
        .set(rk, {
          customerNo: r.customer_no,
          customerName: r.customer_name,
          ownerId: r.owner_id,
          ownerName: r.owner_name,
          currency: r.currency,
          sums: empty(),
          credit: new Decimal(0),
          disputed: new Decimal(0),
        })
        .get(rk)!;
    add(row.sums, key, v);
    const d = parseDecimal(disputed.get(r.id) ?? '0');
    row.disputed = row.disputed.plus(d.gt(v) ? v : d);
    const ok = `${r.owner_id}|${r.currency}`;
    const owner =
      owners.get(ok) ??
      owners.set(ok, { ownerId: r.owner_id, ownerName: r.owner_name, currency: r.currency, sums: empty() }).get(ok)!;
    add(owner.sums, key, v);
    add(totals.get(r.currency) ?? totals.set(r.currency, empty()).get(r.currency)!, key, v);
  }
  for (const p of receipts) {
    const credit = parseDecimal(p.unallocated);
    if (credit.isZero()) continue;
    const rk = `${p.customer_no}|${p.currency}`;
    const row =
      rows.get(rk) ??
      rows
        .set(rk, {
          customerNo: p.customer_no,
          customerName: p.customer_name,
          ownerId: p.owner_id,
          ownerName: p.owner_name,
          currency: p.currency,
          sums: empty(),
          credit: new Decimal(0),
          disputed: new Decimal(0),
        })
        .get(rk)!;
    row.credit = row.credit.plus(credit);
  }
  const show = (s: Sums, c: string) => Object.fromEntries([...s].map(([k, v]) => [k, fmtScaled(v, c)]));
  const total = (s: Sums) => [...s.values()].reduce((a, b) => a.plus(b), new Decimal(0));
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return {
    asOf,
    timeZone: businessTimeZone(),
    buckets,
    rows: byKey(rows).map((r) => ({
      customerNo: r.customerNo,
      customerName: r.customerName,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      currency: r.currency,
      buckets: show(r.sums, r.currency),
      outstanding: fmtScaled(total(r.sums), r.currency),
      unallocatedCredit: fmtScaled(r.credit, r.currency),
      net: fmtScaled(total(r.sums).minus(r.credit), r.currency),
      disputed: fmtScaled(r.disputed, r.currency),
    })),
    bySalesperson: byKey(owners).map((o) => ({
      ownerId: o.ownerId,
      ownerName: o.ownerName,
      currency: o.currency,
      buckets: show(o.sums, o.currency),
      outstanding: fmtScaled(total(o.sums), o.currency),
    })),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, s]) => ({ currency, buckets: show(s, currency), outstanding: fmtScaled(total(s), currency) })),
  };
}

function edgesOf(param: string | undefined, fallback: readonly number[]): readonly number[] {
  if (param === undefined) return fallback;
  const edges = param.split(',').map(Number);
  if (!validAgingEdges(edges))
    throw new AppError('bad_request', 'buckets must increase, each from 1 to 3650 days', {
      fields: [{ path: 'querystring.buckets', message: 'must be increasing whole days from 1 to 3650' }],
    });
  return edges;
}

export function agingRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/receivables/aging',
      {
        // Role before shape: any other role (auditors included) is refused before its input is read.
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary:
            'Aging 賬齡 as of a date: outstanding by days past due (not yet due / 1–30 / 31–60 / 61–90 / over 90, configurable) per customer, salesperson and currency',
          querystring: AgingQuery,
          response: { 200: AgingReport, ...errorResponses },
        },
      },
      async (req) => {
        const { scope } = await ledgerReader(deps.db, req);
        const q = req.query;
        const edges = edgesOf(q.buckets, deps.config.agingBucketDays);
        const asOf = q.asOf ?? businessToday();
        const f = { asOf, customerNo: q.customerNo, ownerIds: scope, ownerId: q.ownerId, currency: q.currency };
        const [receivables, receipts] = await Promise.all([
          listReceivableBalances(deps.db, { ...f, openOnly: true }),
          listReceiptBalances(deps.db, { ...f, withCreditOnly: true }),
        ]);
        const disputed = await openDisputedByReceivable(
          deps.db,
          receivables.map((r) => r.id),
        );
        return agingReport(receivables, receipts, asOf, edges, disputed);
      },
    );

    app.get(
      '/receivables/export',
      {
        // Role before shape: any other role (auditors included) is refused before its input is read.
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary:
            'Excel workbook (.xlsx) of the aging 賬齡表, the receivables detail 應收款客戶明細表 or the unpaid list 未收款客戶明細表, as of a date',
          querystring: ExportQuery,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: z.unknown().describe('An .xlsx workbook'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const { scope } = await ledgerReader(deps.db, req);
        const q = req.query;
        const edges = edgesOf(q.buckets, deps.config.agingBucketDays);
        const asOf = q.asOf ?? businessToday();
        const f = { asOf, customerNo: q.customerNo, ownerIds: scope, ownerId: q.ownerId, currency: q.currency };
        const wb = new ExcelJS.Workbook();
        wb.creator = 'freightflow';
        if (q.report === 'aging') {
          const [receivables, receipts] = await Promise.all([
            listReceivableBalances(deps.db, { ...f, openOnly: true }),
            listReceiptBalances(deps.db, { ...f, withCreditOnly: true }),
          ]);
          const report = agingReport(receivables, receipts, asOf, edges);
          const labels = report.buckets.map((b) => `${b.labelZh} ${b.labelEn}`);
          const ws = sheet(wb, '賬齡表 Aging', `應收帳款賬齡表 Receivables aging — ${asOf} (${report.timeZone})`, [
            '客戶編號 Customer no.',
            '客戶 Customer',
            '業務員 Salesperson',
            '幣別 Currency',
            ...labels,
            '未收合計 Outstanding',
            '未沖銷收款 Unallocated credit',
            '淨額 Net',
          ]);
          for (const r of report.rows) {
            const row = ws.addRow([
              r.customerNo,
              r.customerName,
              r.ownerName,
              r.currency,
              ...report.buckets.map((b) => Number(r.buckets[b.key])),
              Number(r.outstanding),
              Number(r.unallocatedCredit),
              Number(r.net),
            ]);
            for (let i = 5; i <= 4 + labels.length + 3; i++) row.getCell(i).numFmt = numFmt(r.currency);
          }
          const ws2 = sheet(wb, '業務員 Salesperson', `業務員賬齡 Aging per salesperson — ${asOf}`, [
            '業務員 Salesperson',
            '幣別 Currency',
            ...labels,
            '未收合計 Outstanding',
          ]);
          for (const o of report.bySalesperson) {
            const row = ws2.addRow([
              o.ownerName,
              o.currency,
              ...report.buckets.map((b) => Number(o.buckets[b.key])),
              Number(o.outstanding),
            ]);
            for (let i = 3; i <= 2 + labels.length + 1; i++) row.getCell(i).numFmt = numFmt(o.currency);
          }
        } else {
          const rows = await listReceivableBalances(deps.db, { ...f, openOnly: q.report === 'unpaid' });
          const title =
            q.report === 'unpaid' ? '未收款客戶明細表 Unpaid receivables' : '應收款客戶明細表 Receivables detail';
          const ws = sheet(wb, q.report === 'unpaid' ? '未收款 Unpaid' : '應收款 Detail', `${title} — ${asOf}`, [
            '客戶編號 Customer no.',
            '客戶 Customer',
            '業務員 Salesperson',
            '作業編號 Job',
            '合同編號 Contract',
            '項目 Item',
            '幣別 Currency',
            '發票日 Invoice date',
            '到期日 Due date',
            '逾期天數 Days past due',
            '應收 Invoiced',
            '貸項 Credited',
            '調整 Adjusted',
            '已收 Received',
            '未收 Outstanding',
          ]);
          for (const r of rows.map((x) => toReceivable(x, asOf, edges))) {
            const row = ws.addRow([
              r.customerNo,
              r.customerName,
              r.ownerName,
              r.jobNo,
              r.contractNo,
              r.label,
              r.currency,
              r.invoiceDate,
              r.dueDate,
              // Not yet due (≤ 0 days past due) is an empty cell, never a negative count.
              r.daysPastDue > 0 ? r.daysPastDue : null,
              Number(r.amount),
              Number(r.credited),
              Number(r.adjusted),
              Number(r.received),
              Number(r.outstanding),
            ]);
            for (let i = 11; i <= 15; i++) row.getCell(i).numFmt = numFmt(r.currency);
            setDateCells(row, [8, 9]);
          }
        }
        const buf = Buffer.from(await wb.xlsx.writeBuffer());
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="receivables-${q.report}-${asOf}.xlsx"`)
          .send(buf);
      },
    );
  };
}
