import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshConnection } from '../../../electron/core/ssh';
import { createHarness, type Harness } from './harness';

describe('local port forwarding against a real sshd', () => {
  let h: Harness;
  let connection: SshConnection;
  let echo: Server;
  let echoPort = 0;
  beforeAll(async () => {
    h = await createHarness();
    h.addHost('box');
    h.trustFixture();
    connection = await h.service.connect('box');
    // A stand-in for a remote VNC server: answers every byte with its upper-case copy.
    echo = createServer((socket) => socket.on('data', (d) => socket.write(d.toString('latin1').toUpperCase())));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as { port: number }).port;
  });
  afterAll(async () => {
    await connection?.close();
    echo?.close();
    await h?.dispose();
  });

  it('carries data both ways, reports status and stops', async () => {
    const statuses: string[] = [];
    const tunnel = await connection.openTunnel({ localPort: 0, remoteHost: '127.0.0.1', remotePort: echoPort, onStatus: (s) => statuses.push(s.state) });
    expect(tunnel.localPort).toBeGreaterThan(0);
    const socket = connect(tunnel.localPort, '127.0.0.1');
    const payload = 'hello through ssh '.repeat(10_000);
    let answer = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tunnel answer incomplete: ${answer.length}`)), 10_000);
      socket.on('data', (d) => {
        answer += d.toString('latin1');
        if (answer.length >= payload.length) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.write(payload);
    });
    expect(answer).toBe(payload.toUpperCase());
    const status = tunnel.status();
    expect(status).toMatchObject({ state: 'listening', activeConnections: 1, totalConnections: 1, remotePort: echoPort });
    expect(status.bytesOut).toBe(payload.length);
    expect(status.bytesIn).toBe(payload.length);
    socket.destroy();
    await tunnel.stop();
    expect(tunnel.status().state).toBe('stopped');
    expect(statuses.at(-1)).toBe('stopped');
    await expect(
      new Promise((resolve, reject) => {
        const s = connect(tunnel.localPort, '127.0.0.1');
        s.on('connect', () => resolve('connected'));
        s.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
