import { stringify, type Input, type Options } from 'csv-stringify/sync';

/**
 * Every CSV Atelier writes is opened by someone in a spreadsheet, and its text cells come from requesters
 * (a ticket title, an asset name). A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a
 * formula there (OWASP, CSV injection): `=HYPERLINK(...)` would run on the manager's machine. Such a cell is
 * written with a leading `'`, which spreadsheets read as "this is text". A text that would look neutralised
 * itself (`'=`, `''`) gets one more, so that Atelier's own import takes exactly one off and reads back the
 * text as it was, whatever it was.
 * Numbers are written as numbers: `-5` as a figure is not text from anyone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r']/;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) || NEUTRALISED.test(text) ? `'${text}` : text;
}

/** The text a neutralised cell stood for (a cell Atelier did not neutralise comes back as it is). */
export function restoreCell(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/**
 * Rows as CSV, every text cell neutralised. A cell holding `;` is quoted too: a French spreadsheet splits
 * a comma-separated file on `;`, which would start a new cell (maybe a formula) mid-text.
 */
export function writeCsv(rows: Input, options: Omit<Options, 'cast' | 'quoted_match'> = {}): string {
  return stringify(rows, { ...options, cast: { string: neutraliseCell }, quoted_match: ';' });
}
