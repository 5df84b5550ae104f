import { describe, expect, it } from 'vitest';
import { excelCsv } from '../../lib/csv';

describe('Excel-safe CSV', () => {
  const csv = (rows: Record<string, unknown>[]) => excelCsv(['a', 'b'], rows);

  it('starts with the UTF-8 byte-order mark, has a header row and ends every row with CRLF', () => {
    const text = csv([{ a: '貨櫃 container', b: 1 }]);
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toBe('\uFEFFa,b\r\n貨櫃 container,1\r\n');
  });

  it('quotes a cell holding a comma, quote, CR or LF, doubling its quotes', () => {
    expect(csv([{ a: 'x,y', b: 'say "hi"' }])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n');
    expect(csv([{ a: 'line\nbreak', b: 'cr\rhere' }])).toBe('\uFEFFa,b\r\n"line\nbreak","cr\rhere"\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula with a leading apostrophe', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
      const row = csv([{ a: `${lead}SUM(A1)`, b: 'ok' }]).split('\r\n')[1]!;
      expect(row.startsWith(`'${lead}`) || row.startsWith(`"'${lead}`)).toBe(true);
    }
    expect(csv([{ a: '=1+2', b: 'a=b' }])).toBe("\uFEFFa,b\r\n'=1+2,a=b\r\n");
  });

  it('keeps a negative number a number; empty for null, JSON for objects, words for booleans', () => {
    expect(csv([{ a: -5, b: null }])).toBe('\uFEFFa,b\r\n-5,\r\n');
    expect(csv([{ a: { from: 'x' }, b: true }])).toBe('\uFEFFa,b\r\n"{""from"":""x""}",true\r\n');
    expect(csv([{ b: false }])).toBe('\uFEFFa,b\r\n,false\r\n');
  });
});
