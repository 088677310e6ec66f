import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLA_TABLE,
  SlaTable,
  foldTicket,
  slaState,
  slaTargetsFor,
  type EventType,
  type PayloadOf,
  type TicketEvent,
} from '../../../shared/tickets';
import { Device, MIN, NODE_A, T0, prng } from './fixtures';

const HOUR = 60 * MIN;

/** A ticket whose events happen at the given minutes after T0. */
function story(impact: 1 | 2 | 3, urgency: 1 | 2 | 3) {
  const device = new Device('laptop-a', NODE_A, prng(9));
  const events: TicketEvent[] = [device.make('T1', 'created', { kind: 'incident', title: 'VPN down', impact, urgency })];
  const api = {
    at<T extends EventType>(ms: number, type: T, payload: PayloadOf<T>) {
      device.wallMs = T0 + ms;
      events.push(device.make('T1', type, payload));
      return api;
    },
    events: () => events,
    sla(nowMs: number, ratio?: number) {
      const ticket = foldTicket(events);
      return slaState(ticket, T0 + nowMs, slaTargetsFor(ticket.priority), ratio);
    },
  };
  return api;
}

describe('SLA targets', () => {
  it('derive from the priority with a default table', () => {
    expect(slaTargetsFor('P1')).toEqual({ ownMs: 15 * MIN, resolveMs: 4 * HOUR });
    expect(slaTargetsFor('P5')).toEqual({ ownMs: 24 * HOUR, resolveMs: 120 * HOUR });
    const ordered = (['P1', 'P2', 'P3', 'P4', 'P5'] as const).map((p) => DEFAULT_SLA_TABLE[p].resolveMs);
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);
  });

  it('take a configured table, validated', () => {
    const table = { ...DEFAULT_SLA_TABLE, P1: { ownMs: 5 * MIN, resolveMs: HOUR } };
    expect(slaTargetsFor('P1', SlaTable.parse(table))).toEqual({ ownMs: 5 * MIN, resolveMs: HOUR });
    const bad = SlaTable.safeParse({ ...table, P2: { ownMs: HOUR, resolveMs: MIN } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['P2', 'resolveMs']);
  });
});

