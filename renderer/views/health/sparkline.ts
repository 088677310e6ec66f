/** Which way a series of readings went, for the sparkline's text alternative. */
export type Trend = 'rising' | 'falling' | 'steady' | 'unknown';

/** Changes smaller than this share of the series' range (or of its size when flat) read as steady. */
const STEADY = 0.05;

/** The trend from the first to the last numeric value; fewer than two values say nothing. */
export function sparkTrend(values: readonly (number | null)[]): Trend {
  const numbers = values.filter((v): v is number => v !== null);
  if (numbers.length < 2) return 'unknown';
  const first = numbers[0]!;
  const last = numbers.at(-1)!;
  const scale = Math.max(Math.abs(first), Math.abs(last), Math.max(...numbers) - Math.min(...numbers));
  if (scale === 0 || Math.abs(last - first) <= STEADY * scale) return 'steady';
  return last > first ? 'rising' : 'falling';
}

/** The polyline's points in a `width` x `height` box; missing values break nothing, they are skipped. */
export function sparkPoints(values: readonly (number | null)[], width: number, height: number): string {
  const present = values.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (present.length === 0) return '';
  const ys = present.map((p) => p[1]);
  const min = Math.min(...ys);
  const span = Math.max(...ys) - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const pad = 2;
  return present.map(([i, v]) => `${(i * step).toFixed(1)},${(pad + (height - 2 * pad) * (1 - (v - min) / span)).toFixed(1)}`).join(' ');
}
