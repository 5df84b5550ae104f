/** Page frame shared by the printed documents: A4, company header, bilingual title, field grids, footers. */
import PDFDocument from 'pdfkit';
import { FONT, loadFont } from './fonts';
import type { Party } from './types';

export type Pdf = PDFKit.PDFDocument;

export const COLOR = {
  ink: '#1a1a1a',
  muted: '#5a5a5a',
  rule: '#9a9a9a',
  fill: '#e6ecf2',
  accent: '#1f4e79',
  changed: '#a8322d',
} as const;

const MARGIN = { top: 40, bottom: 50, left: 40, right: 40 };
const LINE_GAP = 1.5;

export const contentWidth = (doc: Pdf): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomLimit = (doc: Pdf): number => doc.page.height - doc.page.margins.bottom;

export function useFont(
  doc: Pdf,
  size: number,
  weight: 'regular' | 'bold' = 'regular',
  color: string = COLOR.ink,
): Pdf {
  return doc.font(FONT[weight]).fontSize(size).fillColor(color);
}

/** Starts a new page when fewer than `height` points are left on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

export interface PdfMeta {
  title: string;
  subject: string;
  /** ISO timestamp: the PDF's creation date, the only varying input, so output is reproducible. */
  generatedAt: string;
  /** Printed at the bottom left of every page, e.g. the document number. */
  footer: string;
}

/** Builds a whole PDF in memory: `draw` lays out the body; page numbers are added afterwards. */
export function renderPdf(meta: PdfMeta, draw: (doc: Pdf) => void): Promise<Buffer> {
  const createdAt = new Date(meta.generatedAt);
  if (Number.isNaN(createdAt.getTime()))
    return Promise.reject(new Error(`generatedAt is not a timestamp: ${meta.generatedAt}`));
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      info: {
        Title: meta.title,
        Subject: meta.subject,
        Creator: 'freightflow',
        CreationDate: createdAt,
        ModDate: createdAt,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.registerFont(FONT.regular, loadFont('regular'));
      doc.registerFont(FONT.bold, loadFont('bold'));
      useFont(doc, 9);
      draw(doc);
      drawPageFooters(doc, meta.footer);
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

function drawPageFooters(doc: Pdf, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit open a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom + 18;
    const width = contentWidth(doc);
    doc
      .moveTo(MARGIN.left, y - 6)
      .lineTo(MARGIN.left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke();
    useFont(doc, 7.5, 'regular', COLOR.muted);
    doc.text(footer, MARGIN.left, y, { width: width * 0.7, lineBreak: false });
    doc.text(`第 ${i - start + 1} 頁，共 ${count} 頁  Page ${i - start + 1} of ${count}`, MARGIN.left, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

export function drawCompanyHeader(doc: Pdf, company: Party): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  useFont(doc, 15, 'bold', COLOR.accent).text(company.name, x, doc.y, { width });
  if (company.nameEn) useFont(doc, 9, 'regular', COLOR.accent).text(company.nameEn, { width });
  const contact = [`地址 Address: ${company.address}`, `電話 Tel: ${company.phone}`];
  if (company.fax) contact.push(`傳真 Fax: ${company.fax}`);
  useFont(doc, 8, 'regular', COLOR.muted).text(contact.join('    '), { width, lineGap: LINE_GAP });
  doc.moveDown(0.3);
  rule(doc, 1, COLOR.accent);
  doc.moveDown(0.6);
}

export function drawTitle(doc: Pdf, zh: string, en: string): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  useFont(doc, 18, 'bold').text(zh, x, doc.y, { width, align: 'center' });
  useFont(doc, 10, 'regular', COLOR.muted).text(en, { width, align: 'center' });
  doc.moveDown(0.8);
}

export function drawHeading(doc: Pdf, text: string): void {
  doc.moveDown(0.6);
  // Keep a heading with the first lines of what follows it.
  ensureSpace(doc, 80);
  useFont(doc, 11, 'bold', COLOR.accent).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.2);
  rule(doc, 0.5, COLOR.rule);
  doc.moveDown(0.3);
}

export function rule(doc: Pdf, lineWidth: number, color: string): void {
  const x = doc.page.margins.left;
  doc
    .moveTo(x, doc.y)
    .lineTo(x + contentWidth(doc), doc.y)
    .lineWidth(lineWidth)
    .strokeColor(color)
    .stroke();
}

/** A label and its value; the label is bilingual, e.g. '報價單號 Quote No.'. */
export type Field = readonly [label: string, value: string];

/** Label–value pairs in `columns` columns; long values wrap inside their cell. */
export function drawFields(doc: Pdf, fields: readonly Field[], columns = 2): void {
  const x0 = doc.page.margins.left;
  const cellWidth = contentWidth(doc) / columns;
  const labelWidth = Math.min(96, cellWidth * 0.42);
  const valueWidth = cellWidth - labelWidth - 6;
  for (let i = 0; i < fields.length; i += columns) {
    const row = fields.slice(i, i + columns);
    useFont(doc, 9);
    const height = Math.max(
      ...row.map(([label, value]) =>
        Math.max(
          doc.heightOfString(label, { width: labelWidth }),
          doc.heightOfString(value || '—', { width: valueWidth, lineGap: LINE_GAP }),
        ),
      ),
    );
    ensureSpace(doc, height + 4);
    const y = doc.y;
    row.forEach(([label, value], c) => {
      const x = x0 + c * cellWidth;
      useFont(doc, 8, 'regular', COLOR.muted).text(label, x, y + 0.5, { width: labelWidth });
      useFont(doc, 9).text(value || '—', x + labelWidth, y, { width: valueWidth, lineGap: LINE_GAP });
    });
    doc.x = x0;
    doc.y = y + height + 4;
  }
}

/** Paragraph text over the full width, flowing onto new pages as needed. */
export function drawParagraph(
  doc: Pdf,
  text: string,
  options: { indent?: number; size?: number; color?: string } = {},
): void {
  const indent = options.indent ?? 0;
  useFont(doc, options.size ?? 9, 'regular', options.color ?? COLOR.ink).text(
    text,
    doc.page.margins.left + indent,
    doc.y,
    {
      width: contentWidth(doc) - indent,
      lineGap: LINE_GAP,
      align: 'left',
    },
  );
  doc.x = doc.page.margins.left;
}

/** A party as fields: name, customer number if any, address, phone, fax if any, contact. */
export function partyFields(party: Party & { customerNo?: string }): Field[] {
  const fields: Field[] = [['名稱 Name', party.name]];
  if (party.customerNo) fields.push(['客戶編號 Customer No.', party.customerNo]);
  fields.push(['地址 Address', party.address], ['電話 Tel', party.phone]);
  if (party.fax) fields.push(['傳真 Fax', party.fax]);
  fields.push(['聯絡人 Contact', party.contactPerson]);
  return fields;
}
