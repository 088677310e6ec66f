/**
 * Ticket state = fold of its events in (hlc, id) order.
 * - Scalar fields: last writer wins by HLC (events are applied in order, so the latest set stays); the
 *   support level only goes up (concurrent escalations keep the highest).
 * - Comments, worklogs, checklist results, inventory snapshots, attachments: appended in event order; an
 *   attachment leaves with a removal by its author (attachments.ts).
 * - Status: moved by `statusEffect` (workflow.ts). A move that is invalid in the merged order (two devices
 *   acted on the same ticket offline) is not applied: the event stays in the log and the ticket gets an
 *   open conflict naming the event, actor, device and the attempted transition. A `conflict_resolved`
 *   event settles it, either keeping the current status or applying the attempted move; settling a
 *   conflict that no longer exists in the merged order does nothing.
 * - `applyEvent(state, event)` is the same step for an event that sorts after every event already folded
 *   (the normal local append); it gives exactly what `foldTicket` gives on the whole list. An event that
 *   sorts earlier (arrived late from sync) throws OutOfOrderError: re-fold that ticket from its events.
 * - Vendor: a redirect to a vendor hands the ticket to it (with its case reference and follow-up date);
 *   clearing the `vendor` field takes it back, and resolving or closing ends the hold too. Each hold is a
 *   span in `vendorSpans`, which the SLA clocks skip (sla.ts) and the indicators count apart.
 * - Field clashes: each field change runs the clash rule (clashes.ts) against the value the ticket had, so the
 *   ticket carries its open clashes (shown by the ticket, listed by the queue's Conflicts view).
 * Duplicates (same event id) are folded once.
 */
import { applyChangeEvent } from '../changes/fold';
import { AtelierError } from '../contract/errors';
import { compareEvents, type EventOf, type TicketEvent } from './events';
import { isOpen, type Status, type StatusConflict, type Ticket } from './model';
import { noClashes, noteFieldChange, type ClashState } from './clashes';
import { applyImported } from './imported';
import { attachedFile, removalRefusal } from './attachments';
import { priorityOf } from './priority';
import { higherLevel, statusEffect } from './workflow';

export class OutOfOrderError extends AtelierError {
  constructor(ticketId: string, eventId: string) {
    super('conflict', `Event ${eventId} sorts before the last event of ticket ${ticketId}: re-fold the ticket.`);
    this.name = 'OutOfOrderError';
  }
}

/** Sorted copy without duplicate ids: the order every fold uses. */
export function orderEvents(events: readonly TicketEvent[]): TicketEvent[] {
  const sorted = [...events].sort(compareEvents);
  return sorted.filter((event, index) => index === 0 || sorted[index - 1]?.id !== event.id);
}

/** Folds all the events of one ticket, in any order. Throws if they do not start with `created`. */
export function foldTicket(events: readonly TicketEvent[]): Ticket {
  const ordered = orderEvents(events);
  let state: Ticket | null = null;
  for (const event of ordered) state = step(state, event);
  if (state === null) throw new AtelierError('invalid_input', 'a ticket needs at least its created event');
  return state;
}

/** Applies one event that sorts after everything in `state` (null: the ticket does not exist yet). */
export function applyEvent(state: Ticket | null, event: TicketEvent): Ticket {
  if (state === null) return step(null, event);
  const order = compareEvents(event, { hlc: state.updatedAt, id: state.lastEventId });
  if (order === 0 && event.id === state.lastEventId) return state;
  if (order <= 0) throw new OutOfOrderError(state.id, event.id);
  return step(copyForUpdate(state), event);
}

/** Copies what `step` mutates; entries inside arrays are never mutated, only added or removed. */
function copyForUpdate(state: Ticket): Ticket {
  return {
    ...state,
    incidentIds: [...state.incidentIds],
    comments: [...state.comments],
    worklogs: [...state.worklogs],
    checklist: [...state.checklist],
    inventory: [...state.inventory],
    attachments: [...state.attachments],
    statusHistory: [...state.statusHistory],
    conflicts: [...state.conflicts],
    clashes: { open: [...(state.clashes?.open ?? [])], last: { ...state.clashes?.last } },
    vendorSpans: [...(state.vendorSpans ?? [])],
  };
}

