import { v7 as uuidv7 } from 'uuid';
import { Hlc, type TicketEvent } from '../../shared/tickets';

/**
 * Realistic ticket events without going through a store: per ticket a `created` then comments, field
 * changes and worklogs, stamped by one device's clock. Valid for parseEvent and the fold.
 */
export function makeEvents(count: number, options: { node: string; actor: string; perTicket?: number }): TicketEvent[] {
  const perTicket = options.perTicket ?? 10;
  const hlc = new Hlc({ node: options.node });
  const events: TicketEvent[] = [];
  let ticketId = '';
  for (let i = 0; i < count; i++) {
    const base = { id: uuidv7(), hlc: hlc.now(), actor: options.actor, device: options.node };
    const step = i % perTicket;
    if (step === 0) {
      ticketId = uuidv7();
      events.push({ ...base, ticketId, type: 'created', payload: { kind: 'incident', title: `Workstation ${i} will not boot`, description: 'Black screen after the logo; fans spin.', requester: 'M. Durand', site: 'Lyon', impact: 2, urgency: 2 } });
    } else if (step % 3 === 1) {
      events.push({ ...base, ticketId, type: 'comment_added', payload: { text: `Checked the power supply and the RAM seating (step ${step}).`, internal: false } });
    } else if (step % 3 === 2) {
      events.push({ ...base, ticketId, type: 'field_changed', payload: { changes: { impact: ((i % 3) + 1) as 1 | 2 | 3, site: i % 2 ? 'Lyon' : 'Paris' } } });
    } else {
      events.push({ ...base, ticketId, type: 'worklog_added', payload: { minutes: 15 + (i % 30), kind: 'work' } });
    }
  }
  return events;
}
