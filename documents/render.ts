/**
 * The three printed documents of the quote-to-contract chain: quote sheet 「初始報價單」, cost budget
 * sheet 「成本預算表」 and contract 「合同書」. Pure functions of their input; amounts, prices and quantities
 * are printed with their digits as given, grouped by thousands (22,600.00); times arrive in business time.
 */
import {
  COLOR,
  contentWidth,
  drawCompanyHeader,
  drawFields,
  drawHeading,
  drawParagraph,
  drawTitle,
  ensureSpace,
  partyFields,
  renderPdf,
  useFont,
  type Pdf,
} from './layout';
import { groupThousands as money, marginPctText } from './format';
import { drawTable, type Column } from './table';
import type {
  ContractClause,
  ContractData,
  CostBudgetLine,
  CostBudgetSheetData,
  CurrencyTotal,
  QuoteSheetData,
  QuoteSheetLine,
} from './types';

const serviceColumns: Column<QuoteSheetLine>[] = [
  { header: '項次\nNo.', weight: 30, align: 'center', value: (l) => String(l.lineNo) },
  { header: '服務項目\nService', weight: 70, value: (l) => l.serviceLabel },
  { header: '運送線路\nRoute', weight: 70, value: (l) => l.route },
  { header: '貨品品名\nCommodity', weight: 58, value: (l) => l.commodity },
  { header: '計費單位\nUnit', weight: 62, value: (l) => l.unitLabel },
  { header: '幣別\nCur.', weight: 32, align: 'center', value: (l) => l.currency },
  { header: '單價\nUnit price', weight: 60, align: 'right', value: (l) => money(l.unitPrice) },
  { header: '數量\nQty', weight: 58, align: 'right', value: (l) => money(l.quantity) },
  { header: '金額\nAmount', weight: 75, align: 'right', value: (l) => money(l.amount) },
];

const totalColumns: Column<CurrencyTotal>[] = [
  { header: '', weight: 2, value: () => '合計 Total' },
  { header: '幣別 Cur.', weight: 1, align: 'center', value: (t) => t.currency },
  { header: '金額 Amount', weight: 2, align: 'right', value: (t) => money(t.amount) },
];

function drawCurrencyTotals(doc: Pdf, totals: readonly CurrencyTotal[]): void {
  const width = 230;
  doc.moveDown(0.4);
  drawTable(doc, totalColumns, totals, {
    x: doc.page.margins.left + contentWidth(doc) - width,
    width,
    fontSize: 9,
    bold: true,
    keepTogether: true,
  });
}

export function renderQuoteSheet(data: QuoteSheetData): Promise<Buffer> {
  const ref = `${data.quoteNo} 第${data.revision}版 Rev. ${data.revision}`;
  return renderPdf(
    {
      title: `初始報價單 Quotation ${data.quoteNo}`,
      subject: data.customer.name,
      generatedAt: data.generatedAt,
      footer: `初始報價單 Quotation ${ref}`,
    },
    (doc) => {
      drawCompanyHeader(doc, data.company);
      drawTitle(doc, '初始報價單', 'Quotation');
      drawFields(doc, [
        ['報價單號 Quote No.', data.quoteNo],
        ['版次 Revision', String(data.revision)],
        ['報價日期 Issued on', data.issuedOn],
        ['有效期至 Valid until', data.validUntil],
        ['業務員 Salesperson', data.salesperson],
      ]);
      drawHeading(doc, '客戶 Customer');
      drawFields(doc, partyFields(data.customer));
      drawHeading(doc, '報價明細 Quoted services');
      drawTable(doc, serviceColumns, data.lines);
      drawCurrencyTotals(doc, data.totals);
      if (data.notes && data.notes.length > 0) {
        drawHeading(doc, '備註 Notes');
        data.notes.forEach((note, i) => drawParagraph(doc, `${i + 1}. ${note}`));
      }
    },
  );
}

const payerLabel = (payer: CostBudgetLine['payer']): string =>
  payer === 'company' ? '公司 Company' : payer === 'customer' ? '客戶 Customer' : '—';

const budgetColumns: Column<CostBudgetLine>[] = [
  { header: '費用科目\nFee item', weight: 130, value: (l) => l.label },
  { header: '付款方\nPaid by', weight: 62, value: (l) => payerLabel(l.payer) },
  { header: '幣別\nCur.', weight: 34, align: 'center', value: (l) => l.currency },
  { header: '收入\nRevenue', weight: 72, align: 'right', value: (l) => money(l.revenue) },
  { header: '預算成本\nBudgeted cost', weight: 72, align: 'right', value: (l) => money(l.cost) },
  { header: '毛利\nMargin', weight: 72, align: 'right', value: (l) => money(l.margin) },
  { header: '毛利率\nMargin %', weight: 50, align: 'right', value: (l) => marginPctText(l.revenue, l.marginPct) },
];

const budgetTotalColumns: Column<CostBudgetSheetData['totals'][number]>[] = [
  { header: '', weight: 130 + 62, value: () => '合計 Total' },
  { header: '幣別\nCur.', weight: 34, align: 'center', value: (t) => t.currency },
  { header: '收入\nRevenue', weight: 72, align: 'right', value: (t) => money(t.revenue) },
  { header: '預算成本\nBudgeted cost', weight: 72, align: 'right', value: (t) => money(t.cost) },
  { header: '毛利\nMargin', weight: 72, align: 'right', value: (t) => money(t.margin) },
  { header: '毛利率\nMargin %', weight: 50, align: 'right', value: (t) => marginPctText(t.revenue, t.marginPct) },
];

