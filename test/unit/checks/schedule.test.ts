import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffMs, JITTER_MAX_MS, jitterMs } from '../../../shared/checks';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('jitter', () => {
  it('is the same for a host x check on every call, and within 10 % of the period', () => {
    for (let i = 0; i < 200; i++) {
      const j = jitterMs(`ws-${i}`, 'disk', HOUR);
      expect(j).toBe(jitterMs(`ws-${i}`, 'disk', HOUR));
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(HOUR / 10);
    }
  });

  it('never exceeds 15 minutes, even for a daily check', () => {
    const all = Array.from({ length: 200 }, (_, i) => jitterMs(`ws-${i}`, 'smart', 24 * HOUR));
    expect(Math.max(...all)).toBeLessThan(JITTER_MAX_MS);
  });

  it('spreads 200 hosts of one hourly check over the window instead of one instant', () => {
    // The background tick looks every minute: count the hosts that would fall on each minute.
    const perMinute = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const minute = Math.floor(jitterMs(`ws-${String(i).padStart(3, '0')}`, 'disk', HOUR) / MIN);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(perMinute.size).toBe(6);
    expect(Math.max(...perMinute.values())).toBeLessThan(60);
  });
});

describe('back-off for an unreachable host', () => {
  it('doubles from the shortest period at each failure in a row, capped at six hours', () => {
    expect(backoffMs(0, HOUR)).toBe(0);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, HOUR) / HOUR)).toEqual([1, 2, 4, 6, 6]);
    expect(backoffMs(1, 5 * MIN)).toBe(5 * MIN);
    expect(backoffMs(200, 5 * MIN)).toBe(BACKOFF_CAP_MS);
  });

  it('never retries a host more often than its checks would run', () => {
    expect(backoffMs(3, 24 * HOUR)).toBe(24 * HOUR);
  });
});
