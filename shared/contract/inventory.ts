import { z } from 'zod';
import { InventoryKind, InventorySnapshot, SECTION_NAMES, SnapshotSummary } from '../inventory';
import { call, stream } from './define';

/**
 * Inventory calls. Collection runs as a job: `inventory.collect` returns the job id at once, progress
 * arrives on `job.progress` and the saved snapshot on `inventory.saved`.
 */
const Id = z.string().min(1).max(64);
const SectionName = z.enum(SECTION_NAMES as [string, ...string[]]);

export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const ComponentChange = z.object({
  section: z.enum(['equipment', ...SECTION_NAMES]),
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

/** A machine with snapshots in the store (this machine, a host of the book, or an imported one). */
export const InventoryMachine = z.object({
  machineKey: z.string(),
  host: z.string().optional(),
  /** Absent for computers. */
  kind: InventoryKind.optional(),
  count: z.number().int().nonnegative(),
  lastTakenAt: z.string(),
});
export type InventoryMachine = z.infer<typeof InventoryMachine>;

export const inventoryCalls = {
  /**
   * This machine (host absent) or a host of the book (over SSH, its OS family from the host record);
   * `refresh` re-reads dynamic sections only. Saves the snapshot, then attaches it to `ticketId` if given.
   */
  'inventory.collect': call(
    z.object({ host: z.string().min(1).max(255).optional(), refresh: z.boolean().optional(), ticketId: Id.optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
  /** This machine's key (its snapshots' `machineKey`) and every machine that has snapshots. */
  'inventory.machines': call(z.object({}).strict(), z.object({ local: z.object({ machineKey: z.string(), hostname: z.string() }), machines: z.array(InventoryMachine) })),
  'inventory.list': call(z.object({ machineKey: z.string().min(1).max(255).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(), z.array(SnapshotSummary)),
  'inventory.get': call(z.object({ id: Id }).strict(), InventorySnapshot),
  /** `from` absent: the snapshot taken just before `to` on the same machine. */
  'inventory.diff': call(z.object({ from: Id.optional(), to: Id, includeVolatile: z.boolean().optional() }).strict(), InventoryDiff.nullable()),
  'inventory.exportGlpi': call(z.object({ id: Id }).strict(), z.object({ document: z.record(z.string(), z.unknown()) })),
  'inventory.exportText': call(z.object({ id: Id, lang: z.enum(['fr', 'en']) }).strict(), z.object({ text: z.string() })),
  /**
   * A GLPI inventory: its native JSON as `document`, or a file's `text` (that JSON, or the agent's XML).
   * `machineKey` files the import under a known machine (GLPI documents carry no Atelier key). A partial
   * inventory updates only its sections of the device's previous snapshot.
   */
  'inventory.importGlpi': call(
    z
      .object({ document: z.record(z.string(), z.unknown()).optional(), text: z.string().min(1).max(64 * 2 ** 20).optional(), machineKey: z.string().min(1).max(255).optional() })
      .strict()
      .refine((input) => (input.document === undefined) !== (input.text === undefined), { message: 'give either the document or the text of the file', path: ['document'] }),
    /** `partial`: the sections a partial inventory updated. */
    SnapshotSummary.extend({ partial: z.array(SectionName).optional() }),
  ),
  /** Appends an `inventory_attached` event to the ticket. */
  'inventory.attach': call(z.object({ id: Id, ticketId: Id }).strict(), z.object({ ok: z.literal(true) })),
};

export const inventoryStreams = {
  /** A collection job saved its snapshot. */
  'inventory.saved': stream(z.object({ jobId: z.string(), snapshot: SnapshotSummary })),
};
