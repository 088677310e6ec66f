import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../electron/core/tickets/demo';
import { MATCH_END, MATCH_START } from '../../../electron/core/tickets/queue';
import { openDevice } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';

function seeded() {
  const device = openDevice(tempDir(), 'camille');
  const s = device.service;
  const disk = s.create({ kind: 'incident', title: 'Écran noir après la mise à jour', description: 'Le poste affiche un écran noir', impact: 1, urgency: 1, requester: 'Claire Dubois', site: 'Lyon', category: 'hardware/display' });
  const wifi = s.create({ kind: 'incident', title: 'Wi-Fi drops in room B', impact: 2, urgency: 3, requester: 'Emma Wilson', site: 'London', category: 'network/wifi' });
  const access = s.create({ kind: 'request', title: 'Access to the accounting share', impact: 3, urgency: 3, requester: 'Emma Wilson', site: 'London', category: 'account/access' });
  s.act({ ticketId: wifi.ticket.id, type: 'assigned', payload: { assignee: 'camille' } });
  s.act({ ticketId: wifi.ticket.id, type: 'comment_added', payload: { text: 'Access point on channel 6 interferes', internal: true } });
  s.act({ ticketId: access.ticket.id, type: 'resolved', payload: { resolution: { text: 'added to group', rootCause: 'request' } } });
  return { ...device, ids: { disk: disk.ticket.id, wifi: wifi.ticket.id, access: access.ticket.id } };
}

describe('the queue', () => {
  it('sorts by priority by default and pages', () => {
    const { db, service, ids } = seeded();
    const page = service.queue.page({});
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.priority)).toEqual(['P1', 'P4', 'P5']);
    expect(page.rows[0]?.id).toBe(ids.disk);
    const second = service.queue.page({ offset: 1, limit: 1 });
    expect(second.rows.map((r) => r.id)).toEqual([ids.wifi]);
    db.close();
  });

  it('filters on open, assignee, unassigned, kind, level, category and site', () => {
    const { db, service, ids } = seeded();
    const q = (filter: object) => service.queue.page({ filter }).rows.map((r) => r.id).sort();
    expect(q({ open: true })).toEqual([ids.disk, ids.wifi].sort());
    expect(q({ assignee: 'camille' })).toEqual([ids.wifi]);
    expect(q({ open: true, unassigned: true })).toEqual([ids.disk]);
    expect(q({ kinds: ['request'] })).toEqual([ids.access]);
    expect(q({ levels: ['N2'] })).toEqual([]);
    expect(q({ category: 'network' })).toEqual([ids.wifi]);
    expect(q({ site: 'London' })).toEqual([ids.access, ids.wifi].sort());
    db.close();
  });

  it('sorts on each column both ways', () => {
    const { db, service } = seeded();
    const titles = (dir: 'asc' | 'desc') => service.queue.page({ sort: { field: 'title', dir } }).rows.map((r) => r.title);
    // NOCASE folds ASCII letters only: 'É' sorts after them, as SQLite documents.
    expect(titles('asc')).toEqual(['Access to the accounting share', 'Wi-Fi drops in room B', 'Écran noir après la mise à jour']);
    expect(titles('desc')).toEqual([...titles('asc')].reverse());
    for (const field of ['sla', 'requester', 'site', 'category', 'level', 'status', 'assignee', 'updated', 'created'] as const) {
      expect(service.queue.page({ sort: { field, dir: 'desc' } }).total).toBe(3);
    }
    db.close();
  });

  it('finds tickets by words in title, description and comments, accents folded, with a highlighted snippet', () => {
    const { db, service, ids } = seeded();
    const ecran = service.queue.page({ filter: { text: 'ecran' } });
    expect(ecran.rows.map((r) => r.id)).toEqual([ids.disk]);
    expect(ecran.rows[0]?.snippet).toContain(`${MATCH_START}`);
    expect(ecran.rows[0]?.snippet).toContain(`${MATCH_END}`);
    expect(service.queue.page({ filter: { text: 'chan' } }).rows.map((r) => r.id)).toEqual([ids.wifi]); // prefix, in a comment
    expect(service.queue.page({ filter: { text: 'access point' } }).rows.map((r) => r.id)).toEqual([ids.wifi]);
    expect(service.queue.page({ filter: { text: '"); DROP TABLE tickets; --' } }).total).toBe(0);
    expect(service.queue.page({ filter: { text: 'access', open: false } }).rows.map((r) => r.id)).toEqual([ids.access]);
    expect(service.queue.page({ filter: { text: '  ' } }).total).toBe(3);
    db.close();
  });

  it('gives a search the same page and total whether its words match few tickets or most of them', () => {
    const { db, service } = openDevice(tempDir(), 'camille');
    service.store.applyExternal(demoEvents(300, 7, Date.now()).flat(), 'demo');
    const all = service.queue.page({ limit: 500 }).rows; // in the default order: priority, then latest update
    const ids = all.map((r) => r.id);
    // "common" in 250 tickets (the plan that walks the queue in order), "rare" in 3 (the plan that sorts the matches).
    ids.forEach((id, i) => {
      const text = i < 250 ? `common note ${i}` : 'nothing to see';
      service.store.appendLocal({ ticketId: id, type: 'comment_added', payload: { text: i % 100 === 7 ? `${text} rare` : text, internal: false }, actor: 'camille' });
    });
    const order = service.queue.page({ limit: 500 }).rows.map((r) => r.id);
    const expected = (word: string) => order.filter((id) => ids.indexOf(id) < 250 && (word === 'common' || ids.indexOf(id) % 100 === 7));
    for (const [word, offset] of [['common', 0], ['common', 40], ['rare', 0], ['comm', 5]] as const) {
      const page = service.queue.page({ filter: { text: word }, offset, limit: 20 });
      const want = expected(word === 'comm' ? 'common' : word);
      expect(page.total, word).toBe(want.length);
      expect(page.rows.map((r) => r.id), `${word} from ${offset}`).toEqual(want.slice(offset, offset + 20));
      expect(page.rows.every((r) => r.snippet?.includes(MATCH_START)), word).toBe(true);
    }
    // With another filter the total counts the tickets that pass both.
    const open = service.queue.page({ filter: { text: 'common', open: true }, limit: 500 });
    expect(open.total).toBe(service.queue.page({ filter: { open: true }, limit: 500 }).rows.filter((r) => ids.indexOf(r.id) < 250).length);
    expect(service.queue.page({ filter: { text: 'absentword' } })).toEqual({ total: 0, offset: 0, rows: [] });
    db.close();
  });

  it('keeps the search index equal to the tickets when only some events change their text', () => {
    const { db, service } = openDevice(tempDir(), 'camille');
    const { ticket } = service.create({ kind: 'incident', title: 'Scanner jams', impact: 2, urgency: 2 });
    const act = (type: 'worklog_added' | 'comment_added' | 'field_changed', payload: object) => service.act({ ticketId: ticket.id, type, payload } as never);
    const found = (word: string) => service.queue.page({ filter: { text: word } }).total;
    act('worklog_added', { minutes: 10, kind: 'work' }); // no text change: the index entry is kept as it was
    expect([found('scanner'), found('roller')]).toEqual([1, 0]);
    act('comment_added', { text: 'Roller replaced', internal: false });
    act('field_changed', { changes: { title: 'Copier jams' } });
    act('worklog_added', { minutes: 5, kind: 'work' });
    expect([found('scanner'), found('copier'), found('roller')]).toEqual([0, 1, 1]);
    expect(db.prepare('SELECT count(*) FROM tickets_fts').pluck().get()).toBe(1);
    service.store.rebuild();
    expect([found('scanner'), found('copier'), found('roller')]).toEqual([0, 1, 1]);
    db.close();
  });

  it('computes the SLA clock of each row and filters running clocks that are due', () => {
    const { db, service, ids } = seeded();
    const row = service.queue.page({}).rows.find((r) => r.id === ids.disk);
    expect(row?.sla.state).toBe('ok');
    expect(row?.sla.leftMs).toBeGreaterThan(0);
    const later = Date.now() + 5 * 24 * 3_600_000;
    const breached = service.queue.page({ filter: { sla: 'breached' } }, later).rows.map((r) => r.id);
    expect(breached).toContain(ids.disk);
    expect(service.queue.page({ filter: { sla: 'breached' } }).total).toBe(0);
    db.close();
  });

  it('suggests requesters and sites already used', () => {
    const { db, service } = seeded();
    expect(service.queue.suggest('requester', 'Em')).toEqual(['Emma Wilson']);
    expect(service.queue.suggest('site', '')).toEqual(expect.arrayContaining(['Lyon', 'London']));
    expect(service.queue.suggest('site', '%')).toEqual([]);
    db.close();
  });
});

