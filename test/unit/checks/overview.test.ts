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
});
