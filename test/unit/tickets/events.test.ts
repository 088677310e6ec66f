import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract/errors';
import { EVENT_TYPES, TicketEvent, compareEvents, parseEvent } from '../../../shared/tickets';
import { Device, NODE_A, prng } from './fixtures';

const device = new Device('laptop-a', NODE_A, prng(11));
const base = device.make('T1', 'created', { kind: 'incident', title: 'Disk full', impact: 2, urgency: 2 });

function rejection(value: unknown): AtelierError {
  try {
    parseEvent(value);
  } catch (error) {
    if (error instanceof AtelierError) return error;
    throw error;
  }
  throw new Error('expected the event to be rejected');
}

describe('ticket events', () => {
  it('accepts a valid event of every type with trimmed texts', () => {
    expect(parseEvent({ ...base, payload: { ...base.payload, title: '  Disk full  ' } })).toMatchObject({
      payload: { title: 'Disk full' },
    });
    expect(EVENT_TYPES).toHaveLength(TicketEvent.options.length);
  });

  it.each([
    [{ type: 'resolved', payload: { resolution: { text: 'Replaced disk' } } }, 'payload.resolution.rootCause', /root cause is required/],
    [{ type: 'resolved', payload: { resolution: { text: '  ', rootCause: 'unknown' } } }, 'payload.resolution.text', /resolution text is required/],
    [{ type: 'escalated', payload: { toLevel: 'N2' } }, 'payload.reason', /reason is required/],
    [{ type: 'escalated', payload: { toLevel: 'N4', reason: 'x' } }, 'payload.toLevel', /./],
    [{ type: 'redirected', payload: { to: 'vendor', name: 'Dell', reason: '' } }, 'payload.reason', /reason is required/],
    [{ type: 'field_changed', payload: { changes: { impact: 5 } } }, 'payload.changes.impact', /./],
    [{ type: 'field_changed', payload: { changes: { category: 'Hardware > Disk' } } }, 'payload.changes.category', /hardware\/disk/],
    [{ type: 'field_changed', payload: { changes: { level: 'N3' } } }, 'payload.changes', /level/],
    [{ type: 'field_changed', payload: { changes: {} } }, 'payload.changes', /at least one field/],
    [{ type: 'status_changed', payload: { from: 'in_progress', to: 'resolved' } }, 'payload.to', /./],
    [{ type: 'worklog_added', payload: { minutes: 0, kind: 'work' } }, 'payload.minutes', /./],
    [{ type: 'worklog_added', payload: { minutes: 30, kind: 'work', parts: [{ name: 'SSD', quantity: 0 }] } }, 'payload.parts[0].quantity', /./],
    [{ type: 'attachment_added', payload: { hash: 'abc', name: 'x.png', size: 1, mime: 'image/png' } }, 'payload.hash', /sha256/],
    [{ type: 'assigned', payload: {} }, 'payload', /assignee or a team/],
    [{ type: 'comment_added', payload: { text: 'hi' } }, 'payload.internal', /./],
  ])('rejects %j at %s', (patch, path, message) => {
    const error = rejection({ ...base, ...patch });
    expect(error.code).toBe('invalid_input');
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it('rejects a bad envelope: id not UUIDv7, bad clock, unknown type, unknown key', () => {
    expect(rejection({ ...base, id: '0190d3f0-0000-4000-8000-000000000000' }).path).toBe('id');
    expect(rejection({ ...base, hlc: '2025-03-14' }).path).toBe('hlc');
    expect(rejection({ ...base, type: 'deleted' }).path).toBe('type');
    expect(rejection({ ...base, extra: 1 }).message).toMatch(/extra/);
  });

  it('orders by clock, then id', () => {
    const a = { hlc: '2025-03-14T09:00:00.000Z-0000-aaaaaaaaaaaaaaaa', id: 'b' };
    const b = { hlc: '2025-03-14T09:00:00.000Z-0000-aaaaaaaaaaaaaaaa', id: 'c' };
    const c = { hlc: '2025-03-14T09:00:00.001Z-0000-aaaaaaaaaaaaaaaa', id: 'a' };
    expect([c, b, a].sort(compareEvents)).toEqual([a, b, c]);
  });
});
