import type { Database } from 'better-sqlite3';

export const CHECKPOINT_EVERY_MS = 5_000;
const SAFETY_NET_PAGES = 10_000;

/**
 * SQLite's automatic WAL checkpoint runs inside whichever write crosses 1000 pages, turning one append in a
 * hundred into a 20-40 ms stall. The core checkpoints on a timer instead, off the write path, and truncates
 * the WAL when it closes.
 */
export function scheduleCheckpoints(db: Database, everyMs = CHECKPOINT_EVERY_MS): () => void {
  // A safety net remains for long writes that keep the timer from running: 40 MB of WAL, not 4.
  db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  const timer = setInterval(() => {
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (!db.open) return;
    db.pragma('optimize = 0x10002'); // keeps the planner's statistics fresh, new tables included
    db.pragma('wal_checkpoint(TRUNCATE)');
  };
}
