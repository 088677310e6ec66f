import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

export const CHECKPOINT_EVERY_MS = 5_000;
/** How often the checkpoint thread copies the WAL into the database file. */
export const WORKER_CHECKPOINT_EVERY_MS = 1_000;
/** SQLite's own checkpoint inside a write, kept only as a safety net: 40 MB of WAL (its default is 4 MB). */
const SAFETY_NET_PAGES = 10_000;
/** With the checkpoint thread running, the safety net can wait longer: about 400 MB of WAL. */
const WORKER_SAFETY_NET_PAGES = 100_000;
/** After the WAL starts over, its file is cut back to this size (it is reused, not grown again). */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

// The checkpoint thread's state, shared with it: idle, checkpointing, or stopped (it then starts no new one).
const IDLE = 0;
const BUSY = 1;
const STOPPED = 2;

/**
 * The checkpoint thread: its own connection to the same file, copying the WAL into the database file with
 * PASSIVE checkpoints, which never wait for and never block the writer. A plain script (not a module of
 * this project) so that it runs the same from sources, tests and the bundled app.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
const db = new Database(workerData.file, { fileMustExist: true });
const tick = () => {
  if (Atomics.compareExchange(state, 0, ${IDLE}, ${BUSY}) !== ${IDLE}) return db.close();
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(String(error && error.message || error));
  } finally {
    Atomics.compareExchange(state, 0, ${BUSY}, ${IDLE});
    Atomics.notify(state, 0);
  }
  setTimeout(tick, workerData.everyMs);
};
tick();
`;

/**
 * SQLite's automatic WAL checkpoint runs inside whichever write crosses its limit (1000 pages by default):
 * a write that waits for a whole checkpoint, 20–500 ms with its fsync. The core takes checkpoints off the
 * write path: a worker thread with its own connection checkpoints every second (PASSIVE: it copies what is
 * committed and never holds the writer up), so a write does not wait for one even in a long write loop. If
 * the thread cannot run, a timer on this thread checkpoints every 5 s between writes. Either way SQLite's
 * own checkpoint stays as a safety net, and the WAL is truncated when the store closes.
 */
export function scheduleCheckpoints(db: Database, everyMs = CHECKPOINT_EVERY_MS): () => void {
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  let timer: NodeJS.Timeout | null = null;
  const onThisThread = () => {
    if (timer || !db.open) return;
    db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    timer = setInterval(() => {
      if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
    }, everyMs);
    timer.unref();
  };
  const thread = db.memory ? null : startCheckpointThread(db, onThisThread);
  if (thread) db.pragma(`wal_autocheckpoint = ${WORKER_SAFETY_NET_PAGES}`);
  else onThisThread();
  return () => {
    thread?.stop();
    if (timer) clearInterval(timer);
    if (!db.open) return;
    db.pragma('optimize = 0x10002'); // keeps the planner's statistics fresh, new tables included
    db.pragma('wal_checkpoint(TRUNCATE)');
  };
}

/** Starts the checkpoint thread; `failed` runs if it dies (e.g. the driver cannot load in a worker). */
function startCheckpointThread(db: Database, failed: () => void): { stop(): void } | null {
  const state = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.name, state: state.buffer, everyMs: WORKER_CHECKPOINT_EVERY_MS } });
  } catch {
    return null;
  }
  worker.unref();
  // A checkpoint that failed is tried again at the next tick; SQLite's safety net covers the meantime.
  worker.on('message', () => {});
  worker.on('error', () => {
    if (Atomics.exchange(state, 0, STOPPED) !== STOPPED) failed();
  });
  return {
    stop() {
      // Waits (bounded) for a checkpoint in progress, so that the closing TRUNCATE does not meet it.
      for (let tries = 0; tries < 20; tries++) {
        if (Atomics.compareExchange(state, 0, IDLE, STOPPED) !== BUSY) break;
        Atomics.wait(state, 0, BUSY, 100);
      }
      Atomics.store(state, 0, STOPPED);
      void worker.terminate();
    },
  };
}
