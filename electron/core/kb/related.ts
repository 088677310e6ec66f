import { rankSimilar, type CategoryMatch } from '../../../shared/kb';
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
  /** How the past ticket was solved. */
  resolution: string | null;
  /** Keywords shared with the ticket asked about. */
  shared: number;
  /** Why it was chosen: its category beside this ticket's, the words in common. */
  why: { category: CategoryMatch | null; words: string[] };
}

type Row = { id: string; title: string; status: string; category: string | null; createdMs: number; state: string };

const SOLVED = `t.status IN ('resolved', 'closed') AND t.id != ? AND t.kind != 'problem'`;
const COLUMNS = 't.id, t.title, t.status, t.category, t.created_ms AS createdMs, s.state';

/**
 * Past tickets that were solved and look like this one (see shared/kb/similar.ts for the ranking): the
 * candidates are those sharing any keyword (FTS, best rank first) and those of the same category family.
 */
export function similarTickets(db: Database, ticket: Ticket, limit = 8): SimilarTicket[] {
  const mine = keywords(`${ticket.title} ${ticket.description}`, 12);
  const match = anyWordQuery(mine.join(' '));
  const byText = match
    ? (db
        .prepare(`SELECT ${COLUMNS} FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid JOIN ticket_states s ON s.id = t.id WHERE tickets_fts MATCH ? AND ${SOLVED} ORDER BY bm25(tickets_fts, 6, 2, 1) LIMIT 100`)
        .all(match, ticket.id) as Row[])
    : [];
  const family = ticket.category?.split('/')[0];
  const byCategory = family
    ? (db
        .prepare(`SELECT ${COLUMNS} FROM tickets t JOIN ticket_states s ON s.id = t.id WHERE (t.category = ? OR t.category LIKE ? ESCAPE '\\') AND ${SOLVED} ORDER BY t.created_ms DESC LIMIT 100`)
        .all(family, `${family.replace(/[\\%_]/g, '\\$&')}/%`, ticket.id) as Row[])
    : [];
  const seen = new Set<string>();
  const candidates = [...byText, ...byCategory].flatMap(({ state, ...row }) => {
    if (seen.has(row.id)) return [];
    seen.add(row.id);
    const other = JSON.parse(state) as Ticket;
    return [{ ...row, ref: ticketRef(row.id), resolution: other.resolution?.text ?? null, words: keywords(`${other.title} ${other.description}`, 40) }];
  });
  return rankSimilar({ words: mine, category: ticket.category ?? null }, candidates, limit).map(({ words: _words, why, ...row }) => ({
    ...row,
    shared: why.words.length,
    why: { category: why.category, words: [...why.words] },
  }));
}
