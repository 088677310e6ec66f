import { backoffMs, durationMs, jitterMs, REACH_CHECK, type CheckDefinition } from '../../../shared/checks';
import type { ReadingStore } from './readings';

const everyOf = (check: CheckDefinition): number => durationMs(check.every)!;

/** When an unreachable host is tried again (shared/checks/schedule.ts); null when it was reached last time. */
export function retryAt(readings: ReadingStore, host: string, checks: readonly CheckDefinition[]): number | null {
  if (checks.length === 0) return null;
  const streak = readings.unreachableStreak(host, REACH_CHECK);
  if (streak.failures === 0 || streak.lastMs === null) return null;
  return streak.lastMs + backoffMs(streak.failures, Math.min(...checks.map(everyOf)));
}

/** Whether a check is due on a host at `now`: never run, or its period and its host's jitter have passed since. */
export function isDue(readings: ReadingStore, host: string, check: CheckDefinition, now: number): boolean {
  const last = readings.lastTried(host, check.id, REACH_CHECK);
  if (last === null) return true;
  const every = everyOf(check);
  return now - last >= every + jitterMs(host, check.id, every);
}
