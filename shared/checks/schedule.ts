/**
 * When a check runs again. Two rules, one place: jitter spreads the checks of many hosts over a short window
 * so that a plan enabled at once on 200 hosts does not fire 200 connections at the same tick forever after;
 * back-off retries an unreachable host at growing intervals instead of at every check's own period.
 */

/** A check's runs are delayed by up to this share of its period... */
export const JITTER_FRACTION = 0.1;
/** ...and never by more than this. */
export const JITTER_MAX_MS = 15 * 60_000;

/** FNV-1a over the text: a stable spread, the same on every run and under an injected clock. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The fixed delay added to this host x check's period, in [0, min(10 % of the period, 15 min)). */
export function jitterMs(host: string, checkId: string, everyMs: number): number {
  const window = Math.floor(Math.min(everyMs * JITTER_FRACTION, JITTER_MAX_MS));
  return window <= 0 ? 0 : hash(`${host}\n${checkId}`) % window;
}

/** An unreachable host is never left alone longer than this (unless its checks' own period is longer). */
export const BACKOFF_CAP_MS = 6 * 3_600_000;

/**
 * How long after its last failed try an unreachable host is tried again: its shortest check period, doubled
 * at each failure in a row, capped. `failures` is the count of unreachable results in a row (0: reachable).
 */
export function backoffMs(failures: number, baseMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(baseMs * 2 ** Math.min(failures - 1, 30), Math.max(baseMs, BACKOFF_CAP_MS));
}
