import { describe, expect, it } from 'vitest';
import {
  OutOfOrderError,
  WorkflowError,
  applyEvent,
  foldTicket,
  validateCommand,
} from '../../../shared/tickets';
import { Device, MIN, NODE_A, NODE_B, T0, prng } from './fixtures';

const RESOLUTION = { text: 'Replaced the SSD', rootCause: 'worn-out disk' };

function pair(seed = 1) {
  const rand = prng(seed);
  return { a: new Device('laptop-a', NODE_A, rand), b: new Device('laptop-b', NODE_B, rand, T0 - 3 * MIN) };
}

describe('foldTicket', () => {
  it('builds the ticket: fields last-writer-wins, priority derived, entries appended in order', () => {
    const { a, b } = pair();
    const created = a.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 3, urgency: 3, category: 'hardware' });
    b.receive([created]);
    const fromB = b.make('T1', 'field_changed', { changes: { title: 'Slow PC in room 12', impact: 1 } });
    a.wallMs += MIN;
    const fromA = a.make('T1', 'field_changed', { changes: { title: 'PC very slow', category: 'hardware/disk' } });
    const comment = a.make('T1', 'comment_added', { text: 'Disk at 100 %', internal: true });
    const worklog = a.make('T1', 'worklog_added', { minutes: 45, kind: 'work', parts: [{ name: 'SSD 500 GB', quantity: 1 }] });

    const ticket = foldTicket([worklog, fromB, comment, created, fromA]);
    expect(ticket).toMatchObject({
      title: 'PC very slow',
      impact: 1,
      urgency: 3,
      priority: 'P3',
      category: 'hardware/disk',
      status: 'new',
      level: 'N1',
      createdBy: 'laptop-a',
      eventCount: 5,
      updatedAt: worklog.hlc,
      lastEventId: worklog.id,
    });
    expect(ticket.comments.map((c) => c.text)).toEqual(['Disk at 100 %']);
    expect(ticket.worklogs[0]).toMatchObject({ minutes: 45, parts: [{ name: 'SSD 500 GB', quantity: 1 }], actor: 'laptop-a' });
  });

  it('needs the created event first and folds duplicates once', () => {
    const { a } = pair();
    const created = a.make('T1', 'created', { kind: 'request', title: 'New badge', impact: 3, urgency: 2 });
    const comment = a.make('T1', 'comment_added', { text: 'ok', internal: false });
    expect(() => foldTicket([comment])).toThrow(/first event is comment_added/);
    expect(() => foldTicket([])).toThrow(/at least its created event/);
    expect(foldTicket([created, comment, comment, created]).comments).toHaveLength(1);
  });

  it('applyEvent continues a fold, ignores the same last event, and refuses an earlier one', () => {
    const { a, b } = pair();
    const created = a.make('T1', 'created', { kind: 'incident', title: 'No mail', impact: 2, urgency: 1 });
    const late = b.make('T1', 'comment_added', { text: 'made offline, earlier clock', internal: false });
    const next = a.make('T1', 'assigned', { assignee: 'Alice' });
    const state = applyEvent(applyEvent(null, created), next);
    expect(state).toEqual(foldTicket([created, next]));
    expect(applyEvent(state, next)).toBe(state);
    expect(() => applyEvent(state, late)).toThrow(OutOfOrderError);
    // applyEvent never mutates the state it was given.
    const before = JSON.stringify(state);
    applyEvent(state, a.make('T1', 'comment_added', { text: 'x', internal: true }));
    expect(JSON.stringify(state)).toBe(before);
  });

  it('links a problem to many incidents and back', () => {
    const { a } = pair();
    const events = [
      a.make('P1', 'created', { kind: 'problem', title: 'Wi-Fi drops on floor 2', impact: 1, urgency: 2 }),
      a.make('P1', 'linked', { role: 'incident', ticketId: 'I1' }),
      a.make('P1', 'linked', { role: 'incident', ticketId: 'I2' }),
      a.make('P1', 'linked', { role: 'incident', ticketId: 'I1' }),
      a.make('P1', 'unlinked', { role: 'incident', ticketId: 'I1' }),
    ];
    expect(foldTicket(events).incidentIds).toEqual(['I2']);
  });

  it('a vendor holds the ticket with its reference and follow-up date until taken back, each hold a span', () => {
    const { a } = pair();
    const created = a.make('T1', 'created', { kind: 'incident', title: 'Sage will not start', impact: 2, urgency: 2 });
    const toVendor = a.make('T1', 'redirected', { to: 'vendor', name: 'Sage Support', reason: 'licence server', reference: 'SAGE-88231', followUp: '2025-03-17' });
    const held = foldTicket([created, toVendor]);
    expect(held).toMatchObject({ vendor: 'Sage Support', vendorReference: 'SAGE-88231', vendorFollowUp: '2025-03-17', vendorSpans: [{ from: toVendor.hlc, to: null }] });

    const back = a.make('T1', 'field_changed', { changes: { vendor: null } });
    const again = a.make('T1', 'redirected', { to: 'vendor', name: 'Dell', reason: 'warranty' });
    const resolved = a.make('T1', 'resolved', { resolution: RESOLUTION });
    const all = [created, toVendor, back, again, resolved];
    expect(foldTicket(all.slice(0, 3))).toMatchObject({ vendor: null, vendorReference: null, vendorFollowUp: null });
    // Resolving ends the hold; a redirect from an older device (no reference) still folds.
    expect(foldTicket(all)).toMatchObject({
      vendor: null,
      vendorSpans: [{ from: toVendor.hlc, to: back.hlc }, { from: again.hlc, to: resolved.hlc }],
    });
    expect(all.slice(1).reduce((state, event) => applyEvent(state, event), foldTicket([created]))).toEqual(foldTicket(all));
  });

  it('continues a state folded before vendor periods existed', () => {
    const { a } = pair();
    const created = a.make('T1', 'created', { kind: 'incident', title: 'Sage will not start', impact: 2, urgency: 2 });
    const { vendorSpans: _spans, vendorReference: _ref, vendorFollowUp: _follow, ...older } = foldTicket([created]);
    const toVendor = a.make('T1', 'redirected', { to: 'vendor', name: 'Sage Support', reason: 'licence server' });
    expect(applyEvent(older, toVendor)).toMatchObject({ vendor: 'Sage Support', vendorSpans: [{ from: toVendor.hlc, to: null }] });
  });

  it('refuses a reference or a follow-up date on a redirect to a team, naming the field', () => {
    const { a } = pair();
    const ticket = foldTicket([a.make('T1', 'created', { kind: 'incident', title: 'x', impact: 2, urgency: 2 })]);
    const bad = { ...a.make('T1', 'comment_added', { text: 'x', internal: false }), type: 'redirected', payload: { to: 'team', name: 'Network', reason: 'r', reference: 'X-1' } };
    expect(() => validateCommand(ticket, bad)).toThrow(/payload\.reference|reference and a follow-up/);
    const badDate = { ...bad, payload: { to: 'vendor', name: 'Dell', reason: 'r', followUp: '17/03/2025' } };
    expect(() => validateCommand(ticket, badDate)).toThrow(/YYYY-MM-DD/);
  });

  it('concurrent escalations keep the highest level', () => {
    const { a, b } = pair();
    const created = a.make('T1', 'created', { kind: 'incident', title: 'ERP down', impact: 1, urgency: 1 });
    b.receive([created]);
    const toN3 = b.make('T1', 'escalated', { toLevel: 'N3', reason: 'database corruption' });
    a.wallMs += 10 * MIN;
    const toN2 = a.make('T1', 'escalated', { toLevel: 'N2', reason: 'needs a sysadmin', assignee: 'Bob' });
    expect(toN2.hlc > toN3.hlc).toBe(true);
    expect(foldTicket([created, toN3, toN2])).toMatchObject({ level: 'N3', assignee: 'Bob' });
  });
});

