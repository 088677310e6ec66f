import { foldTicket, type TicketEvent } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { rowToEvent, type EventRow } from './event-store';
import type { ProjectionWriter } from './projection';
import { FTS_AUTOMERGE, setFtsOption } from './search-index';

/**
 * Drops every projection and folds them again from the log, ticket by ticket, in one transaction.
 * The result must equal the incrementally maintained projections (tested on randomized histories).
 *
 * Bulk-load shape (docs/performance.md): the queue table's secondary indexes are dropped and built once at
 * the end; the full-text index takes every ticket without merging segments on the way and is merged once
 * ('optimize'), which writes each entry about once instead of once per merge level; the log is read in ticket order
 * and not validated again (every event was when it entered the log).
 */
export function rebuildProjections(db: Database, projection: ProjectionWriter, onProgress?: (done: number) => void): { tickets: number; events: number } {
  const result = db.transaction(() => {
    db.exec("DELETE FROM tickets; DELETE FROM ticket_states; INSERT INTO tickets_fts (tickets_fts) VALUES ('delete-all');");
    // Their definitions come from the schema itself, so a migration that changes them needs nothing here.
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    setFtsOption(db, 'automerge', 0);
    let tickets = 0;
    let events = 0;
    let history: TicketEvent[] = [];
    const flush = () => {
      events += history.length;
      // Events of a ticket whose creation has not arrived yet stay in the log without a projection.
      if (history.some((event) => event.type === 'created')) {
        projection.write(foldTicket(history), { fresh: true });
        tickets++;
        if (tickets % 1000 === 0) onProgress?.(tickets);
      }
      history = [];
    };
    // A thousand tickets at a time in index order: never the whole log in memory, not one query per ticket
    // (and the connection cannot write while a statement is still being iterated).
    const nextTickets = db.prepare('SELECT DISTINCT ticket_id FROM events WHERE ticket_id > ? ORDER BY ticket_id LIMIT 1000').pluck();
    const eventsBetween = db.prepare('SELECT id, ticket_id, hlc, actor, device, type, payload FROM events WHERE ticket_id > ? AND ticket_id <= ? ORDER BY ticket_id, hlc, id');
    for (let after = ''; ; ) {
      const last = (nextTickets.all(after) as string[]).at(-1);
      if (last === undefined) break;
      for (const row of eventsBetween.all(after, last) as EventRow[]) {
        if (history.length > 0 && history[0]?.ticketId !== row.ticket_id) flush();
        history.push(rowToEvent(row));
      }
      after = last;
    }
    flush();
    onProgress?.(tickets);
    db.exec("INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize')");
    setFtsOption(db, 'automerge', FTS_AUTOMERGE);
    for (const index of indexes) db.exec(index.sql);
    return { tickets, events };
  })();
  db.exec('ANALYZE tickets');
  return result;
}
