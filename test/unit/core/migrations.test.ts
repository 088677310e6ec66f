import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import type { Migration } from '../../../electron/core/db/migration';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { tempDir } from '../../setup/temp';

const two: Migration[] = [
  { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE a (x INTEGER) STRICT') },
  { version: 2, name: 'two', up: (db) => db.exec('ALTER TABLE a ADD COLUMN y TEXT') },
];

function openError(run: () => unknown): AtelierError {
  try {
    run();
  } catch (error) {
    if (error instanceof AtelierError) return error;
    throw error;
  }
  throw new Error('expected the store to be refused');
}

describe('migration runner', () => {
  it('creates a fresh store at the latest version with WAL and foreign keys', () => {
    const db = openDatabase(join(tempDir(), 'new', 'atelier.db'));
    expect(schemaVersion(db)).toBe(migrations.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('lists migrations in strictly increasing order', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('upgrades an older store and keeps its rows', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations: two, targetVersion: 1 });
    old.prepare('INSERT INTO a (x) VALUES (42)').run();
    old.close();
    const db = openDatabase(file, { migrations: two });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT x, y FROM a').get()).toEqual({ x: 42, y: null });
    db.close();
  });

  it('applies nothing when a migration fails: the store stays at its version', () => {
    const file = join(tempDir(), 'a.db');
    openDatabase(file, { migrations: two, targetVersion: 1 }).close();
    const broken: Migration[] = [...two, { version: 3, name: 'broken', up: (db) => db.exec('CREATE TABLE oops (') }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(AtelierError);
    const db = openDatabase(file, { migrations: two, targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('a') WHERE name = 'y'").pluck().get()).toBe(0);
    db.close();
  });

  it('applies a migration numbered below one already applied (work merged out of order)', () => {
    const file = join(tempDir(), 'a.db');
    const withGap: Migration[] = [two[0]!, { version: 3, name: 'three', up: (db) => db.exec('CREATE TABLE c (z INTEGER) STRICT') }];
    openDatabase(file, { migrations: withGap }).close();
    const db = openDatabase(file, { migrations: [two[0]!, two[1]!, withGap[1]!] });
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('a') WHERE name = 'y'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2, 3]);
    db.close();
  });

  it('refuses a store from a newer Atelier and leaves it unchanged', () => {
    const file = join(tempDir(), 'a.db');
    openDatabase(file, { migrations: two }).close();
    const before = readFileSync(file);
    const error = openError(() => openDatabase(file, { migrations: two.slice(0, 1) }));
    expect(error.message).toContain('schema version 2 is newer than this Atelier knows (1)');
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database and never overwrites it', () => {
    const file = join(tempDir(), 'atelier.db');
    const garbage = Buffer.from('these are my notes, not a database\n'.repeat(200));
    writeFileSync(file, garbage);
    const error = openError(() => openDatabase(file));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not a readable Atelier store/);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a damaged database (pages overwritten) and leaves the bytes alone', () => {
    const file = join(tempDir(), 'atelier.db');
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t (x)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(10));
    })();
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096 * 3, 4096 * 6); // scribble over a few pages after the header
    writeFileSync(file, bytes);
    const error = openError(() => openDatabase(file));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('WAL checkpoints', () => {
  it('are taken by a checkpoint thread, off the write path, and the WAL is truncated at close', async () => {
    const { scheduleCheckpoints } = await import('../../../electron/core/db/checkpoint');
    const { copyFileSync, statSync } = await import('node:fs');
    const file = join(tempDir(), 'a.db');
    const db = openDatabase(file, { migrations: two });
    const stop = scheduleCheckpoints(db, 60_000);
    // SQLite's own checkpoint, inside a write, stays only as a far safety net.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(100_000);
    const insert = db.prepare('INSERT INTO a (x, y) VALUES (?, ?)');
    for (let i = 0; i < 3_000; i++) insert.run(i, 'x'.repeat(2_000)); // ~6 MB: past SQLite's default 1000-page trigger
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(4_000_000);
    // Nothing on this thread checkpoints (the timer is a minute away): the rows reach the database file
    // itself, which a copy of the file alone (without its WAL) shows.
    const copy = join(tempDir(), 'copy.db');
    await vi.waitFor(
      () => {
        copyFileSync(file, copy);
        const alone = new BetterSqlite3(copy);
        try {
          expect(alone.prepare('SELECT count(*) FROM a').pluck().get()).toBe(3_000);
        } finally {
          alone.close();
        }
      },
      { timeout: 10_000, interval: 100 },
    );
    stop();
    expect(statSync(`${file}-wal`).size).toBe(0);
    db.close();
  });

  it('fall back to a timer on this thread where no checkpoint thread can run', async () => {
    const { scheduleCheckpoints } = await import('../../../electron/core/db/checkpoint');
    const db = new BetterSqlite3(':memory:');
    const stop = scheduleCheckpoints(db, 60_000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    stop();
    db.close();
  });
});
