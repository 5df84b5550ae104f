/**
 * The statement of account 「對帳單」 sent to a customer for a period: one section per currency (never
 * summed across currencies) with its lines — each receivable invoiced in the period or still outstanding
 * at its end — and the period's movements from opening to closing balance; disputed lines marked; a block
 * for the customer's confirmation. Pure function of its input; amounts printed as given, grouped by thousands.
 */
import { drawCompanyHeader, drawFields, drawHeading, drawParagraph, drawTitle, partyFields, renderPdf } from './layout';
import { groupThousands as money } from './format';
import { drawTable, type Column } from './table';
import type { Party } from './types';

export interface StatementLineData {
  lineNo: number;
  jobNo: string;
  label: string;
  invoiceDate: string;
  dueDate: string;
  amount: string;
  outstanding: string;
  /** e.g. '爭議 Disputed 1,000.00', or '' */
  note: string;
}

export interface StatementSectionData {
  currency: string;
  opening: string;
  invoiced: string;
  credited: string;
  adjusted: string;
  received: string;
  writtenOff: string;
  closing: string;
  unallocatedCredit: string;
  lines: StatementLineData[];
}

export interface StatementData {
  company: Party;
  customer: Party & { customerNo: string };
  statementNo: string;
  periodFrom: string;
  periodTo: string;
  salesperson: string;
  statusLabel: string;
  sections: StatementSectionData[];
  /** ISO timestamp of the statement's creation. */
  generatedAt: string;
}

const lineColumns: Column<StatementLineData>[] = [
  { header: '項次\nNo.', weight: 34, align: 'center', value: (l) => String(l.lineNo) },
  { header: '工作單號\nJob No.', weight: 70, value: (l) => l.jobNo },
  { header: '費用項目\nItem', weight: 100, value: (l) => l.label },
  { header: '發票日期\nInvoiced', weight: 58, value: (l) => l.invoiceDate },
  { header: '到期日\nDue', weight: 58, value: (l) => l.dueDate },
  { header: '發票金額\nAmount', weight: 68, align: 'right', value: (l) => money(l.amount) },
  { header: '未收金額\nOutstanding', weight: 68, align: 'right', value: (l) => money(l.outstanding) },
  { header: '備註\nNote', weight: 66, value: (l) => l.note },
];

type SummaryRow = [string, string];
const summaryColumns: Column<SummaryRow>[] = [
  { header: '項目 Item', weight: 3, value: (r) => r[0] },
  { header: '金額 Amount', weight: 2, align: 'right', value: (r) => money(r[1]) },
];

/** Renders the statement as an A4 PDF in zh-Hant with English beside. */
export function renderStatement(data: StatementData): Promise<Buffer> {
  return renderPdf(
    {
      title: `對帳單 Statement ${data.statementNo}`,
      subject: data.customer.name,
      generatedAt: data.generatedAt,
      footer: `對帳單 Statement ${data.statementNo}  ${data.periodFrom} – ${data.periodTo}`,
    },
    (doc) => {
      drawCompanyHeader(doc, data.company);
      drawTitle(doc, '對帳單', 'Statement of Account');
      drawFields(doc, [
        ['對帳單號 Statement No.', data.statementNo],
        ['期間 Period', `${data.periodFrom} – ${data.periodTo}`],
        ['業務員 Salesperson', data.salesperson],
        ['狀態 Status', data.statusLabel],
      ]);
      drawHeading(doc, '客戶 Customer');
      drawFields(doc, partyFields(data.customer));
      if (!data.sections.length) drawParagraph(doc, '本期無應收款項。 Nothing was owed in this period.');
      for (const s of data.sections) {
        drawHeading(doc, `幣別 Currency ${s.currency}`);
        drawTable(doc, lineColumns, s.lines, { fontSize: 8 });
        doc.moveDown(0.4);
        const rows: SummaryRow[] = [
          ['期初餘額 Opening balance', s.opening],
          ['本期發票 Invoiced', s.invoiced],
          ['貸項通知 Credit notes', s.credited],
          ['調整 Adjustments', s.adjusted],
          ['本期收款 Received', s.received],
          ['壞賬核銷 Written off', s.writtenOff],
          [`期末餘額 Closing balance (${s.currency})`, s.closing],
          ['預收未沖銷 Unallocated credit', s.unallocatedCredit],
        ];
        const width = 260;
        drawTable(doc, summaryColumns, rows, {
          x: doc.page.margins.left + doc.page.width - doc.page.margins.left - doc.page.margins.right - width,
          width,
          fontSize: 8.5,
          keepTogether: true,
        });
        doc.x = doc.page.margins.left;
      }
      drawHeading(doc, '客戶確認 Customer confirmation');
      drawParagraph(
        doc,
        '請核對以上各項，如無誤請簽章回傳；如有異議，請逐項註明爭議金額及原因。\nPlease check each line and return this statement signed and sealed; for any line you dispute, state the amount and the reason.',
      );
      doc.moveDown(1);
      drawParagraph(
        doc,
        '確認無誤 Confirmed [   ]    有異議 Disputed [   ]    簽章 Signature / seal：____________    日期 Date：________',
      );
    },
  );
}
