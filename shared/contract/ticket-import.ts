import { z } from 'zod';
import { ColumnMapping, ImportSourceSchema, TargetField } from '../import/mapping';
import { Priority, Status, TicketKind } from '../tickets';
import { call } from './define';

/** 6 MB of file as base64, under the 8 MiB body limit of a call. */
const MAX_IMPORT_BASE64 = Math.ceil((6 * 1024 * 1024 * 4) / 3);

export const ImportEncoding = z.enum(['utf-8', 'windows-1252']);
export const ImportSeparator = z.enum([';', ',', '\t']);

/** A file from another helpdesk (or Atelier's own format), with what the user chose in the mapping step. */
export const ImportFileInput = z
  .object({
    base64: z.string().max(MAX_IMPORT_BASE64, 'a file over 6 MB cannot be imported here: use the command line'),
    encoding: z.union([z.literal('auto'), ImportEncoding]).default('auto'),
    separator: z.union([z.literal('auto'), ImportSeparator]).default('auto'),
    source: z.union([z.literal('auto'), ImportSourceSchema]).default('auto'),
    /** Absent: the mapping kept from the last import of this source, else one proposed from the headers. */
    mapping: ColumnMapping.optional(),
  })
  .strict();
export type ImportFileInput = z.input<typeof ImportFileInput>;

const Problem = z.object({ line: z.int(), column: z.string(), message: z.string() });

export const PreviewRow = z.object({
  line: z.int(),
  number: z.string().nullable(),
  title: z.string(),
  kind: TicketKind,
  status: Status,
  priority: Priority,
  requester: z.string().nullable(),
  assignee: z.string().nullable(),
  category: z.string().nullable(),
  openedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const ImportPreview = z.object({
  /** `atelier`: Atelier's own columns, imported as they are; `mapped`: another helpdesk's, through the mapping. */
  format: z.enum(['atelier', 'mapped']),
  source: ImportSourceSchema,
  encoding: ImportEncoding,
  bom: z.boolean(),
  /** Null for JSON. */
  separator: ImportSeparator.nullable(),
  headers: z.array(z.string()),
  mapping: ColumnMapping,
  mappingFrom: z.enum(['saved', 'headers', 'given']),
  /** Fields whose column was not found. */
  unmapped: z.array(TargetField),
  rows: z.int(),
  preview: z.array(PreviewRow),
  problems: z.array(Problem),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ticketImportCalls = {
  /** Reads a file and proposes how it maps, without importing anything. */
  'tickets.importPreview': call(ImportFileInput, ImportPreview),
  /** Imports it (nothing while a row is bad, unless skipInvalid); keeps the mapping for the source's next import. */
  'tickets.importFile': call(
    ImportFileInput.extend({ skipInvalid: z.boolean().default(false) }).strict(),
    z.object({ imported: z.int(), skipped: z.int(), alreadyImported: z.int(), problems: z.array(Problem) }),
  ),
};