function step(state: Ticket | null, event: TicketEvent): Ticket {
  if (event.type === 'created') {
    if (state !== null) throw new AtelierError('invalid_input', `ticket ${state.id} has a second created event ${event.id}`);
    return created(event);
  }
  if (state === null) {
    throw new AtelierError('invalid_input', `ticket ${event.ticketId}: its first event is ${event.type} ${event.id}, not created`);
  }
  if (event.ticketId !== state.id) {
    throw new AtelierError('invalid_input', `event ${event.id} belongs to ticket ${event.ticketId}, not ${state.id}`);
  }
  const t = state;
  const hadVendor = t.vendor !== null;
  const effect = statusEffect(t.status, event);
  applyFields(t, event);
  if (effect.kind === 'move') enterStatus(t, effect.to, event);
  else if (effect.kind === 'invalid') t.conflicts.push(conflictOf(t.status, effect.to, effect.message, event));
  trackVendor(t, hadVendor, event);
  if (event.type === 'resolved' && effect.kind !== 'invalid') t.resolution = event.payload.resolution;
  t.updatedAt = event.hlc;
  t.lastEventId = event.id;
  t.eventCount += 1;
  return t;
}

function created(event: EventOf<'created'>): Ticket {
  const p = event.payload;
  const ticket: Ticket = {
    id: event.ticketId,
    kind: p.kind,
    title: p.title,
    description: p.description ?? '',
    requester: p.requester ?? null,
    site: p.site ?? null,
    asset: p.asset ?? null,
    category: p.category ?? null,
    impact: p.impact,
    urgency: p.urgency,
    priority: priorityOf(p.impact, p.urgency),
    level: p.level ?? 'N1',
    assignee: null,
    team: null,
    vendor: null,
    vendorReference: null,
    vendorFollowUp: null,
    vendorSpans: [],
    status: 'new',
    resolution: null,
    problemId: null,
    incidentIds: [],
    comments: [],
    worklogs: [],
    checklist: [],
    inventory: [],
    attachments: [],
    statusHistory: [{ eventId: event.id, at: event.hlc, status: 'new' }],
    ownedAt: null,
    conflicts: [],
    clashes: noClashes(),
    createdAt: event.hlc,
    createdBy: event.actor,
    updatedAt: event.hlc,
    lastEventId: event.id,
    eventCount: 1,
  };
  return p.imported ? applyImported(ticket, event, p.imported) : ticket;
}

/** Everything an event does except moving the status. */
function applyFields(t: Ticket, event: Exclude<TicketEvent, { type: 'created' }>): void {
  switch (event.type) {
    case 'field_changed': {
      noteClashes(t, event);
      Object.assign(t, event.payload.changes);
      t.priority = priorityOf(t.impact, t.urgency);
      if (event.payload.changes.assignee || event.payload.changes.team) own(t, event);
      return;
    }
    case 'assigned':
    case 'escalated': {
      const { assignee, team } = event.payload;
      if (assignee !== undefined) t.assignee = assignee;
      if (team !== undefined) t.team = team;
      if (event.type === 'escalated') t.level = higherLevel(t.level, event.payload.toLevel);
      if (assignee !== undefined || team !== undefined) own(t, event);
      return;
    }
    case 'redirected': {
      const p = event.payload;
      if (p.to === 'vendor') {
        t.vendor = p.name;
        t.vendorReference = p.reference ?? null;
        t.vendorFollowUp = p.followUp ?? null;
        return;
      }
      t.team = p.name;
      t.assignee = p.assignee ?? null;
      own(t, event);
      return;
    }
    case 'comment_added':
      t.comments.push({ ...originOf(event), text: event.payload.text, internal: event.payload.internal });
      return;
    case 'worklog_added': {
      const { parts, ...rest } = event.payload;
      t.worklogs.push({ ...originOf(event), ...rest, parts: parts ?? [] });
      return;
    }
    case 'checklist_step_recorded':
      t.checklist.push({ ...originOf(event), ...event.payload });
      return;
    case 'inventory_attached':
      t.inventory.push({ ...originOf(event), ...event.payload });
      return;
    case 'attachment_added':
      t.attachments.push({ ...originOf(event), ...event.payload });
      return;
    case 'attachment_removed': {
      // Only a removal the rule admits takes a file off (a hub that let another through changes nothing here).
      const index = t.attachments.findIndex((a) => a.eventId === event.payload.attachmentId);
      if (removalRefusal(event, attachedFile(t, index)) === null) t.attachments.splice(index, 1);
      return;
    }
    case 'linked':
    case 'unlinked':
      applyLink(t, event);
      return;
    case 'conflict_resolved':
      settle(t, event);
      return;
    case 'status_changed':
    case 'resolved':
    case 'reopened':
      return;
    default:
      applyChangeEvent(t, event);
  }
}

