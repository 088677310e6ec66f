import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Database } from '../../../electron/core/db/open';
import { migrations } from '../../../electron/core/db/migrations';
import { HostStore, importConfig, previewConfigImport } from '../../../electron/core/hosts';
import { SecretVault } from '../../../electron/core/secrets';
import { KnownHostsStore, fingerprintOf } from '../../../electron/core/ssh';
import { fingerprintOfPublicKeyLine } from '../../setup/sshd';
import { TEST_SCRYPT } from './harness';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-hosts-'));
  db = openDatabase(join(dir, 'atelier.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function newKey(name: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  return readFileSync(join(dir, `${name}.pub`), 'utf8').trim();
}

describe('migration 0003 (hosts, known host keys, vault)', () => {
  it('adds its tables to a store at version 1 and keeps existing rows', () => {
    const file = join(dir, 'old.db');
    const old = openDatabase(file, { targetVersion: 1 });
    old.prepare(`INSERT INTO settings (key, value) VALUES ('theme', '"dark"')`).run();
    old.close();
    const upgraded = openDatabase(file);
    expect(schemaVersion(upgraded)).toBe(migrations.at(-1)?.version);
    expect(upgraded.prepare(`SELECT value FROM settings WHERE key = 'theme'`).pluck().get()).toBe('"dark"');
    const tables = upgraded.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['hosts', 'known_host_keys', 'secret_vault', 'secrets']));
    expect(() => upgraded.prepare(`INSERT INTO hosts (id, name, address, port, user, auth, created_at, updated_at) VALUES ('1', 'a', 'b', 'x', 'u', '{}', '', '')`).run()).toThrow(
      /cannot store TEXT value in INTEGER column|CHECK/,
    );
    upgraded.close();
  });
});

describe('host book', () => {
  it('adds, lists, updates and refuses bad or conflicting input with the field named', () => {
    const hosts = new HostStore(db);
    hosts.add({ name: 'bastion', address: 'b.example', user: 'tech' });
    const added = hosts.add({ name: 'pc-042', address: '10.0.0.42', port: 2222, user: 'tech', jumpHost: 'BASTION', tags: ['accounting'], client: 'ACME', site: ' Lyon Part-Dieu ' });
    expect(added).toMatchObject({ name: 'pc-042', port: 2222, jumpHost: 'bastion', auth: { method: 'agent' }, osFamily: 'unknown', tags: ['accounting'], client: 'ACME', site: 'Lyon Part-Dieu' });
    expect(hosts.list().map((h) => h.name)).toEqual(['bastion', 'pc-042']);
    expect(() => hosts.add({ name: 'pc-042', address: 'x', user: 'u' })).toThrow(/already exists/);
    expect(() => hosts.add({ name: 'p', address: 'x', user: 'u', port: 70000 })).toThrow(/^host\.port: /);
    expect(() => hosts.add({ name: 'q', address: 'x', user: 'u', jumpHost: 'nope' })).toThrow(/no host named "nope"/);
    expect(() => hosts.remove('bastion')).toThrow(/jump host of pc-042/);
    expect(() => hosts.add({ name: 'r', address: 'x', user: 'u', site: '   ' })).toThrow(/^host\.site: /);
    expect(hosts.update('pc-042', { jumpHost: null, notes: 'front desk' })).toMatchObject({ notes: 'front desk', port: 2222, tags: ['accounting'], site: 'Lyon Part-Dieu' });
    expect(hosts.update('pc-042', { site: 'Villeurbanne' }).site).toBe('Villeurbanne');
    const cleared = hosts.update('pc-042', { site: null, client: null, notes: null });
    expect([cleared.site, cleared.client, cleared.notes]).toEqual([undefined, undefined, undefined]);
    expect(cleared.tags).toEqual(['accounting']);
    expect(hosts.get('pc-042').jumpHost).toBeUndefined();
    hosts.remove('bastion');
    expect(hosts.find('bastion')).toBeUndefined();
  });

  it('previews an ~/.ssh/config import with OpenSSH first-value-wins rules (fallback parser), then imports it', async () => {
    const hosts = new HostStore(db);
    hosts.add({ name: 'existing', address: 'e.example', user: 'me' });
    const config = [
      'User defaultuser',
      'Host bastion',
      '  HostName bastion.example.org',
      '  Port 2200',
      'Host web-* !web-old',
      '  ProxyJump bastion',
      'Host web-1',
      '  HostName 10.1.0.1',
      '  User deploy',
      '  IdentityFile ~/.ssh/id_web',
      'Host web-old existing',
      'Host "bad name"',
      'Host far',
      '  ProxyJump a,b',
      'Host *',
      '  Port 22',
      '  User ignored-because-set-earlier',
      'Match host x',
      'Include other.conf',
    ].join('\n');
    const preview = await previewConfigImport(config, { existing: (n) => hosts.find(n), home: '/home/tech', localUser: 'tech', sshClient: null });
    expect(preview.toAdd).toEqual([
      expect.objectContaining({ name: 'bastion', address: 'bastion.example.org', port: 2200, user: 'defaultuser', auth: { method: 'agent' } }),
      expect.objectContaining({
        name: 'web-1',
        address: '10.1.0.1',
        port: 22,
        user: 'defaultuser',
        jumpHost: 'bastion',
        auth: { method: 'key', keyFile: '/home/tech/.ssh/id_web', hasPassphrase: false },
      }),
      expect.objectContaining({ name: 'web-old', address: 'web-old' }),
      // `ProxyJump a,b`: hosts for both hops, the second reached through the first.
      expect.objectContaining({ name: 'a', address: 'a', user: 'defaultuser' }),
      expect.objectContaining({ name: 'b-via-a', address: 'b', jumpHost: 'a' }),
      expect.objectContaining({ name: 'far', jumpHost: 'b-via-a' }),
    ]);
    // `!web-old` excludes it from the `web-*` block, so it has no jump host.
    expect(preview.toAdd[2]).not.toHaveProperty('jumpHost');
    expect(preview.skipped).toEqual(
      expect.arrayContaining([
        { name: 'existing', reason: 'already in the host book' },
        expect.objectContaining({ name: 'bad name' }),
      ]),
    );
    expect(preview.warnings.join('\n')).toMatch(/line 18: "Match host x" is not evaluated/);
    const added = importConfig(db, hosts, preview);
    expect(added.map((h) => h.name)).toEqual(['bastion', 'web-1', 'web-old', 'a', 'b-via-a', 'far']);
    expect(hosts.get('web-1').jumpHost).toBe('bastion');
  });
});

