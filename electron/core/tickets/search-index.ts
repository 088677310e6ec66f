import type { Database } from '../db/open';

/** The full-text index's automatic merge setting outside bulk loads (migration 0009 explains the value). */
export const FTS_AUTOMERGE = 8;

/** Sets one of FTS5's stored options on `tickets_fts` ('automerge', 'crisismerge', 'usermerge'). */
export function setFtsOption(db: Database, option: 'automerge' | 'crisismerge' | 'usermerge', value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`tickets_fts ${option}: ${value} is not a whole number ≥ 0`);
  // FTS5 takes only an SQL integer here: a JavaScript number would be bound as a real and refused.
  db.prepare('INSERT INTO tickets_fts (tickets_fts, rank) VALUES (?, ?)').run(option, BigInt(value));
}
