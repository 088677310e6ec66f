import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract/errors';
import {
  Status,
  TRANSITIONS,
  WorkflowError,
  checkEscalation,
  checkTransition,
  foldTicket,
  nextLevel,
  validateCommand,
  type EventType,
  type PayloadOf,
  type Ticket,
  type TicketEvent,
} from '../../../shared/tickets';
import { Device, NODE_A, prng } from './fixtures';

const RESOLUTION = { text: 'Replaced the disk', rootCause: 'unknown' };

/** A ticket driven through valid commands to `status`, with its history and device. */
function ticketAt(status: Status) {
  const device = new Device('laptop-a', NODE_A, prng(5));
  const events: TicketEvent[] = [];
  let state: Ticket | null = null;
  const run = <T extends EventType>(type: T, payload: PayloadOf<T>) => {
    const event = validateCommand(state, device.make('T1', type, payload));
    events.push(event);
    state = foldTicket(events);
    return state;
  };
  run('created', { kind: 'incident', title: 'Printer offline', impact: 2, urgency: 2 });
  const path: Record<Status, () => void> = {
    new: () => {},
    assigned: () => run('assigned', { assignee: 'Alice' }),
    in_progress: () => {
      path.assigned();
      run('status_changed', { from: 'assigned', to: 'in_progress' });
    },
    pending: () => {
      path.in_progress();
      run('status_changed', { from: 'in_progress', to: 'pending', reason: 'waiting for the user' });
    },
    resolved: () => {
      path.in_progress();
      run('resolved', { resolution: RESOLUTION });
    },
    closed: () => {
      path.resolved();
      run('status_changed', { from: 'resolved', to: 'closed' });
    },
  };
  path[status]();
  const ticket = state as unknown as Ticket;
  expect(ticket.status).toBe(status);
  const command = <T extends EventType>(type: T, payload: PayloadOf<T>) => device.make('T1', type, payload);
  return { ticket, events, device, command };
}

