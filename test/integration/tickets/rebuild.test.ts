import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../electron/core/tickets/demo';
import { foldTicket } from '../../../shared/tickets';
import { openDevice, projections } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';
import { pick, prng } from '../../unit/tickets/fixtures';

const SEED = Number(process.env.ATELIER_TEST_SEED ?? 20261130);

/** A store with demo tickets, technicians' follow-ups and events of a ticket whose creation never came. */
function seededStore() {
  const device = openDevice(tempDir(), 'camille');
  const rand = prng(SEED);
  device.service.store.applyExternal(demoEvents(300, SEED, Date.now() - 30 * 86_400_000).flat(), 'demo');
  const ids = device.db.prepare('SELECT id FROM tickets').pluck().all() as string[];
  for (let i = 0; i < 400; i++) {
    const ticketId = pick(rand, ids);
    try {
      if (rand() < 0.6) device.service.act({ ticketId, type: 'comment_added', payload: { text: `relevé ${i}`, internal: rand() < 0.3 } });
      else device.service.act({ ticketId, type: 'worklog_added', payload: { minutes: 1 + Math.floor(rand() * 60), kind: 'work' } });
    } catch {
      // refused on a closed ticket: nothing written
    }
  }
  const orphan = demoEvents(1, SEED + 1, Date.now() - 30 * 86_400_000)[0]?.slice(1) ?? [];
  // Taken in unchecked (an import): from the hub, such events would wait in quarantine, not in the log.
  device.service.store.applyExternal(orphan.map((event) => ({ ...event, ticketId: 'ffffffff-ffff-7fff-bfff-ffffffffffff' })), 'demo');
  return device;
}

const rows = (db: ReturnType<typeof openDevice>['db']) => db.prepare('SELECT * FROM tickets ORDER BY id').all();

describe('rebuilding the projections from the log', () => {
  it('gives what the incremental projections hold, folded on a second thread or on this one', () => {
    const { db, service } = seededStore();
    const before = { states: projections(db), rows: rows(db), events: db.prepare('SELECT count(*) FROM events').pluck().get() };
    // Equal to folding each ticket's log; the orphan's events have a log and no projection.
    expect(new Map([...before.states.keys()].map((id) => [id, foldTicket(service.store.history(id).map((stored) => stored.event))]))).toEqual(before.states);
    expect(before.states.size).toBe(300);
    expect(service.store.history('ffffffff-ffff-7fff-bfff-ffffffffffff').length).toBeGreaterThan(0);
    const search = () => [service.queue.page({ filter: { text: 'relevé' } }).total, service.queue.page({ filter: { text: 'imprimante' } }).total];
    const found = search();

    const threaded = service.store.rebuild(undefined, { thread: true });
    expect(threaded).toEqual({ tickets: 300, events: before.events, thread: true });
    expect(projections(db)).toEqual(before.states);
    expect(rows(db)).toEqual(before.rows);
    expect(search()).toEqual(found);

    const here = service.store.rebuild(undefined, { thread: false });
    expect(here).toEqual({ tickets: 300, events: before.events, thread: false });
    expect(projections(db)).toEqual(before.states);
    expect(rows(db)).toEqual(before.rows);
    expect(search()).toEqual(found);
    db.close();
  });
});
