import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import { openDevice, foldedFromLog, projections } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';

const incident = { kind: 'incident', title: 'Printer jams on tray 2', impact: 2, urgency: 1, requester: 'Claire Dubois', site: 'Lyon' } as const;

describe('ticket event store', () => {
  it('appends an event and updates the projection in the same transaction', () => {
    const { db, service } = openDevice(tempDir(), 'camille');
    const created = service.create(incident);
    expect(created.ticket).toMatchObject({ title: 'Printer jams on tray 2', priority: 'P2', status: 'new', level: 'N1', createdBy: 'camille' });
    expect(created.ref).toMatch(/^T-[0-9A-F]{6}$/);
    const id = created.ticket.id;
    service.act({ ticketId: id, type: 'assigned', payload: { assignee: 'camille' } });
    service.act({ ticketId: id, type: 'comment_added', payload: { text: 'Tray 2 roller worn', internal: true } });
    const detail = service.act({ ticketId: id, type: 'field_changed', payload: { changes: { urgency: 3 } } });
    expect(detail.ticket).toMatchObject({ status: 'assigned', assignee: 'camille', priority: 'P4' });
    expect(detail.timeline.map((e) => e.type)).toEqual(['created', 'assigned', 'comment_added', 'field_changed']);
    expect(detail.timeline.every((e) => e.unsynced && e.origin === 'local')).toBe(true);
    expect(projections(db)).toEqual(foldedFromLog(service, db));
    db.close();
  });

  it('refuses a command that breaks a rule and writes nothing', () => {
    const { db, service } = openDevice(tempDir(), 'camille');
    const { ticket } = service.create(incident);
    const before = db.prepare('SELECT count(*) FROM events').pluck().get();
    let error: unknown;
    try {
      service.act({ ticketId: ticket.id, type: 'resolved', payload: { resolution: { text: 'fixed', rootCause: '  ' } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AtelierError);
    expect((error as AtelierError).path).toBe('payload.resolution.rootCause');
    expect(() => service.act({ ticketId: ticket.id, type: 'status_changed', payload: { from: 'new', to: 'closed' } })).toThrow(/closed/i);
    expect(() => service.act({ ticketId: ticket.id, type: 'escalated', payload: { toLevel: 'N2', reason: '' } })).toThrow(/reason/);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(before);
    expect(service.detail(ticket.id).ticket.status).toBe('new');
    db.close();
  });

  it('says which ticket does not exist', () => {
    const { db, service } = openDevice(tempDir(), 'camille');
    expect(() => service.act({ ticketId: 'nope', type: 'comment_added', payload: { text: 'x', internal: false } })).toThrow('ticket nope does not exist');
    db.close();
  });

  it('keeps the clock monotonic across a restart even when the wall clock goes back', () => {
    const dir = tempDir();
    let wall = Date.UTC(2026, 5, 1);
    const first = openDevice(dir, 'device', () => wall);
    const { ticket } = first.service.create(incident);
    first.db.close();
    wall -= 3_600_000; // the laptop's clock jumps back an hour
    const second = openDevice(dir, 'device', () => wall);
    const after = second.service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: 'later', internal: false } });
    const [a, b] = after.timeline;
    expect(a && b && a.hlc < b.hlc).toBe(true);
    second.db.close();
  });

  it('takes in the same remote events twice without duplicates (idempotent on id)', () => {
    const dir = tempDir();
    const a = openDevice(dir, 'a');
    const b = openDevice(dir, 'b');
    const { ticket } = a.service.create(incident);
    a.service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: 'from a', internal: false } });
    const events = a.service.store.history(ticket.id).map((s) => s.event);
    expect(b.service.store.applyExternal(events, 'remote')).toEqual({ inserted: 2, known: 0 });
    expect(b.service.store.applyExternal(events, 'remote')).toEqual({ inserted: 0, known: 2 });
    expect(projections(b.db)).toEqual(projections(a.db));
    a.db.close();
    b.db.close();
  });

  it('rejects a malformed batch whole, naming the bad event, and keeps what was there; pulled, the bad event goes to quarantine', () => {
    const dir = tempDir();
    const a = openDevice(dir, 'a');
    const b = openDevice(dir, 'b');
    const { ticket } = a.service.create(incident);
    const [good] = a.service.store.history(ticket.id).map((s) => s.event);
    const bad = { ...good, id: 'not-a-uuid' };
    expect(() => b.service.store.applyExternal([good, bad], 'demo')).toThrow(/events\[1\]\.id/);
    expect(b.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(b.service.store.applyExternal([good, bad], 'remote')).toEqual({ inserted: 1, known: 0 });
    expect(b.db.prepare("SELECT rule, reason FROM sync_quarantine WHERE event_id = 'not-a-uuid'").get()).toMatchObject({ rule: 'schema', reason: expect.stringMatching(/events\[1\]\.id/) });
    a.db.close();
    b.db.close();
  });
});
