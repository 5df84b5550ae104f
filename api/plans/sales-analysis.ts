/**
 * The monthly sales analysis 銷售分析報告 (§2.2.3): per salesperson and per customer — containers delivered,
 * revenue and margin per currency, new customers, collection rate — against the previous month and the
 * salesperson's targets of the month (their monthly report's `targets`); as JSON and as an Excel workbook.
 * Figures: `salesFigures` (db/plan.repository.ts), the same formulas as the summaries' actuals.
 */
import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { COMPANY_DEFAULT } from '../../documents/company';
import { renderSalesAnalysis, type AnalysisMeasureRow, type AnalysisSection } from '../../documents/sales-analysis';
import {
  findCustomerNames,
  findPlanByPeriod,
  quoteOutcomes,
  salesFigures,
  type FigureRow,
  type QuoteOutcomeRow,
} from '../../db/plan.repository';
import { listCollectionTargets } from '../../db/reconciliation.repository';
import { listUsers } from '../../db/user.repository';
import {
  actualsOf,
  compareToPrevious,
  compareToTargets,
  periodRange,
  previousPeriod,
  tallyQuotes,
  type PlanActuals,
} from '../../domain/plan';
import { LOST_QUOTE_STATUSES, QUOTE_STATUS_LABELS } from '../../domain/quote';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { requireActing } from '../acting';
import { requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { numFmt, sheet, XLSX_MEDIA_TYPE } from '../../lib/xlsx-sheet';
import { errorResponses, identifier, LabelView, yearMonth } from '../schemas';
import { Actuals, Comparison } from './schemas';
import { MEASURE_LABELS, notBegun, PLAN_READERS, planScopeOf } from './views';

const AnalysisQuery = z.strictObject({
  month: yearMonth.optional().describe('The month analysed (default: this month, up to today)'),
  ownerId: identifier(128).optional().describe('One salesperson (within sight)'),
});

const Change = z.object({
  measure: Comparison.shape.measure,
  measureLabel: LabelView,
  currency: z.string().nullable(),
  current: z.string().nullable(),
  previous: z.string().nullable(),
  change: z.string().nullable().describe('current − previous'),
  changePct: z.string().nullable().describe('change ÷ previous × 100, half-even to 2 decimals'),
});

const QuoteTallyView = z
  .object({
    won: z.number().int().describe('Quotes whose contract was signed in the month'),
    lost: z.number().int().describe('Quotes that ended without a contract in the month'),
    lostBy: z
      .object(
        Object.fromEntries(LOST_QUOTE_STATUSES.map((st) => [st, z.number().int()])) as Record<
          (typeof LOST_QUOTE_STATUSES)[number],
          z.ZodNumber
        >,
      )
      .describe('Lost quotes by the final state they moved into'),
    winRatePct: z.string().nullable().describe('won ÷ (won + lost) × 100, half-even to 2 decimals'),
  })
  .describe('Quotes won and lost in the month (domain/quote.ts LOST_QUOTE_STATUSES)');

const Analysis = z.object({
  month: z.string(),
  previousMonth: z.string(),
  asOf: z.string().describe('The month is counted up to this business date (its last day, or today)'),
  totals: z.object({ actuals: Actuals, previous: Actuals, vsPrevious: z.array(Change), quotes: QuoteTallyView }),
  lostStatusLabels: z
    .array(z.object({ status: z.enum(LOST_QUOTE_STATUSES), label: LabelView }))
    .describe('The final states a lost quote is counted under, with their names'),
  salespeople: z.array(
    z.object({
      ownerId: z.string(),
      ownerName: z.string(),
      actuals: Actuals,
      previous: Actuals,
      vsPrevious: z.array(Change),
      quotes: QuoteTallyView,
      planId: z
        .number()
        .int()
        .nullable()
        .describe('The salesperson’s monthly report of the month, whose targets are shown'),
      vsTarget: z.array(Comparison),
    }),
  ),
  customers: z.array(
    z.object({
      ownerId: z.string(),
      ownerName: z.string(),
      customerNo: z.string(),
      customerName: z.string(),
      actuals: Actuals,
      previous: Actuals,
      vsPrevious: z.array(Change),
      quotes: QuoteTallyView,
    }),
  ),
});
type Analysis = z.infer<typeof Analysis>;

const labelled = <T extends { measure: keyof typeof MEASURE_LABELS }>(rows: T[]) =>
  rows.map((r) => ({ ...r, measureLabel: MEASURE_LABELS[r.measure] }));

/** The analysis of `month` for the salespeople the user sees (one when `ownerId` names one of them). */
async function analyse(
  db: Kysely<Database>,
  user: CurrentUser,
  q: { month?: string | undefined; ownerId?: string | undefined },
): Promise<Analysis> {
  const today = businessToday();
  const month = q.month ?? today.slice(0, 7);
  const range = periodRange('monthly', month);
  if (range.from > today)
    throw new AppError('unprocessable', notBegun('monthly', month), {
      reason: 'period_not_started',
      field: 'month',
    });
  const asOf = range.to < today ? range.to : today;
  const previousMonth = previousPeriod('monthly', month);
  const before = periodRange('monthly', previousMonth);
  const scope = await planScopeOf(db, user);
  const people = (await listUsers(db, { role: 'sales' })).filter(
    (u) => (!scope || scope.includes(u.id)) && (!q.ownerId || u.id === q.ownerId),
  );
  const ownerIds = people.map((u) => u.id);
  const [cur, prev, outcomes] = await Promise.all([
    salesFigures(db, { from: range.from, to: asOf, ownerIds }),
    salesFigures(db, { from: before.from, to: before.to, ownerIds }),
    quoteOutcomes(db, { from: range.from, to: asOf, ownerIds }),
  ]);
  const tally = (pick: (r: QuoteOutcomeRow) => boolean) => tallyQuotes(outcomes.filter(pick), LOST_QUOTE_STATUSES);
  const names = new Map(people.map((u) => [u.id, u.display_name]));
  const customerNames = await findCustomerNames(db, [
    ...new Set([...cur, ...prev, ...outcomes].map((r) => r.customerNo)),
  ]);
  const of = (rows: FigureRow[], pick: (r: FigureRow) => boolean): PlanActuals => actualsOf(rows.filter(pick));
  const managerTargets = new Map(
    (await listCollectionTargets(db, month, ownerIds)).map((t) => [t.owner_id, t.target_pct] as const),
  );
  const salespeople = [];
  for (const u of people) {
    const mine = (r: FigureRow) => r.ownerId === u.id;
    const actuals = of(cur, mine);
    const previous = of(prev, mine);
    const plan = await findPlanByPeriod(db, u.id, 'monthly', month);
    salespeople.push({
      ownerId: u.id,
      ownerName: u.display_name,
      actuals,
      previous,
      vsPrevious: labelled(compareToPrevious(actuals, previous)),
      quotes: tally((r) => r.ownerId === u.id),
      planId: plan?.id ?? null,
      vsTarget: labelled(compareToTargets(plan?.targets ?? null, actuals, managerTargets.get(u.id) ?? null)),
    });
  }
  const pairs = [
    ...new Map([...cur, ...prev, ...outcomes].map((r) => [`${r.ownerId}\u0000${r.customerNo}`, r])).values(),
  ];
  const customers = pairs
    .map((p) => {
      const same = (r: FigureRow) => r.ownerId === p.ownerId && r.customerNo === p.customerNo;
      const actuals = of(cur, same);
      const previous = of(prev, same);
      return {
        ownerId: p.ownerId,
        ownerName: names.get(p.ownerId) ?? p.ownerId,
        customerNo: p.customerNo,
        customerName: customerNames.get(p.customerNo) ?? p.customerNo,
        actuals,
        previous,
        vsPrevious: labelled(compareToPrevious(actuals, previous)),
        quotes: tally((r) => r.ownerId === p.ownerId && r.customerNo === p.customerNo),
      };
    })
    .sort((a, b) => a.ownerId.localeCompare(b.ownerId) || a.customerNo.localeCompare(b.customerNo));
  const actuals = actualsOf(cur);
  const previous = actualsOf(prev);
  return {
    month,
    previousMonth,
    asOf,
    totals: {
      actuals,
      previous,
      vsPrevious: labelled(compareToPrevious(actuals, previous)),
      quotes: tally(() => true),
    },
    lostStatusLabels: LOST_QUOTE_STATUSES.map((status) => ({
      status,
      label: { zh: QUOTE_STATUS_LABELS[status][0], en: QUOTE_STATUS_LABELS[status][1] },
    })),
    salespeople,
    customers,
  };
}

type Target = Analysis['salespeople'][number]['vsTarget'][number];

/** The workbook: a sheet of the salespeople (with their targets) and one of the customers; a row per measure (and currency). */
async function workbookOf(a: Analysis): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'freightflow';
  const headers = [
    '項目 Measure',
    '幣別 Currency',
    '本月 This month',
    '上月 Previous month',
    '變動 Change',
    '變動 % Change %',
  ];
  const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const addRows = (
    ws: ExcelJS.Worksheet,
    lead: string[],
    rows: Analysis['totals']['vsPrevious'],
    targets?: readonly Target[],
  ) => {
    for (const c of rows) {
      const t = targets?.find((x) => x.measure === c.measure && (x.currency === c.currency || x.currency === null));
      const row = ws.addRow([
        ...lead,
        `${c.measureLabel.zh} ${c.measureLabel.en}`,
        c.currency ?? '',
        num(c.current),
        num(c.previous),
        num(c.change),
        num(c.changePct),
        ...(targets ? [num(t?.target), num(t?.pctOfTarget)] : []),
      ]);
      const fmt = c.measure === 'collectionRate' ? '0.00' : c.currency ? numFmt(c.currency) : '#,##0';
      for (const i of [3, 4, 5, 7]) row.getCell(lead.length + i).numFmt = fmt;
      for (const i of [6, 8]) row.getCell(lead.length + i).numFmt = '0.00';
    }
  };
  const title = `銷售分析報告 Sales analysis ${a.month}（至 to ${a.asOf}；上月 previous ${a.previousMonth}）`;
  const people = sheet(wb, '業務員 Salespeople', title, [
    '業務員 Salesperson',
    ...headers,
    '目標 Target',
    '達成 % Of target',
  ]);
  for (const p of a.salespeople) addRows(people, [p.ownerName], p.vsPrevious, p.vsTarget);
  addRows(people, ['合計 Total'], a.totals.vsPrevious);
  const customers = sheet(wb, '客戶 Customers', title, [
    '業務員 Salesperson',
    '客戶編號 Customer no.',
    '客戶 Customer',
    ...headers,
  ]);
  for (const c of a.customers) addRows(customers, [c.ownerName, c.customerNo, c.customerName], c.vsPrevious);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The PDF's data: each measure row labelled, targets beside the salesperson's rows, quotes won and lost. */
function pdfOf(a: Analysis, scope: string): Promise<Buffer> {
  const rowsOf = (rows: Analysis['totals']['vsPrevious'], targets?: readonly Target[]): AnalysisMeasureRow[] =>
    rows.map((c) => {
      const t = targets?.find((x) => x.measure === c.measure && (x.currency === c.currency || x.currency === null));
      return {
        measure: `${c.measureLabel.zh} ${c.measureLabel.en}`,
        currency: c.currency ?? '',
        current: c.current,
        previous: c.previous,
        change: c.change,
        changePct: c.changePct,
        ...(targets ? { target: t?.target ?? null, pctOfTarget: t?.pctOfTarget ?? null } : {}),
      };
    });
  const quotes = (q: Analysis['totals']['quotes']) => ({
    won: q.won,
    lost: q.lost,
    lostBy: a.lostStatusLabels.map((l) => q.lostBy[l.status]),
    winRatePct: q.winRatePct,
  });
  const section = (title: string, rows: AnalysisMeasureRow[], q: Analysis['totals']['quotes']): AnalysisSection => ({
    title,
    rows,
    quotes: quotes(q),
  });
  return renderSalesAnalysis({
    company: COMPANY_DEFAULT,
    month: a.month,
    previousMonth: a.previousMonth,
    asOf: a.asOf,
    scope,
    lostHeaders: a.lostStatusLabels.map((l) => `${l.label.zh} ${l.label.en}`),
    totals: section('合計 Total', rowsOf(a.totals.vsPrevious), a.totals.quotes),
    salespeople: a.salespeople.map((p) => section(p.ownerName, rowsOf(p.vsPrevious, p.vsTarget), p.quotes)),
    customers: a.customers.map((c) =>
      section(`${c.ownerName} · ${c.customerNo} ${c.customerName}`, rowsOf(c.vsPrevious), c.quotes),
    ),
    generatedAt: new Date().toISOString(),
  });
}

export function salesAnalysisRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const readers = async (req: Parameters<typeof requireRole>[0]) => {
      await requireActing(deps, req, PLAN_READERS, 'read the sales analysis');
    };
    app.get(
      '/sales-analysis',
      {
        preValidation: readers,
        schema: {
          tags: ['plans'],
          summary:
            'Monthly sales analysis 銷售分析報告 per salesperson and customer: volume, revenue and margin per currency, new customers, collection rate, against the previous month and the targets',
          querystring: AnalysisQuery,
          response: { 200: Analysis, ...errorResponses },
        },
      },
      async (req) =>
        analyse(deps.db, await requireActing(deps, req, PLAN_READERS, 'read the sales analysis'), req.query),
    );
    app.get(
      '/sales-analysis/export.xlsx',
      {
        preValidation: readers,
        schema: {
          tags: ['plans'],
          summary: 'The monthly sales analysis as an Excel workbook (salespeople, customers)',
          querystring: AnalysisQuery,
          produces: [XLSX_MEDIA_TYPE],
          response: { 200: z.unknown().describe('An .xlsx workbook'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const a = await analyse(
          deps.db,
          await requireActing(deps, req, PLAN_READERS, 'read the sales analysis'),
          req.query,
        );
        return reply
          .type(XLSX_MEDIA_TYPE)
          .header('content-disposition', `attachment; filename="sales-analysis-${a.month}.xlsx"`)
          .send(await workbookOf(a));
      },
    );
    app.get(
      '/sales-analysis/export.pdf',
      {
        preValidation: readers,
        schema: {
          tags: ['plans'],
          summary:
            'The monthly sales analysis as a PDF (zh-Hant with English): per salesperson and customer, quotes won and lost',
          querystring: AnalysisQuery,
          produces: ['application/pdf'],
          response: { 200: z.unknown().describe('A PDF document'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = await requireActing(deps, req, PLAN_READERS, 'read the sales analysis');
        const a = await analyse(deps.db, user, req.query);
        const scope =
          req.query.ownerId !== undefined
            ? (a.salespeople[0]?.ownerName ?? req.query.ownerId)
            : user.role === 'sales'
              ? (a.salespeople[0]?.ownerName ?? user.id)
              : user.role === 'sales_manager'
                ? '本團隊 Team'
                : '全部業務員 All salespeople';
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="sales-analysis-${a.month}.pdf"`)
          .send(await pdfOf(a, scope));
      },
    );
  };
}
