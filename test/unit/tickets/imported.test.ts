import { describe, expect, it } from 'vitest';
import { CreatedPayload, foldTicket, hlcWallMs, parseEvent, slaState, type Ticket } from '../../../shared/tickets';
import { Device, MIN, NODE_A, T0, prng } from './fixtures';

const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const times = (t: Ticket) => t.statusHistory.map((e) => [e.status, hlcWallMs(e.at)]);
const base = { kind: 'incident', title: 'Copieur en panne', impact: 1, urgency: 1 } as const;

describe('a ticket imported from another helpdesk', () => {
  it("keeps the event's HLC at the import but opens, owns, resolves and closes the ticket at the original dates", () => {
    const device = new Device('lead', NODE_A, prng(3));
    const opened = T0 - 10 * 24 * HOUR;
    const event = device.make('T1', 'created', {
      ...base,
      imported: {
        system: 'GLPI', number: '875', openedAt: iso(opened), ownedAt: iso(opened + HOUR), resolvedAt: iso(opened + 3 * HOUR), closedAt: iso(opened + 48 * HOUR),
        status: 'closed', assignee: 'Jérôme Faure', resolution: { text: 'Batterie changée', rootCause: 'unknown' },
      },
    });
    const ticket = foldTicket([parseEvent(event)]);
    expect(hlcWallMs(event.hlc)).toBe(T0);
    expect(ticket.updatedAt).toBe(event.hlc);
    expect(hlcWallMs(ticket.createdAt)).toBe(opened);
    expect(times(ticket)).toEqual([['new', opened], ['assigned', opened + HOUR], ['resolved', opened + 3 * HOUR], ['closed', opened + 48 * HOUR]]);
    expect(ticket).toMatchObject({ status: 'closed', assignee: 'Jérôme Faure', source: { system: 'GLPI', number: '875' }, resolution: { text: 'Batterie changée' } });
    // P1: 15 min to own, 4 h to resolve; owned after 1 h, resolved after 3 h.
    const sla = slaState(ticket, T0, { ownMs: 15 * MIN, resolveMs: 4 * HOUR });
    expect(sla.own).toMatchObject({ state: 'breached', elapsedMs: HOUR });
    expect(sla.resolve).toMatchObject({ state: 'ok', elapsedMs: 3 * HOUR });
  });

  it('pauses a pending ticket at its pause date and counts from the opening', () => {
    const device = new Device('lead', NODE_A, prng(4));
    const opened = T0 - 5 * HOUR;
    const event = device.make('T2', 'created', { ...base, impact: 3, urgency: 3, imported: { system: 'GLPI', number: '873', openedAt: iso(opened), ownedAt: iso(opened + 15 * MIN), pendingAt: iso(opened + 45 * MIN), status: 'pending' } });
    const ticket = foldTicket([event]);
    expect(times(ticket)).toEqual([['new', opened], ['in_progress', opened + 15 * MIN], ['pending', opened + 45 * MIN]]);
    const sla = slaState(ticket, T0, { ownMs: 24 * HOUR, resolveMs: 120 * HOUR });
    expect(sla.resolve).toMatchObject({ paused: true, elapsedMs: 45 * MIN });
  });

  it('takes a date after the import as the import time, so no clock runs in the future', () => {
    const device = new Device('lead', NODE_A, prng(5));
    const event = device.make('T3', 'created', { ...base, imported: { system: 'Zendesk', number: '9', openedAt: iso(T0 + 24 * HOUR), status: 'new' } });
    expect(hlcWallMs(foldTicket([event]).createdAt)).toBe(T0);
  });

  it('refuses dates out of order and a solved ticket without resolution, naming the field', () => {
    const bad = (imported: object) => CreatedPayload.safeParse({ ...base, imported: { system: 'GLPI', number: '1', status: 'new', ...imported } }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(bad({ openedAt: iso(T0), closedAt: iso(T0 - HOUR) })).toEqual([['imported.openedAt', 'a date comes before the opening date']]);
    expect(bad({ openedAt: iso(T0), status: 'resolved' })).toEqual([['imported.resolution', 'a resolved or closed ticket needs its resolution']]);
    expect(bad({ openedAt: 'yesterday' })?.[0]?.[0]).toBe('imported.openedAt');
  });
});
