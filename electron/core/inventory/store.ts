import { AtelierError } from '../../../shared/contract/errors';
import type { InventorySnapshot, SnapshotSummary } from '../../../shared/inventory';
import type { Database } from '../db/open';
import { parseOrThrowSnapshot } from './snapshot';

interface Row {
  id: string;
  machine_key: string;
  host: string | null;
  taken_at: string;
  taken_by: string;
  collector: string;
  kind: string | null;
}

/** Snapshots per machine in the local store. A snapshot is validated before it is written. */
export class InventoryStore {
  constructor(private readonly db: Database) {}

  save(snapshot: InventorySnapshot): SnapshotSummary {
    const valid = parseOrThrowSnapshot(snapshot, 'snapshot');
    try {
      this.db
        .prepare('INSERT INTO inventory_snapshots (id, machine_key, host, taken_at, taken_by, collector, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(valid.id, valid.machineKey, valid.host ?? null, valid.takenAt, valid.takenBy, valid.collector, JSON.stringify(valid));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AtelierError('conflict', `snapshot ${valid.id} is already stored`);
      throw error;
    }
    return summary(this.row(valid.id) as Row);
  }

  /** Newest first; one machine or all. */
  list(options: { machineKey?: string; limit?: number } = {}): SnapshotSummary[] {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const rows = options.machineKey
      ? this.db.prepare(`SELECT ${COLUMNS} FROM inventory_snapshots WHERE machine_key = ? ORDER BY taken_at DESC, rowid DESC LIMIT ?`).all(options.machineKey, limit)
      : this.db.prepare(`SELECT ${COLUMNS} FROM inventory_snapshots ORDER BY taken_at DESC, rowid DESC LIMIT ?`).all(limit);
    return (rows as Row[]).map(summary);
  }

  get(id: string): InventorySnapshot {
    const data = this.db.prepare('SELECT data FROM inventory_snapshots WHERE id = ?').pluck().get(id) as string | undefined;
    if (data === undefined) throw new AtelierError('not_found', `no inventory snapshot ${id}`);
    return parseOrThrowSnapshot(JSON.parse(data), `stored snapshot ${id}`);
  }

  /** The snapshot taken just before `id` on the same machine (for "what changed since last visit"). */
  previous(id: string): InventorySnapshot | undefined {
    const row = this.row(id);
    if (!row) throw new AtelierError('not_found', `no inventory snapshot ${id}`);
    const prev = this.db
      // Two snapshots in the same millisecond: the one saved first comes first (ids are random).
      .prepare(
        `SELECT id FROM inventory_snapshots WHERE machine_key = ? AND (taken_at < ? OR (taken_at = ? AND rowid < (SELECT rowid FROM inventory_snapshots WHERE id = ?)))
         ORDER BY taken_at DESC, rowid DESC LIMIT 1`,
      )
      .pluck()
      .get(row.machine_key, row.taken_at, row.taken_at, row.id) as string | undefined;
    return prev ? this.get(prev) : undefined;
  }

  /** The newest snapshot of a machine, found by its key or else by the source's id of the device. */
  latest(machineKey: string, sourceId?: string): InventorySnapshot | undefined {
    const byKey = this.db
      .prepare('SELECT id FROM inventory_snapshots WHERE machine_key = ? ORDER BY taken_at DESC, rowid DESC LIMIT 1')
      .pluck()
      .get(machineKey) as string | undefined;
    const id = byKey ?? (sourceId === undefined ? undefined : (this.db
      .prepare("SELECT id FROM inventory_snapshots WHERE json_extract(data, '$.sourceId') = ? ORDER BY taken_at DESC, rowid DESC LIMIT 1")
      .pluck()
      .get(sourceId) as string | undefined));
    return id ? this.get(id) : undefined;
  }

  private row(id: string): Row | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM inventory_snapshots WHERE id = ?`).get(id) as Row | undefined;
  }
}

const COLUMNS = "id, machine_key, host, taken_at, taken_by, collector, json_extract(data, '$.kind') AS kind";

function summary(row: Row): SnapshotSummary {
  return {
    id: row.id, machineKey: row.machine_key, ...(row.host ? { host: row.host } : {}), takenAt: row.taken_at, takenBy: row.taken_by,
    collector: row.collector as SnapshotSummary['collector'], ...(row.kind ? { kind: row.kind as SnapshotSummary['kind'] } : {}),
  };
}
