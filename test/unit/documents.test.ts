import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { COMPANY_DEFAULT } from '../../documents/company';
import { groupThousands as money } from '../../documents/format';
import { renderContract, renderCostBudgetSheet, renderQuoteSheet } from '../../documents/render';
import type { ContractData, CostBudgetSheetData, QuoteSheetData, QuoteSheetLine } from '../../documents/types';

const customer = {
  name: '深圳市華南電子有限公司',
  customerNo: 'C-000123',
  address: '廣東省深圳市寶安區西鄉街道寶源路168號華南電子科技園3棟',
  phone: '+86 755 2788 1234',
  fax: null,
  contactPerson: '林美玲',
};

const oceanFreight: QuoteSheetLine = {
  lineNo: 1,
  serviceLabel: '海運 Ocean freight',
  route: '深圳 → 洛杉磯 Shenzhen → Los Angeles',
  commodity: '電子零件 electronic parts',
  unitLabel: '每40HQ櫃 per 40HQ',
  currency: 'USD',
  unitPrice: '2450.00',
  quantity: '2',
  amount: '4900.00',
};
const customsClearance: QuoteSheetLine = {
  lineNo: 2,
  serviceLabel: '報關 Customs clearance',
  route: '深圳蛇口港 Shekou',
  commodity: '電子零件 electronic parts',
  unitLabel: '每票 per declaration',
  currency: 'CNY',
  unitPrice: '350.00',
  quantity: '1',
  amount: '350.00',
};
const trucking: QuoteSheetLine = {
  lineNo: 3,
  serviceLabel: '拖車 trucking',
  route: '寶安工廠 → 蛇口港 factory → Shekou',
  commodity: '電子零件 electronic parts',
  unitLabel: '每櫃 per container',
  currency: 'CNY',
  unitPrice: '1280.00',
  quantity: '2',
  amount: '2560.00',
};

const quoteSheet: QuoteSheetData = {
  company: COMPANY_DEFAULT,
  customer,
  quoteNo: 'Q-2026-0042',
  revision: 2,
  issuedOn: '2026-03-15',
  validUntil: '2026-04-14',
  salesperson: '王建國',
  lines: [oceanFreight, customsClearance, trucking],
  totals: [
    { currency: 'USD', amount: '4900.00' },
    { currency: 'CNY', amount: '2910.00' },
  ],
  notes: [
    '以上價格不含目的港費用及關稅。Prices exclude destination charges and duties.',
    '旺季附加費按船公司實際收取。Peak season surcharge as charged by the carrier.',
  ],
  generatedAt: '2026-03-15T08:30:00.000Z',
};

const costBudget: CostBudgetSheetData = {
  company: COMPANY_DEFAULT,
  customer,
  quoteNo: 'Q-2026-0042',
  revision: 2,
  lines: [
    {
      label: '海運費 ocean freight',
      currency: 'USD',
      revenue: '4900.00',
      cost: '4200.00',
      margin: '700.00',
      marginPct: '14.29',
      payer: 'customer',
    },
    {
      label: '報關費 customs clearance',
      currency: 'CNY',
      revenue: '350.00',
      cost: '200.00',
      margin: '150.00',
      marginPct: '42.86',
      payer: 'customer',
    },
    {
      label: '拖車費 trucking',
      currency: 'CNY',
      revenue: '2560.00',
      cost: '2100.00',
      margin: '460.00',
      marginPct: '17.97',
      payer: 'customer',
    },
    {
      label: '查驗費 inspection fee',
      currency: 'CNY',
      revenue: '0.00',
      cost: '180.00',
      margin: '-180.00',
      marginPct: '0.00',
      payer: 'company',
    },
  ],
  totals: [
    { currency: 'USD', revenue: '4900.00', cost: '4200.00', margin: '700.00', marginPct: '14.29' },
    { currency: 'CNY', revenue: '2910.00', cost: '2480.00', margin: '430.00', marginPct: '14.78' },
  ],
  approvedBy: '張總經理',
  approvedAt: '2026-03-20 10:15',
  generatedAt: '2026-03-20T02:15:00.000Z',
};

const longLiabilityText =
  '乙方對貨物在其掌管期間發生的滅失或損壞承擔賠償責任，但因不可抗力、貨物本身的自然性質或合理損耗、甲方過錯、包裝不良或標誌不清所致者除外。' +
  '每件貨物的賠償限額為人民幣伍佰元整，甲方已聲明價值並支付相應保價費用者，按聲明價值賠償。索賠應於貨物交付之日起三十日內以書面提出，逾期視為放棄。';

