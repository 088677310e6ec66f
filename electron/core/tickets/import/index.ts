/**
 * Import from another helpdesk (GLPI's CSV in French or English and its REST API's JSON, Zendesk's CSV) or from
 * Atelier's own format, in one flow: decode (encoding detected or chosen), read the table (separator detected or
 * chosen), recognise the source, take the mapping (given, kept from this source's last import, or proposed from
 * the headers), then preview or import. Nothing is imported while a row is bad unless the caller skips bad rows.
 * A ticket already imported from the same source and number is not imported twice.
 */
import type { z } from 'zod';
import type { ImportFileInput, ImportPreview, PreviewRow } from '../../../../shared/contract/ticket-import';
import { ColumnMapping, detectSource, isAtelierFormat, proposeColumns, TARGET_FIELDS } from '../../../../shared/import/mapping';
import { guessDateOrder, type ImportSource } from '../../../../shared/import/values';
import { priorityOf } from '../../../../shared/tickets';
import type { Database } from '../../db/open';
import { readStored, writeStored } from '../../db/stored-values';
import type { TicketService } from '../service';
import { checkRows, importTickets, type RowProblem } from '../transfer';
import { decode, type Decoded } from './encoding';
import { mapRows, type MappedRow } from './convert';
import { detectSeparator, looksLikeJson, readTable, type Table } from './table';

type Input = z.output<typeof ImportFileInput>;

interface Prepared {
  decoded: Decoded;
  table: Table;
  separator: ImportPreview['separator'];
  format: 'atelier' | 'mapped';
  source: ImportSource;
  mapping: ColumnMapping;
  mappingFrom: ImportPreview['mappingFrom'];
}

const PREVIEW_ROWS = 5;
const mappingKey = (source: ImportSource) => `ticketImport.mapping.${source}`;

function savedMapping(db: Database, source: ImportSource): ColumnMapping | null {
  const parsed = ColumnMapping.safeParse(readStored(db, mappingKey(source)));
  return parsed.success ? parsed.data : null;
}

export function prepare(db: Database, input: Input, bytes: Uint8Array): Prepared {
  const decoded = decode(bytes, input.encoding);
  const json = looksLikeJson(decoded.text);
  const separator = json ? null : input.separator === 'auto' ? detectSeparator(decoded.text) : input.separator;
  const table = readTable(decoded.text, separator ?? ',');
  const format = isAtelierFormat(table.headers) ? 'atelier' : 'mapped';
  const source = input.source === 'auto' ? detectSource(table.headers) : input.source;
  const saved = input.mapping ? null : savedMapping(db, source);
  // A kept mapping fits only a file with the same columns (the user may have changed GLPI's list view since).
  const savedFits = saved !== null && Object.values(saved.columns).every((h) => table.headers.includes(h));
  let mapping: ColumnMapping;
  let mappingFrom: Prepared['mappingFrom'];
  if (input.mapping) [mapping, mappingFrom] = [input.mapping, 'given'];
  else if (saved && savedFits) [mapping, mappingFrom] = [saved, 'saved'];
  else {
    const columns = proposeColumns(table.headers);
    const dates = table.rows.slice(0, 200).map((r) => r.cells[columns.openedAt ?? ''] ?? '');
    mapping = { columns, dateOrder: guessDateOrder(dates) ?? (source === 'zendesk' ? 'mdy' : 'dmy') };
    mappingFrom = 'headers';
  }
  return { decoded, table, separator, format, source, mapping, mappingFrom };
}

function previewOfMapped(row: MappedRow): PreviewRow {
  const p = row.payload;
  const i = p.imported;
  return {
    line: row.line,
    number: i.number,
    title: p.title,
    kind: p.kind,
    status: i.status,
    priority: priorityOf(p.impact, p.urgency),
    requester: p.requester ?? null,
    assignee: i.assignee ?? null,
    category: p.category ?? null,
    openedAt: i.openedAt,
    resolvedAt: i.resolvedAt ?? null,
    closedAt: i.closedAt ?? null,
  };
}

