/**
 * An imported file as a table: headers and rows of text cells, each row with the line it starts on. CSV with a
 * detected separator (`;` in GLPI's default and in French spreadsheets, `,`, tab), or JSON: an array of flat
 * objects (GLPI's REST API `GET /Ticket` answer, Atelier's own JSON), nested values left out.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { AtelierError } from '../../../../shared/contract';

export const SEPARATORS = [';', ',', '\t'] as const;
export type Separator = (typeof SEPARATORS)[number];

export interface Table {
  kind: 'csv' | 'json';
  headers: string[];
  rows: { line: number; cells: Record<string, string> }[];
}

/** The separator that splits the header line into the most columns, quotes respected. */
export function detectSeparator(text: string): Separator {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (sep: string) => {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === sep && !quoted) n++;
    }
    return n;
  };
  return [...SEPARATORS].sort((a, b) => count(b) - count(a))[0] ?? ',';
}

export function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

export function readTable(text: string, separator: Separator): Table {
  return looksLikeJson(text) ? readJson(text) : readCsv(text, separator);
}

function readCsv(text: string, separator: Separator): Table {
  let records: string[][];
  let lines: number[];
  try {
    const parsed = parseCsv(text, { delimiter: separator, skip_empty_lines: true, relax_column_count: true, info: true, bom: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    throw new AtelierError('invalid_input', `CSV: ${(error as Error).message}`, 'file');
  }
  const [head, ...body] = records;
  if (!head) throw new AtelierError('invalid_input', 'the file is empty', 'file');
  const headers = head.map((h) => h.trim());
  return {
    kind: 'csv',
    headers,
    rows: body.map((record, i) => ({
      line: lines[i + 1] ?? 0,
      cells: Object.fromEntries(headers.map((h, c) => [h, (record[c] ?? '').trim()])),
    })),
  };
}

function readJson(text: string): Table {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AtelierError('invalid_input', `not valid JSON: ${(error as Error).message}`, 'file');
  }
  // GLPI's search endpoint wraps its rows in { data: [...] }.
  const items = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { data?: unknown }).data) ? (data as { data: unknown[] }).data : null;
  if (!items) throw new AtelierError('invalid_input', 'a JSON import is an array of tickets', 'file');
  const headers: string[] = [];
  const rows = items.map((item, index) => {
    const cells: Record<string, string> = {};
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
        if (value !== null && typeof value === 'object') continue;
        if (!headers.includes(key)) headers.push(key);
        cells[key] = value === null || value === undefined ? '' : String(value).trim();
      }
    }
    return { line: index + 1, cells };
  });
  return { kind: 'json', headers, rows };
}
