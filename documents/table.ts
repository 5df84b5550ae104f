/** Tables that wrap cell text and continue on new pages, repeating the header row. */
import { COLOR, contentWidth, useFont, type Pdf } from './layout';

export interface Column<R> {
  header: string;
  /** Relative width; the columns share the table width in proportion. */
  weight: number;
  align?: 'left' | 'right' | 'center';
  value: (row: R) => string;
}

export interface TableOptions {
  fontSize?: number;
  /** Left edge and width when the table does not span the page, e.g. a totals box on the right. */
  x?: number;
  width?: number;
  /** Rows printed bold, e.g. totals. */
  bold?: boolean;
  /** Move the whole table to the next page rather than split it, when it fits on one page. */
  keepTogether?: boolean;
}

const PAD_X = 3;
const PAD_Y = 3;

export function drawTable<R>(
  doc: Pdf,
  columns: readonly Column<R>[],
  rows: readonly R[],
  options: TableOptions = {},
): void {
  const size = options.fontSize ?? 8;
  const x0 = options.x ?? doc.page.margins.left;
  const width = options.width ?? contentWidth(doc);
  const totalWeight = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (c.weight / totalWeight) * width);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const measure = (cells: readonly string[], weight: 'regular' | 'bold'): number => {
    useFont(doc, size, weight);
    return Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: widths[i]! - 2 * PAD_X }))) + 2 * PAD_Y;
  };

  const drawRow = (cells: readonly string[], height: number, weight: 'regular' | 'bold', fill?: string): void => {
    const y = doc.y;
    if (fill) doc.rect(x0, y, width, height).fillColor(fill).fill();
    let x = x0;
    cells.forEach((text, i) => {
      const w = widths[i]!;
      useFont(doc, size, weight).text(text, x + PAD_X, y + PAD_Y, {
        width: w - 2 * PAD_X,
        align: columns[i]!.align ?? 'left',
      });
      x += w;
    });
    doc
      .moveTo(x0, y + height)
      .lineTo(x0 + width, y + height)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke();
    doc.x = x0;
    doc.y = y + height;
  };

  const headers = columns.map((c) => c.header);
  const headerHeight = measure(headers, 'bold');
  const drawHeader = () => drawRow(headers, headerHeight, 'bold', COLOR.fill);

  const rowWeight = options.bold ? 'bold' : 'regular';
  const cellsOf = rows.map((row) => columns.map((c) => c.value(row)));
  const heights = cellsOf.map((cells) => measure(cells, rowWeight));
  // Never leave the header alone at the foot of a page; move a short table whole when asked.
  const first = heights[0] ?? 0;
  const whole = heights.reduce((s, h) => s + h, 0);
  const fitsOnOnePage = headerHeight + whole <= bottom() - doc.page.margins.top;
  const needed = headerHeight + (options.keepTogether && fitsOnOnePage ? whole : first);
  if (doc.y + needed > bottom()) doc.addPage();
  drawHeader();
  cellsOf.forEach((cells, i) => {
    const height = heights[i]!;
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, height, rowWeight);
  });
  doc.x = doc.page.margins.left;
}