const contract: ContractData = {
  company: COMPANY_DEFAULT,
  customer,
  contractNo: 'HT-2026-0007',
  quoteNo: 'Q-2026-0042',
  templateVersion: 3,
  signedOn: null,
  services: [oceanFreight, customsClearance, trucking],
  totals: quoteSheet.totals,
  clauses: [
    {
      no: '1',
      title: '服務範圍 Scope of services',
      text: '乙方接受甲方委託，辦理本合同服務項目所列之海運訂艙、報關及拖車服務。',
    },
    {
      no: '2',
      title: '付款條件 Payment terms',
      text: '甲方應於每月對帳確認後十五日內以電匯方式支付全部費用。',
      changed: true,
    },
    { no: '2.1', title: '逾期付款 Late payment', text: '逾期付款者，每逾期一日按未付金額萬分之五支付違約金。' },
    { no: '3', title: '責任限制 Limitation of liability', text: longLiabilityText },
  ],
  approvals: [
    { role: '營銷中心經理 Marketing manager', name: '李志強', at: '2026-03-21 09:40' },
    { role: '總經理 General manager', name: '張總經理', at: '2026-03-21 16:05' },
  ],
  generatedAt: '2026-03-21T08:05:00.000Z',
};

/** Footers sit in the bottom margin (below 50 pt); keeping them apart lets text that crosses a page break read as one. */
const FOOTER_TOP = 45;

interface PageText {
  body: string;
  footer: string;
}

async function extractPages(pdf: Buffer): Promise<PageText[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const page = { body: '', footer: '' };
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const text = item.str + (item.hasEOL ? '\n' : '');
        if ((item.transform[5] as number) < FOOTER_TOP) page.footer += text;
        else page.body += text;
      }
      pages.push(page);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

async function readCreationDate(pdf: Buffer): Promise<unknown> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  try {
    const { info } = await doc.getMetadata();
    return (info as { CreationDate?: unknown }).CreationDate;
  } finally {
    await doc.destroy();
  }
}

const extractText = async (pdf: Buffer): Promise<string> =>
  (await extractPages(pdf)).map((page) => page.body).join('\n');

/** pdfkit subsets and embeds TrueType fonts as /FontFile2, named with a subset tag. */
function embedsCjkFont(pdf: Buffer): boolean {
  const raw = pdf.toString('latin1');
  return raw.includes('/FontFile2') && /\/BaseFont \/[A-Z]{6}\+NotoSansTC/.test(raw);
}