describe('conflicts after a merge', () => {
  /** A and B both hold the ticket in progress, then work offline. */
  function diverged() {
    const { a, b } = pair(2);
    const shared = [
      a.make('T1', 'created', { kind: 'incident', title: 'Laptop does not boot', impact: 2, urgency: 1 }),
      a.make('T1', 'assigned', { assignee: 'Alice' }),
      a.make('T1', 'status_changed', { from: 'assigned', to: 'in_progress' }),
    ];
    b.receive(shared);
    a.wallMs = T0 + 5 * MIN;
    b.wallMs = T0 + 8 * MIN; // B acts later: its event sorts after A's
    const resolvedByA = validateCommand(foldTicket(shared), a.make('T1', 'resolved', { resolution: RESOLUTION }));
    const pendingByB = validateCommand(
      foldTicket(shared),
      b.make('T1', 'status_changed', { from: 'in_progress', to: 'pending', reason: 'waiting for the user' }),
    );
    const merged = [...shared, resolvedByA, pendingByB];
    a.receive(merged);
    b.receive(merged);
    return { a, b, merged, resolvedByA, pendingByB };
  }

  it('keeps the invalid transition in the log and flags it with who, where and what', () => {
    const { merged, pendingByB } = diverged();
    const ticket = foldTicket(merged);
    expect(ticket.status).toBe('resolved');
    expect(ticket.resolution).toEqual(RESOLUTION);
    expect(ticket.eventCount).toBe(5);
    expect(ticket.conflicts).toEqual([
      {
        eventId: pendingByB.id,
        at: pendingByB.hlc,
        actor: 'laptop-b',
        device: 'laptop-b',
        eventType: 'status_changed',
        from: 'resolved',
        to: 'pending',
        seenFrom: 'in_progress',
        message: expect.stringMatching(/Reopen the ticket/),
      },
    ]);
  });

  it('settling by keeping the current status closes the conflict', () => {
    const { a, merged, pendingByB } = diverged();
    const settle = validateCommand(foldTicket(merged), a.make('T1', 'conflict_resolved', { conflictId: pendingByB.id, choice: 'keep_current' }));
    const ticket = foldTicket([...merged, settle]);
    expect(ticket).toMatchObject({ status: 'resolved', conflicts: [] });
    // Settling twice is refused locally, and a second settlement merged from elsewhere does nothing.
    expect(() => validateCommand(ticket, a.make('T1', 'conflict_resolved', { conflictId: pendingByB.id, choice: 'apply_attempted' }))).toThrow(
      WorkflowError,
    );
    const again = a.make('T1', 'conflict_resolved', { conflictId: pendingByB.id, choice: 'apply_attempted' });
    expect(foldTicket([...merged, settle, again])).toMatchObject({ status: 'resolved', conflicts: [] });
  });

  it('settling by applying the attempted transition moves the status', () => {
    const { b, merged, pendingByB } = diverged();
    const settle = b.make('T1', 'conflict_resolved', { conflictId: pendingByB.id, choice: 'apply_attempted', note: 'the user still has the issue' });
    const ticket = foldTicket([...merged, settle]);
    expect(ticket).toMatchObject({ status: 'pending', resolution: null, conflicts: [] });
    expect(ticket.statusHistory.map((s) => s.status)).toEqual(['new', 'assigned', 'in_progress', 'resolved', 'pending']);
  });

  it('an attempted resolution on a closed ticket keeps its resolution for the person settling', () => {
    const { a, b } = pair(3);
    const shared = [
      a.make('T1', 'created', { kind: 'incident', title: 'Screen flickers', impact: 3, urgency: 3 }),
      a.make('T1', 'resolved', { resolution: { text: 'Cable reseated', rootCause: 'loose cable' } }),
      a.make('T1', 'reopened', { reason: 'flickers again' }),
    ];
    b.receive(shared);
    const resolvedByB = b.make('T1', 'resolved', { resolution: RESOLUTION });
    a.wallMs += MIN;
    const closedByA = [
      a.make('T1', 'resolved', { resolution: { text: 'New screen', rootCause: 'unknown' } }),
      a.make('T1', 'status_changed', { from: 'resolved', to: 'closed' }),
    ];
    b.wallMs = a.wallMs + MIN;
    const lateResolve = b.make('T1', 'resolved', { resolution: RESOLUTION });
    const ticket = foldTicket([...shared, resolvedByB, ...closedByA, lateResolve]);
    expect(ticket).toMatchObject({ status: 'closed', resolution: { text: 'New screen', rootCause: 'unknown' } });
    expect(ticket.conflicts).toMatchObject([{ eventId: lateResolve.id, from: 'closed', to: 'resolved', resolution: RESOLUTION }]);
    a.receive([lateResolve]);
    const settled = foldTicket([...shared, resolvedByB, ...closedByA, lateResolve, a.make('T1', 'conflict_resolved', { conflictId: lateResolve.id, choice: 'apply_attempted' })]);
    expect(settled).toMatchObject({ status: 'resolved', resolution: RESOLUTION, conflicts: [] });
  });

  it('two devices making the same move do not conflict', () => {
    const { a, b } = pair(4);
    const shared = [a.make('T1', 'created', { kind: 'incident', title: 'Printer jam', impact: 3, urgency: 2 })];
    b.receive(shared);
    const both = [a.make('T1', 'status_changed', { from: 'new', to: 'in_progress' }), b.make('T1', 'status_changed', { from: 'new', to: 'in_progress' })];
    expect(foldTicket([...shared, ...both])).toMatchObject({ status: 'in_progress', conflicts: [] });
  });
});
