import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AtelierError } from '../../../shared/contract';
import { makePrivate, prepareDataDir, PRIVATE_FILE_MODE } from '../paths';
import { EmptyStoreError, isEmptyStore, STORE_COMPANIONS } from './empty-store';
import type { Migration } from './migration';
import { migrations as knownMigrations } from './migrations';
import { checkedAsIs, FULL_CHECK_MAX_BYTES, type StoreCheck } from './store-check';

export type { Database } from 'better-sqlite3';

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Stop at this version (tests of a single migration). */
  targetVersion?: number;
  /** The quick check already passed on another thread (store-check.ts): not run again if the file is unchanged. */
  checked?: StoreCheck;
}

/**
 * Opens (or creates) the store, applies pending migrations in one transaction and returns it.
 * A file that is not a database, is damaged or comes from a newer Atelier is refused with a message
 * naming the file, and is never written to.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const migrations = options.migrations ?? knownMigrations;
  prepareDataDir(dirname(file));
  const existed = existsSync(file);
  if (existed && isEmptyStore(file)) throw new EmptyStoreError(file);
  // SQLite creates its files 644 and gives -wal and -shm the mode of the store: the store is made owner-only
  // before SQLite opens it, so all three are.
  if (existed) for (const suffix of STORE_COMPANIONS) makePrivate(file + suffix, PRIVATE_FILE_MODE);
  else createPrivateFile(file);
  let db: Database;
  try {
    db = new BetterSqlite3(file, { fileMustExist: existed });
  } catch (error) {
    throw storeError(file, error);
  }
  try {
    if (existed) checkReadable(db, file, checkedAsIs(options.checked, file));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // SQLite's default 2 MB page cache thrashes once a store holds 100k tickets; 64 MB and a memory map
    // keep the queue's indexes and the full-text index in memory.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    db.pragma('temp_store = MEMORY');
    migrate(db, file, migrations, options.targetVersion);
    // Statistics for the query planner (without them it filters 100k tickets by level instead of site).
    db.pragma('optimize = 0x10002');
    return db;
  } catch (error) {
    db.close();
    throw error instanceof AtelierError ? error : storeError(file, error);
  }
}

function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    throw storeError(file, error);
  }
}

function checkReadable(db: Database, file: string, checkedAhead: boolean): void {
  // Reading the header and the schema touches every page SQLite needs to open; a damaged file fails here,
  // before any pragma that could write to it.
  db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  // quick_check reads every page (about 2 s per GB here): done at open for stores of ordinary size, unless it
  // just passed on another thread; a larger one opens at once and reports damage when a read meets it.
  if (checkedAhead || statSync(file).size > FULL_CHECK_MAX_BYTES) return;
  const check = db.pragma('quick_check(1)', { simple: true });
  if (check !== 'ok') {
    throw new AtelierError('unavailable', `${file}: the store is damaged (${String(check)}). It was left untouched; restore a backup or move it aside.`);
  }
}

export function schemaVersion(db: Database): number {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    .pluck()
    .get();
  if (!hasTable) return 0;
  return (db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number) ?? 0;
}

function appliedVersions(db: Database): Set<number> {
  if (schemaVersion(db) === 0) return new Set();
  return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
}

/**
 * Applies every known migration not yet recorded, in order, in one transaction. Tracking each version (not
 * only the highest) means a migration numbered below one already applied still runs.
 */
function migrate(db: Database, file: string, migrations: readonly Migration[], target?: number): void {
  const latestKnown = Math.max(0, ...migrations.map((m) => m.version));
  const applied = appliedVersions(db);
  const newest = Math.max(0, ...applied);
  if (newest > latestKnown) {
    throw new AtelierError(
      'unavailable',
      `${file}: schema version ${newest} is newer than this Atelier knows (${latestKnown}). Update Atelier; the file was not changed.`,
    );
  }
  const pending = [...migrations]
    .sort((a, b) => a.version - b.version)
    .filter((m) => !applied.has(m.version) && (target === undefined || m.version <= target));
  if (pending.length === 0) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  })();
}

function storeError(file: string, error: unknown): AtelierError {
  const code = (error as { code?: string }).code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AtelierError('unavailable', `${file}: not a readable Atelier store (${detail}). It was left untouched.`);
  }
  const elsewhere = 'or choose another data folder with --data-dir DIR or ATELIER_DATA_DIR';
  if (code.startsWith('SQLITE_READONLY')) {
    return new AtelierError('unavailable', `${file}: the store is read-only for this account (${detail}), and Atelier writes to it. Give your account write access to the file and its folder, ${elsewhere}.`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code === 'EACCES' || code === 'EPERM') {
    return new AtelierError('unavailable', `${file}: cannot open the store (${detail}): this account cannot read or write it. Check the permissions of the file and its folder, ${elsewhere}.`);
  }
  return new AtelierError('unavailable', `${file}: ${detail}`);
}