describe('quote sheet 初始報價單', () => {
  it('shows the customer the quote number, each quoted service with its amounts and the total per currency', async () => {
    const pdf = await renderQuoteSheet(quoteSheet);
    const text = await extractText(pdf);
    for (const expected of [
      '初始報價單',
      'Quotation',
      COMPANY_DEFAULT.name,
      '深圳市華南電子有限公司',
      'C-000123',
      'Q-2026-0042',
      '王建國',
      '2026-04-14',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('洛杉磯');
    for (const line of quoteSheet.lines)
      for (const amount of [line.unitPrice, line.amount]) expect(text).toContain(money(amount));
    for (const total of quoteSheet.totals) expect(text).toContain(money(total.amount));
    expect(text).toContain('以上價格不含目的港費用及關稅');
  });

  it('embeds a Traditional Chinese font so the Chinese prints on any machine', async () => {
    expect(embedsCjkFont(await renderQuoteSheet(quoteSheet))).toBe(true);
  });

  it('a quote with sixty lines continues on further pages and repeats the column headings there', async () => {
    const lines = Array.from({ length: 60 }, (_, i): QuoteSheetLine => ({
      ...oceanFreight,
      lineNo: i + 1,
      amount: `${1000 + i}.00`,
    }));
    const pages = await extractPages(await renderQuoteSheet({ ...quoteSheet, lines }));
    expect(pages.length).toBeGreaterThan(1);
    const pagesWithLines = pages.filter((page) => lines.some((line) => page.body.includes(money(line.amount))));
    expect(pagesWithLines.length).toBeGreaterThan(1);
    for (const page of pagesWithLines) expect(page.body).toContain('Unit price');
    const all = pages.map((page) => page.body).join('\n');
    for (const line of lines) expect(all).toContain(money(line.amount));
    pages.forEach((page, i) => expect(page.footer).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(pages[0]!.footer).toContain('Q-2026-0042');
  });

  it('the same quote printed twice gives the same bytes, dated when it was generated', async () => {
    const [a, b] = await Promise.all([renderQuoteSheet(quoteSheet), renderQuoteSheet(quoteSheet)]);
    expect(a.equals(b)).toBe(true);
    expect(await readCreationDate(a)).toBe('D:20260315083000Z');
  });
});

describe('numbers as a company writes them (issue 10 item 11)', () => {
  it('amounts, prices and quantities print with thousands separators, digits as given', async () => {
    const big: QuoteSheetLine = { ...oceanFreight, unitPrice: '11300.00', quantity: '2', amount: '22600.00' };
    const lc: QuoteSheetLine = {
      ...customsClearance,
      lineNo: 2,
      unitPrice: '0.3000',
      quantity: '1250000.00',
      amount: '3750.00',
    };
    const text = await extractText(
      await renderQuoteSheet({ ...quoteSheet, lines: [big, lc], totals: [{ currency: 'USD', amount: '1234567.89' }] }),
    );
    for (const shown of ['22,600.00', '11,300.00', '1,250,000.00', '0.3000', '3,750.00', '1,234,567.89'])
      expect(text).toContain(shown);
    for (const raw of ['22600.00', '11300.00', '1250000.00', '1234567.89']) expect(text).not.toContain(raw);
    expect(money('-1234.5')).toBe('-1,234.5');
    expect(money('999.99')).toBe('999.99');
    expect(money('1000')).toBe('1,000');
  });

  it('a fee item with no revenue (the company bears it) shows no margin per cent: "—", not 0.00%', async () => {
    const text = await extractText(await renderCostBudgetSheet(costBudget));
    const inspection = text.split('\n').find((l) => l.includes('查驗費'));
    expect(inspection).toBeDefined();
    expect(inspection).toContain('—');
    expect(inspection).not.toContain('0.00%');
    expect(inspection).toContain('-180.00');
  });
});

describe('cost budget sheet 成本預算表', () => {
  it('lists every fee item with revenue, cost, margin and who pays it, and the totals per currency', async () => {
    const pdf = await renderCostBudgetSheet(costBudget);
    const text = await extractText(pdf);
    for (const expected of [
      '成本預算表',
      'Cost Budget Sheet',
      '深圳市華南電子有限公司',
      'Q-2026-0042',
      '張總經理',
      '查驗費',
      '公司 Company',
    ]) {
      expect(text).toContain(expected);
    }
    for (const line of costBudget.lines)
      for (const value of [line.revenue, line.cost, line.margin]) expect(text).toContain(money(value));
    for (const line of costBudget.lines.filter((l) => l.revenue !== '0.00'))
      expect(text).toContain(`${line.marginPct}%`);
    for (const total of costBudget.totals)
      for (const value of [total.revenue, total.cost, total.margin, `${total.marginPct}%`])
        expect(text).toContain(money(value));
    expect(embedsCjkFont(pdf)).toBe(true);
  });

  it('a budget not yet approved by the general manager says it is pending', async () => {
    const text = await extractText(await renderCostBudgetSheet({ ...costBudget, approvedBy: null, approvedAt: null }));
    expect(text).toContain('待審批');
  });
});

describe('contract 合同書', () => {
  it('carries the contract number, the quote it comes from, the priced services and the totals per currency', async () => {
    const pdf = await renderContract(contract);
    const text = await extractText(pdf);
    for (const expected of [
      '合同書',
      'HT-2026-0007',
      'Q-2026-0042',
      '深圳市華南電子有限公司',
      COMPANY_DEFAULT.name,
      '洛杉磯',
      '李志強',
    ]) {
      expect(text).toContain(expected);
    }
    for (const line of contract.services)
      for (const amount of [line.unitPrice, line.amount]) expect(text).toContain(money(amount));
    for (const total of contract.totals) expect(text).toContain(money(total.amount));
    expect(embedsCjkFont(pdf)).toBe(true);
  });

  it('prints every numbered clause in full and marks only the negotiated ones', async () => {
    const text = (await extractText(await renderContract(contract))).replace(/\s+/g, '');
    for (const clause of contract.clauses) expect(text).toContain(clause.text.replace(/\s+/g, ''));
    expect(text.split('已協商修改').length - 1).toBe(1);
    expect(text).toMatch(/付款條件Paymentterms【已協商修改/);
  });

  it('leaves a signature block for each party', async () => {
    const text = await extractText(await renderContract(contract));
    expect(text).toContain('甲方（委託方）');
    expect(text).toContain('乙方（受託方）');
    expect(text.split('授權代表簽字').length - 1).toBe(2);
  });

  it('long terms wrap over several pages without losing a word', async () => {
    const clauses = Array.from({ length: 30 }, (_, i) => ({
      no: String(i + 1),
      title: `條款 Clause ${i + 1}`,
      text: longLiabilityText,
    }));
    const pages = await extractPages(await renderContract({ ...contract, clauses }));
    expect(pages.length).toBeGreaterThan(2);
    const text = pages
      .map((page) => page.body)
      .join('')
      .replace(/\s+/g, '');
    expect(text.split(longLiabilityText).length - 1).toBe(30);
  });
});
