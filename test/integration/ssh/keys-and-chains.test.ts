import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshError } from '../../../electron/core/ssh';
import { generateKeyPair } from '../../setup/sshd';
import { createHarness, type Harness } from './harness';

describe('several keys per host and jump chains of any length, against a real sshd', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    h.trustFixture();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('tries the keys in order, as OpenSSH tries every IdentityFile: a refused or missing key is passed over', async () => {
    const stranger = generateKeyPair(h.dir, 'not-authorized');
    h.addHost('multi', { auth: { method: 'key', keyFile: stranger.privateKeyFile, hasPassphrase: false, moreKeyFiles: [`${h.dir}/missing-key`, h.key.privateKeyFile] } });
    const connection = await h.service.connect('multi');
    connection.close();
    const result = await h.service.runCommand('multi', 'echo in');
    expect(result.stdout).toBe('in\n');

    h.addHost('none-fits', { auth: { method: 'key', keyFile: stranger.privateKeyFile, hasPassphrase: false, moreKeyFiles: [`${h.dir}/missing-key`] } });
    const error = (await h.service.connect('none-fits').catch((e: unknown) => e)) as SshError;
    expect(error).toBeInstanceOf(SshError);
    expect(error.kind).toBe('auth');
    expect(error.methodsTried).toEqual([`publickey (${stranger.privateKeyFile})`]);
  });

  it('connects through a chain of three jump hosts (each hop its own transport inside the previous one)', async () => {
    h.addHost('hop1');
    h.addHost('hop2', { jumpHost: 'hop1' });
    h.addHost('hop3', { jumpHost: 'hop2' });
    h.addHost('deep', { jumpHost: 'hop3' });
    expect(h.hosts.chain('deep').map((x) => x.name)).toEqual(['hop1', 'hop2', 'hop3', 'deep']);
    // The whole log file: sshd.log() is its last 4,000 characters, a window that drops earlier logins.
    const logins = () => (readFileSync(h.sshd.logFile, 'utf8').match(/Accepted publickey/g) ?? []).length;
    const before = logins();
    const result = await h.service.runCommand('deep', 'echo deep');
    expect(result.stdout).toBe('deep\n');
    // One login per hop and one for the target: four transports, each inside the previous one.
    // sshd writes its log from each session's process: give the lines a moment to land (bounded).
    for (let i = 0; i < 300 && logins() - before < 4; i++) await new Promise((r) => setTimeout(r, 100));
    expect(logins() - before).toBe(4);
  });
});
