import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { addLaterTicketColumns } from '../../setup/old-store';
import { tempDir } from '../../setup/temp';

describe('migration 0009 ticket-search', () => {
  it('refills a contentless full-text index from the stored tickets and adds the queue indexes on a store at version 8', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 8 });
    addLaterTicketColumns(old);
    const service = new TicketService(old, () => 'camille');
    const { ticket } = service.create({ kind: 'incident', title: 'Imprimante bloquée', description: 'Bourrage papier au bac 2', impact: 2, urgency: 2 });
    service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: 'Rouleau usé remplacé', internal: false } });
    service.create({ kind: 'request', title: 'New laptop', impact: 3, urgency: 3 });
    old.close();

    const db = openDatabase(file, { migrations, targetVersion: 9 });
    expect(schemaVersion(db)).toBe(9);
    const hits = (q: string) => db.prepare('SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?').pluck().get(q);
    expect([hits('imprimante'), hits('bourrage'), hits('rouleau'), hits('uses'), hits('laptop'), hits('title:bac')]).toEqual([1, 1, 1, 0, 1, 0]);
    expect([hits('use*'), hits('comments:rouleau')]).toEqual([1, 1]);
    // Contentless: the text lives in ticket_states only; the entry follows the tickets row's rowid.
    expect(db.prepare('SELECT title FROM tickets_fts WHERE tickets_fts MATCH ?').pluck().get('rouleau')).toBeNull();
    expect(db.prepare("SELECT t.id FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid WHERE tickets_fts MATCH 'rouleau'").pluck().get()).toBe(ticket.id);
    expect(db.prepare("SELECT v FROM tickets_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k").pluck().all()).toEqual([8, 32]);
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['tickets_site', 'tickets_assignee', 'tickets_by_priority']));
    // The service keeps working on the migrated index: updates replace the ticket's entry.
    const after = new TicketService(db, () => 'camille');
    after.act({ ticketId: ticket.id, type: 'field_changed', payload: { changes: { title: 'Scanner bloqué' } } });
    expect([hits('imprimante'), hits('scanner'), hits('rouleau')]).toEqual([0, 1, 1]);
    db.close();
  });
});
