/**
 * Rows of another helpdesk's file as Atelier `created` payloads, through a column mapping and the value rules of
 * shared/import/values.ts. Every problem names the row's line and the file's column (its header), as the
 * Atelier-format import does.
 */
import { AtelierError, formatPath } from '../../../../shared/contract';
import { REQUIRED_FIELDS, SOURCE_LABEL, type ColumnMapping, type TargetField } from '../../../../shared/import/mapping';
import {
  categoryPathOf,
  htmlToText,
  kindOf,
  levelOfRank,
  pairOfPriorityRank,
  parseDate,
  rankOf,
  statusOf,
  type ImportSource,
} from '../../../../shared/import/values';
import { CreatedPayload, ROOT_CAUSE_UNKNOWN, type Impact, type PayloadOf, type Urgency } from '../../../../shared/tickets';
import type { RowProblem } from '../transfer';
import type { Table } from './table';

export interface MappedRow {
  line: number;
  /** The category's names as the file writes them ("Réseau", "VPN"), to label categories Atelier lacks. */
  categoryNames?: string[];
  payload: PayloadOf<'created'> & { imported: NonNullable<PayloadOf<'created'>['imported']> };
}

const FIELD_LABEL: Record<TargetField, string> = {
  number: 'number', title: 'title', description: 'description', kind: 'type', status: 'status', priority: 'priority',
  urgency: 'urgency', impact: 'impact', requester: 'requester', site: 'site', asset: 'asset', category: 'category',
  assignee: 'assignee', team: 'team', openedAt: 'opening date', ownedAt: 'taken into account', pendingAt: 'pending since',
  resolvedAt: 'resolution date', closedAt: 'closing date', resolution: 'solution',
};

/** Payload paths (from CreatedPayload's issues) back to the mapped field. */
const PATH_FIELD: Record<string, TargetField> = {
  title: 'title', description: 'description', kind: 'kind', requester: 'requester', site: 'site', asset: 'asset', category: 'category',
  impact: 'impact', urgency: 'urgency', 'imported.number': 'number', 'imported.openedAt': 'openedAt', 'imported.ownedAt': 'ownedAt',
  'imported.pendingAt': 'pendingAt', 'imported.resolvedAt': 'resolvedAt', 'imported.closedAt': 'closedAt', 'imported.status': 'status',
  'imported.assignee': 'assignee', 'imported.team': 'team', 'imported.resolution': 'resolution',
};

export function checkMapping(mapping: ColumnMapping, headers: readonly string[]): void {
  const missing = REQUIRED_FIELDS.filter((f) => mapping.columns[f] === undefined);
  if (missing.length > 0) {
    throw new AtelierError('invalid_input', `choose the column that holds the ${missing.map((f) => FIELD_LABEL[f]).join(', ')}`, 'mapping');
  }
  for (const [field, header] of Object.entries(mapping.columns)) {
    if (!headers.includes(header)) throw new AtelierError('invalid_input', `the file has no column "${header}" (mapped to ${field})`, `mapping.${field}`);
  }
}

