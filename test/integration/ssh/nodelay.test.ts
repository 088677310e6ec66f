import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';
import { until } from '../../setup/until';

// sshd turns Nagle's algorithm off only on a connection where a session ran a command (OpenSSH's
// ssh_packet_set_interactive): a connection that only forwards waits ~40 ms on delayed ACKs for every small
// reply (`npm run bench -- forward` measures it). sshd logs each session it starts, with the client's port,
// at LogLevel VERBOSE: these tests read that log to see which connections asked.

const SESSION = /Starting session: command for \S+ from 127\.0\.0\.1 port (\d+)/g;
const ACCEPTED = /Accepted publickey for \S+ from 127\.0\.0\.1 port (\d+)/g;

const portsOf = (log: string, pattern: RegExp) => new Set([...log.matchAll(pattern)].map((m) => m[1]));

describe('connections that only forward ask sshd to turn Nagle off (real sshd)', () => {
  let dir: string;
  let bastion: Sshd;
  let target: Sshd;
  let core: Core;
  let service: Server;
  let servicePort = 0;
  const call = (name: string, input: unknown) => core.dispatch(name, input) as Promise<Record<string, unknown>>;

  /** The client ports of connections sshd accepted since `before` and of those where a session ran. */
  function sinceLog(server: Sshd, before: string): { connections: Set<string | undefined>; sessions: Set<string | undefined> } {
    const log = server.log().slice(before.length);
    return { connections: portsOf(log, ACCEPTED), sessions: portsOf(log, SESSION) };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-nodelay-'));
    [bastion, target] = await Promise.all([startSshd(), startSshd()]);
    const key = generateKeyPair(dir, 'client');
    bastion.authorize(key.publicKey);
    target.authorize(key.publicKey);
    // Stands for a VNC or RDP server on the host: greets, then answers each request.
    service = createServer((socket) => {
      socket.write('HELLO\n');
      socket.on('data', (d) => socket.write(d));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    servicePort = (service.address() as AddressInfo).port;
    core = openTestCore(join(dir, 'data'));
    const auth = { method: 'key', keyFile: key.privateKeyFile };
    await call('hosts.add', { name: 'bastion', address: bastion.host, port: bastion.port, user: bastion.user, auth, osFamily: 'linux' });
    await call('hosts.add', { name: 'desk', address: target.host, port: target.port, user: target.user, auth, osFamily: 'linux' });
    await call('hosts.add', { name: 'inner', address: target.host, port: target.port, user: target.user, auth, osFamily: 'linux', jumpHost: 'bastion' });
    await call('knownHosts.import', { text: `[${bastion.host}]:${bastion.port} ${bastion.hostPublicKey}\n[${target.host}]:${target.port} ${target.hostPublicKey}\n` });
    await call('desktop.setSettings', { name: 'desk', settings: { port: servicePort } });
  }, 60_000);
  afterAll(async () => {
    core?.close();
    service?.close();
    await Promise.all([disposeSshd(bastion), disposeSshd(target)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a remote desktop connected to an existing VNC server asks on its own connection', async () => {
    const before = target.log();
    await call('desktop.open', { name: 'desk', sessionId: 'nodelay-1' });
    const seen = await until('the session on the desktop connection', () => {
      const { connections, sessions } = sinceLog(target, before);
      return connections.size === 1 && sessions.size === 1 && { connections, sessions };
    });
    expect([...seen.sessions]).toEqual([...seen.connections]);
    await call('desktop.close', { sessionId: 'nodelay-1' });
  });

  it('a tunnel asks on its connection, and still carries bytes', async () => {
    const before = target.log();
    const tunnel = (await call('tunnels.open', { name: 'desk', localPort: 0, remoteHost: '127.0.0.1', remotePort: servicePort })) as { id: string; localPort: number };
    const greeting = await new Promise<string>((resolve, reject) => {
      const client = connect(tunnel.localPort, '127.0.0.1');
      client.once('data', (d) => {
        resolve(d.toString());
        client.destroy();
      });
      client.once('error', reject);
    });
    expect(greeting).toBe('HELLO\n');
    const seen = await until('the session on the tunnel connection', () => {
      const { connections, sessions } = sinceLog(target, before);
      return sessions.size === 1 && { connections, sessions };
    });
    expect([...seen.sessions].every((port) => seen.connections.has(port))).toBe(true);
    await call('tunnels.stop', { id: tunnel.id });
  });

  it('a jump host asks on its hop, the target connection runs its own command', async () => {
    const [bastionBefore, targetBefore] = [bastion.log(), target.log()];
    const result = (await call('ssh.run', { name: 'inner', command: 'echo inside' })) as { stdout: string };
    expect(result.stdout).toBe('inside\n');
    const hop = await until('the session on the jump host', () => {
      const { connections, sessions } = sinceLog(bastion, bastionBefore);
      return sessions.size === 1 && { connections, sessions };
    });
    expect([...hop.sessions].every((port) => hop.connections.has(port))).toBe(true);
    expect(sinceLog(target, targetBefore).sessions.size).toBe(1);
  });
});
