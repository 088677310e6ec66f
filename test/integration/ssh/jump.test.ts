import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshError } from '../../../electron/core/ssh';
import { disposeSshd, startSshd, type Sshd } from '../../setup/sshd';
import { createHarness, type Harness } from './harness';

describe('jump hosts (ProxyJump) through two real sshd instances', () => {
  let h: Harness;
  let target: Sshd;
  beforeAll(async () => {
    // The jump server logs forwarding requests, so the test can see the hop really went through it.
    [h, target] = await Promise.all([createHarness({ extraConfig: ['LogLevel DEBUG1'] }), startSshd()]);
    target.authorize(h.key.publicKey);
    h.addHost('bastion');
    h.addHost('inner', { jumpHost: 'bastion' }, target);
    h.trustFixture();
  });
  afterAll(async () => {
    await disposeSshd(target);
    await h?.dispose();
  });

  it('asks about the target key behind the jump host, then runs through the chain', async () => {
    const unknown = await h.service.connect('inner').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(SshError);
    expect((unknown as SshError).kind).toBe('host_key_unknown');
    expect((unknown as SshError).offer?.fingerprint).toBe(target.hostFingerprint());

    h.service.trust('inner', target.hostFingerprint());
    const result = await h.service.runCommand('inner', 'echo inside');
    expect(result.stdout).toBe('inside\n');
    expect(h.sshd.log()).toContain(`target 127.0.0.1 port ${target.port}`);
  });

  it('names the jump host when it is the part that fails', async () => {
    h.hosts.add({ name: 'bad-bastion', address: '127.0.0.1', port: h.sshd.port, user: h.sshd.user, auth: { method: 'password' } });
    h.hosts.add({ name: 'inner2', address: '127.0.0.1', port: target.port, user: target.user, auth: { method: 'password' }, jumpHost: 'bad-bastion' });
    h.vault.unlock('pw');
    h.vault.set('host/bad-bastion/password', 'wrong-password');
    const error = (await h.service.connect('inner2', { credentials: { password: target.password } }).catch((e: unknown) => e)) as SshError;
    expect(error.kind).toBe('jump');
    expect(error.host).toBe('bad-bastion');
    expect(error.message).toMatch(/cannot go through the jump host bad-bastion: .*authentication failed/);

    h.hosts.update('inner2', { jumpHost: 'bastion', port: 1 });
    const unreachable = (await h.service.connect('inner2', { credentials: { password: target.password } }).catch((e: unknown) => e)) as SshError;
    expect(unreachable.kind).toBe('jump');
    expect(unreachable.message).toMatch(/the jump host bastion could not open a connection to 127\.0\.0\.1:1/);
  });

  it('refuses a loop of jump hosts when it is configured', () => {
    expect(() => h.hosts.update('bastion', { jumpHost: 'inner' })).toThrow(/loop/);
  });
});