function checked(prepared: Prepared): { previews: PreviewRow[]; problems: RowProblem[]; mapped: MappedRow[] } {
  if (prepared.format === 'atelier') {
    const { rows, problems } = checkRows(prepared.table.kind, prepared.decoded.text);
    const previews = rows.map(({ line, row }) => ({
      line,
      number: null,
      title: row.title,
      kind: row.kind,
      status: row.status,
      priority: priorityOf(row.impact, row.urgency),
      requester: row.requester ?? null,
      assignee: row.assignee ?? null,
      category: row.category ?? null,
      openedAt: null,
      resolvedAt: null,
      closedAt: null,
    }));
    return { previews, problems, mapped: [] };
  }
  const { rows, problems } = mapRows(prepared.table, prepared.mapping, prepared.source);
  return { previews: rows.map(previewOfMapped), problems, mapped: rows };
}

export function previewImport(db: Database, input: Input): ImportPreview {
  const prepared = prepare(db, input, Buffer.from(input.base64, 'base64'));
  const { previews, problems } = checked(prepared);
  return {
    format: prepared.format,
    source: prepared.source,
    encoding: prepared.decoded.encoding,
    bom: prepared.decoded.bom,
    separator: prepared.separator,
    headers: prepared.table.headers,
    mapping: prepared.mapping,
    mappingFrom: prepared.mappingFrom,
    unmapped: prepared.format === 'atelier' ? [] : TARGET_FIELDS.filter((f) => prepared.mapping.columns[f] === undefined),
    rows: prepared.table.rows.length,
    preview: previews.slice(0, PREVIEW_ROWS),
    problems,
  };
}

/** Source numbers already in the store for a system ("GLPI" -> {"4512", ...}). */
function importedNumbers(db: Database, system: string): Set<string> {
  const numbers = db
    .prepare("SELECT json_extract(state, '$.source.number') FROM ticket_states WHERE json_extract(state, '$.source.system') = ?")
    .pluck()
    .all(system) as string[];
  return new Set(numbers);
}

/** Categories the tickets name that Atelier lacks, labelled as the file names them (the same in both languages). */
function addCategories(service: TicketService, rows: readonly MappedRow[]): void {
  const known = new Set(service.categories().map((c) => c.path));
  for (const { payload, categoryNames } of rows) {
    const segments = payload.category?.split('/') ?? [];
    segments.forEach((_, i) => {
      const path = segments.slice(0, i + 1).join('/');
      if (known.has(path)) return;
      const name = (categoryNames?.[i] ?? segments[i] ?? path).slice(0, 100);
      service.saveCategory({ path, fr: name, en: name });
      known.add(path);
    });
  }
}

export interface ImportFileResult {
  imported: number;
  skipped: number;
  alreadyImported: number;
  problems: RowProblem[];
}

export function importFile(service: TicketService, db: Database, input: Input & { skipInvalid: boolean }, bytes = Buffer.from(input.base64, 'base64')): ImportFileResult {
  const prepared = prepare(db, input, bytes);
  if (prepared.format === 'atelier') {
    return { ...importTickets(service, prepared.table.kind, prepared.decoded.text, input.skipInvalid), alreadyImported: 0 };
  }
  const { mapped, problems } = checked(prepared);
  if (problems.length > 0 && !input.skipInvalid) return { imported: 0, skipped: 0, alreadyImported: 0, problems };
  const system = mapped[0]?.payload.imported.system;
  const known = system ? importedNumbers(db, system) : new Set<string>();
  addCategories(service, mapped);
  let imported = 0;
  let alreadyImported = 0;
  for (const { payload } of mapped) {
    if (known.has(payload.imported.number)) {
      alreadyImported++;
      continue;
    }
    known.add(payload.imported.number);
    service.create(payload);
    imported++;
  }
  writeStored(db, mappingKey(prepared.source), prepared.mapping);
  return { imported, skipped: problems.length > 0 ? new Set(problems.map((p) => p.line)).size : 0, alreadyImported, problems };
}
