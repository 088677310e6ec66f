/**
 * Status workflow and the rules a locally made event must pass before it is written.
 *
 * Full transition table (TRANSITIONS):
 *   new         -> assigned, in_progress, pending, resolved   (resolved directly: fixed on the first call)
 *   assigned    -> in_progress, pending, resolved
 *   in_progress -> assigned (handed back), pending, resolved
 *   pending     -> assigned, in_progress, resolved
 *   resolved    -> closed, in_progress (reopen)
 *   closed      -> in_progress (reopen)
 * Which event may do what: `resolved` is entered only by a `resolved` event (it carries the resolution text
 * and root cause); leaving resolved/closed only by a `reopened` event (it carries a reason); `assigned`
 * moves a `new` ticket to assigned and leaves other statuses alone; nothing goes back to `new`.
 *
 * `statusEffect` is the one place that says what an event does to the status; the fold uses it on the
 * merged order (an invalid move becomes a conflict) and `validateCommand` on a local command (an invalid
 * move is an error and nothing is written). Errors carry a stable `rule` the UI can translate.
 */
import { changeCommandFailure, type ChangeFailure } from '../changes/approval';
import { AtelierError } from '../contract/errors';
import { attachedFile, removalRefusal, type RemovalRule } from './attachments';
import { parseEvent, type TicketEvent } from './events';
import { isOpen, type Status, type SupportLevel, type Ticket } from './model';

