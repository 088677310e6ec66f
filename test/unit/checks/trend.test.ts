import { describe, expect, it } from 'vitest';
import { diskFullForecast, type FreePoint } from '../../../shared/checks';

const DAY = 86_400_000;
const GB = 1e9;

/** A disk losing `perDay` with a daily wobble, read every 6 hours for `days`. */
function series(startFree: number, perDay: number, days: number, wobble = 0): FreePoint[] {
  const points: FreePoint[] = [];
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i <= days * 4; i++) {
    const t = i * DAY / 4;
    points.push({ atMs: t0 + t, freeBytes: startFree - perDay * (t / DAY) + wobble * Math.sin(i * 1.7) });
  }
  return points;
}

describe('disk-full forecast', () => {
  it('predicts the fill date within 10 % on a filling disk with noise', () => {
    // 40 GB free, 2 GB a day for 10 days: 20 GB left, so full in 10 days.
    const forecast = diskFullForecast(series(40 * GB, 2 * GB, 10, 0.3 * GB));
    expect(forecast).not.toBeNull();
    expect(Math.abs(forecast!.daysLeft - 10) / 10).toBeLessThan(0.1);
    expect(Math.abs(forecast!.bytesPerDay - 2 * GB) / (2 * GB)).toBeLessThan(0.1);
  });

  it('says nothing for a disk that is not filling, or a series too short to tell', () => {
    expect(diskFullForecast(series(40 * GB, -1 * GB, 10))).toBeNull();
    expect(diskFullForecast(series(40 * GB, 0, 10))).toBeNull();
    expect(diskFullForecast(series(40 * GB, 2 * GB, 10).slice(0, 2))).toBeNull();
  });
});
