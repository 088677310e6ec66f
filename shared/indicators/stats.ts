import type { DurationStats, Rate } from './model';

/** Mean and p90 by nearest rank: the smallest value with at least 90 % of the values at or below it. */
export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { count: 0, meanMs: null, p90Ms: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null;
  return { count: sorted.length, meanMs: mean, p90Ms: p90 };
}

export function rate(num: number, den: number): Rate {
  return { num, den, rate: den === 0 ? null : num / den };
}

const DAY = 86_400_000;

/** Local calendar day (YYYY-MM-DD) of an instant, for a fixed offset from UTC in minutes. */
export function dayKey(ms: number, tzOffsetMinutes: number): string {
  return new Date(ms + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Every local day touched by [fromMs, toMs), in order. */
export function daysOf(fromMs: number, toMs: number, tzOffsetMinutes: number): string[] {
  const days: string[] = [];
  const last = dayKey(toMs - 1, tzOffsetMinutes);
  for (let ms = fromMs, guard = 0; guard < 1_000; ms += DAY, guard++) {
    const key = dayKey(ms, tzOffsetMinutes);
    if (days.at(-1) !== key) days.push(key);
    if (key === last) break;
  }
  return days;
}