export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: ['assigned', 'in_progress', 'pending', 'resolved'],
  assigned: ['in_progress', 'pending', 'resolved'],
  in_progress: ['assigned', 'pending', 'resolved'],
  pending: ['assigned', 'in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

/** The status a `reopened` event moves a resolved or closed ticket to. */
export const REOPEN_STATUS: Status = 'in_progress';

export type WorkflowRule =
  | 'same_status'
  | 'transition_not_allowed'
  | 'resolve_before_closing'
  | 'reopen_needs_reason'
  | 'not_reopenable'
  | 'stale_status'
  | 'needs_assignee'
  | 'ticket_closed'
  | 'ticket_resolved'
  | 'highest_level'
  | 'level_not_higher'
  | 'link_wrong_kind'
  | 'link_self'
  | 'already_linked'
  | 'not_linked'
  | 'kind_has_links'
  | 'no_such_conflict'
  | 'ticket_missing'
  | 'ticket_exists'
  | 'wrong_ticket'
  | RemovalRule
  | ChangeFailure['rule'];

export type Check = { ok: true } | { ok: false; rule: WorkflowRule; message: string };

/** A workflow rule broken by a command: code `conflict`, plus the rule key for translations. */
export class WorkflowError extends AtelierError {
  readonly rule: WorkflowRule;
  constructor(rule: WorkflowRule, message: string, path?: string) {
    super('conflict', message, path);
    this.name = 'WorkflowError';
    this.rule = rule;
  }
}

const LABELS: Record<Status, string> = {
  new: 'new',
  assigned: 'assigned',
  in_progress: 'in progress',
  pending: 'pending',
  resolved: 'resolved',
  closed: 'closed',
};
const quote = (status: Status) => `"${LABELS[status]}"`;

export function checkTransition(from: Status, to: Status): Check {
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  if (from === to) return { ok: false, rule: 'same_status', message: `The ticket is already ${quote(to)}.` };
  if (to === 'closed') {
    return { ok: false, rule: 'resolve_before_closing', message: 'Only a resolved ticket can be closed: resolve it first.' };
  }
  if (from === 'closed') {
    return { ok: false, rule: 'transition_not_allowed', message: 'A closed ticket can only be reopened.' };
  }
  const next = TRANSITIONS[from].map(quote).join(', ');
  return {
    ok: false,
    rule: 'transition_not_allowed',
    message: `A ticket cannot go from ${quote(from)} to ${quote(to)}; from ${quote(from)} it can go to ${next}.`,
  };
}

export type StatusEffect =
  | { kind: 'none' }
  | { kind: 'move'; to: Status }
  | { kind: 'invalid'; to: Status; rule: WorkflowRule; message: string };

const NONE: StatusEffect = { kind: 'none' };

/** What `event` does to a ticket whose status is `current`. `none` also covers "already there". */
export function statusEffect(current: Status, event: TicketEvent): StatusEffect {
  switch (event.type) {
    case 'assigned':
      return current === 'new' ? { kind: 'move', to: 'assigned' } : NONE;
    case 'status_changed': {
      const to = event.payload.to;
      if (to === current) return NONE;
      if (!isOpen(current) && isOpen(to)) {
        return { kind: 'invalid', to, rule: 'reopen_needs_reason', message: 'Reopen the ticket, with a reason, to work on it again.' };
      }
      return moveOrInvalid(current, to);
    }
    case 'resolved':
      return current === 'resolved' ? NONE : moveOrInvalid(current, 'resolved');
    case 'reopened':
      return isOpen(current) ? NONE : moveOrInvalid(current, REOPEN_STATUS);
    default:
      return NONE;
  }
}

function moveOrInvalid(from: Status, to: Status): StatusEffect {
  const check = checkTransition(from, to);
  return check.ok ? { kind: 'move', to } : { kind: 'invalid', to, rule: check.rule, message: check.message };
}

const LEVEL_RANK: Record<SupportLevel, number> = { N1: 1, N2: 2, N3: 3 };

/** N1 -> N2 -> N3 -> null. */
export function nextLevel(level: SupportLevel): SupportLevel | null {
  return level === 'N1' ? 'N2' : level === 'N2' ? 'N3' : null;
}

export function higherLevel(a: SupportLevel, b: SupportLevel): SupportLevel {
  return LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}

export function checkEscalation(from: SupportLevel, to: SupportLevel): Check {
  if (from === 'N3') {
    return { ok: false, rule: 'highest_level', message: 'The ticket is already at N3, the highest level: it cannot be escalated.' };
  }
  if (LEVEL_RANK[to] <= LEVEL_RANK[from]) {
    return { ok: false, rule: 'level_not_higher', message: `Escalation raises the level: the ticket is at ${from}, choose a level above it.` };
  }
  return { ok: true };
}

/** Types still accepted on a closed ticket (notes and evidence added after the fact, settling, reopening). */
const ALLOWED_WHEN_CLOSED = new Set<TicketEvent['type']>([
  'reopened',
  'comment_added',
  'worklog_added',
  'attachment_added',
  'attachment_removed',
  'inventory_attached',
  'linked',
  'unlinked',
  'conflict_resolved',
]);
/** Types refused on a resolved ticket: the work is done, reopen it first. */
const REFUSED_WHEN_RESOLVED = new Set<TicketEvent['type']>(['assigned', 'escalated', 'redirected']);

/**
 * Checks an event made on this device BEFORE the store appends it (the fold never refuses merged events).
 * `state` is the ticket's current fold, null when it does not exist yet. Returns the parsed event (texts
 * trimmed), which is what must be stored. Throws AtelierError `invalid_input` for a bad shape and
 * WorkflowError (`conflict`) for a broken rule, each naming the path.
 */
export function validateCommand(state: Ticket | null, value: unknown): TicketEvent {
  const event = parseEvent(value);
  const failure = commandFailure(state, event);
  if (failure) throw new WorkflowError(failure.rule, failure.message, failure.path);
  return event;
}

type Failure = { rule: WorkflowRule; message: string; path?: string };

function commandFailure(state: Ticket | null, event: TicketEvent): Failure | null {
  if (state === null) {
    return event.type === 'created'
      ? null
      : { rule: 'ticket_missing', message: `Ticket ${event.ticketId} does not exist.`, path: 'ticketId' };
  }
  if (event.type === 'created') return { rule: 'ticket_exists', message: `Ticket ${state.id} already exists.`, path: 'id' };
  if (event.ticketId !== state.id) {
    return { rule: 'wrong_ticket', message: `The event is for ticket ${event.ticketId}, not ${state.id}.`, path: 'ticketId' };
  }
  if (state.status === 'closed' && !ALLOWED_WHEN_CLOSED.has(event.type)) {
    return { rule: 'ticket_closed', message: 'The ticket is closed: reopen it first.', path: 'type' };
  }
  if (state.status === 'resolved' && REFUSED_WHEN_RESOLVED.has(event.type)) {
    return { rule: 'ticket_resolved', message: 'The ticket is resolved: reopen it first.', path: 'type' };
  }

  const effect = statusEffect(state.status, event);
  if (effect.kind === 'invalid') return { rule: effect.rule, message: effect.message, path: statusPath(event) };

  switch (event.type) {
    case 'status_changed': {
      const { from, to } = event.payload;
      if (from !== state.status) {
        return { rule: 'stale_status', message: `The ticket is now ${quote(state.status)}, not ${quote(from)}: look again before changing it.`, path: 'payload.from' };
      }
      if (effect.kind === 'none') return { rule: 'same_status', message: `The ticket is already ${quote(to)}.`, path: 'payload.to' };
      if (to === 'assigned' && state.assignee === null && state.team === null) {
        return { rule: 'needs_assignee', message: 'Assign the ticket to a person or a team first.', path: 'payload.to' };
      }
      return null;
    }
    case 'resolved':
      return effect.kind === 'none' ? { rule: 'same_status', message: 'The ticket is already resolved.', path: 'type' } : null;
    case 'reopened':
      return effect.kind === 'none'
        ? { rule: 'not_reopenable', message: 'Only a resolved or closed ticket can be reopened.', path: 'type' }
        : null;
    case 'attachment_removed': {
      const refusal = removalRefusal(event, attachedFile(state, state.attachments.findIndex((a) => a.eventId === event.payload.attachmentId)));
      return refusal && { rule: refusal.rule, message: refusal.message, path: refusal.field };
    }
    case 'escalated': {
      const check = checkEscalation(state.level, event.payload.toLevel);
      return check.ok ? null : { rule: check.rule, message: check.message, path: 'payload.toLevel' };
    }
    case 'field_changed': {
      const kind = event.payload.changes.kind;
      if (kind !== undefined && kind !== 'problem' && state.incidentIds.length > 0) {
        return { rule: 'kind_has_links', message: 'This problem has linked incidents: unlink them before changing its kind.', path: 'payload.changes.kind' };
      }
      if (kind !== undefined && kind !== 'incident' && state.problemId !== null) {
        return { rule: 'kind_has_links', message: 'This incident is linked to a problem: unlink it before changing its kind.', path: 'payload.changes.kind' };
      }
      return null;
    }
    case 'linked':
    case 'unlinked':
      return linkFailure(state, event);
    case 'conflict_resolved':
      return state.conflicts.some((c) => c.eventId === event.payload.conflictId)
        ? null
        : { rule: 'no_such_conflict', message: 'This conflict is already settled or does not exist.', path: 'payload.conflictId' };
    default:
      return changeCommandFailure(state, event.type, event.payload as { runId?: string });
  }
}

function linkFailure(state: Ticket, event: Extract<TicketEvent, { type: 'linked' | 'unlinked' }>): Failure | null {
  const { role, ticketId } = event.payload;
  const linked = role === 'problem' ? state.problemId === ticketId : state.incidentIds.includes(ticketId);
  if (event.type === 'unlinked') {
    return linked ? null : { rule: 'not_linked', message: `Ticket ${ticketId} is not linked to this ticket.`, path: 'payload.ticketId' };
  }
  if (ticketId === state.id) return { rule: 'link_self', message: 'A ticket cannot be linked to itself.', path: 'payload.ticketId' };
  if (role === 'problem' && state.kind !== 'incident') {
    return { rule: 'link_wrong_kind', message: 'Only an incident can be linked to a problem.', path: 'payload.role' };
  }
  if (role === 'incident' && state.kind !== 'problem') {
    return { rule: 'link_wrong_kind', message: 'Only a problem can have incidents linked to it.', path: 'payload.role' };
  }
  return linked ? { rule: 'already_linked', message: `Ticket ${ticketId} is already linked.`, path: 'payload.ticketId' } : null;
}

function statusPath(event: TicketEvent): string {
  return event.type === 'status_changed' ? 'payload.to' : 'type';
}

/**
 * The actions a ticket offers now, each named once. `resume` is `start` from `pending` (a separate name so
 * the bar never says "Resume" for two things). Each is kept only when the same rules `validateCommand`
 * applies would accept its event, so the buttons can never offer a move the core refuses.
 */
export type TicketAction = 'take' | 'start' | 'resume' | 'hold' | 'escalate' | 'redirect' | 'vendorBack' | 'resolve' | 'close' | 'reopen';

export function allowedActions(ticket: Ticket, actor: string | null): TicketAction[] {
  // Only type, ticketId and payload matter to the rules; the envelope is filled when the core writes it.
  const probe = (type: TicketEvent['type'], payload: unknown) =>
    commandFailure(ticket, { id: '', hlc: '', actor: actor ?? '', device: '', ticketId: ticket.id, type, payload } as TicketEvent) === null;
  const moveTo = (to: Status) => probe('status_changed', { from: ticket.status, to });
  const level = nextLevel(ticket.level);
  const actions: TicketAction[] = [];
  if (actor && ticket.assignee !== actor && probe('assigned', { assignee: actor })) actions.push('take');
  if (moveTo('in_progress')) actions.push(ticket.status === 'pending' ? 'resume' : 'start');
  if (moveTo('pending')) actions.push('hold');
  if (level && probe('escalated', { toLevel: level, reason: '-' })) actions.push('escalate');
  if (probe('redirected', { to: 'team', name: '-', reason: '-' })) actions.push('redirect');
  // Taking it back from the vendor clears the field (older devices fold that too).
  if (ticket.vendor !== null && probe('field_changed', { changes: { vendor: null } })) actions.push('vendorBack');
  if (probe('resolved', { resolution: { text: '-', rootCause: '-' } })) actions.push('resolve');
  if (moveTo('closed')) actions.push('close');
  if (probe('reopened', { reason: '-' })) actions.push('reopen');
  return actions;
}