describe('known hosts', () => {
  it('imports plain, [host]:port and hashed entries and matches them like OpenSSH', () => {
    const keyA = newKey('a');
    const keyB = newKey('b');
    const keyC = newKey('c');
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `[server.example]:2222 ${keyA}\nlaptop.example,10.0.0.7 ${keyB}\n`);
    // Let OpenSSH itself hash the names (|1|salt|hash), as HashKnownHosts does.
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'pipe' });
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).toMatch(/^\|1\|/m);
    const text = `${hashed}plain.example ${keyC}\n*.wild.example ${keyC}\n@revoked old.example ${keyC}\nbroken line\n# comment\n`;

    const store = new KnownHostsStore(db);
    const result = store.importText(text);
    expect(result.imported).toBe(6);
    expect(result.skipped).toEqual([{ line: 7, reason: expect.stringContaining('expected') }]);
    const blob = (line: string) => Buffer.from(line.split(' ')[1] ?? '', 'base64');
    expect(store.check('server.example', 2222, blob(keyA))).toEqual({ status: 'trusted' });
    expect(store.check('SERVER.example', 2222, blob(keyA))).toEqual({ status: 'trusted' });
    expect(store.check('server.example', 22, blob(keyA))).toEqual({ status: 'unknown', authorities: [] });
    expect(store.check('a.wild.example', 22, blob(keyC))).toEqual({ status: 'trusted' });
    expect(store.check('old.example', 22, blob(keyC))).toEqual({ status: 'revoked' });
    expect(store.check('10.0.0.7', 22, blob(keyB))).toEqual({ status: 'trusted' });
    expect(store.check('plain.example', 22, blob(keyC))).toEqual({ status: 'trusted' });
    const changed = store.check('laptop.example', 22, blob(keyC));
    expect(changed.status).toBe('changed');
    expect(fingerprintOf(blob(keyB))).toBe(fingerprintOfPublicKeyLine(keyB));
    expect(store.importText(text).alreadyKnown).toBe(6);
    // "I verified the new key" removes the hashed entry too.
    store.replace('laptop.example', 22, blob(keyC));
    expect(store.check('laptop.example', 22, blob(keyC))).toEqual({ status: 'trusted' });
    expect(store.check('laptop.example', 22, blob(keyB))).toMatchObject({ status: 'changed' });
  });
});

describe('secret vault', () => {
  it('encrypts at rest, decrypts with the passphrase and refuses a wrong one', () => {
    const vault = new SecretVault(db, TEST_SCRYPT);
    expect(vault.status()).toEqual({ initialized: false, unlocked: false });
    expect(() => vault.set('host/a/password', 'x')).toThrow(/locked/);
    vault.unlock('correct horse');
    vault.set('host/a/password', 'S3cr3t-é');
    const raw = db.prepare('SELECT ciphertext FROM secrets').pluck().get() as Buffer;
    expect(raw.includes(Buffer.from('S3cr3t'))).toBe(false);
    expect(vault.get('host/a/password')).toBe('S3cr3t-é');
    vault.lock();
    expect(() => vault.get('host/a/password')).toThrow(/locked/);

    const again = new SecretVault(db, TEST_SCRYPT);
    expect(() => again.unlock('wrong horse')).toThrow(/Wrong passphrase/);
    expect(again.status()).toEqual({ initialized: true, unlocked: false });
    again.unlock('correct horse');
    expect(again.get('host/a/password')).toBe('S3cr3t-é');
    // Tampered ciphertext is detected by GCM, not returned as garbage.
    raw[raw.length - 1]! ^= 1;
    db.prepare('UPDATE secrets SET ciphertext = ?').run(raw);
    expect(() => again.get('host/a/password')).toThrow(/cannot be decrypted/);
  });
});
