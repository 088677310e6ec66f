import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import { openDatabase } from '../../../electron/core/db/open';
import { checkedAsIs, startStoreCheck } from '../../../electron/core/db/store-check';
import { tempDir } from '../../setup/temp';

/** An Atelier store with a few hundred KB of rows after its schema, closed. */
function filledStore(): string {
  const file = join(tempDir(), 'atelier.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE filler (x TEXT)');
  const insert = db.prepare('INSERT INTO filler VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(20));
  })();
  db.close();
  return file;
}

/** Overwrites the store's last pages (rows, not the schema): what SQLite's quick check finds. */
function damage(file: string): Buffer {
  const bytes = readFileSync(file);
  bytes.fill(0x5a, bytes.length - 4096 * 8, bytes.length - 4096 * 2);
  writeFileSync(file, bytes);
  return bytes;
}

function refusal(run: () => unknown): AtelierError {
  try {
    run();
  } catch (error) {
    if (error instanceof AtelierError) return error;
    throw error;
  }
  throw new Error('expected the store to be refused');
}

describe('the store check run ahead of the open (on another thread)', () => {
  it('vouches for an intact store as it is, and no longer once the file has changed', async () => {
    const file = filledStore();
    const check = await startStoreCheck(file);
    expect(check).toMatchObject({ file, size: readFileSync(file).length });
    expect(checkedAsIs(check, file)).toBe(true);
    expect(checkedAsIs(check, `${file}.other`)).toBe(false);
    const db = openDatabase(file, { checked: check! });
    db.prepare('INSERT INTO filler VALUES (?)').run('one more');
    db.close(); // the WAL goes into the file: it is not the file that was checked
    expect(checkedAsIs(check, file)).toBe(false);
  });

  it('gives no verdict on a damaged store, which the open refuses with its message, the bytes left alone', async () => {
    const file = filledStore();
    const bytes = damage(file);
    expect(await startStoreCheck(file)).toBeUndefined();
    const error = refusal(() => openDatabase(file));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(`${file}: the store is damaged`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a verdict from before the damage is not trusted: the open checks again and refuses', async () => {
    const file = filledStore();
    const check = await startStoreCheck(file);
    expect(check).toBeDefined();
    const bytes = damage(file);
    const error = refusal(() => openDatabase(file, { checked: check! }));
    expect(error.message).toContain(`${file}: the store is damaged`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('has nothing to check ahead for a missing, an empty or a non-database file', async () => {
    const dir = tempDir();
    expect(await startStoreCheck(join(dir, 'none.db'))).toBeUndefined();
    writeFileSync(join(dir, 'empty.db'), '');
    expect(await startStoreCheck(join(dir, 'empty.db'))).toBeUndefined();
    writeFileSync(join(dir, 'notes.db'), 'these are my notes, not a database\n'.repeat(200));
    expect(await startStoreCheck(join(dir, 'notes.db'))).toBeUndefined();
  });
});
