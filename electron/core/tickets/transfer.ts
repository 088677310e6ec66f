import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { AtelierError, formatPath } from '../../../shared/contract';
import { restoreCell, writeCsv } from '../csv';
import { CategoryPath, Impact, Status, SupportLevel, TicketKind, Urgency, isOpen, type Ticket } from '../../../shared/tickets';
import { ticketRef } from './projection';
import type { TicketService } from './service';

/**
 * Tickets in and out of Atelier as CSV or JSON (a lead brings tickets from the old tool). Import checks every
 * row first and reports each problem by line and column; nothing is imported while any row is bad, unless
 * the caller chooses to skip the bad rows.
 */

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(200).optional());
const level = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === 'string' && /^\d$/.test(v.trim()) ? Number(v) : v), schema);

export const ImportRow = z
  .object({
    title: z.string().trim().min(1, 'a title is required').max(200),
    description: z.preprocess((v) => v ?? '', z.string().max(50_000)),
    kind: z.preprocess((v) => (v === '' || v === undefined ? 'incident' : v), TicketKind),
    impact: level(Impact),
    urgency: level(Urgency),
    level: z.preprocess((v) => (v === '' || v === undefined ? 'N1' : v), SupportLevel),
    status: z.preprocess((v) => (v === '' || v === undefined ? 'new' : v), Status),
    requester: optionalText,
    site: optionalText,
    asset: optionalText,
    category: z.preprocess((v) => (v === '' ? undefined : v), CategoryPath.optional()),
    assignee: optionalText,
    resolution: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(50_000).optional()),
    root_cause: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(2_000).optional()),
  })
  .refine((row) => isOpen(row.status) || (row.resolution !== undefined && row.root_cause !== undefined), {
    message: 'a resolved or closed ticket needs a resolution and a root cause',
    path: ['resolution'],
  })
  .refine((row) => row.status === 'new' || row.status === 'resolved' || row.status === 'closed' || row.assignee !== undefined, {
    message: 'an assigned, in progress or pending ticket needs an assignee',
    path: ['assignee'],
  });
export type ImportRow = z.infer<typeof ImportRow>;

export const IMPORT_COLUMNS = ['title', 'description', 'kind', 'impact', 'urgency', 'level', 'status', 'requester', 'site', 'asset', 'category', 'assignee', 'resolution', 'root_cause'] as const;

export interface RowProblem {
  line: number;
  column: string;
  message: string;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  problems: RowProblem[];
}

/** A row as its cells' texts were before an export neutralised them (see csv.ts). */
function restoreCells(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([column, text]) => [column, restoreCell(text)]));
}

/** Reads rows with the line each starts on (CSV: the file's line; JSON: the array index + 1). */
function readRows(format: 'csv' | 'json', text: string): { line: number; value: unknown }[] {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new AtelierError('invalid_input', `not valid JSON: ${(error as Error).message}`, 'file');
    }
    if (!Array.isArray(data)) throw new AtelierError('invalid_input', 'a JSON import is an array of tickets', 'file');
    return data.map((value, index) => ({ line: index + 1, value }));
  }
  try {
    const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    return records.map(({ record, info }) => ({ line: info.lines, value: restoreCells(record) }));
  } catch (error) {
    throw new AtelierError('invalid_input', `CSV: ${(error as Error).message}`, 'file');
  }
}

export function checkRows(format: 'csv' | 'json', text: string): { rows: { line: number; row: ImportRow }[]; problems: RowProblem[] } {
  const rows: { line: number; row: ImportRow }[] = [];
  const problems: RowProblem[] = [];
  for (const { line, value } of readRows(format, text)) {
    const parsed = ImportRow.safeParse(value);
    if (parsed.success) rows.push({ line, row: parsed.data });
    else for (const issue of parsed.error.issues) problems.push({ line, column: formatPath(issue.path) || '-', message: issue.message });
  }
  return { rows, problems };
}

/** Creates each row's ticket through the normal commands, so imported tickets fold and sync like the rest. */
export function importTickets(service: TicketService, format: 'csv' | 'json', text: string, skipInvalid: boolean): ImportResult {
  const { rows, problems } = checkRows(format, text);
  if (problems.length > 0 && !skipInvalid) return { imported: 0, skipped: 0, problems };
  let imported = 0;
  for (const { row } of rows) {
    const { ticket } = service.create({
      kind: row.kind,
      title: row.title,
      description: row.description,
      impact: row.impact,
      urgency: row.urgency,
      level: row.level,
      requester: row.requester,
      site: row.site,
      asset: row.asset,
      category: row.category,
    });
    const id = ticket.id;
    if (row.assignee) service.act({ ticketId: id, type: 'assigned', payload: { assignee: row.assignee } });
    if (row.status === 'in_progress' || row.status === 'pending') service.act({ ticketId: id, type: 'status_changed', payload: { from: 'assigned', to: 'in_progress' } });
    if (row.status === 'pending') service.act({ ticketId: id, type: 'status_changed', payload: { from: 'in_progress', to: 'pending' } });
    if (row.status === 'resolved' || row.status === 'closed') {
      service.act({ ticketId: id, type: 'resolved', payload: { resolution: { text: row.resolution ?? '', rootCause: row.root_cause ?? '' } } });
    }
    if (row.status === 'closed') service.act({ ticketId: id, type: 'status_changed', payload: { from: 'resolved', to: 'closed' } });
    imported++;
  }
  return { imported, skipped: problems.length > 0 ? new Set(problems.map((p) => p.line)).size : 0, problems };
}

const EXPORT_COLUMNS = ['id', 'ref', 'kind', 'title', 'description', 'impact', 'urgency', 'priority', 'level', 'status', 'requester', 'site', 'asset', 'category', 'assignee', 'team', 'resolution', 'root_cause', 'created_at', 'updated_at', 'comments', 'minutes_spent'] as const;

function exportRecord(t: Ticket): Record<(typeof EXPORT_COLUMNS)[number], string | number> {
  return {
    id: t.id,
    ref: ticketRef(t.id),
    kind: t.kind,
    title: t.title,
    description: t.description,
    impact: t.impact,
    urgency: t.urgency,
    priority: t.priority,
    level: t.level,
    status: t.status,
    requester: t.requester ?? '',
    site: t.site ?? '',
    asset: t.asset ?? '',
    category: t.category ?? '',
    assignee: t.assignee ?? '',
    team: t.team ?? '',
    resolution: t.resolution?.text ?? '',
    root_cause: t.resolution?.rootCause ?? '',
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    comments: t.comments.length,
    minutes_spent: t.worklogs.reduce((sum, w) => sum + w.minutes, 0),
  };
}

/** Every ticket (or those of one status), as CSV with a header or as a JSON array. */
export function exportTickets(service: TicketService, format: 'csv' | 'json', status?: Ticket['status']): string {
  const records = service.allTickets(status).map(exportRecord);
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  return writeCsv(records, { header: true, columns: [...EXPORT_COLUMNS] });
}