/** Runs the clash rule (clashes.ts) on each field the change sets, against the value the ticket had. */
function noteClashes(t: Ticket, event: EventOf<'field_changed'>): void {
  const state: ClashState = (t.clashes ??= noClashes());
  const { changes, seen } = event.payload;
  for (const [field, value] of Object.entries(changes) as [keyof typeof changes, unknown][]) {
    const setting = { eventId: event.id, actor: event.actor, device: event.device, hlc: event.hlc, value };
    noteFieldChange(state, field, setting, seen, t[field] ?? null);
  }
}

function originOf(event: TicketEvent) {
  return { eventId: event.id, at: event.hlc, actor: event.actor, device: event.device };
}

function applyLink(t: Ticket, event: EventOf<'linked'> | EventOf<'unlinked'>): void {
  const { role, ticketId } = event.payload;
  if (role === 'problem') {
    if (event.type === 'linked') t.problemId = ticketId;
    else if (t.problemId === ticketId) t.problemId = null;
    return;
  }
  const has = t.incidentIds.includes(ticketId);
  if (event.type === 'linked' && !has) t.incidentIds.push(ticketId);
  if (event.type === 'unlinked' && has) t.incidentIds = t.incidentIds.filter((id) => id !== ticketId);
}

/** Opens or closes the vendor span when the hold starts or ends; a hold ends with the ticket's resolution. */
function trackVendor(t: Ticket, hadVendor: boolean, event: TicketEvent): void {
  if (t.vendor !== null && !isOpen(t.status)) t.vendor = null;
  const spans = (t.vendorSpans ??= []);
  if (!hadVendor && t.vendor !== null) spans.push({ from: event.hlc, to: null });
  if (hadVendor && t.vendor === null) {
    const last = spans.at(-1);
    if (last && last.to === null) spans[spans.length - 1] = { from: last.from, to: event.hlc };
    t.vendorReference = null;
    t.vendorFollowUp = null;
  }
}

function settle(t: Ticket, event: EventOf<'conflict_resolved'>): void {
  const conflict = t.conflicts.find((c) => c.eventId === event.payload.conflictId);
  if (!conflict) return;
  t.conflicts = t.conflicts.filter((c) => c !== conflict);
  if (event.payload.choice === 'keep_current') return;
  if (conflict.to !== t.status) enterStatus(t, conflict.to, event);
  if (conflict.to === 'resolved' && conflict.resolution) t.resolution = conflict.resolution;
}

function enterStatus(t: Ticket, to: Status, event: TicketEvent): void {
  t.status = to;
  t.statusHistory.push({ eventId: event.id, at: event.hlc, status: to });
  if (to === 'assigned' || to === 'in_progress' || to === 'resolved') own(t, event);
  if (isOpen(to)) t.resolution = null;
}

function own(t: Ticket, event: TicketEvent): void {
  if (t.ownedAt === null) t.ownedAt = event.hlc;
}

function conflictOf(from: Status, to: Status, message: string, event: TicketEvent): StatusConflict {
  const conflict: StatusConflict = {
    ...originOf(event),
    eventType: event.type,
    from,
    to,
    message,
  };
  if (event.type === 'status_changed') conflict.seenFrom = event.payload.from;
  if (event.type === 'resolved') conflict.resolution = event.payload.resolution;
  return conflict;
}
