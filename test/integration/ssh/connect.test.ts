import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretNames } from '../../../electron/core/secrets';
import { SshError } from '../../../electron/core/ssh';
import { createHarness, type Harness } from './harness';

async function failure(run: () => Promise<unknown>): Promise<SshError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SshError) return error;
    throw error;
  }
  throw new Error('expected an SshError');
}

describe('SSH connections against a real sshd', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    h.addHost('box');
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('refuses an unknown host key with its fingerprint, then connects once it is trusted', async () => {
    const offers: string[] = [];
    const error = await failure(() => h.service.connect('box', { onHostKey: (offer) => offers.push(offer.fingerprint) }));
    expect(error.kind).toBe('host_key_unknown');
    expect(error.offer?.fingerprint).toBe(h.sshd.hostFingerprint());
    expect(error.offer?.keyType).toBe('ssh-ed25519');
    expect(error.message).toContain(h.sshd.hostFingerprint());
    expect(offers).toEqual([h.sshd.hostFingerprint()]);

    h.service.trust('box', error.offer!.fingerprint);
    const result = await h.service.runCommand('box', 'echo hello; id -un');
    expect(result).toMatchObject({ stdout: `hello\n${h.sshd.user}\n`, exitCode: 0, truncated: false });
  });

  it('logs in with a key and passes the remote exit code and stderr through', async () => {
    const result = await h.service.runCommand('box', 'echo oops >&2; exit 7');
    expect(result.exitCode).toBe(7);
    expect(result.stderr).toBe('oops\n');
  });

  it('logs in with a password from the vault, or typed for one connection', async () => {
    h.addHost('box-pw', { auth: { method: 'password' } });
    h.vault.unlock('vault passphrase');
    h.vault.set(secretNames.password('box-pw'), h.sshd.password);
    const result = await h.service.runCommand('box-pw', 'id -un');
    expect(result.stdout.trim()).toBe(h.sshd.user);
    h.vault.lock();
    const typed = await h.service.runCommand('box-pw', 'echo typed', { credentials: { password: h.sshd.password } });
    expect(typed.stdout).toBe('typed\n');
  });

  it('says which methods were tried when authentication fails', async () => {
    h.addHost('box-bad', { auth: { method: 'password' } });
    const error = await failure(() => h.service.runCommand('box-bad', 'true', { credentials: { password: 'wrong' } }));
    expect(error.kind).toBe('auth');
    expect(error.methodsTried).toEqual(['password']);
    expect(error.methodsOffered).toEqual(expect.arrayContaining(['publickey', 'password']));
    expect(error.message).toMatch(/authentication failed for user "atelier-test"\. Tried: password\. The server accepts: .*publickey/);
  });

  it('logs in through an ssh-agent started by the test', async (ctx) => {
    if (!existsSync('/usr/bin/ssh-agent')) ctx.skip(true, 'ssh-agent is not installed (apt-get install -y openssh-client)');
    const sock = join(h.dir, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 500 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      execFileSync('ssh-add', ['-q', h.key.privateKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'pipe' });
      h.addHost('box-agent', { auth: { method: 'agent' } });
      const result = await h.service.runCommand('box-agent', 'echo via-agent', { agentSocket: sock });
      expect(result.stdout).toBe('via-agent\n');
    } finally {
      agent.kill();
    }
  });

  it('stops a command at its timeout and caps its output', async () => {
    const started = Date.now();
    const timeout = await failure(() => h.service.runCommand('box', 'sleep 30', { timeoutMs: 500 }));
    expect(timeout.kind).toBe('command_timeout');
    expect(Date.now() - started).toBeLessThan(5000);

    const capped = await h.service.runCommand('box', 'yes', { maxOutputBytes: 100_000, timeoutMs: 10_000 });
    expect(capped.truncated).toBe(true);
    expect(capped.stdout.length).toBe(100_000);
    expect(capped.stdout.startsWith('y\ny\n')).toBe(true);
  });

  it('cancels a running command with an AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(h.service.runCommand('box', 'sleep 30', { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('gives clear errors for a refused port and an unknown name', async () => {
    h.hosts.add({ name: 'closed-port', address: '127.0.0.1', port: 1, user: 'x', auth: { method: 'password' } });
    const refused = await failure(() => h.service.connect('closed-port', { credentials: { password: 'x' } }));
    expect(refused.kind).toBe('refused');
    expect(refused.message).toMatch(/refused the connection/);

    h.hosts.add({ name: 'nowhere', address: 'no-such-host.invalid', port: 22, user: 'x', auth: { method: 'password' } });
    const dns = await failure(() => h.service.connect('nowhere', { credentials: { password: 'x' } }));
    expect(dns.kind).toBe('dns');
    expect(dns.message).toMatch(/could not be resolved/);
  });

  it('blocks a changed host key until the new key is explicitly accepted', async () => {
    const oldFingerprint = h.sshd.hostFingerprint();
    await h.sshd.rotateHostKey();
    const error = await failure(() => h.service.connect('box'));
    expect(error.kind).toBe('host_key_changed');
    expect(error.message).toMatch(/CHANGED/);
    expect(error.offer?.previousFingerprints).toEqual([oldFingerprint]);
    // --accept-new never applies to a changed key.
    expect((await failure(() => h.service.connect('box', { acceptNewHostKeys: true }))).kind).toBe('host_key_changed');
    // trust() is for unknown keys; replacing a pinned key is a separate, explicit call.
    expect(() => h.service.trust('box', error.offer!.fingerprint)).toThrow(/replace/);
    h.service.replace('box', error.offer!.fingerprint);
    const result = await h.service.runCommand('box', 'echo again');
    expect(result.stdout).toBe('again\n');
    expect(h.knownHosts.keysFor(h.sshd.host, h.sshd.port).map((k) => k.fingerprint)).toEqual([h.sshd.hostFingerprint()]);
  });
});