function refusal(run: () => unknown): AtelierError {
  try {
    run();
  } catch (error) {
    if (error instanceof AtelierError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The event that makes the move `from` -> `to` in the UI. */
function commandFor(from: Status, to: Status, make: ReturnType<typeof ticketAt>['command']) {
  if (to === 'resolved') return make('resolved', { resolution: RESOLUTION });
  if ((from === 'resolved' || from === 'closed') && to === 'in_progress') return make('reopened', { reason: 'the user called back' });
  return make('status_changed', { from, to: to as PayloadOf<'status_changed'>['to'] });
}

describe('status workflow', () => {
  const all = Status.options;
  const allowed = all.flatMap((from) => TRANSITIONS[from].map((to) => [from, to] as const));
  const refused = all.flatMap((from) => all.filter((to) => !TRANSITIONS[from].includes(to)).map((to) => [from, to] as const));

  it('documents the table', () => {
    expect(TRANSITIONS).toEqual({
      new: ['assigned', 'in_progress', 'pending', 'resolved'],
      assigned: ['in_progress', 'pending', 'resolved'],
      in_progress: ['assigned', 'pending', 'resolved'],
      pending: ['assigned', 'in_progress', 'resolved'],
      resolved: ['closed', 'in_progress'],
      closed: ['in_progress'],
    });
  });

  it.each(allowed)('allows %s -> %s through the matching command', (from, to) => {
    expect(checkTransition(from, to)).toEqual({ ok: true });
    const { ticket, events, command } = ticketAt(from);
    const withOwner: Ticket = { ...ticket, team: 'Helpdesk' };
    const event = validateCommand(withOwner, commandFor(from, to, command));
    expect(foldTicket([...events, event]).status).toBe(to);
  });

  it.each(refused)('refuses %s -> %s, and so does the command', (from, to) => {
    expect(checkTransition(from, to).ok).toBe(false);
    if (to === 'new') return; // no command targets new: the event schema has no such value
    const { ticket, command } = ticketAt(from);
    const error = refusal(() => validateCommand({ ...ticket, team: 'Helpdesk' }, commandFor(from, to, command)));
    expect(error).toBeInstanceOf(WorkflowError);
  });

  it.each([
    ['new', 'new', /already "new"/],
    ['new', 'closed', /Only a resolved ticket can be closed: resolve it first/],
    ['in_progress', 'closed', /Only a resolved ticket can be closed/],
    ['closed', 'pending', /A closed ticket can only be reopened/],
    ['resolved', 'pending', /cannot go from "resolved" to "pending"; from "resolved" it can go to "closed", "in progress"/],
    ['assigned', 'new', /cannot go from "assigned" to "new"/],
  ] as const)('explains %s -> %s', (from, to, message) => {
    const check = checkTransition(from, to);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it('a plain status change cannot reopen: it needs the reopen command and its reason', () => {
    const { ticket, command } = ticketAt('resolved');
    const error = refusal(() => validateCommand(ticket, command('status_changed', { from: 'resolved', to: 'in_progress' })));
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).rule).toBe('reopen_needs_reason');
    expect(error.path).toBe('payload.to');
    expect(refusal(() => validateCommand(ticket, command('reopened', { reason: ' ' }))).path).toBe('payload.reason');
  });

  it('only a resolved or closed ticket can be reopened', () => {
    const { ticket, command } = ticketAt('in_progress');
    const error = refusal(() => validateCommand(ticket, command('reopened', { reason: 'again' })));
    expect(error.message).toBe('Only a resolved or closed ticket can be reopened.');
  });

  it('refuses to close a ticket that is not resolved, and a stale status change', () => {
    const { ticket, command } = ticketAt('pending');
    const close = refusal(() => validateCommand(ticket, command('status_changed', { from: 'pending', to: 'closed' })));
    expect(close.code).toBe('conflict');
    expect(close.message).toMatch(/resolve it first/);
    const stale = refusal(() => validateCommand(ticket, command('status_changed', { from: 'in_progress', to: 'assigned' })));
    expect((stale as WorkflowError).rule).toBe('stale_status');
    expect(stale.message).toBe('The ticket is now "pending", not "in progress": look again before changing it.');
  });

  it('moving to assigned needs someone to assign it to', () => {
    const { ticket, command } = ticketAt('in_progress');
    const unowned: Ticket = { ...ticket, assignee: null, team: null };
    expect((refusal(() => validateCommand(unowned, command('status_changed', { from: 'in_progress', to: 'assigned' }))) as WorkflowError).rule).toBe(
      'needs_assignee',
    );
  });

  it('resolving needs a resolution text and a root cause, "unknown" accepted', () => {
    const { ticket, command } = ticketAt('in_progress');
    const missing = refusal(() => validateCommand(ticket, command('resolved', { resolution: { text: 'Rebooted' } } as never)));
    expect(missing.code).toBe('invalid_input');
    expect(missing.path).toBe('payload.resolution.rootCause');
    expect(missing.message).toMatch(/write "unknown"/);
    const ok = validateCommand(ticket, command('resolved', { resolution: { text: ' Rebooted ', rootCause: 'unknown' } }));
    expect(ok.payload).toEqual({ resolution: { text: 'Rebooted', rootCause: 'unknown' } });
    const again = refusal(() => validateCommand(ticket, command('status_changed', { from: 'in_progress', to: 'in_progress' })));
    expect(again.message).toBe('The ticket is already "in progress".');
  });

  it('a closed ticket takes comments and worklogs but no edits', () => {
    const { ticket, command } = ticketAt('closed');
    expect(() => validateCommand(ticket, command('comment_added', { text: 'Thanks!', internal: false }))).not.toThrow();
    expect(() => validateCommand(ticket, command('worklog_added', { minutes: 15, kind: 'travel' }))).not.toThrow();
    const edit = refusal(() => validateCommand(ticket, command('field_changed', { changes: { title: 'New title' } })));
    expect(edit.message).toBe('The ticket is closed: reopen it first.');
    const resolved = ticketAt('resolved');
    expect(refusal(() => validateCommand(resolved.ticket, resolved.command('escalated', { toLevel: 'N2', reason: 'x' }))).message).toBe(
      'The ticket is resolved: reopen it first.',
    );
  });

  it('checks the ticket exists, is not created twice and is the right one', () => {
    const { ticket, command, device } = ticketAt('new');
    expect((refusal(() => validateCommand(null, command('comment_added', { text: 'x', internal: true }))) as WorkflowError).rule).toBe('ticket_missing');
    expect((refusal(() => validateCommand(ticket, command('created', { kind: 'request', title: 'x', impact: 3, urgency: 3 }))) as WorkflowError).rule).toBe(
      'ticket_exists',
    );
    const other = device.make('T2', 'comment_added', { text: 'x', internal: true });
    expect(refusal(() => validateCommand(ticket, other)).path).toBe('ticketId');
  });
});

describe('escalation', () => {
  it('goes up one level at a time by default: N1 -> N2 -> N3 -> none', () => {
    expect(nextLevel('N1')).toBe('N2');
    expect(nextLevel('N2')).toBe('N3');
    expect(nextLevel('N3')).toBeNull();
  });

  it('raises the level with a reason and an optional new assignee', () => {
    const { ticket, events, command } = ticketAt('in_progress');
    const event = validateCommand(ticket, command('escalated', { toLevel: 'N2', reason: 'needs domain admin rights', assignee: 'Bob' }));
    const after = foldTicket([...events, event]);
    expect(after).toMatchObject({ level: 'N2', assignee: 'Bob', status: 'in_progress' });
  });

  it('refuses going down, staying level, and escalating N3', () => {
    expect(checkEscalation('N2', 'N1')).toMatchObject({ ok: false, rule: 'level_not_higher' });
    expect(checkEscalation('N2', 'N2')).toMatchObject({ ok: false, message: 'Escalation raises the level: the ticket is at N2, choose a level above it.' });
    expect(checkEscalation('N3', 'N3')).toMatchObject({ ok: false, rule: 'highest_level' });
    expect(checkEscalation('N1', 'N3')).toEqual({ ok: true });
    const { ticket, command } = ticketAt('assigned');
    const atN3: Ticket = { ...ticket, level: 'N3' };
    const error = refusal(() => validateCommand(atN3, command('escalated', { toLevel: 'N3', reason: 'still broken' })));
    expect(error.path).toBe('payload.toLevel');
    expect(error.message).toMatch(/already at N3, the highest level/);
  });

  it('needs a reason', () => {
    const { ticket, command } = ticketAt('assigned');
    const error = refusal(() => validateCommand(ticket, command('escalated', { toLevel: 'N2', reason: '' })));
    expect(error.path).toBe('payload.reason');
    expect(error.message).toBe('payload.reason: a reason is required');
  });
});

describe('links', () => {
  it('links an incident to a problem, refuses the wrong kind and itself', () => {
    const { ticket, command } = ticketAt('new');
    expect(() => validateCommand(ticket, command('linked', { role: 'problem', ticketId: 'P9' }))).not.toThrow();
    expect((refusal(() => validateCommand(ticket, command('linked', { role: 'incident', ticketId: 'T7' }))) as WorkflowError).rule).toBe('link_wrong_kind');
    expect((refusal(() => validateCommand(ticket, command('linked', { role: 'problem', ticketId: 'T1' }))) as WorkflowError).rule).toBe('link_self');
    expect((refusal(() => validateCommand(ticket, command('unlinked', { role: 'problem', ticketId: 'P9' }))) as WorkflowError).rule).toBe('not_linked');
  });
});
