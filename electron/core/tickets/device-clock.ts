import { randomBytes } from 'node:crypto';
import { Hlc } from '../../../shared/tickets';
import type { Database } from '../db/open';

/**
 * This device's hybrid logical clock. Its node id is made once per store; the last timestamp is saved
 * with every event so the clock stays monotonic across restarts, whatever the wall clock does.
 */
export class DeviceClock {
  readonly hlc: Hlc;
  private readonly save: (last: string) => void;

  constructor(db: Database, wall?: () => number) {
    let row = db.prepare('SELECT node_id AS node, last_hlc AS last FROM device WHERE id = 1').get() as
      | { node: string; last: string | null }
      | undefined;
    if (!row) {
      row = { node: randomBytes(8).toString('hex'), last: null };
      db.prepare('INSERT INTO device (id, node_id, last_hlc) VALUES (1, ?, NULL)').run(row.node);
    }
    this.hlc = new Hlc({ node: row.node, last: row.last, ...(wall ? { wall } : {}) });
    const update = db.prepare('UPDATE device SET last_hlc = ? WHERE id = 1');
    this.save = (last) => update.run(last);
  }

  get node(): string {
    return this.hlc.node;
  }

  /** A timestamp for a local event; call inside the transaction that stores the event. */
  now(): string {
    const value = this.hlc.now();
    this.save(this.hlc.last);
    return value;
  }

  /** Takes in remote events' timestamps (saved once); call inside the transaction that stores them. */
  receive(remote: readonly string[]): void {
    for (const hlc of remote) this.hlc.receive(hlc);
    this.save(this.hlc.last);
  }
}
