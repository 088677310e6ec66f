import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import { openCore } from '../../../electron/core';
import { EmptyStoreError, keepEmptyStoreAside } from '../../../electron/core/db/empty-store';
import { openDatabase } from '../../../electron/core/db/open';
import { prepareDataDir } from '../../../electron/core/paths';
import { tempDir } from '../../setup/temp';

const modeOf = (path: string) => statSync(path).mode & 0o7777;
const posix = process.platform !== 'win32';

describe('an empty (0-byte) store file', () => {
  it('is refused, naming the file and saying it was empty, and left as it is', () => {
    const file = join(tempDir(), 'atelier.db');
    writeFileSync(file, '');
    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EmptyStoreError);
    expect((error as AtelierError).message).toContain(file);
    expect((error as AtelierError).message).toMatch(/empty \(0 bytes\)/);
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('is kept aside under a timestamped name when the user agrees, and a new store starts', () => {
    const dir = tempDir();
    const file = join(dir, 'atelier.db');
    writeFileSync(file, '');
    const aside = keepEmptyStoreAside(file, new Date('2026-12-07T08:30:05.123Z'));
    expect(aside).toBe(join(dir, 'atelier.db.empty-2026-12-07T08-30-05-123Z'));
    expect(statSync(aside!).size).toBe(0);
    const db = openDatabase(file);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'tickets'").pluck().get()).toBe(1);
    db.close();
  });

  it('is never set aside when it holds data, nor when its write-ahead log does', () => {
    const dir = tempDir();
    const file = join(dir, 'atelier.db');
    openDatabase(file).close();
    expect(keepEmptyStoreAside(file)).toBeUndefined();
    const other = join(dir, 'b.db');
    writeFileSync(other, '');
    writeFileSync(`${other}-wal`, 'pages');
    expect(keepEmptyStoreAside(other)).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['atelier.db', 'b.db', 'b.db-wal', 'logs']);
  });
});

describe.runIf(posix)('files at rest, owner only', () => {
  it('creates the data folder 700 and the store, its -wal and -shm and the log 600', () => {
    const dataDir = join(tempDir(), 'data');
    const core = openCore({ dataDir });
    core.log.info('written');
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'logs'))).toBe(0o700);
      for (const name of ['atelier.db', 'atelier.db-wal', 'atelier.db-shm']) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
      expect(modeOf(join(dataDir, 'logs', 'atelier.log'))).toBe(0o600);
    } finally {
      core.close();
    }
  });

  it('takes group and other access away from an existing store when it opens', () => {
    const dataDir = join(tempDir(), 'data');
    openCore({ dataDir }).close();
    mkdirSync(join(dataDir, 'recordings'));
    const loose: Array<[string, number]> = [
      [dataDir, 0o755],
      [join(dataDir, 'logs'), 0o755],
      [join(dataDir, 'recordings'), 0o775],
      [join(dataDir, 'atelier.db'), 0o644],
      [join(dataDir, 'logs', 'atelier.log'), 0o644],
    ];
    for (const [path, mode] of loose) chmodSync(path, mode);
    writeFileSync(join(dataDir, 'atelier.db-wal'), '', { mode: 0o666 });
    chmodSync(join(dataDir, 'atelier.db-wal'), 0o666);
    const core = openCore({ dataDir });
    try {
      for (const [path] of loose) expect([path, modeOf(path)]).toEqual([path, statSync(path).isDirectory() ? 0o700 : 0o600]);
      expect(modeOf(join(dataDir, 'atelier.db-wal'))).toBe(0o600);
    } finally {
      core.close();
    }
  });

  it('leaves a shared folder (sticky bit, as /tmp) as it is', () => {
    const shared = join(tempDir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    openDatabase(join(shared, 'atelier.db')).close();
    expect(modeOf(shared)).toBe(0o1777);
    expect(modeOf(join(shared, 'atelier.db'))).toBe(0o600);
  });
});

describe('a data folder that cannot be written', () => {
  it('is named, with what to do, instead of a bare "mkdir" error', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const dataDir = join(file, 'atelier');
    let error: unknown;
    try {
      prepareDataDir(dataDir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AtelierError);
    const message = (error as Error).message;
    expect(message).toContain(`The data folder ${dataDir} cannot be written`);
    expect(message).toContain('--data-dir');
    expect(message).not.toMatch(/mkdir '/);
  });
});

describe('the core for a window over an empty store', () => {
  it('waits for the user: every call answers the refusal until store.startFresh opens a new store', async () => {
    const { openCoreForWindow } = await import('../../../electron/core/store-gate');
    const dataDir = tempDir();
    const file = join(dataDir, 'atelier.db');
    writeFileSync(file, '');
    const core = openCoreForWindow({ dataDir });
    try {
      const bus = core.bus;
      expect(await core.dispatch('store.state', {})).toEqual({ state: 'empty', file });
      await expect(core.dispatch('tickets.stats', {})).rejects.toThrow(/empty \(0 bytes\)/);
      expect(statSync(file).size).toBe(0);
      const { aside } = (await core.dispatch('store.startFresh', {})) as { aside: string };
      expect(aside).toMatch(/atelier\.db\.empty-/);
      expect(await core.dispatch('store.state', {})).toEqual({ state: 'open' });
      await expect(core.dispatch('tickets.stats', {})).resolves.toBeDefined();
      // Windows subscribed before the store opened keep receiving the core's streams.
      expect(core.bus).toBe(bus);
      await expect(core.dispatch('store.startFresh', {})).rejects.toThrow(/no empty store/);
    } finally {
      core.close();
    }
  });

  it('throws any other refusal as the CLI does (a damaged store is not offered a fresh start)', async () => {
    const { openCoreForWindow } = await import('../../../electron/core/store-gate');
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'atelier.db'), 'not a database\n'.repeat(300));
    expect(() => openCoreForWindow({ dataDir })).toThrow(/not a readable Atelier store/);
  });
});
