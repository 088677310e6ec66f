import type { CheckStatus, FreePoint } from '../../../shared/checks';
import type { Database } from '../db/open';

/** One stored reading of a host x check. */
export interface StoredReading {
  readonly host: string;
  readonly checkId: string;
  readonly atMs: number;
  readonly status: CheckStatus;
  /** The check's shown value, as text (`12.5`, `true`), or null. */
  readonly value: string | null;
  /** The number a trend follows (free bytes for disk.free), or null. */
  readonly metric: number | null;
  /** Why it is unavailable / unreachable, or the failing conditions, short. */
  readonly detail: string | null;
}

interface Row {
  host: string;
  check_id: string;
  at_ms: number;
  status: CheckStatus;
  value: string | null;
  metric: number | null;
  detail: string | null;
}

const fromRow = (r: Row): StoredReading => ({ host: r.host, checkId: r.check_id, atMs: r.at_ms, status: r.status, value: r.value, metric: r.metric, detail: r.detail });

/** The readings' time series: appended in rounds, read per series or as the latest of each. */
export class ReadingStore {
  constructor(private readonly db: Database) {}

  add(readings: readonly StoredReading[]): void {
    const insert = this.db.prepare('INSERT INTO check_readings (host, check_id, at_ms, status, value, metric, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of readings) insert.run(r.host, r.checkId, r.atMs, r.status, r.value, r.metric, r.detail);
    })();
  }

  /** The newest reading of every host x check. */
  latest(): StoredReading[] {
    const rows = this.db
      .prepare(
        `SELECT r.host, r.check_id, r.at_ms, r.status, r.value, r.metric, r.detail FROM check_readings r
         WHERE r.id = (SELECT id FROM check_readings x WHERE x.host = r.host AND x.check_id = r.check_id ORDER BY at_ms DESC, id DESC LIMIT 1)
         ORDER BY r.host, r.check_id`,
      )
      .all() as Row[];
    return rows.map(fromRow);
  }

  /** When the check last gave a reading on the host (an unreachable host counts as tried). */
  lastTried(host: string, checkId: string, reachCheck: string): number | null {
    // A reachable host's own pass says nothing about when a check ran; only its failures delay the next try.
    const row = this.db
      .prepare("SELECT MAX(at_ms) AS at FROM check_readings WHERE host = ? AND (check_id = ? OR (check_id = ? AND status = 'unreachable'))")
      .get(host, checkId, reachCheck) as { at: number | null };
    return row.at;
  }

  /** Unreachable results in a row on the host's reach series, newest first, and when the last one was taken. */
  unreachableStreak(host: string, reachCheck: string, limit = 64): { failures: number; lastMs: number | null } {
    const rows = this.db
      .prepare('SELECT status, at_ms FROM check_readings WHERE host = ? AND check_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?')
      .all(host, reachCheck, limit) as { status: CheckStatus; at_ms: number }[];
    const failures = rows.findIndex((r) => r.status !== 'unreachable');
    return { failures: failures === -1 ? rows.length : failures, lastMs: rows[0]?.status === 'unreachable' ? rows[0].at_ms : null };
  }

  /** The trend's points of one series since `sinceMs`, oldest first. */
  metricSeries(host: string, checkId: string, sinceMs: number): FreePoint[] {
    const rows = this.db
      .prepare('SELECT at_ms, metric FROM check_readings WHERE host = ? AND check_id = ? AND at_ms >= ? AND metric IS NOT NULL ORDER BY at_ms')
      .all(host, checkId, sinceMs) as { at_ms: number; metric: number }[];
    return rows.map((r) => ({ atMs: r.at_ms, freeBytes: r.metric }));
  }

  /** The last readings of one series, newest first (attached to its incident). */
  recent(host: string, checkId: string, limit: number): StoredReading[] {
    const rows = this.db
      .prepare('SELECT host, check_id, at_ms, status, value, metric, detail FROM check_readings WHERE host = ? AND check_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?')
      .all(host, checkId, limit) as Row[];
    return rows.map(fromRow);
  }

  /** Retention: drops what is older than `beforeMs`; returns how many went. */
  prune(beforeMs: number): number {
    return this.db.prepare('DELETE FROM check_readings WHERE at_ms < ?').run(beforeMs).changes;
  }
}
