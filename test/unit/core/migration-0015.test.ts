import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { addLaterTicketColumns } from '../../setup/old-store';
import { tempDir } from '../../setup/temp';

describe('migration 0015 ticket-vendor', () => {
  it('fills the vendor column and pauses the clock of a ticket a vendor held before the upgrade', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 13 });
    // The writer of this version needs the column; it is dropped again below, with the vendor periods, to
    // leave the store as an older Atelier wrote it.
    addLaterTicketColumns(old);
    const service = new TicketService(old, () => 'camille');
    const { ticket } = service.create({ kind: 'incident', title: 'Sage ne démarre plus', impact: 2, urgency: 2 });
    const other = service.create({ kind: 'incident', title: 'Imprimante', impact: 2, urgency: 2 }).ticket;
    service.act({ ticketId: ticket.id, type: 'redirected', payload: { to: 'vendor', name: 'Sage Support', reason: 'serveur de licences' } });
    const state = JSON.parse(old.prepare('SELECT state FROM ticket_states WHERE id = ?').pluck().get(ticket.id) as string);
    delete state.vendorSpans;
    old.prepare("UPDATE ticket_states SET state = ?, sla_input = json_remove(sla_input, '$.vendorSpans') WHERE id = ?").run(JSON.stringify(state), ticket.id);
    old.prepare('UPDATE tickets SET resolve_due_ms = 1 WHERE id = ?').run(ticket.id);
    old.exec('ALTER TABLE tickets DROP COLUMN vendor');
    old.close();

    const db = openDatabase(file, { migrations, targetVersion: 15 });
    expect(schemaVersion(db)).toBe(15);
    const after = new TicketService(db, () => 'camille');
    const page = after.queue.page({ filter: { withVendor: true } });
    expect(page.rows.map((row) => [row.id, row.vendor, row.sla.paused])).toEqual([[ticket.id, 'Sage Support', true]]);
    expect(db.prepare('SELECT resolve_due_ms FROM tickets WHERE id = ?').pluck().get(ticket.id)).toBeNull();
    expect(after.queue.page({}).rows.find((row) => row.id === other.id)?.vendor).toBeNull();
    expect(after.detail(ticket.id).ticket.vendorSpans).toHaveLength(1);
    db.close();
  });
});
