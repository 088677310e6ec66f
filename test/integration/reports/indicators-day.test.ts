import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { indicatorsCsvExport, indicatorsFromStore } from '../../../electron/core/reports/indicators';
import { TicketService } from '../../../electron/core/tickets/service';
import { computeIndicators, factsFromEvents, periodBounds } from '../../../shared/indicators';
import { tempDir } from '../../setup/temp';
import { DAY_DATASET, DAY_NOW, at } from '../../unit/indicators/dataset';

/**
 * The two-device day taken into a real store in reverse order (the desk PC's events arrive late). Taken in
 * unchecked (an import's origin): the dataset's clock nodes are not its devices, which the hub would refuse.
 */
function syncedStore() {
  const db = openDatabase(join(tempDir(), 'atelier.db'));
  const service = new TicketService(db, () => 'camille');
  service.store.applyExternal(DAY_DATASET.flat().reverse(), 'demo');
  return db;
}

describe('indicators of a synced day, from the store', () => {
  it('reads the same figures from the stored projections as from the events', () => {
    const db = syncedStore();
    const today = periodBounds({ kind: 'today' }, DAY_NOW, 0);
    if (!today.ok) throw new Error('today is always a period');
    const stored = indicatorsFromStore(db, today.bounds, DAY_NOW);
    expect(stored).toEqual(computeIndicators(DAY_DATASET.map(factsFromEvents), today.bounds, { nowMs: DAY_NOW }));
    expect([stored.resolved, stored.reopen.num, stored.firstTimeFix.num, stored.escalation.overall.num]).toEqual([4, 2, 2, 2]);
    db.close();
  });

  it('exports the day as CSV named after the local day, with each ticket counted once', () => {
    const db = syncedStore();
    // Paris (UTC+1) at 10:00 local: today is 03-20 local = 03-19 23:00 -> 03-20 23:00 UTC.
    const today = periodBounds({ kind: 'today' }, at(20, 9), 60);
    if (!today.ok) throw new Error('today is always a period');
    const { csv, fileName } = indicatorsCsvExport(db, today.bounds, 'fr', DAY_NOW);
    expect(fileName).toBe('atelier-indicateurs-2025-03-20.csv');
    expect(csv).toMatch(/^resolved,total,4,$/m);
    expect(csv).toMatch(/^reopened,count,2,5$/m);
    expect(csv).toMatch(/^first_time_fix,count,2,5$/m);
    expect(csv).toMatch(/^period,first_day,2025-03-20,$/m);
    expect(csv).toMatch(/^period,last_day,2025-03-20,$/m);
    const range = periodBounds({ kind: 'custom', from: '2025-03-19', to: '2025-03-20' }, DAY_NOW, 60);
    if (!range.ok) throw new Error(JSON.stringify(range.problem));
    expect(indicatorsCsvExport(db, range.bounds, 'en', DAY_NOW).fileName).toBe('atelier-indicators-2025-03-19-2025-03-20.csv');
    db.close();
  });
});
