import { join } from 'node:path';
import { openDatabase, type Database } from '../../electron/core/db/open';
import { TicketService } from '../../electron/core/tickets/service';
import { foldTicket, type Ticket } from '../../shared/tickets';

/** A ticket service over its own store file, as one device. */
export function openDevice(dir: string, name: string, wall?: () => number): { db: Database; service: TicketService } {
  const db = openDatabase(join(dir, `${name}.db`));
  return { db, service: new TicketService(db, () => name, undefined, wall) };
}

/** Every projected ticket, by id, as stored. */
export function projections(db: Database): Map<string, Ticket> {
  const rows = db.prepare('SELECT id, state FROM ticket_states ORDER BY id').all() as { id: string; state: string }[];
  return new Map(rows.map((row) => [row.id, JSON.parse(row.state) as Ticket]));
}

/** Every ticket folded afresh from the log. */
export function foldedFromLog(service: TicketService, db: Database): Map<string, Ticket> {
  const ids = db.prepare('SELECT DISTINCT ticket_id FROM events ORDER BY ticket_id').pluck().all() as string[];
  return new Map(ids.map((id) => [id, foldTicket(service.store.history(id).map((stored) => stored.event))]));
}
