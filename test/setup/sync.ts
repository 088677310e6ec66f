/** A device for sync tests: its own SQLite file, ticket service and sync engine, optionally a skewed clock. */
import { openDatabase, type Database } from '../../electron/core/db/open';
import { HubClock } from '../../electron/core/sync/clock';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/engine';
import { SyncStateStore } from '../../electron/core/sync/state';
import { ProjectionWriter } from '../../electron/core/tickets/projection';
import { TicketService } from '../../electron/core/tickets/service';

export interface SyncDevice {
  readonly name: string;
  readonly db: Database;
  readonly service: TicketService;
  readonly engine: SyncEngine;
  readonly state: SyncStateStore;
  readonly clock: HubClock;
  close(): void;
}

export interface DeviceOptions {
  /** The technician (and hub user) events are made by. */
  actor: string;
  hubUrl: string;
  token: string;
  /** How far this device's clock is ahead of the real time (negative: behind). */
  skewMs?: number;
  pushBatch?: number;
  pullLimit?: number;
  onPhase?: SyncEngineOptions['onPhase'];
  blobGraceMs?: number;
}

export function openSyncDevice(file: string, options: DeviceOptions): SyncDevice {
  const db = openDatabase(file);
  const state = new SyncStateStore(db);
  const skew = options.skewMs ?? 0;
  const clock = new HubClock(state, () => Date.now() + skew);
  const service = new TicketService(db, () => options.actor, undefined, clock.wall);
  state.setHub(options.hubUrl);
  const engine = new SyncEngine({
    db,
    store: service.store,
    projection: new ProjectionWriter(db, () => service.sla()),
    state,
    clock,
    token: () => options.token,
    ...(options.pushBatch ? { pushBatch: options.pushBatch } : {}),
    ...(options.pullLimit ? { pullLimit: options.pullLimit } : {}),
    ...(options.onPhase ? { onPhase: options.onPhase } : {}),
    ...(options.blobGraceMs !== undefined ? { blobGraceMs: options.blobGraceMs } : {}),
  });
  return { name: options.actor, db, service, engine, state, clock, close: () => {
    engine.close();
    db.close();
  } };
}

/** Every projected ticket's state JSON by id. */
export function projectionsOf(db: Database): Map<string, string> {
  const rows = db.prepare('SELECT id, state FROM ticket_states ORDER BY id').all() as { id: string; state: string }[];
  return new Map(rows.map((row) => [row.id, row.state]));
}

export function eventIds(db: Database, where = '1 = 1'): string[] {
  return db.prepare(`SELECT id FROM events WHERE ${where}`).pluck().all() as string[];
}
