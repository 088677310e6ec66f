import { AtelierError } from '../../../../shared/contract/errors';
import type { InventorySnapshot } from '../../../../shared/inventory';
import type { GlpiImport } from './import';

/**
 * A partial inventory laid over the device's previous snapshot: the sections it carries replace the
 * previous ones, every other section is kept as it was, so a diff shows only what really changed.
 */
export function mergePartial(previous: InventorySnapshot | undefined, update: GlpiImport): InventorySnapshot {
  const { snapshot, partial } = update;
  if (!partial) return snapshot;
  if (!previous) {
    throw new AtelierError(
      'invalid_input',
      `GLPI import: this partial inventory (${partial.join(', ') || 'no section'}) updates an earlier one, and ${snapshot.host ?? snapshot.machineKey} has none: import its full inventory first`,
    );
  }
  const sections = { ...previous.sections };
  for (const name of partial) Object.assign(sections, { [name]: snapshot.sections[name] });
  // An agent stamps a partial run with its own date; it must still sort after the snapshot it updates.
  const takenAt = Date.parse(snapshot.takenAt) >= Date.parse(previous.takenAt) ? snapshot.takenAt : previous.takenAt;
  return {
    ...previous,
    id: snapshot.id, takenAt, takenBy: snapshot.takenBy, collector: snapshot.collector, durationMs: 0, sections,
    ...(snapshot.equipment ? { equipment: snapshot.equipment } : {}),
  };
}
