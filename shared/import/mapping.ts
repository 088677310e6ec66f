/**
 * The column mapping of an import from another helpdesk: which column of the file feeds which field of an Atelier
 * ticket, proposed from the headers (French and English names of GLPI's list columns and REST fields, Zendesk's
 * export columns, and common words), changed by the user, and kept per source for the next import.
 */
import { z } from 'zod';
import { fold, type ImportSource } from './values';

export const TARGET_FIELDS = [
  'number', 'title', 'description', 'kind', 'status', 'priority', 'urgency', 'impact', 'requester', 'site', 'asset',
  'category', 'assignee', 'team', 'openedAt', 'ownedAt', 'pendingAt', 'resolvedAt', 'closedAt', 'resolution',
] as const;
export const TargetField = z.enum(TARGET_FIELDS);
export type TargetField = z.infer<typeof TargetField>;
/** Fields a mapping cannot do without. */
export const REQUIRED_FIELDS: readonly TargetField[] = ['number', 'title', 'openedAt'];

export const ImportSourceSchema = z.enum(['glpi', 'zendesk', 'generic']);
export const DateOrderSchema = z.enum(['ymd', 'dmy', 'mdy']);

export const ColumnMapping = z
  .object({
    /** Target field -> header of the column feeding it (absent: not imported). */
    columns: z.partialRecord(TargetField, z.string().max(200)),
    /** How dates whose year is not first are read. */
    dateOrder: DateOrderSchema,
  })
  .strict();
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** System names as they appear in a ticket's source ("GLPI 4512"). */
export const SOURCE_LABEL: Record<ImportSource, string> = { glpi: 'GLPI', zendesk: 'Zendesk', generic: 'Import' };

/** Header names per field, folded; the first that a file has wins. */
const SYNONYMS: Record<TargetField, readonly string[]> = {
  number: ['id', 'identifiant', 'ticket id', 'numero', 'n', 'number', 'key', 'issue key'],
  title: ['titre', 'title', 'name', 'subject', 'sujet', 'objet', 'summary', 'resume'],
  description: ['description', 'content', 'contenu'],
  kind: ['type', 'ticket type', 'issue type'],
  status: ['statut', 'status', 'etat', 'state'],
  priority: ['priorite', 'priority'],
  urgency: ['urgence', 'urgency'],
  impact: ['impact'],
  requester: ['demandeur demandeur', 'requester requester', 'demandeur', 'requester', 'reporter'],
  site: ['lieu', 'location', 'locations id', 'site'],
  asset: ['elements associes', 'associated elements', 'asset', 'materiel'],
  category: ['categorie', 'category', 'itilcategories id'],
  assignee: ['attribue a technicien', 'assigned to technician', 'technicien', 'technician', 'assignee', 'assigned to'],
  team: ['attribue a groupe', 'assigned to group', 'groupe', 'group', 'team'],
  openedAt: ['date d ouverture', 'opening date', 'date', 'created at', 'created', 'date de creation'],
  ownedAt: ['date de prise en compte', 'take into account date', 'takeintoaccountdate', 'initially assigned at', 'assigned at'],
  pendingAt: ['begin waiting date', 'date de mise en attente'],
  resolvedAt: ['date de resolution', 'resolution date', 'solvedate', 'solved at', 'resolved'],
  closedAt: ['date de cloture', 'closing date', 'closedate', 'closed at'],
  resolution: ['solution', 'resolution'],
};

/** Proposes a column for every field the headers name; each header feeds one field at most. */
export function proposeColumns(headers: readonly string[]): ColumnMapping['columns'] {
  const byFolded = new Map<string, string>();
  for (const header of headers) if (!byFolded.has(fold(header))) byFolded.set(fold(header), header);
  const used = new Set<string>();
  const columns: ColumnMapping['columns'] = {};
  for (const field of TARGET_FIELDS) {
    for (const name of SYNONYMS[field]) {
      const header = byFolded.get(name);
      if (header !== undefined && !used.has(header)) {
        columns[field] = header;
        used.add(header);
        break;
      }
    }
  }
  return columns;
}

/** Which helpdesk wrote a file, from its headers. */
export function detectSource(headers: readonly string[]): ImportSource {
  const has = (...names: string[]) => names.every((n) => headers.some((h) => fold(h) === n));
  if (has('solvedate', 'urgency', 'impact') || has('date d ouverture') || has('opening date') || (has('titre', 'statut') && has('id'))) return 'glpi';
  if (has('subject', 'requester', 'created at')) return 'zendesk';
  return 'generic';
}

/** Atelier's own export or import format: its exact lower-case column names (see transfer.ts). */
export function isAtelierFormat(headers: readonly string[]): boolean {
  return headers.includes('title') && headers.includes('impact') && headers.includes('urgency') && !headers.includes('Title');
}