export function renderCostBudgetSheet(data: CostBudgetSheetData): Promise<Buffer> {
  const ref = `${data.quoteNo} 第${data.revision}版 Rev. ${data.revision}`;
  return renderPdf(
    {
      title: `成本預算表 Cost Budget ${data.quoteNo}`,
      subject: data.customer.name,
      generatedAt: data.generatedAt,
      footer: `成本預算表 Cost budget sheet ${ref}  內部文件 Internal`,
    },
    (doc) => {
      drawCompanyHeader(doc, data.company);
      drawTitle(doc, '成本預算表', 'Cost Budget Sheet');
      drawFields(doc, [
        ['報價單號 Quote No.', data.quoteNo],
        ['版次 Revision', String(data.revision)],
        ['客戶 Customer', data.customer.name],
        ['客戶編號 Customer No.', data.customer.customerNo],
        ['總經理審批 GM approval', data.approvedBy ?? '待審批 pending'],
        ['審批時間 Approved at', data.approvedAt ?? '—'],
      ]);
      drawHeading(doc, '費用科目 Fee items');
      drawTable(doc, budgetColumns, data.lines);
      drawHeading(doc, '幣別合計 Totals per currency');
      drawTable(doc, budgetTotalColumns, data.totals, { bold: true, keepTogether: true });
    },
  );
}

const approvalColumns: Column<ContractData['approvals'][number]>[] = [
  { header: '審批角色 Role', weight: 2, value: (a) => a.role },
  { header: '審批人 Approver', weight: 2, value: (a) => a.name },
  { header: '審批時間 Approved at', weight: 2, value: (a) => a.at },
];

function drawClause(doc: Pdf, clause: ContractClause): void {
  const depth = clause.no.split('.').length - 1;
  const indent = depth * 14;
  ensureSpace(doc, 48);
  const x = doc.page.margins.left + indent;
  useFont(doc, 9.5, 'bold').text(`${clause.no}  ${clause.title}`, x, doc.y, {
    width: contentWidth(doc) - indent,
    continued: clause.changed === true,
  });
  if (clause.changed) useFont(doc, 8, 'bold', COLOR.changed).text('  【已協商修改 Negotiated change】');
  drawParagraph(doc, clause.text, { indent: indent + 14 });
  doc.moveDown(0.4);
}

function drawSignatureBlocks(doc: Pdf, data: ContractData): void {
  const height = 120;
  doc.moveDown(1);
  ensureSpace(doc, height + 10);
  const gap = 16;
  const width = (contentWidth(doc) - gap) / 2;
  const y = doc.y;
  const blocks: [string, string][] = [
    ['甲方（委託方）Party A (Principal)', data.customer.name],
    ['乙方（受託方）Party B (Forwarder)', data.company.name],
  ];
  blocks.forEach(([role, name], i) => {
    const x = doc.page.margins.left + i * (width + gap);
    doc.rect(x, y, width, height).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
    const inner = { width: width - 16 };
    useFont(doc, 9, 'bold', COLOR.accent).text(role, x + 8, y + 8, inner);
    useFont(doc, 9).text(name, inner);
    doc.moveDown(0.8);
    useFont(doc, 8.5, 'regular', COLOR.muted);
    doc.text('授權代表簽字 Authorised signature：', inner);
    doc.moveDown(0.9);
    doc.text('蓋章 Company seal：', inner);
    doc.moveDown(0.9);
    doc.text(`日期 Date：${data.signedOn ?? ''}`, inner);
  });
  doc.x = doc.page.margins.left;
  doc.y = y + height;
}

export function renderContract(data: ContractData): Promise<Buffer> {
  return renderPdf(
    {
      title: `合同書 Contract ${data.contractNo}`,
      subject: data.customer.name,
      generatedAt: data.generatedAt,
      footer: `合同書 Contract ${data.contractNo}`,
    },
    (doc) => {
      drawCompanyHeader(doc, data.company);
      drawTitle(doc, '合同書', 'Freight Forwarding Service Contract');
      drawFields(doc, [
        ['合同編號 Contract No.', data.contractNo],
        ['報價單號 Quote No.', data.quoteNo],
        ['範本版本 Template', `第${data.templateVersion}版 v${data.templateVersion}`],
        ['簽訂日期 Signed on', data.signedOn ?? '未簽訂 not yet signed'],
      ]);
      drawHeading(doc, '甲方（委託方）Party A (Principal)');
      drawFields(doc, partyFields(data.customer));
      drawHeading(doc, '乙方（受託方）Party B (Forwarder)');
      drawFields(doc, partyFields(data.company));
      drawHeading(doc, '服務項目及價格 Services and prices');
      drawTable(doc, serviceColumns, data.services);
      drawCurrencyTotals(doc, data.totals);
      drawHeading(doc, '合同條款 Terms and conditions');
      data.clauses.forEach((clause) => drawClause(doc, clause));
      if (data.approvals.length > 0) {
        drawHeading(doc, '內部審批 Internal approvals');
        drawTable(doc, approvalColumns, data.approvals, { keepTogether: true });
      }
      drawSignatureBlocks(doc, data);
    },
  );
}
