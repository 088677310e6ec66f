/** One free-space reading. */
export interface FreePoint {
  readonly atMs: number;
  readonly freeBytes: number;
}

export interface Forecast {
  /** Days from the last reading until no space is left. */
  readonly daysLeft: number;
  readonly fullAtMs: number;
  /** Bytes consumed per day (positive when filling). */
  readonly bytesPerDay: number;
}

const DAY_MS = 86_400_000;
/** Fewer points, or a shorter span, say nothing about a trend. */
export const MIN_POINTS = 3;
export const MIN_SPAN_MS = 60 * 60_000;

/**
 * "Disk full in N days": a least-squares line through free space over time, followed from the fitted
 * value at the last reading down to zero. Null when the disk is not filling or the series is too short.
 */
export function diskFullForecast(points: readonly FreePoint[]): Forecast | null {
  if (points.length < MIN_POINTS) return null;
  const first = points[0]!.atMs;
  const last = points.at(-1)!.atMs;
  if (last - first < MIN_SPAN_MS) return null;
  // Centred on the first time so that large epoch values keep their precision.
  const n = points.length;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.atMs - first;
    sy += p.freeBytes;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    const dx = p.atMs - first - mx;
    sxy += dx * (p.freeBytes - my);
    sxx += dx * dx;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  if (!(slope < 0)) return null;
  const fittedNow = my + slope * (last - first - mx);
  const msLeft = Math.max(0, fittedNow) / -slope;
  return { daysLeft: msLeft / DAY_MS, fullAtMs: last + msLeft, bytesPerDay: -slope * DAY_MS };
}
