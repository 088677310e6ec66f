import { describe, expect, it } from 'vitest';
import { KbStore } from '../../../electron/core/kb/store';
import { DeviceClock } from '../../../electron/core/tickets/device-clock';
import { ARTICLES, QUERIES, TICKETS } from '../../setup/search-corpus';
import { tempDir } from '../../setup/temp';
import { openDevice } from '../../setup/tickets';

function seeded() {
  const { db, service } = openDevice(tempDir(), 'camille');
  const tickets = new Map<string, string>();
  for (const t of TICKETS) {
    const { ticket } = service.create({ kind: 'incident', title: t.title, description: t.description, impact: 2, urgency: 2 });
    if (t.comment) service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: t.comment, internal: false } });
    tickets.set(ticket.id, t.key);
  }
  const kb = new KbStore(db, new DeviceClock(db), () => 'Sarah');
  const articles = new Map<string, string>();
  for (const a of ARTICLES) articles.set(kb.create({ title: a.title, kind: 'resolution', body: a.body, tags: a.tags ?? [] }).id, a.key);
  return { db, service, kb, tickets, articles };
}

/** What a search answered: the keys found, sorted, or the error it threw. */
function answer(run: () => string[]): string[] | string {
  try {
    return run().sort();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('the search corpus (technicians’ real queries)', () => {
  it('answers every query, over tickets and the knowledge base, with exactly the expected hits', () => {
    const { db, service, kb, tickets, articles } = seeded();
    const wrong: string[] = [];
    for (const q of QUERIES) {
      const ticketKeys = answer(() => service.queue.page({ filter: { text: q.text }, limit: 100 }).rows.map((r) => tickets.get(r.id) ?? r.id));
      const articleKeys = answer(() => kb.search({ text: q.text }).map((a) => articles.get(a.id) ?? a.id));
      const wantTickets = q.tickets === 'all' ? [...tickets.values()].sort() : [...q.tickets].sort();
      const wantArticles = q.articles === 'all' ? [...articles.values()].sort() : [...q.articles].sort();
      if (JSON.stringify(ticketKeys) !== JSON.stringify(wantTickets)) wrong.push(`tickets ${JSON.stringify(q.text)}: got ${JSON.stringify(ticketKeys)}, want ${JSON.stringify(wantTickets)}`);
      if (JSON.stringify(articleKeys) !== JSON.stringify(wantArticles)) wrong.push(`articles ${JSON.stringify(q.text)}: got ${JSON.stringify(articleKeys)}, want ${JSON.stringify(wantArticles)}`);
    }
    expect(wrong).toEqual([]);
    db.close();
  });

  it('marks every part of an error code in the snippet', () => {
    const { db, service } = seeded();
    const [row] = service.queue.page({ filter: { text: 'ERROR_ACCESS_DENIED' } }).rows;
    expect(row?.snippet).toContain('\u0002ERROR\u0003_\u0002ACCESS\u0003_\u0002DENIED\u0003');
    db.close();
  });
});
