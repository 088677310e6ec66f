import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { runCli, type CliResult } from '../../setup/cli';
import { OTHER_UID, runCliAsOtherUser } from '../../setup/cli-other-user';
import { tempDir } from '../../setup/temp';

// Each case spawns the real command (tsx transform included): seconds each on a busy 2-core machine.
const SLOW = 600_000;
const SPAWN = { timeoutMs: 180_000 };

/** What every failing command must look like: the message, exit 1, no stack trace, no logger crash. */
function expectCleanFailure(result: CliResult, message: string | RegExp): void {
  expect(result.stderr).toMatch(typeof message === 'string' ? new RegExp(escape(message)) : message);
  expect(result.stderr).not.toMatch(/sonic boom|^\s+at |Node\.js v/m);
  expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('atelier: '))).toHaveLength(1);
  expect(result.status).toBe(1);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function logLines(dataDir: string): Array<Record<string, unknown>> {
  const file = join(dataDir, 'logs', 'atelier.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectLogged(dataDir: string, command: string, message: string): void {
  const failure = logLines(dataDir).find((line) => line.command === command && line.level === 50);
  expect(failure, `no error line for "${command}" in the log`).toBeDefined();
  expect(String(failure!.msg)).toContain(message);
}

function damagedStore(): { dataDir: string; file: string } {
  const dataDir = join(tempDir(), 'data');
  mkdirSync(dataDir);
  const file = join(dataDir, 'atelier.db');
  writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
  return { dataDir, file };
}

/** A store made by this Atelier, in a folder the other account can reach. */
function realStore(): { dataDir: string; file: string } {
  const base = tempDir();
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const file = join(dataDir, 'atelier.db');
  openDatabase(file).close();
  return { dataDir, file };
}

/** The data folder and its logs become the other account's; the store stays ours. */
function giveFolderToOtherUser(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (const path of [dataDir, join(dataDir, 'logs'), join(dataDir, 'logs', 'atelier.log')]) {
    if (existsSync(path)) chownSync(path, OTHER_UID, OTHER_UID);
  }
}

describe('every CLI command ends cleanly on an error', () => {
  it('on a damaged store: each command that opens the store says so, exits 1, no stack, the error in the log', { timeout: SLOW }, () => {
    const { dataDir, file } = damagedStore();
    const commands: Array<[string, string[]]> = [
      // One of each way a command reaches the store: through the core, straight to the database, and the
      // long-running server; the ending itself is one rule in the CLI's entry.
      ['tickets list', ['tickets', 'list']],
      ['hosts list', ['hosts', 'list']],
      ['serve', ['serve', '--port', '0']],
    ];
    for (const [name, args] of commands) {
      const result = runCli([...args, '--data-dir', dataDir], SPAWN);
      expectCleanFailure(result, `${file}: not a readable Atelier store`);
      expectLogged(dataDir, name, 'not a readable Atelier store');
    }
  });

  it('serve on a store whose pages are damaged: refused with the quick check\'s message, the bytes left alone', { timeout: SLOW }, () => {
    // serve runs the check on another thread while it loads; a store that fails it is refused all the same.
    const { dataDir, file } = realStore();
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE filler (x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(20));
    })();
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, bytes.length - 4096 * 8, bytes.length - 4096 * 2);
    writeFileSync(file, bytes);
    const result = runCli(['serve', '--port', '0', '--data-dir', dataDir], SPAWN);
    expectCleanFailure(result, `${file}: the store is damaged`);
    expectLogged(dataDir, 'serve', 'the store is damaged');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('on a store from a newer Atelier', { timeout: SLOW }, () => {
    const { dataDir, file } = realStore();
    const db = new BetterSqlite3(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '2030-01-01')").run();
    db.close();
    const result = runCli(['tickets', 'list', '--data-dir', dataDir], SPAWN);
    expectCleanFailure(result, /schema version 9999 is newer than this Atelier knows/);
    expectLogged(dataDir, 'tickets list', 'schema version 9999');
  });

  it('on a failing command that is not about the store: an import of a bad file', { timeout: SLOW }, () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'title,impact,urgency\n,9,1\n');
    const result = runCli(['tickets', 'import', csv, '--data-dir', dataDir], SPAWN);
    expect(result.stderr).toContain(`${csv}:2:title:`);
    expectCleanFailure(result, 'nothing was imported');
    expectLogged(dataDir, 'tickets import', 'nothing was imported');
  });

  it('on a store this account cannot read', { timeout: SLOW }, () => {
    const { dataDir, file } = realStore();
    giveFolderToOtherUser(dataDir);
    chmodSync(file, 0o000);
    const result = runCliAsOtherUser(['tickets', 'list', '--data-dir', dataDir], SPAWN);
    expectCleanFailure(result, `${file}: cannot open the store`);
    expect(result.stderr).toContain('Check the permissions of the file and its folder');
    expectLogged(dataDir, 'tickets list', 'cannot open the store');
  });

  it('on a store this account can read but not write', { timeout: SLOW }, () => {
    const { dataDir, file } = realStore();
    giveFolderToOtherUser(dataDir);
    chmodSync(file, 0o444);
    const result = runCliAsOtherUser(['tickets', 'list', '--data-dir', dataDir], SPAWN);
    expectCleanFailure(result, `${file}: the store is read-only for this account`);
    expectLogged(dataDir, 'tickets list', 'read-only');
  });

  it('on a read-only data folder: names the folder and what to do, not "mkdir …/logs"', { timeout: SLOW }, () => {
    const base = tempDir();
    chmodSync(base, 0o755);
    const dataDir = join(base, 'data');
    mkdirSync(dataDir, { mode: 0o555 });
    chmodSync(dataDir, 0o555);
    const result = runCliAsOtherUser(['tickets', 'list', '--data-dir', dataDir], SPAWN);
    expectCleanFailure(result, `The data folder ${dataDir} cannot be written (permission denied, EACCES)`);
    expect(result.stderr).toContain('--data-dir DIR or ATELIER_DATA_DIR');
    expect(result.stderr).not.toContain("mkdir '");
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('a 0-byte atelier.db', () => {
  it('is refused with what happened and the flag that starts anew; the flag keeps it aside', { timeout: SLOW }, () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    const file = join(dataDir, 'atelier.db');
    writeFileSync(file, '');

    const refused = runCli(['tickets', 'list', '--data-dir', dataDir], SPAWN);
    expectCleanFailure(refused, `${file}: the store file is empty (0 bytes)`);
    expect(refused.stderr).toContain('run the command again with --start-fresh');
    expect(refused.stdout).not.toContain('0 of 0 tickets');
    expect(statSync(file).size).toBe(0);
    expectLogged(dataDir, 'tickets list', 'empty (0 bytes)');

    const fresh = runCli(['tickets', 'list', '--start-fresh', '--data-dir', dataDir], SPAWN);
    expect(fresh.status).toBe(0);
    const aside = readdirSync(dataDir).find((name) => /^atelier\.db\.empty-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(name));
    expect(aside, readdirSync(dataDir).join(', ')).toBeDefined();
    expect(fresh.stderr).toContain(`kept aside as ${join(dataDir, aside!)}`);
    expect(statSync(join(dataDir, aside!)).size).toBe(0);
    expect(fresh.stdout).toContain('0 of 0 tickets');
    expect(statSync(file).size).toBeGreaterThan(0);
  });

  it('lists --start-fresh in every command\'s help', { timeout: SLOW }, () => {
    const help = runCli(['tickets', 'list', '--help'], SPAWN);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--start-fresh');
  });
});
