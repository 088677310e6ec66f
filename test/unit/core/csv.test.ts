import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreCell, writeCsv } from '../../../electron/core/csv';

describe('CSV cells (OWASP CSV injection)', () => {
  it('prefixes a quote to every text a spreadsheet would read as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseCell(text)).toBe(`'${text}`);
    for (const text of ['', 'plain', ' =1', '1-1', "'Tis", "'"]) expect(neutraliseCell(text)).toBe(text);
  });

  it('reads back exactly the text it neutralised, whatever it was', () => {
    const starts = ['', '=', '+', '-', '@', '\t', '\r', "'", "''", "'=", 'a', ' '];
    for (const a of starts) for (const b of starts) {
      const text = `${a}${b}x`;
      expect(restoreCell(neutraliseCell(text)), JSON.stringify(text)).toBe(text);
    }
    expect(restoreCell("'Tis")).toBe("'Tis"); // a cell no export neutralised stays as it is
  });

  it('writes numbers as numbers and quotes cells holding ";"', () => {
    expect(writeCsv([['-5', -5, 'a;b', null]])).toBe(`'-5,-5,"a;b",\n`);
  });
});
