import type { Migration } from '../migration';

/**
 * The full-text index stops merging by itself (`automerge` 0): each write merges a bounded amount instead
 * (tickets/search-index.ts), on levels holding 8 segments (`usermerge` 8). FTS5's automatic merges landed
 * whole inside one write in a hundred (a level of 32 segments at once, 1–2 ms; 64 × levels pages, 3–7 ms,
 * more as the index grows). `crisismerge` stays at 32: the backstop if a writer ever skips its merge.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'search-merge',
  up(db) {
    db.exec(`
      INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('automerge', 0);
      INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('usermerge', 8);
    `);
  },
};
