import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../electron/core/tickets/apply-batch';
import { ProjectionWriter } from '../../../electron/core/tickets/projection';
import type { TicketService } from '../../../electron/core/tickets/service';
import { foldedFromLog, openDevice, projections } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';
import { pick, prng, shuffle } from '../../unit/tickets/fixtures';

const SEED = Number(process.env.ATELIER_TEST_SEED ?? 20261130);

function applierOf(device: { db: ReturnType<typeof openDevice>['db']; service: TicketService }): BatchApplier {
  return new BatchApplier(device.db, device.service.store, new ProjectionWriter(device.db, () => device.service.sla()));
}

/** A few tickets with random histories on one device (refused moves skipped). */
function makeHistory(rand: () => number, service: TicketService, tickets: number, steps: number): string[] {
  const ids = Array.from({ length: tickets }, (_, i) => service.create({ kind: 'incident', title: `Ticket ${i}`, impact: 2, urgency: 2 }).ticket.id);
  for (let i = 0; i < steps; i++) {
    const ticketId = pick(rand, ids);
    const t = service.detail(ticketId).ticket;
    const acts = [
      () => service.act({ ticketId, type: 'comment_added', payload: { text: `note ${i}`, internal: false } }),
      () => service.act({ ticketId, type: 'field_changed', payload: { changes: { urgency: pick(rand, [1, 2, 3] as const) } } }),
      () => service.act({ ticketId, type: 'assigned', payload: { assignee: 'anna' } }),
      () => service.act({ ticketId, type: 'status_changed', payload: { from: t.status, to: pick(rand, ['in_progress', 'pending'] as const) } }),
      () => service.act({ ticketId, type: 'resolved', payload: { resolution: { text: 'done', rootCause: 'unknown' } } }),
    ];
    try {
      pick(rand, acts)();
    } catch {
      // refused for the current state: nothing written
    }
  }
  return ids;
}

describe('a pulled page applied as a batch', () => {
  it(`gives the same projections as events taken one at a time and as a rebuild, in any page split and order (seed ${SEED})`, () => {
    for (let round = 0; round < 5; round++) {
      const rand = prng(SEED + round);
      const dir = tempDir();
      const source = openDevice(dir, 'source');
      const ids = makeHistory(rand, source.service, 12, 150);
      const events = ids.flatMap((id) => source.service.store.history(id).map((stored) => stored.event));
      // Shuffled: some pages bring events of a ticket before its creation, others only the middle of a log.
      const delivered = round % 2 === 0 ? events : shuffle(rand, events);
      // The hub serves a ticket's creation first (its admission rule); out of that order only other origins
      // (an import) deliver, which are not checked: a shuffled round stands for them.
      const origin = round % 2 === 0 ? 'remote' : 'demo';
      const viaStore = openDevice(dir, 'via-store');
      const viaBatch = openDevice(dir, 'via-batch');
      const applier = applierOf(viaBatch);
      const pageSize = 1 + Math.floor(rand() * 40);
      let inserted = 0;
      for (let i = 0; i < delivered.length; i += pageSize) {
        const page = delivered.slice(i, i + pageSize);
        // A page sent twice (a replayed answer) is taken in once.
        const twice = rand() < 0.2 ? [...page, ...page.slice(0, 3)] : page;
        // The other device takes the same events one at a time (a page of one: stepped on or re-folded).
        for (const event of twice) viaStore.service.store.applyExternal([event], origin);
        inserted += applier.apply(twice, origin, null).inserted;
      }
      expect(inserted).toBe(events.length);
      const expected = projections(viaStore.db);
      expect(expected.size).toBe(ids.length);
      expect(projections(viaBatch.db)).toEqual(expected);
      expect(foldedFromLog(viaBatch.service, viaBatch.db)).toEqual(expected);
      viaBatch.service.store.rebuild();
      expect(projections(viaBatch.db)).toEqual(expected);
      for (const d of [source, viaStore, viaBatch]) d.db.close();
    }
  });

  it('marks this device\'s own events coming back as synced, refuses a malformed demo batch without writing anything, and quarantines a malformed pulled event', () => {
    const dir = tempDir();
    const device = openDevice(dir, 'anna');
    const { ticket } = device.service.create({ kind: 'incident', title: 'Printer offline', impact: 2, urgency: 2 });
    device.service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: 'cable checked', internal: false } });
    const own = device.service.store.history(ticket.id).map((stored) => stored.event);
    const applier = applierOf(device);
    const result = applier.apply(own, 'remote', '2026-11-30T10:00:00.000Z');
    expect(result).toEqual({ inserted: 0, known: 2, ownReturned: 2, quarantined: 0 });
    expect(device.service.store.history(ticket.id).map((s) => s.syncedAt)).toEqual(['2026-11-30T10:00:00.000Z', '2026-11-30T10:00:00.000Z']);

    const other = openDevice(dir, 'bruno');
    const theirs = other.service.create({ kind: 'incident', title: 'Scanner jams', impact: 1, urgency: 1 }).ticket.id;
    const good = other.service.store.history(theirs)[0]?.event;
    const bad = { ...good, id: 'not-a-uuid' };
    const before = device.db.prepare('SELECT count(*) FROM events').pluck().get();
    // Not pulled (the demo workspace's batch): the whole batch is refused, nothing written.
    expect(() => applier.apply([good, bad], 'demo', null)).toThrow(/events\[1\]\.id/);
    expect(device.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(before);
    expect(device.service.store.ticket(theirs)).toBeNull();
    // Pulled: the malformed event goes to quarantine, the good one applies.
    expect(applier.apply([good, bad], 'remote', null)).toMatchObject({ inserted: 1, quarantined: 1 });
    expect(device.service.store.ticket(theirs)?.title).toBe('Scanner jams');
    expect(device.db.prepare("SELECT rule FROM sync_quarantine WHERE event_id = 'not-a-uuid'").pluck().get()).toBe('schema');
    device.db.close();
    other.db.close();
  });
});
