// The rebuild's fold thread (rebuild.ts): reads the log in ticket order on its own read-only connection,
// folds each ticket and computes its projection rows, and hands them to the writing thread in batches.
import { workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { foldTicket } from '../../../shared/tickets';
import { projectionRows, type ProjectionRows } from './projection';
import { BATCH_TICKETS, MAX_AHEAD, REBUILD_MMAP_BYTES, SLOT, ticketLogs, type FoldMessage, type FoldThreadInput } from './rebuild';

const { file, slaTable, port, signal: shared } = workerData as FoldThreadInput;
const signal = new Int32Array(shared);
let posted = 0;

function post(message: FoldMessage): void {
  // Never more than MAX_AHEAD batches waiting for the writer.
  for (let consumed = Atomics.load(signal, SLOT.consumed); posted - consumed >= MAX_AHEAD; consumed = Atomics.load(signal, SLOT.consumed)) {
    Atomics.wait(signal, SLOT.consumed, consumed, 1_000);
  }
  port.postMessage(message);
  Atomics.store(signal, SLOT.posted, ++posted);
  Atomics.notify(signal, SLOT.posted);
}

try {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  db.pragma(`mmap_size = ${REBUILD_MMAP_BYTES}`);
  db.exec('BEGIN'); // one snapshot of the log for the whole read
  let rows: ProjectionRows[] = [];
  let batchEvents = 0;
  let tickets = 0;
  let events = 0;
  for (const log of ticketLogs(db)) {
    batchEvents += log.events.length;
    events += log.events.length;
    if (!log.hasCreated) continue;
    rows.push(projectionRows(foldTicket(log.events), slaTable));
    tickets++;
    if (rows.length === BATCH_TICKETS) {
      post({ rows, events: batchEvents });
      rows = [];
      batchEvents = 0;
    }
  }
  if (rows.length > 0) post({ rows, events: batchEvents });
  db.exec('COMMIT');
  db.close();
  post({ done: true, tickets, events });
} catch (error) {
  post({ error: error instanceof Error ? error.message : String(error) });
}
