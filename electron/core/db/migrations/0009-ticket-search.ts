import type { Migration } from '../migration';

/**
 * Faster queue pages and a smaller, cheaper full-text index (figures in docs/performance.md):
 * - `tickets_fts` becomes contentless (the text is already in `ticket_states`; the copy cost 50 MB per 100k
 *   tickets and a read of the old text on every update) with `contentless_delete` so a ticket's entry can
 *   still be replaced, and `detail=column` (which words are in which column, no word positions: the queue
 *   never runs phrase queries, bm25's column weights still apply). The index is a third of its old size.
 *   It is refilled here from the stored tickets and merged into one segment. FTS5 merges segments inside
 *   writes, 64 × levels pages at a time once a level holds `automerge` segments: at 4 (the default) that
 *   work landed in one append in a hundred (p99 18 ms of CPU); at 8 it is rare enough for a p99 of 3 ms.
 *   `crisismerge` (a whole level merged at once) is raised to 32 so the incremental merges come first.
 * - Covering indexes for the queue's common filters (site, assignee) hold every column a page filters and
 *   sorts on, so a filtered page sorts index entries without reading a table row per ticket.
 * - An index in the default sort order (priority, then most recently updated) lets a search that matches
 *   many tickets walk the queue in order and stop after the page.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'ticket-search',
  up(db) {
    db.exec(`
      DROP TABLE tickets_fts;
      CREATE VIRTUAL TABLE tickets_fts USING fts5 (
        title,
        description,
        comments,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3',
        content = '',
        contentless_delete = 1,
        detail = column
      );
      INSERT INTO tickets_fts (rowid, title, description, comments)
        SELECT t.rowid, json_extract(s.state, '$.title'), json_extract(s.state, '$.description'),
               coalesce((SELECT group_concat(json_extract(c.value, '$.text'), char(10)) FROM json_each(s.state, '$.comments') c), '')
        FROM tickets t JOIN ticket_states s ON s.id = t.id
        ORDER BY t.rowid;
      INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize');
      INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('automerge', 8);
      INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('crisismerge', 32);

      DROP INDEX tickets_site;
      DROP INDEX tickets_assignee;
      CREATE INDEX tickets_site ON tickets (site, is_open, level, priority, updated_ms, resolve_due_ms, id);
      CREATE INDEX tickets_assignee ON tickets (assignee, is_open, level, priority, updated_ms, resolve_due_ms, id);
      CREATE INDEX tickets_by_priority ON tickets (priority, updated_ms DESC, id);
    `);
  },
};
