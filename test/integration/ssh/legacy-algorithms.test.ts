import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshError } from '../../../electron/core/ssh';
import { createHarness, type Harness } from './harness';

/** Old gear stand-in (RECIPES.md): Debian's sshd serving legacy-only algorithms with an RSA host key. */
const OLD_GEAR = ['HostKeyAlgorithms ssh-rsa', 'PubkeyAcceptedAlgorithms +ssh-rsa', 'KexAlgorithms diffie-hellman-group14-sha1', 'Ciphers aes128-cbc', 'MACs hmac-sha1'];
const NEEDED = ['diffie-hellman-group14-sha1', 'ssh-rsa', 'aes128-cbc'];

function openssh(h: Harness, extra: string[]): { status: number | null; stderr: string } {
  const args = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-i', h.key.privateKeyFile];
  const run = spawnSync('ssh', [...args, ...extra, '-p', String(h.sshd.port), `${h.sshd.user}@127.0.0.1`, 'true'], { encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stderr: run.stderr };
}

describe('legacy algorithms, allowed per host and never by default (real sshd speaking only legacy algorithms)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ hostKeyType: 'rsa', extraConfig: OLD_GEAR });
    h.trustFixture();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('is refused by default, as OpenSSH refuses it, with what the server offers and what to allow', async () => {
    expect(openssh(h, []).stderr).toMatch(/no matching (key exchange method|host key type|cipher)/);
    h.addHost('old-switch');
    const error = (await h.service.connect('old-switch').catch((e: unknown) => e)) as SshError;
    expect(error).toBeInstanceOf(SshError);
    expect(error.kind).toBe('algorithms');
    expect(error.algorithmsNeeded).toEqual(NEEDED);
    expect(error.message).toContain('The server offers: key exchange diffie-hellman-group14-sha1');
    expect(error.message).toMatch(/host key ssh-rsa; cipher aes128-cbc; MAC hmac-sha1\./);
    expect(error.message).toContain('allow for it only: diffie-hellman-group14-sha1, ssh-rsa, aes128-cbc');
    expect(error.message).toContain('--legacy diffie-hellman-group14-sha1,ssh-rsa,aes128-cbc');
  });

  it('connects once that host allows the named algorithms, as OpenSSH does with +algorithms', async () => {
    expect(openssh(h, ['-o', 'HostKeyAlgorithms=+ssh-rsa', '-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-o', 'Ciphers=+aes128-cbc']).status).toBe(0);
    h.hosts.update('old-switch', { legacyAlgorithms: NEEDED as never });
    expect(h.hosts.get('old-switch').legacyAlgorithms).toEqual(NEEDED);
    const result = await h.service.runCommand('old-switch', 'echo legacy ok');
    expect(result.stdout).toBe('legacy ok\n');

    // Only that host: another entry for the same machine is still refused.
    h.addHost('same-box-strict');
    const error = (await h.service.connect('same-box-strict').catch((e: unknown) => e)) as SshError;
    expect(error.kind).toBe('algorithms');
  });

  it('refuses a name that is not a legacy algorithm it knows, naming the field', () => {
    expect(() => h.addHost('bad', { legacyAlgorithms: ['rot13-cbc'] as never })).toThrow(/host\.legacyAlgorithms\[0\]: Invalid option/);
  });
});