describe('SLA clocks', () => {
  it('run from creation: ok, then at risk under 25 % left, then breached', () => {
    const p1 = story(1, 1);
    expect(p1.sla(10 * MIN).own).toMatchObject({ state: 'ok', leftMs: 5 * MIN, dueAt: T0 + 15 * MIN, paused: false, stoppedAt: null });
    expect(p1.sla(11 * MIN + 15_000).own.state).toBe('ok'); // exactly 25 % left
    expect(p1.sla(11 * MIN + 15_001).own.state).toBe('at_risk');
    expect(p1.sla(15 * MIN).own).toMatchObject({ state: 'at_risk', leftMs: 0 });
    expect(p1.sla(15 * MIN + 1).own).toMatchObject({ state: 'breached', leftMs: -1 });
    expect(p1.sla(10 * MIN, 0.5).own.state).toBe('at_risk');
  });

  it('time to own stops at the first assignment', () => {
    const sla = story(1, 1).at(10 * MIN, 'assigned', { assignee: 'Alice' }).sla(3 * HOUR);
    expect(sla.own).toMatchObject({ state: 'ok', elapsedMs: 10 * MIN, stoppedAt: T0 + 10 * MIN, dueAt: null });
    expect(sla.resolve).toMatchObject({ state: 'ok', elapsedMs: 3 * HOUR, leftMs: HOUR });
  });

  it('an owner taken late stays breached', () => {
    const sla = story(1, 1).at(20 * MIN, 'status_changed', { from: 'new', to: 'in_progress' }).sla(30 * MIN);
    expect(sla.own).toMatchObject({ state: 'breached', elapsedMs: 20 * MIN, stoppedAt: T0 + 20 * MIN });
  });

  it('pause while pending: pending time is not counted and there is no due time', () => {
    // P3: own 2 h, resolve 24 h.
    const ticket = story(2, 2)
      .at(30 * MIN, 'assigned', { assignee: 'Alice' })
      .at(1 * HOUR, 'status_changed', { from: 'assigned', to: 'in_progress' })
      .at(2 * HOUR, 'status_changed', { from: 'in_progress', to: 'pending', reason: 'waiting for a part' });
    const paused = ticket.sla(5 * HOUR);
    expect(paused.resolve).toMatchObject({ state: 'ok', elapsedMs: 2 * HOUR, paused: true, dueAt: null, stoppedAt: null });
    expect(ticket.sla(9 * HOUR).resolve.elapsedMs).toBe(2 * HOUR);

    ticket.at(10 * HOUR, 'status_changed', { from: 'pending', to: 'in_progress' });
    const resumed = ticket.sla(12 * HOUR).resolve;
    expect(resumed).toMatchObject({ elapsedMs: 4 * HOUR, leftMs: 20 * HOUR, paused: false, dueAt: T0 + 32 * HOUR });
    // Without the pause it would have been breached at 24 h; with it, 8 h of pending are added.
    expect(ticket.sla(31 * HOUR).resolve.state).toBe('at_risk');
    expect(ticket.sla(32 * HOUR).resolve.state).toBe('at_risk');
    expect(ticket.sla(32 * HOUR + 1).resolve.state).toBe('breached');
  });

  it('the own clock pauses too while pending before anyone owns the ticket', () => {
    const ticket = story(1, 1)
      .at(5 * MIN, 'status_changed', { from: 'new', to: 'pending', reason: 'asked the user for the error' })
      .at(65 * MIN, 'assigned', { assignee: 'Alice' });
    expect(ticket.sla(2 * HOUR).own).toMatchObject({ state: 'ok', elapsedMs: 5 * MIN });
  });

  it('stops at resolution, resumes on reopen without counting the resolved time', () => {
    // P2: resolve 8 h.
    const ticket = story(1, 2)
      .at(10 * MIN, 'assigned', { assignee: 'Alice' })
      .at(3 * HOUR, 'resolved', { resolution: { text: 'Reset the token', rootCause: 'unknown' } });
    expect(ticket.sla(20 * HOUR).resolve).toMatchObject({ state: 'ok', elapsedMs: 3 * HOUR, stoppedAt: T0 + 3 * HOUR, dueAt: null });

    ticket.at(24 * HOUR, 'reopened', { reason: 'came back after the reboot' });
    expect(ticket.sla(25 * HOUR).resolve).toMatchObject({ elapsedMs: 4 * HOUR, stoppedAt: null, dueAt: T0 + 29 * HOUR });
    expect(ticket.sla(29 * HOUR + 1).resolve.state).toBe('breached');
  });

  it('a clock read before the ticket was made shows nothing elapsed', () => {
    expect(story(3, 3).sla(-HOUR).resolve).toMatchObject({ state: 'ok', elapsedMs: 0 });
  });
});

describe('SLA clocks with a vendor', () => {
  const vendor = { to: 'vendor' as const, name: 'Sage Support', reason: 'licence server fault', reference: 'SAGE-88231', followUp: '2025-03-17' };

  it('pause while a vendor holds the ticket and run again once it is taken back', () => {
    // P3: resolve 24 h.
    const ticket = story(2, 2)
      .at(10 * MIN, 'assigned', { assignee: 'Alice' })
      .at(2 * HOUR, 'redirected', vendor);
    expect(ticket.sla(9 * HOUR).resolve).toMatchObject({ elapsedMs: 2 * HOUR, paused: true, dueAt: null, stoppedAt: null });

    ticket.at(12 * HOUR, 'field_changed', { changes: { vendor: null } });
    const back = ticket.sla(13 * HOUR).resolve;
    expect(back).toMatchObject({ elapsedMs: 3 * HOUR, paused: false, dueAt: T0 + 34 * HOUR });
  });

  it('skip vendor time that overlaps a pending spell only once', () => {
    const ticket = story(2, 2)
      .at(HOUR, 'status_changed', { from: 'new', to: 'pending', reason: 'waiting' })
      .at(2 * HOUR, 'redirected', vendor)
      .at(3 * HOUR, 'status_changed', { from: 'pending', to: 'in_progress' })
      .at(5 * HOUR, 'field_changed', { changes: { vendor: null } });
    expect(ticket.sla(6 * HOUR).resolve).toMatchObject({ elapsedMs: 2 * HOUR, paused: false });
  });

  it('read older stored inputs without vendor periods as none', () => {
    const input = { ownedAt: null, statusHistory: [{ at: foldTicket(story(2, 2).events()).createdAt, status: 'new' as const }] };
    expect(slaState(input, T0 + HOUR, slaTargetsFor('P3')).resolve).toMatchObject({ elapsedMs: HOUR, paused: false });
  });
});
