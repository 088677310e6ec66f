import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { indicatorsCsvExport, indicatorsFromStore } from '../../../electron/core/reports/indicators';
import { TicketService } from '../../../electron/core/tickets/service';
import { computeIndicators, factsFromEvents } from '../../../shared/indicators';
import { tempDir } from '../../setup/temp';
import { CHANGES, INCIDENT } from '../../unit/indicators/change-dataset';
import { NOW, PERIOD } from '../../unit/indicators/dataset';

describe('change indicators from the store', () => {
  const events = [...CHANGES, INCIDENT];
  // Taken in unchecked, as a sync from other devices would bring them (the dataset's approvals are not its point).
  const store = () => {
    const db = openDatabase(join(tempDir(), 'atelier.db'));
    new TicketService(db, () => 'camille').store.applyExternal(events.flat().reverse(), 'demo');
    return db;
  };

  it('reads the same change figures from the stored projections as from the events, and exports them as CSV', () => {
    const db = store();
    const stored = indicatorsFromStore(db, PERIOD, NOW);
    expect(stored.changes).toEqual(computeIndicators(events.map(factsFromEvents), PERIOD, { nowMs: NOW }).changes);
    expect(stored.changes.success).toMatchObject({ num: 2, den: 6 });
    const { csv } = indicatorsCsvExport(db, PERIOD, 'en', NOW);
    expect(csv).toMatch(/^change_success,count,2,6$/m);
    expect(csv).toMatch(/^change_emergency,count,2,6$/m);
    expect(csv).toMatch(/^change_rolled_back,count,1,3$/m);
    expect(csv).toMatch(/^change_rolled_back,hosts,1,$/m);
    expect(csv).toMatch(/^incidents_caught_by_checks,count,0,1$/m);
    db.close();
  });
});