export function mapRows(table: Table, mapping: ColumnMapping, source: ImportSource): { rows: MappedRow[]; problems: RowProblem[] } {
  checkMapping(mapping, table.headers);
  const rows: MappedRow[] = [];
  const problems: RowProblem[] = [];
  const system = SOURCE_LABEL[source];
  for (const { line, cells } of table.rows) {
    const rowProblems: RowProblem[] = [];
    const column = (field: TargetField) => mapping.columns[field] ?? FIELD_LABEL[field];
    const get = (field: TargetField) => {
      const header = mapping.columns[field];
      return header === undefined ? '' : (cells[header] ?? '').trim();
    };
    const fail = (field: TargetField, message: string) => rowProblems.push({ line, column: column(field), message });
    const date = (field: TargetField) => {
      const raw = get(field);
      if (raw === '') return undefined;
      const iso = parseDate(raw, mapping.dateOrder);
      if (iso === null) fail(field, `"${raw}" is not a date`);
      return iso ?? undefined;
    };
    const text = (field: TargetField) => get(field) || undefined;

    if (get('number') === '') fail('number', 'a ticket number is required');
    if (get('title') === '') fail('title', 'a title is required');
    const rawStatus = get('status');
    const status = rawStatus === '' ? 'new' : statusOf(rawStatus);
    if (status === null) fail('status', `"${rawStatus}" is not a status Atelier knows`);
    const rawKind = get('kind');
    const kind = rawKind === '' ? 'incident' : kindOf(rawKind);
    if (kind === null) fail('kind', `"${rawKind}" is not a ticket type (incident, request, problem)`);
    const { impact, urgency } = scales(source, get, fail);
    const rawCategory = get('category');
    const category = rawCategory === '' ? undefined : (categoryPathOf(rawCategory) ?? undefined);
    const description = source === 'glpi' ? htmlToText(get('description')) : get('description');
    const dates = { openedAt: date('openedAt'), ownedAt: date('ownedAt'), pendingAt: date('pendingAt'), resolvedAt: date('resolvedAt'), closedAt: date('closedAt') };
    if (get('openedAt') === '') fail('openedAt', 'an opening date is required');
    if (rowProblems.length > 0 || status === null || kind === null) {
      problems.push(...rowProblems);
      continue;
    }
    const done = status === 'resolved' || status === 'closed';
    const solution = source === 'glpi' ? htmlToText(get('resolution')) : get('resolution');
    const candidate = {
      kind,
      title: get('title'),
      description: description || undefined,
      requester: text('requester'),
      site: text('site'),
      asset: text('asset'),
      category,
      impact,
      urgency,
      imported: {
        system,
        number: get('number'),
        ...Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)),
        status,
        assignee: text('assignee'),
        team: text('team'),
        resolution: done ? { text: solution || `Solved in ${system}; the export holds no solution text.`, rootCause: ROOT_CAUSE_UNKNOWN } : undefined,
      },
    };
    const parsed = CreatedPayload.safeParse(candidate);
    if (parsed.success && parsed.data.imported) {
      const categoryNames = rawCategory.split(/\s*[>/]\s*/).filter((n) => n !== '');
      rows.push({ line, payload: { ...parsed.data, imported: parsed.data.imported }, ...(category ? { categoryNames } : {}) });
      continue;
    }
    for (const issue of parsed.error?.issues ?? []) {
      const path = formatPath(issue.path);
      const field = PATH_FIELD[path] ?? PATH_FIELD[path.split('.').slice(0, 2).join('.')];
      problems.push({ line, column: field ? column(field) : path || '-', message: issue.message });
    }
  }
  return { rows, problems };
}

/** Impact and urgency from whatever the file has: both, one (the other medium), or a priority alone. */
function scales(
  source: ImportSource,
  get: (field: TargetField) => string,
  fail: (field: TargetField, message: string) => void,
): { impact: Impact; urgency: Urgency } {
  const level = (field: 'impact' | 'urgency'): Impact | undefined => {
    const raw = get(field);
    if (raw === '') return undefined;
    // A generic file's digits are Atelier's own 1 (high) .. 3 (low); GLPI's and words use the 1..5 ranks.
    if (source === 'generic' && /^[123]$/.test(raw)) return Number(raw) as Impact;
    const rank = rankOf(raw);
    if (rank === null) {
      fail(field, `"${raw}" is not a level (1 to 5, or very low to very high)`);
      return undefined;
    }
    return levelOfRank(rank);
  };
  const impact = level('impact');
  const urgency = level('urgency');
  if (impact !== undefined || urgency !== undefined) return { impact: impact ?? 2, urgency: urgency ?? 2 };
  const rawPriority = get('priority');
  if (rawPriority === '') return { impact: 2, urgency: 2 };
  const rank = rankOf(rawPriority);
  if (rank === null) {
    fail('priority', `"${rawPriority}" is not a priority (1 to 6, or very low to major)`);
    return { impact: 2, urgency: 2 };
  }
  return pairOfPriorityRank(rank);
}
