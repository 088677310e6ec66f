import type { Database } from './open';

/**
 * The `settings` table: one JSON value per key (UI preferences, SLA targets, report branding, the download
 * folder). Readers validate what they get: a value written by another version may not fit.
 */
export function readStored(db: Database, key: string): unknown {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
}

export function writeStored(db: Database, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function deleteStored(db: Database, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}
