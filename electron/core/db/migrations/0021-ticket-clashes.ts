import { foldTicket } from '../../../../shared/tickets';
import { rowToEvent, type EventRow } from '../../tickets/event-store';
import { clashColumn, projectionRows } from '../../tickets/projection';
import { loadSlaTable } from '../../tickets/sla-table';
import type { Migration } from '../migration';

/**
 * Field clashes (shared/tickets/clashes.ts) become part of a ticket's fold and of its queue row, so the
 * Conflicts view lists them without reading any ticket's log: `tickets.clashes` holds the fields of the open
 * ones ("urgency,site"), null for none. Only changes that carry `seen` can clash, so only tickets with one are
 * folded again; the others get the empty column. The partial index serves the Conflicts view and its count.
 */
export const migration0021: Migration = {
  version: 21,
  name: 'ticket-clashes',
  up(db) {
    db.exec(`
      ALTER TABLE tickets ADD COLUMN clashes TEXT;
      CREATE INDEX tickets_attention ON tickets (priority, updated_ms) WHERE conflicts > 0 OR clashes IS NOT NULL;
    `);
    const ids = db
      .prepare("SELECT DISTINCT ticket_id FROM events WHERE type = 'field_changed' AND json_extract(payload, '$.seen') IS NOT NULL")
      .pluck()
      .all() as string[];
    if (ids.length === 0) return;
    const table = loadSlaTable(db);
    const events = db.prepare('SELECT * FROM events WHERE ticket_id = ? ORDER BY hlc, id');
    const updateTicket = db.prepare('UPDATE tickets SET clashes = ? WHERE id = ?');
    const updateState = db.prepare('UPDATE ticket_states SET state = ? WHERE id = ?');
    for (const id of ids) {
      const log = (events.all(id) as EventRow[]).map(rowToEvent);
      // A ticket whose creation has not arrived yet has no row to update.
      if (!log.some((event) => event.type === 'created')) continue;
      const ticket = foldTicket(log);
      updateTicket.run(clashColumn(ticket), id);
      updateState.run(projectionRows(ticket, table).state, id);
    }
  },
};
