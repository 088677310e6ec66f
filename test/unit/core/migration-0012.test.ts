import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { HostStore } from '../../../electron/core/hosts';
import { tempDir } from '../../setup/temp';

const BLOB = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'base64');

describe('migration 0012 ssh-openssh', () => {
  it('adds per-host legacy algorithms and known_hosts markers and patterns, keeping hosts and pinned keys', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 11 });
    old
      .prepare(`INSERT INTO hosts (id, name, address, port, user, auth, os_family, tags, created_at, updated_at) VALUES ('h1', 'pc-1', '10.0.0.1', 2222, 'tech', '{"method":"agent"}', 'linux', '[]', 't', 't')`)
      .run();
    old
      .prepare(`INSERT INTO known_host_keys (host_token, key_type, key_blob, fingerprint, source, added_at) VALUES ('[10.0.0.1]:2222', 'ssh-ed25519', ?, 'SHA256:x', 'trusted', 't')`)
      .run(BLOB);
    old.close();

    const db = openDatabase(file, { migrations, targetVersion: 12 });
    expect(schemaVersion(db)).toBe(12);
    expect(db.prepare("SELECT port, os_family, legacy_algorithms FROM hosts WHERE name = 'pc-1'").get()).toEqual({ port: 2222, os_family: 'linux', legacy_algorithms: '[]' });
    expect(db.prepare('SELECT host_token, key_blob, marker, host_patterns FROM known_host_keys').all()).toEqual([
      { host_token: '[10.0.0.1]:2222', key_blob: BLOB, marker: null, host_patterns: null },
    ]);
    const insert = db.prepare(`INSERT INTO known_host_keys (host_token, host_patterns, marker, key_type, key_blob, fingerprint, source, added_at) VALUES (?, ?, ?, 'ssh-ed25519', ?, 'SHA256:x', 'imported', 't')`);
    insert.run(null, '*.lan,!gw.lan', 'cert-authority', BLOB);
    // The same key may be pinned and revoked for one name: two lines of known_hosts, two rows.
    insert.run('[10.0.0.1]:2222', null, 'revoked', BLOB);
    expect(() => insert.run('x', '*', null, BLOB)).toThrow(/CHECK/);
    expect(() => insert.run(null, '*', 'bogus', BLOB)).toThrow(/CHECK/);
    db.close();

    // The host survives the later migrations too, and the store reads and updates it there.
    const latest = openDatabase(file, { migrations });
    const hosts = new HostStore(latest);
    expect(hosts.get('pc-1')).toMatchObject({ port: 2222, osFamily: 'linux' });
    expect(hosts.get('pc-1')).not.toHaveProperty('legacyAlgorithms');
    expect(hosts.update('pc-1', { legacyAlgorithms: ['ssh-rsa'] }).legacyAlgorithms).toEqual(['ssh-rsa']);
    latest.close();
  });
});
