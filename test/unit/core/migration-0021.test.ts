import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { openDevice } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';

describe('migration 0021 ticket-clashes', () => {
  it('puts the open field clashes of tickets stored before it into their queue rows and states', () => {
    const dir = tempDir();
    const file = join(dir, 'old.db');
    let wall = Date.UTC(2026, 11, 7, 9);
    const old = openDatabase(file, { migrations, targetVersion: 16 });
    // The writer of this version needs the column; it is dropped below, with the states' clashes, to leave the
    // store as an older Atelier wrote it.
    old.exec('ALTER TABLE tickets ADD COLUMN clashes TEXT');
    const mine = new TicketService(old, () => 'jeanne', undefined, () => wall);
    const karim = openDevice(dir, 'karim', () => wall);
    const clashed = mine.create({ kind: 'incident', title: 'Accounting share unreachable', impact: 2, urgency: 2 }).ticket.id;
    const calm = mine.create({ kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2 }).ticket.id;
    const history = (service: TicketService, id: string) => service.store.history(id).map((stored) => stored.event);
    karim.service.store.applyExternal(history(mine, clashed), 'remote');
    wall += 60_000;
    mine.act({ ticketId: clashed, type: 'field_changed', payload: { changes: { urgency: 1 } } });
    mine.act({ ticketId: calm, type: 'field_changed', payload: { changes: { site: 'Lyon' } } });
    wall += 60_000;
    karim.service.act({ ticketId: clashed, type: 'field_changed', payload: { changes: { urgency: 3 } } });
    mine.store.applyExternal(history(karim.service, clashed), 'remote');
    old.prepare("UPDATE ticket_states SET state = json_remove(state, '$.clashes')").run();
    old.exec('DROP INDEX IF EXISTS tickets_attention; ALTER TABLE tickets DROP COLUMN clashes');
    old.close();
    karim.db.close();

    const db = openDatabase(file, { migrations, targetVersion: 21 });
    expect(schemaVersion(db)).toBe(21);
    const after = new TicketService(db, () => 'jeanne');
    const page = after.queue.page({ filter: { conflicts: true } });
    expect(page.rows.map((row) => [row.id, row.clashes])).toEqual([[clashed, ['urgency']]]);
    expect(after.detail(clashed).clashes.map((clash) => [clash.won.value, clash.lost.value])).toEqual([[3, 1]]);
    expect(after.detail(calm).ticket.clashes).toEqual({ open: [], last: { site: expect.objectContaining({ value: 'Lyon' }) } });
    db.close();
  });
});
