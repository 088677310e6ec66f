import { describe, expect, it } from 'vitest';
import type { TicketService } from '../../../electron/core/tickets/service';
import { BatchApplier } from '../../../electron/core/tickets/apply-batch';
import { newTicketId } from '../../../electron/core/tickets/event-store';
import { ProjectionWriter } from '../../../electron/core/tickets/projection';
import { openDevice } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';

function allEvents(service: TicketService, ids: string[]) {
  return ids.flatMap((id) => service.store.history(id).map((stored) => stored.event));
}

/** The sync's page apply on a device (as electron/core/sync/streams.ts builds it). */
const pulled = (device: ReturnType<typeof openDevice>) =>
  new BatchApplier(device.db, device.service.store, new ProjectionWriter(device.db, () => device.service.sla()));

const attention = (service: TicketService) => service.queue.page({ filter: { conflicts: true } });

describe('the Conflicts view lists field clashes beside status conflicts', () => {
  it('counts a ticket whose field two devices set offline, names the field, and lets it go once settled', () => {
    const dir = tempDir();
    let wall = Date.UTC(2026, 11, 7, 9);
    const jeanne = openDevice(dir, 'jeanne', () => wall);
    const karim = openDevice(dir, 'karim', () => wall);
    const share = jeanne.service.create({ kind: 'incident', title: 'Accounting share unreachable', impact: 2, urgency: 2 }).ticket.id;
    const printer = jeanne.service.create({ kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2 }).ticket.id;
    const screen = jeanne.service.create({ kind: 'incident', title: 'Screen flickers', impact: 2, urgency: 2 }).ticket.id;
    jeanne.service.act({ ticketId: screen, type: 'assigned', payload: { assignee: 'karim' } });
    karim.service.store.applyExternal(allEvents(jeanne.service, [share, printer, screen]), 'remote');

    // Offline on both: the same field of one ticket, different fields of another, a status clash on a third.
    wall += 60_000;
    jeanne.service.act({ ticketId: share, type: 'field_changed', payload: { changes: { urgency: 1 } } });
    jeanne.service.act({ ticketId: printer, type: 'field_changed', payload: { changes: { site: 'Lyon' } } });
    karim.service.act({ ticketId: screen, type: 'resolved', payload: { resolution: { text: 'cable replaced', rootCause: 'loose cable' } } });
    wall += 60_000;
    karim.service.act({ ticketId: share, type: 'field_changed', payload: { changes: { urgency: 3 } } });
    karim.service.act({ ticketId: printer, type: 'field_changed', payload: { changes: { urgency: 1 } } });
    jeanne.service.act({ ticketId: screen, type: 'status_changed', payload: { from: 'assigned', to: 'pending' } });
    expect(attention(jeanne.service).total).toBe(0);

    const ids = [share, printer, screen];
    jeanne.service.store.applyExternal(allEvents(karim.service, ids), 'remote');
    karim.service.store.applyExternal(allEvents(jeanne.service, ids), 'remote');
    for (const { service } of [jeanne, karim]) {
      const page = attention(service);
      expect(page.total).toBe(2);
      expect(new Map(page.rows.map((row) => [row.id, [row.conflicts, row.clashes]]))).toEqual(
        new Map([
          [share, [0, ['urgency']]],
          [screen, [1, []]],
        ]),
      );
      // The ticket shows the same clash the queue counts: one rule, one place.
      expect(service.detail(share).clashes.map((clash) => [clash.field, clash.won.value, clash.lost.value])).toEqual([['urgency', 3, 1]]);
      // Other queues carry the clash too (the flag on the row).
      expect(service.queue.page({}).rows.find((row) => row.id === printer)?.clashes).toEqual([]);
    }

    // Jeanne, having seen both, takes her value back: the clash is settled, the count goes down on both.
    wall += 60_000;
    jeanne.service.act({ ticketId: share, type: 'field_changed', payload: { changes: { urgency: 1 } } });
    expect(attention(jeanne.service).rows.map((row) => row.id)).toEqual([screen]);
    karim.service.store.applyExternal(allEvents(jeanne.service, [share]), 'remote');
    expect(attention(karim.service).total).toBe(1);
    expect(karim.service.detail(share).clashes).toEqual([]);

    // A rebuild of the projection from the log gives the same rows.
    const column = (service: TicketService) => service.queue.page({}).rows.map((row) => [row.id, row.clashes, row.conflicts]);
    const before = column(karim.service);
    karim.service.store.rebuild();
    expect(column(karim.service)).toEqual(before);
    jeanne.db.close();
    karim.db.close();
  });

  it('a pulled page (the sync\'s batch apply) sets the clash column as a local fold does', () => {
    const dir = tempDir();
    let wall = Date.UTC(2026, 11, 7, 9);
    const a = openDevice(dir, 'a', () => wall);
    const b = openDevice(dir, 'b', () => wall);
    const id = a.service.create({ kind: 'incident', title: 'VPN drops', impact: 2, urgency: 2 }).ticket.id;
    b.service.store.applyExternal(allEvents(a.service, [id]), 'remote');
    wall += 1_000;
    a.service.act({ ticketId: id, type: 'field_changed', payload: { changes: { assignee: 'a', site: 'Lyon' } } });
    wall += 1_000;
    b.service.act({ ticketId: id, type: 'field_changed', payload: { changes: { site: 'Paris' } } });
    // B pulls A's change (it sorts before B's own: the ticket is folded again from its log).
    pulled(b).apply(allEvents(a.service, [id]), 'remote');
    // A fresh device takes the whole log in one page (folded from the page alone).
    const c = openDevice(dir, 'c', () => wall);
    pulled(c).apply(allEvents(b.service, [id]), 'remote');
    for (const { service } of [b, c]) expect(attention(service).rows.map((row) => [row.id, row.clashes])).toEqual([[id, ['site']]]);
    for (const d of [a, b, c]) d.db.close();
  });

  it('finds the few tickets that need a person among 10,000 through its index, without reading their states', () => {
    const dir = tempDir();
    const { db, service } = openDevice(dir, 'lead');
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT t.rowid FROM tickets t WHERE (t.conflicts > 0 OR t.clashes IS NOT NULL) ORDER BY t.priority LIMIT 100`)
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' | ')).toMatch(/USING (COVERING )?INDEX tickets_attention/);
    // 10,000 rows copied from one real ticket's (creating each through the service takes many seconds here).
    service.store.appendLocal({ ticketId: newTicketId(), type: 'created', payload: { kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2 }, actor: 'lead' });
    const columns = (db.prepare("SELECT name FROM pragma_table_info('tickets') WHERE name NOT IN ('id', 'ref')").pluck().all() as string[]).join(', ');
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
      INSERT INTO tickets (id, ref, ${columns}) SELECT printf('copy-%05d', i), printf('C-%05d', i), ${columns} FROM n, tickets WHERE tickets.ref NOT LIKE 'C-%'`);
    db.exec("INSERT INTO ticket_states (id, sla_input, state) SELECT t.id, s.sla_input, s.state FROM tickets t, ticket_states s WHERE t.id LIKE 'copy-%'");
    expect(db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(10_000);
    db.prepare("UPDATE tickets SET clashes = 'urgency' WHERE rowid % 1000 = 0").run();
    const started = performance.now();
    const page = attention(service);
    const ms = performance.now() - started;
    expect(page.total).toBe(10);
    expect(page.rows.every((row) => row.clashes.length === 1)).toBe(true);
    // Generous for a loaded 2-core machine: a scan of 10,000 parsed states would take far longer.
    expect(ms).toBeLessThan(1_000);
    db.close();
  });
});
