import type { CheckStatus } from './schema';

/** The readings looked at to call a check flapping. */
export const FLAP_WINDOW = 10;
/** A check whose failing / not failing state changed more than this many times within the window is flapping. */
export const FLAP_CHANGES = 3;

/** Only these say which side of the line a check is on; unavailable and unreachable say nothing. */
const failing = (status: CheckStatus): boolean | null => (status === 'fail' ? true : status === 'pass' || status === 'warn' ? false : null);

/** Times the check went from failing to not failing or back, over its readings (newest first, as stored). */
export function stateChanges(newestFirst: readonly CheckStatus[]): number {
  let changes = 0;
  let previous: boolean | null = null;
  for (const status of newestFirst.slice(0, FLAP_WINDOW)) {
    const side = failing(status);
    if (side === null) continue;
    if (previous !== null && side !== previous) changes++;
    previous = side;
  }
  return changes;
}

export function isFlapping(newestFirst: readonly CheckStatus[]): boolean {
  return stateChanges(newestFirst) > FLAP_CHANGES;
}

export interface FlapState {
  /** Flapping with the newest reading counted. */
  readonly flapping: boolean;
  /** Flapping now and not before the newest reading: the moment to say so, once. */
  readonly started: boolean;
}

/** Where a series stands, from its readings newest first (the newest being the one just taken). */
export function flapState(newestFirst: readonly CheckStatus[]): FlapState {
  const flapping = isFlapping(newestFirst);
  return { flapping, started: flapping && !isFlapping(newestFirst.slice(1)) };
}
