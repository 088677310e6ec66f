/**
 * The state of a ticket brought from another helpdesk, from its `created` event's `imported` part: the status it
 * had there, entered at the dates that helpdesk recorded, so SLA clocks and indicators count from the original
 * opening (not from the import). Rules:
 * - History: `new` at the opening; an owned status at the ownership date (else the opening); `pending` at the
 *   pause date (else the import); `resolved` at the resolution date (else the closing date, else the import);
 *   `closed` at the closing date (else the resolution date). Each entry is at or after the one before.
 * - A date after the event's own time (a clock set wrong over there) counts as the event's time.
 * - Times are HLC strings with the event's node and counter 0, so they read like every other ticket time.
 */
import type { EventOf, ImportedFrom } from './events';
import { formatHlc, parseHlc } from './hlc';
import type { Status, StatusEntry, Ticket } from './model';

export function applyImported(t: Ticket, event: EventOf<'created'>, from: ImportedFrom): Ticket {
  const { wallMs: eventMs, node } = parseHlc(event.hlc);
  let floor = 0;
  /** HLC at an original date, never after the event nor before the previous entry. */
  const at = (iso: string | undefined, fallbackMs = eventMs): string => {
    const ms = Math.max(floor, Math.min(iso === undefined ? fallbackMs : Date.parse(iso), eventMs));
    floor = ms;
    return formatHlc({ wallMs: ms, counter: 0, node });
  };
  const history: StatusEntry[] = [];
  const enter = (status: Status, when: string) => history.push({ eventId: event.id, at: when, status });
  const opened = at(from.openedAt);
  enter('new', opened);
  const openedMs = Date.parse(from.openedAt);
  let ownedAt: string | null = null;
  const owned = (status: Status) => {
    ownedAt = at(from.ownedAt, openedMs);
    enter(status, ownedAt);
  };
  switch (from.status) {
    case 'new':
      break;
    case 'assigned':
    case 'in_progress':
      owned(from.status);
      break;
    case 'pending':
      if (from.ownedAt) owned('in_progress');
      enter('pending', at(from.pendingAt));
      break;
    case 'resolved':
    case 'closed': {
      if (from.ownedAt) owned('assigned');
      const resolved = at(from.resolvedAt ?? from.closedAt);
      ownedAt ??= resolved;
      enter('resolved', resolved);
      if (from.status === 'closed') enter('closed', at(from.closedAt ?? from.resolvedAt));
      break;
    }
  }
  return {
    ...t,
    status: from.status,
    assignee: from.assignee ?? null,
    team: from.team ?? null,
    resolution: from.status === 'resolved' || from.status === 'closed' ? (from.resolution ?? null) : null,
    statusHistory: history,
    ownedAt,
    createdAt: opened,
    source: { system: from.system, number: from.number },
  };
}
