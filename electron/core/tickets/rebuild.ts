import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { foldTicket, type SlaTable, type TicketEvent } from '../../../shared/tickets';
import { AtelierError } from '../../../shared/contract';
import type { Database } from '../db/open';
import type { ProjectionRows, ProjectionWriter } from './projection';

/** While rebuilding: a memory map over the whole store (SQLite caps it at 2 GB) and a 256 MB page cache. */
export const REBUILD_MMAP_BYTES = 2 ** 31;
const REBUILD_CACHE_KIB = 256 * 1024;
/** Below this many events a second thread costs more to start than it saves. */
const THREAD_MIN_EVENTS = 50_000;

/**
 * Drops every projection and folds them again from the log, ticket by ticket, in one transaction.
 * The result must equal the incrementally maintained projections (tested on randomized histories).
 *
 * Bulk-load shape (docs/performance.md): the queue table's secondary indexes are dropped and built once at
 * the end; the full-text index takes every ticket without merging segments on the way and is merged once
 * ('optimize'), which writes each entry about once instead of once per merge level; the log is read in
 * ticket order as plain rows and not validated again (every event was when it entered the log). Reading
 * the log in ticket order jumps all over the events table: with the store's usual 256 MB memory map, most
 * of those reads were system calls (a third of the time), so the map covers the whole file meanwhile.
 * A large log is read and folded, and the rows serialized, on a second thread (rebuild-worker.ts, its own
 * read-only connection) while this one writes; `thread` forces that choice either way.
 */
export function rebuildProjections(
  db: Database,
  projection: ProjectionWriter,
  onProgress?: (done: number) => void,
  options: { thread?: boolean } = {},
): { tickets: number; events: number; thread: boolean } {
  const mmap = db.pragma('mmap_size', { simple: true }) as number;
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`mmap_size = ${Math.max(mmap, REBUILD_MMAP_BYTES)}`);
  db.pragma(`cache_size = ${-Math.max(-cache, REBUILD_CACHE_KIB)}`);
  // The rebuild's WAL (hundreds of MB) is copied by the next checkpoint (db/checkpoint.ts), not at its commit.
  db.pragma('wal_autocheckpoint = 0');
  let thread: FoldThread | null = null;
  try {
    const wanted = options.thread ?? (db.prepare('SELECT count(*) FROM events').pluck().get() as number) >= THREAD_MIN_EVENTS;
    thread = wanted && !db.memory ? FoldThread.start(db.name, projection.currentSlaTable()) : null;
    const source = thread;
    const result = db.transaction(() => {
      const indexes = clearProjections(db);
      const counts = source ? source.drain((rows) => projection.insertRows(rows), onProgress) : foldHere(db, projection, onProgress);
      onProgress?.(counts.tickets);
      db.exec("INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize')");
      projection.skipMerge(); // the index was just merged whole
      for (const index of indexes) db.exec(index.sql);
      return counts;
    })();
    db.exec('ANALYZE tickets');
    return { ...result, thread: source !== null };
  } finally {
    thread?.stop();
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`mmap_size = ${mmap}`);
  }
}

/** Empties the projections and drops the queue table's secondary indexes; returns them, to build again. */
function clearProjections(db: Database): { name: string; sql: string }[] {
  db.exec("DELETE FROM tickets; DELETE FROM ticket_states; INSERT INTO tickets_fts (tickets_fts) VALUES ('delete-all');");
  // Their definitions come from the schema itself, so a migration that changes them needs nothing here.
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  return indexes;
}

function foldHere(db: Database, projection: ProjectionWriter, onProgress?: (done: number) => void): { tickets: number; events: number } {
  let tickets = 0;
  let events = 0;
  for (const log of ticketLogs(db)) {
    events += log.events.length;
    if (!log.hasCreated) continue;
    projection.write(foldTicket(log.events), { fresh: true });
    if (++tickets % 1000 === 0) onProgress?.(tickets);
  }
  return { tickets, events };
}

/** A row of `events` as the rebuild reads it: id, ticket_id, hlc, actor, device, type, payload. */
type RawEvent = [string, string, string, string, string, TicketEvent['type'], string];

/**
 * Every ticket's events in fold order, ticket after ticket, read a thousand tickets at a time in index order:
 * never the whole log in memory, not one query per ticket (and the connection may write between two
 * tickets: no statement is left open). `hasCreated` false: events of a ticket whose creation has not
 * arrived yet, which stay in the log without a projection.
 */
