import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostInput } from '../../../shared/contract/ssh';
import { openDatabase, type Database } from '../../../electron/core/db/open';
import { HostStore } from '../../../electron/core/hosts';
import { SecretVault } from '../../../electron/core/secrets';
import { KnownHostsStore, SshService } from '../../../electron/core/ssh';
import { disposeSshd, generateKeyPair, startSshd, type KeyPair, type Sshd, type SshdOptions } from '../../setup/sshd';

/** Cheap scrypt for tests only; the product uses DEFAULT_SCRYPT. */
export const TEST_SCRYPT = { N: 1 << 10, r: 8, p: 1 };

export interface Harness {
  dir: string;
  db: Database;
  hosts: HostStore;
  knownHosts: KnownHostsStore;
  vault: SecretVault;
  service: SshService;
  sshd: Sshd;
  key: KeyPair;
  /** Adds a host pointing at the fixture's sshd with key auth. */
  addHost(name: string, extra?: Partial<HostInput>, sshd?: Sshd): void;
  /** Pins the fixture's current host key for it, as a technician would after comparing. */
  trustFixture(sshd?: Sshd): void;
  dispose(): Promise<void>;
}

export async function createHarness(options: SshdOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-ssh-test-'));
  const sshd = await startSshd(options);
  const key = generateKeyPair(dir, 'client');
  sshd.authorize(key.publicKey);
  const db = openDatabase(join(dir, 'atelier.db'));
  const hosts = new HostStore(db);
  const knownHosts = new KnownHostsStore(db);
  const vault = new SecretVault(db, TEST_SCRYPT);
  const service = new SshService({ hosts, knownHosts, secrets: vault });
  return {
    dir,
    db,
    hosts,
    knownHosts,
    vault,
    service,
    sshd,
    key,
    addHost(name, extra = {}, target = sshd) {
      hosts.add({
        name,
        address: target.host,
        port: target.port,
        user: target.user,
        auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false },
        ...extra,
      });
    },
    trustFixture(target = sshd) {
      const blob = Buffer.from(target.hostPublicKey.split(/\s+/)[1] ?? '', 'base64');
      knownHosts.trust(target.host, target.port, blob);
    },
    async dispose() {
      db.close();
      await disposeSshd(sshd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads from a stream until `predicate(text)` holds, with a deadline. */
export async function readUntil(stream: NodeJS.ReadableStream, predicate: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  let text = '';
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`timed out after ${timeoutMs} ms; got: ${JSON.stringify(text.slice(-500))}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (predicate(text)) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
  });
}
