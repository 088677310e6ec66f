import { parseDraftEvent } from '../../shared/checklists/authoring';
import { parseKbEvent } from '../../shared/kb';
import { checkEvent, withEvent, type SubjectFacts } from '../../shared/sync/admission';
import type { SyncStreamName } from '../../shared/sync/protocol';
import { parseEvent } from '../../shared/tickets';
import type { HubDatabase } from '../db/sql';
import { HubError } from '../errors';
import { CHECKLIST_STREAM, KB_STREAM, TICKET_STREAM, type LogStream, type LoggedEvent } from './event-log';

export interface Unappliable {
  team: string;
  stream: SyncStreamName;
  eventId: string;
  subject: string;
  seq: number;
  rule: string;
  reason: string;
  retired: { by: string; at: string; reason: string } | null;
}

type Parse = (value: unknown, path: string) => unknown;
const STREAMS: readonly [SyncStreamName, LogStream<LoggedEvent>, Parse][] = [
  ['tickets', TICKET_STREAM as unknown as LogStream<LoggedEvent>, parseEvent],
  ['kb', KB_STREAM as unknown as LogStream<LoggedEvent>, parseKbEvent],
  ['checklists', CHECKLIST_STREAM as unknown as LogStream<LoggedEvent>, parseDraftEvent],
];

/**
 * The hub's side of quarantine (docs/sync.md): the events already in the log that break the admission rule
 * (left by an older hub or a hand edit; a current hub refuses them at push), found by replaying each
 * ticket's and article's events in merged order; and retiring one, recorded with who and why. The event
 * stays in the log: devices that hold it in quarantine mark it retired.
 */
export class HubQuarantine {
  constructor(private readonly db: HubDatabase) {}

  async list(team?: string): Promise<Unappliable[]> {
    const found: Unappliable[] = [];
    const retired = new Map(
      (await this.db.query<{ event_id: string; retired_by: string; retired_at: Date | string; reason: string }>('SELECT event_id, retired_by, retired_at, reason FROM retired_events')).map((row) => [
        row.event_id,
        { by: row.retired_by, at: new Date(row.retired_at).toISOString(), reason: row.reason },
      ]),
    );
    for (const [name, stream, parse] of STREAMS) {
      const rows = await this.db.query<{ team: string; seq: string | number; body: string; key: string }>(
        `SELECT t.name AS team, e.seq, e.body, e.${stream.keyColumn} AS key FROM ${stream.table} e JOIN teams t ON t.id = e.team_id
         WHERE ($1::text IS NULL OR t.name = $1) ORDER BY e.seq`,
        [team ?? null],
      );
      // In sequence order, as devices meet them (shared/sync/admission.ts, checkBatch).
      const facts = new Map<string, SubjectFacts>();
      for (const row of rows) {
        const subject = `${row.team}/${row.key}`;
        const event = JSON.parse(row.body) as LoggedEvent;
        const unreadable = schemaRefusal(parse, event);
        const refusal = unreadable ?? checkEvent({ id: event.id, hlc: event.hlc, device: event.device, type: event.type, subject: row.key }, facts.get(subject) ?? null, { noun: stream.noun, subjectField: stream.keyField });
        if (refusal) {
          // Devices set it aside too (electron/core/sync/quarantine.ts, readPage): it never joins a subject's facts.
          found.push({ team: row.team, stream: name, eventId: event.id, subject: row.key, seq: Number(row.seq), rule: refusal.rule, reason: refusal.message, retired: retired.get(event.id) ?? null });
        } else facts.set(subject, withEvent(facts.get(subject) ?? null, event));
      }
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  /** Records that an unappliable event is retired (refused for an event that is fine or unknown). */
  async retire(eventId: string, reason: string, by: string): Promise<Unappliable> {
    if (reason.trim() === '') throw new HubError('invalid_input', 'say why the event is retired (--reason)', 'reason');
    const entry = (await this.list()).find((e) => e.eventId === eventId);
    if (!entry) throw new HubError('not_found', `event ${eventId} is not an unappliable event of the log (hub quarantine list shows them)`, 'eventId');
    if (entry.retired) throw new HubError('conflict', `event ${eventId} was already retired by ${entry.retired.by} on ${entry.retired.at}`, 'eventId');
    await this.db.query(
      'INSERT INTO retired_events (event_id, team_id, stream, reason, retired_by) SELECT $1, id, $3, $4, $5 FROM teams WHERE name = $2',
      [eventId, entry.team, entry.stream, reason.trim(), by],
    );
    return { ...entry, retired: { by, at: new Date().toISOString(), reason: reason.trim() } };
  }

  /** The team's retired event ids (devices mark them retired in their quarantine). */
  async retiredIds(teamId: number): Promise<{ id: string; stream: SyncStreamName }[]> {
    const rows = await this.db.query<{ event_id: string; stream: SyncStreamName }>('SELECT event_id, stream FROM retired_events WHERE team_id = $1 ORDER BY retired_at', [teamId]);
    return rows.map((row) => ({ id: row.event_id, stream: row.stream }));
  }
}

/** A row the devices' parser refuses (a hand edit, an older hub): devices set it aside, rule `schema`. */
function schemaRefusal(parse: Parse, event: LoggedEvent): { rule: string; message: string } | null {
  try {
    parse(event, 'event');
    return null;
  } catch (error) {
    return { rule: 'schema', message: `event ${String(event.id)} cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
