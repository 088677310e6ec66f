import type { CheckStatus } from '../../../shared/checks';
import type { HealthCell } from '../../../shared/contract';

/** Last status seen per host x check. */
export type SeenStatuses = ReadonlyMap<string, CheckStatus>;

const key = (cell: Pick<HealthCell, 'host' | 'checkId'>) => `${cell.host}\n${cell.checkId}`;

export function seenStatuses(cells: readonly HealthCell[]): SeenStatuses {
  return new Map(cells.map((c) => [key(c), c.status]));
}

/**
 * The checks that went from not failing (or no reading yet) to failing since `before`. A flapping check is
 * left out: its flips are marked in the grid, not announced one by one. Nothing is new against no baseline,
 * so failures already there when notifications are turned on are not announced.
 */
export function newFailures(before: SeenStatuses | null, cells: readonly HealthCell[]): HealthCell[] {
  if (!before) return [];
  return cells.filter((c) => c.status === 'fail' && before.get(key(c)) !== 'fail' && !c.flapping);
}
