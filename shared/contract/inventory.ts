import { z } from 'zod';
import { InventorySnapshot, SECTION_NAMES, SnapshotSummary } from '../inventory';
import { call } from './define';

/**
 * Inventory calls (not yet registered in index.ts: the lead wires them). Collection runs as a job:
 * `inventory.collect` returns the job id at once and the snapshot arrives on `job.progress` / `inventory.get`.
 */
const Id = z.string().min(1).max(64);
const SectionName = z.enum(SECTION_NAMES as [string, ...string[]]);

export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const ComponentChange = z.object({
  section: SectionName,
  list: z.string().optional(),
  kind: z.enum(['added', 'removed', 'changed']),
  key: z.string(),
  label: z.string(),
  fields: z.array(FieldChange).optional(),
});
export const InventoryDiff = z.object({
  from: Id,
  to: Id,
  changes: z.array(ComponentChange),
  notCompared: z.array(z.object({ section: SectionName, why: z.string() })),
});

export const inventoryCalls = {
  /** This machine (host absent) or a saved host; `refresh` re-reads dynamic sections only. Saves the snapshot. */
  'inventory.collect': call(
    z.object({ host: z.string().min(1).max(255).optional(), refresh: z.boolean().optional(), ticketId: Id.optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
  'inventory.list': call(z.object({ machineKey: z.string().min(1).max(255).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(), z.array(SnapshotSummary)),
  'inventory.get': call(z.object({ id: Id }).strict(), InventorySnapshot),
  /** `from` absent: the snapshot taken just before `to` on the same machine. */
  'inventory.diff': call(z.object({ from: Id.optional(), to: Id, includeVolatile: z.boolean().optional() }).strict(), InventoryDiff.nullable()),
  'inventory.exportGlpi': call(z.object({ id: Id }).strict(), z.object({ document: z.record(z.string(), z.unknown()) })),
  'inventory.exportText': call(z.object({ id: Id, lang: z.enum(['fr', 'en']) }).strict(), z.object({ text: z.string() })),
  'inventory.importGlpi': call(z.object({ document: z.record(z.string(), z.unknown()) }).strict(), SnapshotSummary),
};
