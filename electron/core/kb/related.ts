import type { Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { ticketRef } from '../tickets/projection';
import { anyWordQuery } from '../search/fts-query';
import { keywords } from './fts';

export interface SimilarTicket {
  id: string;
  ref: string;
  title: string;
  status: string;
  category: string | null;
  createdMs: number;
  /** How the past ticket was solved, when it was. */
  resolution: string | null;
  /** Keywords shared with the ticket asked about. */
  shared: number;
}

/**
 * Past tickets that look like this one: any of its title/description keywords in their text (FTS, best
 * rank first), resolved ones first; at most `limit`.
 */
export function similarTickets(db: Database, ticket: Ticket, limit = 8): SimilarTicket[] {
  const words = keywords(`${ticket.title} ${ticket.description}`, 12);
  const match = anyWordQuery(words.join(' '));
  if (!match) return [];
  const rows = db
    .prepare(
      `SELECT t.id, t.title, t.status, t.category, t.created_ms AS createdMs, s.state FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid JOIN ticket_states s ON s.id = t.id
       WHERE tickets_fts MATCH ? AND t.id != ? AND t.kind != 'problem' ORDER BY bm25(tickets_fts, 6, 2, 1) LIMIT 60`,
    )
    .all(match, ticket.id) as { id: string; title: string; status: string; category: string | null; createdMs: number; state: string }[];
  const mine = new Set(words);
  return rows
    .map(({ state, ...row }) => {
      const other = JSON.parse(state) as Ticket;
      const shared = keywords(`${other.title} ${other.description}`, 40).filter((w) => mine.has(w)).length;
      return { ...row, ref: ticketRef(row.id), resolution: other.resolution?.text ?? null, shared };
    })
    .filter((row) => row.shared >= Math.min(2, mine.size))
    .sort((a, b) => Number(b.resolution !== null) - Number(a.resolution !== null) || b.shared - a.shared)
    .slice(0, limit);
}
