import type { Database } from './db/open';
import type { StreamBus } from './streams';

/** How often the store is asked whether it changed: well under the second a user would notice. */
export const CHANGE_POLL_MS = 250;

/**
 * Tells the renderer when the store changed, whoever wrote: this connection (a call, a job, a sync round;
 * `total_changes()` counts its writes) or another one on the same file (the CLI, another process;
 * `PRAGMA data_version` moves when they commit). Two cheap reads per tick, one `data.changed` per tick
 * at most, so a long write loop refreshes the screens a few times a second, not once per row.
 */
export function watchChanges(db: Database, bus: StreamBus, everyMs = CHANGE_POLL_MS): () => void {
  const ownWrites = db.prepare('SELECT total_changes()').pluck();
  const read = () => `${String(db.pragma('data_version', { simple: true }))}:${String(ownWrites.get())}`;
  let last = read();
  const timer = setInterval(() => {
    if (!db.open) return;
    const now = read();
    if (now === last) return;
    last = now;
    bus.emit('data.changed', { at: Date.now() });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
