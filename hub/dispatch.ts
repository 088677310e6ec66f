import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { APPROVAL_EVENT_TYPES, approverRefusal } from '../shared/changes';
import { AtelierError, parseOrThrow } from '../shared/contract/errors';
import { CreatedPayload, foldTicket, Hlc, Name, TicketId, validateCommand, type TicketEvent } from '../shared/tickets';
import type { HubDatabase, Sql } from './db/sql';
import { HubError } from './errors';
import type { Principal } from './store/accounts';
import type { EventLog } from './store/event-log';

export const DispatchCreate = z
  .object({ ticket: CreatedPayload, assignee: Name.optional(), team: Name.optional() })
  .strict();
export const DispatchAssign = z
  .object({ ticketId: TicketId, assignee: Name.optional(), team: Name.optional() })
  .strict()
  .refine((body) => body.assignee !== undefined || body.team !== undefined, { message: 'an assignee or a team is required', path: ['assignee'] });

/**
 * The dispatch API: the hub itself creates and assigns tickets (a real source of work for the queues).
 * Events are made by the dispatch identity `dispatch/<user>` on the hub's own clock node, checked by the
 * same workflow rules as on a device, and stored like pushed events, so every device pulls them.
 */
export class Dispatcher {
  constructor(
    private readonly db: HubDatabase,
    private readonly log: EventLog,
    private readonly now: () => number,
  ) {}

  async create(principal: Principal, body: unknown): Promise<{ ticketId: string; events: TicketEvent[] }> {
    requireDispatcher(principal);
    const input = hubParse(DispatchCreate, body);
    const ticketId = uuidv7();
    return await this.write(principal, ticketId, (stamp) => {
      const created = validateCommand(null, stamp('created', input.ticket));
      const events = [created];
      if (input.assignee !== undefined || input.team !== undefined) {
        events.push(validateCommand(foldTicket(events), stamp('assigned', { assignee: input.assignee, team: input.team })));
      }
      return events;
    });
  }

  async assign(principal: Principal, body: unknown): Promise<{ ticketId: string; events: TicketEvent[] }> {
    requireDispatcher(principal);
    const input = hubParse(DispatchAssign, body);
    return await this.write(principal, input.ticketId, (stamp, history) => {
      if (history.length === 0) throw new HubError('not_found', `no ticket ${input.ticketId} on this hub`, 'ticketId');
      return [validateCommand(foldTicket(history), stamp('assigned', { assignee: input.assignee, team: input.team }))];
    });
  }

  /** One transaction: the dispatch clock row is locked, so concurrent hubs issue increasing timestamps. */
  private async write(
    principal: Principal,
    ticketId: string,
    make: (stamp: (type: TicketEvent['type'], payload: unknown) => unknown, history: TicketEvent[]) => TicketEvent[],
  ): Promise<{ ticketId: string; events: TicketEvent[] }> {
    return await this.db.transaction(async (tx: Sql) => {
      const [clockRow] = await tx.query<{ node_id: string; last_hlc: string | null }>('SELECT node_id, last_hlc FROM dispatch_clock WHERE id = 1 FOR UPDATE');
      if (!clockRow) throw new HubError('internal', 'the dispatch clock is missing: run the hub migrations');
      const history = await this.log.ticketEvents(principal.teamId, ticketId, tx);
      const hlc = new Hlc({ node: clockRow.node_id, last: clockRow.last_hlc, wall: this.now });
      for (const event of history) hlc.receive(event.hlc);
      const actor = `dispatch/${principal.user}`;
      let events: TicketEvent[];
      try {
        events = make((type, payload) => ({ id: uuidv7(), ticketId, hlc: hlc.now(), actor, device: clockRow.node_id, type, payload }), history);
      } catch (error) {
        if (error instanceof AtelierError) throw new HubError(error.code === 'conflict' ? 'conflict' : 'invalid_input', error.message, error.path);
        throw error;
      }
      await tx.query('UPDATE dispatch_clock SET last_hlc = $1 WHERE id = 1', [hlc.last]);
      await this.log.appendIn(tx, principal.teamId, events, null);
      return { ticketId, events };
    });
  }
}

/**
 * The change workflow's level rule at the hub: an approval or rejection of a change is refused, with the
 * whole push, unless the pushing user is N2 or N3 here, whatever level the device wrote in the event.
 */
export function checkChangeApprovals(principal: Principal, events: readonly TicketEvent[]): void {
  events.forEach((event, index) => {
    if (!APPROVAL_EVENT_TYPES.includes(event.type)) return;
    const refusal = approverRefusal(`"${principal.user}"`, principal.level);
    if (refusal) throw new HubError('forbidden', `${refusal} (this hub knows the user as ${principal.level}; an admin sets it with: hub user level)`, `events[${index}].type`);
  });
}

function requireDispatcher(principal: Principal): void {
  if (principal.role === 'technician') {
    throw new HubError('forbidden', `"${principal.user}" is a technician: the dispatch API needs the dispatcher or admin role`);
  }
}

export function hubParse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  try {
    return parseOrThrow(schema, value);
  } catch (error) {
    if (error instanceof AtelierError) throw new HubError('invalid_input', error.message, error.path);
    throw error;
  }
}
