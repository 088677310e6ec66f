import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_TABLE } from '../../../shared/tickets';
import { openDevice } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';

const HOUR = 3_600_000;

describe('configurable SLA targets and categories', () => {
  it('moves open tickets to the new targets at once and keeps the table across restarts', () => {
    const dir = tempDir();
    const first = openDevice(dir, 'lead');
    const { ticket } = first.service.create({ kind: 'incident', title: 'Mail down for the office', impact: 1, urgency: 2 });
    const before = first.service.queue.page({}).rows[0]?.sla.leftMs ?? 0;
    expect(before).toBeGreaterThan(7 * HOUR); // P2 default: 8 h to resolve
    first.service.setSla({ ...DEFAULT_SLA_TABLE, P2: { ownMs: HOUR / 4, resolveMs: 2 * HOUR } });
    const after = first.service.queue.page({}).rows[0]?.sla.leftMs ?? 0;
    expect(after).toBeLessThanOrEqual(2 * HOUR);
    expect(first.service.queue.page({ filter: { sla: 'breached' } }, Date.now() + 3 * HOUR).rows.map((r) => r.id)).toEqual([ticket.id]);
    first.db.close();

    const again = openDevice(dir, 'lead');
    expect(again.service.sla().P2.resolveMs).toBe(2 * HOUR);
    expect(again.service.detail(ticket.id).sla.resolve.leftMs).toBeLessThanOrEqual(2 * HOUR);
    again.db.close();
  });

  it('refuses a table where time to resolve is shorter than time to own, naming the field', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    expect(() => service.setSla({ ...DEFAULT_SLA_TABLE, P3: { ownMs: 2 * HOUR, resolveMs: HOUR } })).toThrow(/P3\.resolveMs/);
    expect(service.sla()).toEqual(DEFAULT_SLA_TABLE);
    db.close();
  });

  it('adds and renames categories; a sub-category needs its parent', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    const list = service.saveCategory({ path: 'hardware/dock', fr: 'Station d’accueil', en: 'Docking station' });
    expect(list).toContainEqual({ path: 'hardware/dock', fr: 'Station d’accueil', en: 'Docking station' });
    service.saveCategory({ path: 'hardware/dock', fr: 'Dock', en: 'Dock' });
    expect(service.categories().find((c) => c.path === 'hardware/dock')?.en).toBe('Dock');
    expect(() => service.saveCategory({ path: 'telephony/desk', fr: 'Poste', en: 'Desk phone' })).toThrow('add the parent category "telephony" first');
    db.close();
  });
});
