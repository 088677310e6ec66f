import { foldTicket, formatHlc, parseHlc, type HlcParts, type TicketEvent } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { ProjectionWriter } from '../tickets/projection';

const MAX_COUNTER = 0xffff;

interface Row {
  seq: number;
  id: string;
  key: string;
  hlc: string;
  candidate: 0 | 1;
}

/**
 * The clock-skew rule's client half (docs/sync.md): this device's unpushed events stamped later than
 * `limitMs` (hub time) were stamped by a clock running ahead. Nobody else has them, so they get new
 * timestamps before they are pushed: moved by `shiftMs` (hub minus device clock, as measured now), never
 * after `hubNowMs`, and each kept after every event this device had recorded before it (local `seq`
 * order), so what the technician saw before acting still sorts before the act. Ids never change.
 * Tickets touched are re-folded in the same transaction. Returns how many events were re-stamped.
 * The knowledge base's log follows the same rule (restampLog).
 */
export function restampAhead(
  db: Database,
  projection: ProjectionWriter,
  options: RestampOptions,
): number {
  return restampLog(db, { table: 'events', keyColumn: 'ticket_id', refold: (ids) => refoldTickets(db, projection, ids) }, options);
}

export interface RestampOptions {
  node: string;
  limitMs: number;
  hubNowMs: number;
  shiftMs: number;
}

/** An event log the rule applies to (tickets' `events`, the knowledge base's `kb_events`, checklist drafts'). */
export interface RestampLog {
  table: 'events' | 'kb_events' | 'checklist_draft_events';
  keyColumn: 'ticket_id' | 'article_id' | 'draft_id';
  /** Folds again what the moved events belong to (same transaction). */
  refold(keys: ReadonlySet<string>): void;
}

/** The rule on one log (see restampAhead). */
export function restampLog(db: Database, log: RestampLog, options: RestampOptions): number {
  const { table, keyColumn } = log;
  const limitHlc = formatHlc({ wallMs: options.limitMs, counter: MAX_COUNTER, node: 'ffffffffffffffff' });
  return db.transaction(() => {
    const first = db
      .prepare(`SELECT min(seq) FROM ${table} WHERE origin = 'local' AND synced_at IS NULL AND hlc > ?`)
      .pluck()
      .get(limitHlc) as number | null;
    if (first === null) return 0;
    const before = db.prepare(`SELECT max(hlc) FROM ${table} WHERE seq < ? AND hlc <= ?`).pluck().get(first, limitHlc) as string | null;
    let prev: HlcParts | null = before ? parseHlc(before) : null;
    const rows = db
      .prepare(
        `SELECT seq, id, ${keyColumn} AS key, hlc, (origin = 'local' AND synced_at IS NULL AND hlc > @limit) AS candidate
         FROM ${table} WHERE seq >= @first ORDER BY seq`,
      )
      .all({ first, limit: limitHlc }) as Row[];
    const update = db.prepare(`UPDATE ${table} SET hlc = ? WHERE id = ?`);
    const touched = new Set<string>();
    for (const row of rows) {
      if (!row.candidate) {
        if (row.hlc <= limitHlc && (prev === null || row.hlc > formatHlc(prev))) prev = parseHlc(row.hlc);
        continue;
      }
      const wanted = Math.max(0, Math.min(parseHlc(row.hlc).wallMs + options.shiftMs, options.hubNowMs));
      const next = after(prev, wanted, options.node);
      update.run(formatHlc(next), row.id);
      prev = next;
      touched.add(row.key);
    }
    log.refold(touched);
    return rows.filter((row) => row.candidate).length;
  })();
}

function refoldTickets(db: Database, projection: ProjectionWriter, ids: ReadonlySet<string>): void {
  const history = db.prepare('SELECT id, ticket_id, hlc, actor, device, type, payload FROM events WHERE ticket_id = ?');
  for (const ticketId of ids) {
    const events = (history.all(ticketId) as { id: string; ticket_id: string; hlc: string; actor: string; device: string; type: string; payload: string }[]).map(
      (r) => ({ id: r.id, ticketId: r.ticket_id, hlc: r.hlc, actor: r.actor, device: r.device, type: r.type, payload: JSON.parse(r.payload) }) as TicketEvent,
    );
    if (events.some((event) => event.type === 'created')) projection.write(foldTicket(events));
  }
}

/** The smallest timestamp of `node` at or after `wallMs` that sorts after `prev`. */
function after(prev: HlcParts | null, wallMs: number, node: string): HlcParts {
  if (prev === null || wallMs > prev.wallMs) return { wallMs, counter: 0, node };
  if (prev.counter < MAX_COUNTER) return { wallMs: prev.wallMs, counter: prev.counter + 1, node };
  return { wallMs: prev.wallMs + 1, counter: 0, node };
}
