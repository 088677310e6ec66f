import { describe, expect, it } from 'vitest';
import type { TicketService } from '../../../electron/core/tickets/service';
import { openDevice, foldedFromLog, projections } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';
import { pick, prng, shuffle } from '../../unit/tickets/fixtures';

const SEED = Number(process.env.ATELIER_TEST_SEED ?? 20261124);

/** One random thing a technician does to a ticket; refused commands are part of life and skipped. */
function randomAction(rand: () => number, service: TicketService, ticketId: string, who: string): void {
  const t = service.detail(ticketId).ticket;
  const actions = [
    () => service.act({ ticketId, type: 'comment_added', payload: { text: `note ${Math.floor(rand() * 1e6)}`, internal: rand() < 0.5 } }),
    () => service.act({ ticketId, type: 'field_changed', payload: { changes: { urgency: pick(rand, [1, 2, 3] as const) } } }),
    () => service.act({ ticketId, type: 'field_changed', payload: { changes: { title: `Title by ${who} ${Math.floor(rand() * 100)}` } } }),
    () => service.act({ ticketId, type: 'assigned', payload: { assignee: who } }),
    () => service.act({ ticketId, type: 'worklog_added', payload: { minutes: 1 + Math.floor(rand() * 60), kind: 'work' } }),
    () => service.act({ ticketId, type: 'status_changed', payload: { from: t.status, to: pick(rand, ['in_progress', 'pending'] as const) } }),
    () => service.act({ ticketId, type: 'resolved', payload: { resolution: { text: 'done', rootCause: 'unknown' } } }),
    () => service.act({ ticketId, type: 'reopened', payload: { reason: 'came back' } }),
    () => service.act({ ticketId, type: 'escalated', payload: { toLevel: t.level === 'N1' ? 'N2' : 'N3', reason: 'needs expert' } }),
  ];
  try {
    pick(rand, actions)();
  } catch {
    // an invalid move for the current state: the store refused it and wrote nothing
  }
}

function allEvents(service: TicketService, ids: string[]) {
  return ids.flatMap((id) => service.store.history(id).map((stored) => stored.event));
}

describe('offline work on two devices, merged', () => {
  it(`gives identical projections in any delivery order, equal to a rebuild from the log (seed ${SEED})`, () => {
    for (let round = 0; round < 6; round++) {
      const rand = prng(SEED + round);
      const dir = tempDir();
      const a = openDevice(dir, 'anna');
      const b = openDevice(dir, 'bruno');
      // Shared starting point: tickets made on A, known to B.
      const ids = Array.from({ length: 4 }, (_, i) => a.service.create({ kind: 'incident', title: `Ticket ${i}`, impact: 2, urgency: 2 }).ticket.id);
      b.service.store.applyExternal(allEvents(a.service, ids), 'remote');
      // Both work offline on the same tickets.
      for (let i = 0; i < 40; i++) {
        randomAction(rand, a.service, pick(rand, ids), 'anna');
        randomAction(rand, b.service, pick(rand, ids), 'bruno');
      }
      // Exchange in shuffled batches: out-of-order arrival must still converge.
      const fromA = shuffle(rand, allEvents(a.service, ids));
      const fromB = shuffle(rand, allEvents(b.service, ids));
      for (let i = 0; i < fromB.length; i += 7) a.service.store.applyExternal(fromB.slice(i, i + 7), 'remote');
      for (let i = 0; i < fromA.length; i += 5) b.service.store.applyExternal(fromA.slice(i, i + 5), 'remote');
      // A third device takes everything in one go, in any order. The hub serves a ticket's creation first (its
      // admission rule), so a shuffled delivery stands for the other origins (an import), which are not checked.
      const c = openDevice(dir, 'carla');
      c.service.store.applyExternal(shuffle(rand, allEvents(a.service, ids)), 'demo');

      const pa = projections(a.db);
      expect(projections(b.db)).toEqual(pa);
      expect(projections(c.db)).toEqual(pa);
      expect(foldedFromLog(a.service, a.db)).toEqual(pa);
      a.service.store.rebuild();
      expect(projections(a.db)).toEqual(pa);
      for (const d of [a, b, c]) d.db.close();
    }
  });

  it('flags a status change that is invalid in the merged order as a conflict, and settles it', () => {
    const dir = tempDir();
    let wall = Date.UTC(2026, 10, 24, 9);
    const a = openDevice(dir, 'dispatcher', () => wall);
    const b = openDevice(dir, 'technician', () => wall);
    const { ticket } = a.service.create({ kind: 'incident', title: 'Screen flickers', impact: 2, urgency: 2 });
    a.service.act({ ticketId: ticket.id, type: 'assigned', payload: { assignee: 'technician' } });
    b.service.store.applyExternal(allEvents(a.service, [ticket.id]), 'remote');
    // Offline: the technician resolves; the dispatcher puts it on hold a moment later (not seeing the resolution).
    wall += 60_000;
    b.service.act({ ticketId: ticket.id, type: 'resolved', payload: { resolution: { text: 'cable replaced', rootCause: 'loose cable' } } });
    wall += 60_000;
    a.service.act({ ticketId: ticket.id, type: 'status_changed', payload: { from: 'assigned', to: 'pending' } });
    a.service.store.applyExternal(allEvents(b.service, [ticket.id]), 'remote');
    b.service.store.applyExternal(allEvents(a.service, [ticket.id]), 'remote');
    const merged = a.service.detail(ticket.id).ticket;
    expect(merged.conflicts).toHaveLength(1);
    expect(projections(b.db)).toEqual(projections(a.db));
    const queue = a.service.queue.page({ filter: { conflicts: true } });
    expect(queue.rows.map((r) => r.id)).toEqual([ticket.id]);
    const conflict = merged.conflicts[0];
    if (!conflict) throw new Error('expected a conflict');
    a.service.act({ ticketId: ticket.id, type: 'conflict_resolved', payload: { conflictId: conflict.eventId, choice: 'keep_current' } });
    expect(a.service.detail(ticket.id).ticket.conflicts).toEqual([]);
    expect(a.service.queue.page({ filter: { conflicts: true } }).total).toBe(0);
    a.db.close();
    b.db.close();
  });
});
