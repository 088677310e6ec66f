import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../../electron/core/checks';
import { healthOverview } from '../../../electron/core/checks/health';
import { IncidentKeeper } from '../../../electron/core/checks/incidents';
import { ReadingStore, type StoredReading } from '../../../electron/core/checks/readings';
import { openDatabase } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { tempDir } from '../../setup/temp';

const DAY = 86_400_000;
const GB = 1e9;

const PLAN = `id: p
version: 1
title: { fr: P, en: P }
checks:
  - id: disk
    title: { fr: Disque, en: Disk }
    probe: disk.free
    every: 6h
    value: free_percent
    fail: { field: free_percent, op: "<", value: 5 }
    trend: disk_full
`;

describe('the Health overview', () => {
  it('lists a filling disk at risk with its predicted days left (within 10 %), failing checks first', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    const readings = new ReadingStore(db);
    const incidents = new IncidentKeeper(db, new TicketService(db, () => 'tech'));
    const loaded = parsePlanText(PLAN, 'p.yaml');
    if (!loaded.ok) throw new Error('plan');
    const now = Date.UTC(2026, 11, 7);
    const rows: StoredReading[] = [];
    // ws-01 loses 1 GB a day from 30 GB over 12 days: 18 GB left, full in 18 days.
    for (let i = 0; i <= 48; i++) {
      const at = now - 12 * DAY + (i * DAY) / 4;
      const free = 30 * GB - (i / 4) * GB + (i % 3) * 0.1 * GB;
      rows.push({ host: 'ws-01', checkId: 'disk', atMs: at, status: 'pass', value: '40', metric: free, detail: null });
      rows.push({ host: 'ws-02', checkId: 'disk', atMs: at, status: 'pass', value: '80', metric: 80 * GB, detail: null });
    }
    rows.push({ host: 'ws-03', checkId: 'disk', atMs: now, status: 'fail', value: '2', metric: null, detail: 'free_percent < 5' });
    readings.add(rows);
    const overview = healthOverview({ plan: loaded.plan, source: 'p.yaml', enabled: true }, readings, incidents, now);
    expect(overview.hosts).toEqual(['ws-01', 'ws-02', 'ws-03']);
    expect(overview.atRisk.map((r) => r.host)).toEqual(['ws-03', 'ws-01']);
    expect(overview.atRisk[0]).toMatchObject({ status: 'fail', daysLeft: null });
    const days = overview.atRisk[1]!.daysLeft!;
    expect(Math.abs(days - 18) / 18).toBeLessThan(0.1);
    db.close();
  });

  it('lists a flapping check at risk (marked so) even while it passes, after the failing ones and before the forecasts', () => {
    const db = openDatabase(join(tempDir(), 'b.db'));
    const readings = new ReadingStore(db);
    const incidents = new IncidentKeeper(db, new TicketService(db, () => 'tech'));
    const loaded = parsePlanText(PLAN, 'p.yaml');
    if (!loaded.ok) throw new Error('plan');
    const now = Date.UTC(2026, 11, 7);
    const rows: StoredReading[] = [];
    for (let i = 0; i < 10; i++) {
      const at = now - (10 - i) * 3_600_000;
      // ws-flap: fail, pass, fail, pass... ending on a pass.
      rows.push({ host: 'ws-flap', checkId: 'disk', atMs: at, status: i % 2 === 0 ? 'fail' : 'pass', value: String(i % 2 === 0 ? 3 : 40), metric: null, detail: null });
    }
    for (let i = 0; i <= 48; i++) rows.push({ host: 'ws-fill', checkId: 'disk', atMs: now - 12 * DAY + (i * DAY) / 4, status: 'pass', value: '50', metric: 30 * GB - (i / 4) * GB, detail: null });
    rows.push({ host: 'ws-down', checkId: 'host.reachable', atMs: now - 1000, status: 'unreachable', value: null, metric: null, detail: 'refused' });
    readings.add(rows);
    const overview = healthOverview({ plan: loaded.plan, source: 'p.yaml', enabled: true }, readings, incidents, now);
    expect(overview.atRisk.map((r) => [r.host, r.flapping])).toEqual([
      ['ws-down', false],
      ['ws-flap', true],
      ['ws-fill', false],
    ]);
    expect(overview.atRisk[1]).toMatchObject({ status: 'pass', daysLeft: null });
    db.close();
  });

  it('gives each cell its recent values oldest first for the sparkline, and an unreachable host its next try', () => {
    const db = openDatabase(join(tempDir(), 'c.db'));
    const readings = new ReadingStore(db);
    const incidents = new IncidentKeeper(db, new TicketService(db, () => 'tech'));
    const loaded = parsePlanText(PLAN, 'p.yaml');
    if (!loaded.ok) throw new Error('plan');
    const now = Date.UTC(2026, 11, 7);
    const rows: StoredReading[] = [];
    for (let i = 0; i < 30; i++) rows.push({ host: 'ws-01', checkId: 'disk', atMs: now - (30 - i) * 3_600_000, status: 'pass', value: String(90 - i), metric: null, detail: null });
    rows.push({ host: 'ws-01', checkId: 'disk', atMs: now, status: 'unavailable', value: null, metric: null, detail: 'no df' });
    // Two failures in a row with a 6 h period: doubling would give 12 h, the 6 h cap holds it at one period.
    rows.push({ host: 'ws-down', checkId: 'host.reachable', atMs: now - 7_200_000, status: 'unreachable', value: null, metric: null, detail: 'refused' });
    rows.push({ host: 'ws-down', checkId: 'host.reachable', atMs: now - 1000, status: 'unreachable', value: null, metric: null, detail: 'refused' });
    readings.add(rows);
    const overview = healthOverview({ plan: loaded.plan, source: 'p.yaml', enabled: true }, readings, incidents, now);
    const disk = overview.cells.find((c) => c.host === 'ws-01')!;
    expect(disk.recent).toHaveLength(20);
    expect(disk.recent.at(-1)).toEqual({ atMs: now, status: 'unavailable', value: null });
    expect(disk.recent.slice(0, 3).map((p) => p.value)).toEqual([79, 78, 77]);
    expect(disk.nextTryMs).toBeNull();
    const down = overview.cells.find((c) => c.host === 'ws-down')!;
    expect(down.nextTryMs).toBe(now - 1000 + 6 * 3_600_000);
    // The at-risk list gives the unreachable host the same next try as the grid.
    expect(overview.atRisk.find((r) => r.host === 'ws-down')).toMatchObject({ status: 'unreachable', nextTryMs: now - 1000 + 6 * 3_600_000 });
    db.close();
  });
});
