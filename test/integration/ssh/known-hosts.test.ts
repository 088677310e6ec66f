import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../electron/core/db/open';
import { KnownHostsStore, SshError } from '../../../electron/core/ssh';
import { createHarness, type Harness } from './harness';

const FIXTURE = join(__dirname, '../../fixtures/ssh/known_hosts');

/** Ground truth: the lines `ssh-keygen -F` finds for a host, as `[marker] key-base64`. */
function sshKeygenF(query: string): string[] {
  const run = spawnSync('ssh-keygen', ['-F', query, '-f', FIXTURE], { encoding: 'utf8' });
  return run.stdout
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const f = line.split(/\s+/);
      return f[0]!.startsWith('@') ? `${f[0]} ${f[3]}` : `${f[2]}`;
    })
    .sort();
}

describe('known_hosts as OpenSSH reads it (lookups against ssh-keygen -F)', () => {
  let dir: string;
  let db: Database;
  let store: KnownHostsStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-known-hosts-'));
    db = openDatabase(join(dir, 'atelier.db'));
    store = new KnownHostsStore(db);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every line of the fixture, markers, patterns and hashed names included', () => {
    expect(store.importText(readFileSync(FIXTURE, 'utf8'))).toEqual({ imported: 11, alreadyKnown: 0, skipped: [] });
  });

  const lookups: [string, number][] = [
    ['closenet', 22],
    ['192.0.2.53', 22],
    ['cvs.example.net', 22],
    ['anga.funkfeuer.at', 2222],
    ['anga.funkfeuer.at', 22],
    ['www.mydomain.org', 22],
    ['gw.mydomain.org', 22],
    ['host.mydomain.com', 22],
    ['hashed.example.net', 22],
    ['hashed.example.net', 2200],
    ['HASHED.example.net', 22],
    ['other.example', 22],
  ];
  for (const [address, port] of lookups) {
    const query = port === 22 ? address.toLowerCase() : `[${address}]:${port}`;
    it(`finds for ${query} exactly the lines ssh-keygen -F finds`, () => {
      const mine = store.keysFor(address, port).map((k) => {
        const blob = db.prepare('SELECT key_blob FROM known_host_keys WHERE id = ?').pluck().get(k.id) as Buffer;
        return k.marker ? `@${k.marker} ${blob.toString('base64')}` : blob.toString('base64');
      });
      expect(mine.sort()).toEqual(sshKeygenF(query));
    });
  }

  it('refuses a revoked key outright, even where no other key is pinned, and never pins it', () => {
    const revoked = readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('@revoked'))!
      .split(' ')[3]!;
    const blob = Buffer.from(revoked, 'base64');
    expect(store.keysFor('nowhere.example', 22).filter((k) => !k.marker)).toEqual([]);
    expect(store.check('nowhere.example', 22, blob)).toEqual({ status: 'revoked' });
    expect(() => store.trust('nowhere.example', 22, blob)).toThrow(/revoked/);
  });

  it('names the certificate authorities that cover a host whose key is not pinned', () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'x')]);
    const unpinned = Buffer.from(readFileSync(join(dir, 'x.pub'), 'utf8').split(' ')[1]!, 'base64');
    const verdict = store.check('www.mydomain.com', 22, unpinned);
    expect(verdict.status).toBe('unknown');
    expect(verdict.status === 'unknown' && verdict.authorities).toHaveLength(1);
  });
});

describe('known_hosts markers against a real sshd', () => {
  let h: Harness;
  let caDir: string;
  beforeAll(async () => {
    caDir = mkdtempSync(join(tmpdir(), 'atelier-ca-'));
    // The certificate path is in the config from the start; the file appears once the CA has signed.
    h = await createHarness({ extraConfig: [`HostCertificate ${join(caDir, 'host_key-cert.pub')}`] });
    h.addHost('box');
  });
  afterAll(async () => {
    await h?.dispose();
    rmSync(caDir, { recursive: true, force: true });
  });

  it('refuses a key marked @revoked with no other key pinned, without offering it for trust', async () => {
    h.knownHosts.importText(`@revoked [127.0.0.1]:${h.sshd.port} ${h.sshd.hostPublicKey}\n`);
    const offers: unknown[] = [];
    const error = (await h.service.connect('box', { onHostKey: (o) => offers.push(o), acceptNewHostKeys: true }).catch((e: unknown) => e)) as SshError;
    expect(error).toBeInstanceOf(SshError);
    expect(error.kind).toBe('host_key_revoked');
    expect(error.offer).toBeUndefined();
    expect(offers).toEqual([]);
    expect(() => h.service.trust('box', h.sshd.hostFingerprint())).toThrow(/no key with fingerprint/);
    h.db.prepare(`DELETE FROM known_host_keys WHERE marker = 'revoked'`).run();
  });

  it('accepts a host certificate signed by a trusted CA (ssh-keygen -s ca -h), without pinning the key', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'team-ca', '-f', join(caDir, 'ca')]);
    const hostPub = join(caDir, 'host_key.pub');
    execFileSync('cp', [join(h.sshd.dir, 'host_key.pub'), hostPub]);
    execFileSync('ssh-keygen', ['-q', '-s', join(caDir, 'ca'), '-h', '-I', 'box', '-n', '127.0.0.1', hostPub]);
    await h.sshd.restart();
    const ca = readFileSync(join(caDir, 'ca.pub'), 'utf8').trim();

    // A CA that signed nothing for this host: the prompt names it, the key stays unknown.
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(caDir, 'other-ca')]);
    h.knownHosts.importText(`@cert-authority [127.0.0.1]:* ${readFileSync(join(caDir, 'other-ca.pub'), 'utf8').trim()}\n`);
    const unknown = (await h.service.connect('box').catch((e: unknown) => e)) as SshError;
    expect(unknown.kind).toBe('host_key_unknown');
    expect(unknown.offer?.certAuthorities).toEqual([expect.stringMatching(/^ssh-ed25519 SHA256:/)]);
    expect(unknown.message).toContain('no valid certificate of it vouches for this key');

    h.knownHosts.importText(`@cert-authority [127.0.0.1]:* ${ca}\n`);
    const result = await h.service.runCommand('box', 'echo certified');
    expect(result.stdout).toBe('certified\n');
    expect(h.knownHosts.keysFor('127.0.0.1', h.sshd.port).filter((k) => !k.marker)).toEqual([]);
  });
});