describe('the demo workspace', () => {
  it('is deterministic for a seed and loads a realistic spread', () => {
    const now = Date.UTC(2026, 10, 24, 12);
    expect(demoEvents(50, 1, now)).toEqual(demoEvents(50, 1, now));
    expect(demoEvents(50, 1, now)).not.toEqual(demoEvents(50, 2, now));
    const { db, service } = openDevice(tempDir(), 'camille');
    service.store.applyExternal(demoEvents(300, 42, Date.now()).flat(), 'demo');
    const all = service.queue.page({ limit: 500 });
    expect(all.total).toBe(300);
    const statuses = new Set(all.rows.map((r) => r.status));
    for (const status of ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed']) expect(statuses).toContain(status);
    expect(new Set(all.rows.map((r) => r.priority)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(all.rows.map((r) => r.sla.state))).toEqual(new Set(['ok', 'at_risk', 'breached']));
    expect(all.rows.some((r) => r.level === 'N2')).toBe(true);
    expect(all.rows.every((r) => r.conflicts === 0)).toBe(true);
    expect(all.rows.every((r) => r.unsynced === 0)).toBe(true);
    db.close();
  });
});

describe('search snippets', () => {
  it('cut a passage around the first match, accents folded, every match marked, never HTML', async () => {
    const { passage } = await import('../../../electron/core/tickets/queue');
    const mark = (w: string) => `${MATCH_START}${w}${MATCH_END}`;
    expect(passage(['Printer offline', 'L’écran reste noir après la mise à jour'], ['ecran'])).toBe(`L’${mark('écran')} reste noir après la mise à jour`);
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') + ' BIOS updated <b>now</b>';
    const cut = passage([long], ['bios']) ?? '';
    expect(cut.startsWith('…')).toBe(true);
    expect(cut).toContain(mark('BIOS'));
    expect(cut).toContain('<b>now</b>'); // text, shown as text by the renderer
    expect(passage(['nothing here'], ['bios'])).toBeNull();
  });
});
