/**
 * What the indicators read about one ticket: its fold (status history, ownership, fields, a change's
 * rollouts) plus the escalations, which the fold keeps only as the current level, and whether a health
 * check opened it (read from the `created` event, which later edits of the description leave alone). Built
 * from the same event log the UI folds, so work done offline counts as soon as its events are in the store.
 */
import { isCheckIncidentDescription } from '../checks/incidents';
import { foldTicket, hlcWallMs, type SupportLevel, type Ticket, type TicketEvent } from '../tickets';

export type IndicatorTicket = Pick<
  Ticket,
  'id' | 'kind' | 'category' | 'asset' | 'team' | 'assignee' | 'priority' | 'status' | 'createdAt' | 'ownedAt' | 'statusHistory' | 'vendorSpans' | 'change'
>;

export interface TicketFacts {
  ticket: IndicatorTicket;
  escalations: { atMs: number; toLevel: SupportLevel }[];
  /** Opened by a health check (shared/checks/incidents.ts), not by a person. */
  openedByCheck: boolean;
}

/** Facts of one ticket from its events (any order). */
export function factsFromEvents(events: readonly TicketEvent[]): TicketFacts {
  const ticket = foldTicket(events);
  const escalations = events
    .filter((event) => event.type === 'escalated')
    .map((event) => ({ atMs: hlcWallMs(event.hlc), toLevel: (event as Extract<TicketEvent, { type: 'escalated' }>).payload.toLevel }));
  const created = events.find((event): event is Extract<TicketEvent, { type: 'created' }> => event.type === 'created');
  return { ticket, escalations, openedByCheck: isCheckIncidentDescription(created?.payload.description) };
}

/** Facts of many tickets from a mixed event list (grouped by ticket; tickets without `created` are skipped). */
export function factsFromLog(events: readonly TicketEvent[]): TicketFacts[] {
  const byTicket = new Map<string, TicketEvent[]>();
  for (const event of events) {
    const list = byTicket.get(event.ticketId) ?? [];
    list.push(event);
    byTicket.set(event.ticketId, list);
  }
  return [...byTicket.values()].filter((list) => list.some((e) => e.type === 'created')).map(factsFromEvents);
}
