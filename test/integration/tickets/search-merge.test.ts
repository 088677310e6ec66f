import { describe, expect, it } from 'vitest';
import { openDevice } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';

// The full-text index merges a bounded amount in each writing transaction (tickets/search-index.ts) instead
// of FTS5's automatic bursts: it stays compact and every ticket stays findable by its latest text.
describe('the search index under many small writes', () => {
  it('stays merged (few segments) and equal to the tickets', () => {
    const { db, service } = openDevice(tempDir(), 'camille');
    const segments = () => db.prepare('SELECT count(DISTINCT segid) FROM tickets_fts_idx').pluck().get() as number;
    const ids = Array.from({ length: 20 }, (_, i) => service.create({ kind: 'incident', title: `Poste ${i} lent`, impact: 3, urgency: 3 }).ticket.id);
    let most = 0;
    for (let i = 0; i < 400; i++) {
      const ticketId = ids[i % ids.length] as string;
      service.act({ ticketId, type: 'comment_added', payload: { text: `relevé ${i} température ${i % 7}`, internal: false } });
      most = Math.max(most, segments());
    }
    // FTS5 on its own (automerge off, nothing merging) lets 31 segments pile up on a level before merging them
    // all in one write; merged as they come, a level never holds more than 8.
    expect(most).toBeLessThanOrEqual(16);
    const found = (word: string) => service.queue.page({ filter: { text: word } }).total;
    expect([found('relevé'), found('temperature'), found('lent')]).toEqual([20, 20, 20]);
    expect(db.prepare("SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH '\"399\"'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM tickets_fts').pluck().get()).toBe(20);
    db.close();
  });

  it('merges after a batch of events from elsewhere too', () => {
    const a = openDevice(tempDir(), 'camille');
    const b = openDevice(tempDir(), 'hugo');
    const segments = () => b.db.prepare('SELECT count(DISTINCT segid) FROM tickets_fts_idx').pluck().get() as number;
    const { ticket } = a.service.create({ kind: 'incident', title: 'Imprimante hors ligne', impact: 3, urgency: 3 });
    let most = 0;
    for (let i = 0; i < 120; i++) {
      a.service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: `essai ${i}`, internal: false } });
      // One event at a time, as small pulls bring them: one transaction (and one new segment) each.
      const latest = a.service.store.history(ticket.id).map((stored) => stored.event);
      b.service.store.applyExternal(latest, 'remote');
      most = Math.max(most, segments());
    }
    expect(most).toBeLessThanOrEqual(16);
    expect(b.service.queue.page({ filter: { text: 'imprimante' } }).total).toBe(1);
    a.db.close();
    b.db.close();
  });
});
