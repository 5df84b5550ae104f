/**
 * The monthly sales analysis 銷售分析報告 (§2.2.3) as an A4 PDF: per salesperson each measure this month and
 * the previous one with the change and the month's target, quotes won and lost; the same per customer.
 * Pure function of its input (api/plans/sales-analysis.ts builds it); figures printed as given (money in its
 * currency's digits), grouped by thousands.
 */
import { drawCompanyHeader, drawFields, drawHeading, drawParagraph, drawTitle, renderPdf } from './layout';
import { groupThousands } from './format';
import { drawTable, type Column } from './table';
import type { Party } from './types';

/** One measure (per currency where it has one) of one salesperson or customer. */
export interface AnalysisMeasureRow {
  /** e.g. '營業額 Revenue' */
  measure: string;
  currency: string;
  current: string | null;
  previous: string | null;
  change: string | null;
  changePct: string | null;
  target?: string | null;
  pctOfTarget?: string | null;
}

export interface AnalysisQuotes {
  won: number;
  lost: number;
  /** Lost by final state, in the order of `lostHeaders`. */
  lostBy: number[];
  winRatePct: string | null;
}

export interface AnalysisSection {
  /** The salesperson, or 'salesperson · customer no. customer name'. */
  title: string;
  rows: AnalysisMeasureRow[];
  quotes: AnalysisQuotes;
}

export interface SalesAnalysisData {
  company: Party;
  month: string;
  previousMonth: string;
  asOf: string;
  scope: string;
  /** zh + en names of the final states a lost quote is counted under. */
  lostHeaders: string[];
  totals: AnalysisSection;
  salespeople: AnalysisSection[];
  customers: AnalysisSection[];
  /** ISO timestamp of the report's creation. */
  generatedAt: string;
}

const shown = (v: string | null | undefined, suffix = '') =>
  v === null || v === undefined ? '—' : `${groupThousands(v)}${suffix}`;

const measureColumns = (withTarget: boolean): Column<AnalysisMeasureRow>[] => [
  { header: '項目\nMeasure', weight: 90, value: (r) => r.measure },
  { header: '幣別\nCur.', weight: 34, align: 'center', value: (r) => r.currency },
  { header: '本月\nThis month', weight: 70, align: 'right', value: (r) => shown(r.current) },
  { header: '上月\nPrevious', weight: 70, align: 'right', value: (r) => shown(r.previous) },
  { header: '變動\nChange', weight: 66, align: 'right', value: (r) => shown(r.change) },
  { header: '變動 %\nChange %', weight: 50, align: 'right', value: (r) => shown(r.changePct, '%') },
  ...(withTarget
    ? ([
        { header: '目標\nTarget', weight: 70, align: 'right', value: (r) => shown(r.target) },
        { header: '達成 %\nOf target', weight: 50, align: 'right', value: (r) => shown(r.pctOfTarget, '%') },
      ] satisfies Column<AnalysisMeasureRow>[])
    : []),
];

type QuoteRow = { title: string; q: AnalysisQuotes };
const quoteColumns = (lostHeaders: readonly string[]): Column<QuoteRow>[] => [
  { header: '業務員 / 客戶\nSalesperson / customer', weight: 150, value: (r) => r.title },
  { header: '贏得\nWon', weight: 40, align: 'right', value: (r) => String(r.q.won) },
  { header: '失去\nLost', weight: 40, align: 'right', value: (r) => String(r.q.lost) },
  ...lostHeaders.map((h, i) => ({
    header: h.replace(' ', '\n'),
    weight: 46,
    align: 'right' as const,
    value: (r: QuoteRow) => String(r.q.lostBy[i] ?? 0),
  })),
  { header: '贏率\nWin rate', weight: 50, align: 'right', value: (r) => shown(r.q.winRatePct, '%') },
];

/** Renders the analysis as an A4 PDF in zh-Hant with English beside. */
export function renderSalesAnalysis(data: SalesAnalysisData): Promise<Buffer> {
  return renderPdf(
    {
      title: `銷售分析報告 Sales analysis ${data.month}`,
      subject: data.scope,
      generatedAt: data.generatedAt,
      footer: `銷售分析報告 Sales analysis ${data.month}`,
    },
    (doc) => {
      drawCompanyHeader(doc, data.company);
      drawTitle(doc, '銷售分析報告', 'Sales Analysis');
      drawFields(doc, [
        ['月份 Month', data.month],
        ['統計至 Counted to', data.asOf],
        ['對比上月 Previous month', data.previousMonth],
        ['範圍 Scope', data.scope],
      ]);
      drawHeading(doc, '報價贏得／失去 Quotes won and lost');
      drawTable(
        doc,
        quoteColumns(data.lostHeaders),
        [
          ...data.salespeople.map((s) => ({ title: s.title, q: s.quotes })),
          { title: '合計 Total', q: data.totals.quotes },
        ],
        { fontSize: 8 },
      );
      drawHeading(doc, '合計 Total');
      drawTable(doc, measureColumns(false), data.totals.rows, { fontSize: 8 });
      for (const s of data.salespeople) {
        drawHeading(doc, `業務員 Salesperson：${s.title}`);
        drawTable(doc, measureColumns(true), s.rows, { fontSize: 8 });
      }
      drawHeading(doc, '客戶 Customers');
      if (!data.customers.length) drawParagraph(doc, '本月無客戶業績。 No customer figures this month.');
      for (const c of data.customers) {
        drawParagraph(
          doc,
          `${c.title}　贏得 Won ${c.quotes.won}　失去 Lost ${c.quotes.lost}　贏率 Win rate ${shown(c.quotes.winRatePct, '%')}`,
        );
        drawTable(doc, measureColumns(false), c.rows, { fontSize: 8 });
        doc.moveDown(0.4);
      }
    },
  );
}
