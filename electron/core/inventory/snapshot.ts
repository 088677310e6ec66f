import { parseOrThrow } from '../../../shared/contract/errors';
import { InventorySnapshot } from '../../../shared/inventory';

export * from '../../../shared/inventory';

/** Validates a snapshot from any collector; the error names the section and field at fault. */
export function parseOrThrowSnapshot(value: unknown, where: string): InventorySnapshot {
  return parseOrThrow(InventorySnapshot, value, where);
}
