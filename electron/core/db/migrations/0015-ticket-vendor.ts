import { foldTicket, slaState, slaTargetsFor } from '../../../../shared/tickets';
import { rowToEvent, type EventRow } from '../../tickets/event-store';
import { projectionRows } from '../../tickets/projection';
import { loadSlaTable } from '../../tickets/sla-table';
import type { Migration } from '../migration';

/**
 * A vendor holding a ticket becomes a state the queue filters on (`tickets.vendor`) and a pause of the SLA
 * clocks (sla.ts reads `vendorSpans` from the stored SLA input). Tickets ever redirected to a vendor are
 * folded again so their stored state, SLA input and due times carry the vendor periods; the others have
 * none and only get the empty column.
 */
export const migration0015: Migration = {
  version: 15,
  name: 'ticket-vendor',
  up(db) {
    db.exec('ALTER TABLE tickets ADD COLUMN vendor TEXT');
    const ids = db
      .prepare("SELECT DISTINCT ticket_id FROM events WHERE type = 'redirected' AND json_extract(payload, '$.to') = 'vendor'")
      .pluck()
      .all() as string[];
    if (ids.length === 0) return;
    const table = loadSlaTable(db);
    const events = db.prepare('SELECT * FROM events WHERE ticket_id = ? ORDER BY hlc, id');
    const updateTicket = db.prepare('UPDATE tickets SET vendor = ?, own_due_ms = ?, resolve_due_ms = ? WHERE id = ?');
    const updateState = db.prepare('UPDATE ticket_states SET sla_input = ?, state = ? WHERE id = ?');
    const now = Date.now();
    for (const id of ids) {
      const ticket = foldTicket((events.all(id) as EventRow[]).map(rowToEvent));
      const clocks = slaState(ticket, now, slaTargetsFor(ticket.priority, table));
      const rows = projectionRows(ticket, table, now);
      updateTicket.run(ticket.vendor, clocks.own.dueAt, clocks.resolve.dueAt, id);
      updateState.run(rows.slaInput, rows.state, id);
    }
  },
};