export function* ticketLogs(db: Database): Generator<{ events: TicketEvent[]; hasCreated: boolean }> {
  const nextTickets = db.prepare('SELECT DISTINCT ticket_id FROM events WHERE ticket_id > ? ORDER BY ticket_id LIMIT 1000').pluck();
  const eventsBetween = db
    .prepare('SELECT id, ticket_id, hlc, actor, device, type, payload FROM events WHERE ticket_id > ? AND ticket_id <= ? ORDER BY ticket_id, hlc, id')
    .raw();
  let events: TicketEvent[] = [];
  let hasCreated = false;
  for (let after = ''; ; ) {
    const last = (nextTickets.all(after) as string[]).at(-1);
    if (last === undefined) break;
    for (const [id, ticketId, hlc, actor, device, type, payload] of eventsBetween.all(after, last) as RawEvent[]) {
      if (events.length > 0 && events[0]?.ticketId !== ticketId) {
        yield { events, hasCreated };
        events = [];
        hasCreated = false;
      }
      if (type === 'created') hasCreated = true;
      events.push({ id, ticketId, hlc, actor, device, type, payload: JSON.parse(payload) } as TicketEvent);
    }
    after = last;
  }
  if (events.length > 0) yield { events, hasCreated };
}

// ---- The fold thread ------------------------------------------------------------------------------------

/** Slots of the Int32Array shared with the fold thread. */
export const SLOT = { posted: 0, consumed: 1, failed: 2 } as const;
/** Batches the thread may be ahead of the writer (a batch is a few hundred tickets): bounds the memory. */
export const MAX_AHEAD = 8;
export const BATCH_TICKETS = 250;

export type FoldMessage = { rows: ProjectionRows[]; events: number } | { done: true; tickets: number; events: number } | { error: string };

export interface FoldThreadInput {
  file: string;
  slaTable: SlaTable;
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/** How long the writer waits for the thread's next batch before giving up (the thread died or hung). */
const THREAD_SILENCE_MS = 60_000;

/**
 * Starts the thread from a small plain script that loads the real one (rebuild-worker.ts from sources, with
 * tsx; the bundled rebuild-worker.js from the app) and reports at once, through the shared slots, when it
 * cannot: the writer then folds on its own thread instead.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
(async () => {
  if (workerData.tsx) await (await import(workerData.tsx)).tsImport(workerData.entry, workerData.entry);
  else await import(workerData.entry);
})().catch((error) => {
  Atomics.store(signal, ${SLOT.failed}, 1);
  Atomics.notify(signal, ${SLOT.posted});
});
`;

class FoldThread {
  private consumed = 0;
  /** A message taken before `drain` (the first batch, which showed the thread works). */
  pending: FoldMessage | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  /** Null when no thread can run here (it then folds on this thread). */
  static start(file: string, slaTable: SlaTable): FoldThread | null {
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSources ? './rebuild-worker.ts' : './rebuild-worker.js', import.meta.url).href;
    const signal = new SharedArrayBuffer(4 * 3);
    const { port1, port2 } = new MessageChannel();
    try {
      // From sources the thread runs TypeScript through tsx's loader, as the tests and the bench do here.
      const tsx = fromSources ? pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href : null;
      const input: FoldThreadInput = { file, slaTable, port: port2, signal };
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { ...input, entry, tsx }, transferList: [port2] });
      worker.unref();
      worker.on('error', () => {}); // seen through the shared slots
      const thread = new FoldThread(worker, port1, new Int32Array(signal));
      // The first batch comes within a second or two. A thread that failed to start, stayed silent or
      // could not read the store (its first message an error): fold here instead.
      const first = thread.waitForBatch(THREAD_SILENCE_MS) ? thread.receive() : undefined;
      if (first === undefined || 'error' in first) {
        thread.stop();
        return null;
      }
      thread.pending = first;
      return thread;
    } catch {
      port1.close();
      return null;
    }
  }

  /** Writes every batch the thread sends, in order; returns the counts from its last message. */
  drain(write: (rows: ProjectionRows) => void, onProgress?: (done: number) => void): { tickets: number; events: number } {
    let tickets = 0;
    for (;;) {
      const message = this.pending ?? this.receive();
      this.pending = undefined;
      if (message === undefined) {
        if (!this.waitForBatch(THREAD_SILENCE_MS)) throw new AtelierError('unavailable', 'rebuild: the fold thread stopped answering; nothing was changed');
        continue;
      }
      if ('error' in message) throw new AtelierError('unavailable', `rebuild: ${message.error}; nothing was changed`);
      if ('done' in message) return { tickets: message.tickets, events: message.events };
      for (const rows of message.rows) {
        write(rows);
        if (++tickets % 1000 === 0) onProgress?.(tickets);
      }
    }
  }

  /** The thread's next message if one is there; counts it as taken (the thread may then run further ahead). */
  receive(): FoldMessage | undefined {
    const received = receiveMessageOnPort(this.port) as { message: FoldMessage } | undefined;
    if (!received) return undefined;
    this.consumed++;
    Atomics.store(this.signal, SLOT.consumed, this.consumed);
    Atomics.notify(this.signal, SLOT.consumed);
    return received.message;
  }

  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }

  /** True once a batch not yet read is there; false if the thread failed or stayed silent for `ms`. */
  private waitForBatch(ms: number): boolean {
    const deadline = Date.now() + ms;
    for (;;) {
      if (Atomics.load(this.signal, SLOT.failed) === 1) return false;
      if (Atomics.load(this.signal, SLOT.posted) > this.consumed) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.signal, SLOT.posted, this.consumed, left);
    }
  }
}
