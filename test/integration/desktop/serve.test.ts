import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { DESKTOP_WINDOW_BYTES } from '../../../electron/core/desktop/sessions';
import { MAX_DESKTOP_WRITE_BYTES } from '../../../shared/contract/desktop';
import { startServer, type RunningServer } from '../../../electron/serve/server';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';
import { openStreamSocket, type StreamSocket } from '../../setup/stream-socket';
import { addTrustedHost, serveCall } from '../../setup/terminal-client';
import { startVnc, startXDisplay, type VncServer, type XDisplay } from '../../setup/x-display';
import { until } from '../../setup/until';

const HOST = 'deskserve';
/** The largest message the core's credit pump sends: what may cross the window in one go. */
const CHUNK = 64 * 1024;

/** A viewer on the stream socket, as the page is: what one session received, and in which kind of frame. */
function viewer(socket: StreamSocket, sessionId: () => string | undefined) {
  const state = { bytes: [] as Buffer[], received: 0, jsonFrames: 0 };
  socket.onMessage((message, binary) => {
    if (message.stream !== 'desktop.data' || message.payload.sessionId !== sessionId()) return;
    if (!binary) state.jsonFrames++;
    const data = Buffer.from(message.payload.data as Uint8Array);
    state.bytes.push(data);
    state.received += data.length;
  });
  return state;
}

/** The remote desktop as a browser in serve mode sees it: RFB bytes in binary frames, acks on the stream socket. */
describe('remote desktop over serve mode (binary frames on the stream socket) through a real sshd', () => {
  let dir: string;
  let core: Core;
  let server: RunningServer;
  let sshd: Sshd;
  let screen: XDisplay;
  let vnc: VncServer;
  let flood: Server;
  let floodPort: number;
  const floodSockets = new Set<Socket>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-desktop-serve-'));
    sshd = await startSshd();
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    screen = await startXDisplay();
    vnc = await startVnc(screen);
    // A "VNC server" on the host's loopback that sends as fast as it may: what a full-screen video would.
    flood = createServer((socket) => {
      floodSockets.add(socket);
      const block = Buffer.alloc(CHUNK, 0x5a);
      const pump = () => {
        while (!socket.destroyed && socket.write(block));
      };
      socket.on('drain', pump);
      socket.on('error', () => undefined);
      socket.on('close', () => floodSockets.delete(socket));
      pump();
    });
    await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
    floodPort = (flood.address() as AddressInfo).port;
    core = openTestCore(join(dir, 'data'));
    server = await startServer({ core });
    await addTrustedHost(server, HOST, sshd, key.privateKeyFile);
  }, 90_000);
  afterAll(async () => {
    await server?.close();
    core?.close();
    for (const socket of floodSockets) socket.destroy();
    await new Promise((resolve) => (flood ? flood.close(resolve) : resolve(undefined)));
    await vnc?.kill();
    await screen?.stop();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the VNC server\'s bytes as binary frames, unchanged, and takes acks on the socket', async () => {
    await serveCall(server, 'desktop.setSettings', { name: HOST, settings: { port: vnc.port } });
    const socket = await openStreamSocket(server);
    const sessionId = 'serve-rfb';
    const state = viewer(socket, () => sessionId);
    const opened = await serveCall(server, 'desktop.open', { name: HOST, sessionId });
    expect(opened).toEqual({ status: 'open', sessionId });
    await until('the RFB greeting', () => Buffer.concat(state.bytes).toString() === 'RFB 003.008\n');
    expect(state.jsonFrames, 'desktop bytes travel as binary frames, not base64 JSON').toBe(0);
    await expect(socket.call('desktop.ack', { sessionId, bytes: state.received })).resolves.toEqual({ ok: true });
    await expect(socket.call('desktop.ack', { sessionId, bytes: -1 })).rejects.toThrow(/invalid_input.*bytes/);
    // The viewer's bytes go back on the socket as a binary frame, unanswered, as the page sends them: the
    // server answers the viewer's version with its security types.
    socket.send('desktop.write', { sessionId, data: Buffer.from('RFB 003.008\n') });
    const types = await until('the security types', () => (state.received > 12 ? Buffer.concat(state.bytes).subarray(12) : undefined));
    expect([...types.subarray(1, 1 + (types[0] ?? 0))]).toContain(2);
    // Asked for an answer, the same frame gets one; bytes have no JSON form, over HTTP or on the socket.
    await expect(socket.call('desktop.write', { sessionId, data: Buffer.from([2]) })).resolves.toEqual({ ok: true });
    await expect(serveCall(server, 'desktop.write', { sessionId, data: Buffer.from([1]).toString('base64') })).rejects.toThrow(/invalid_input.*RFB bytes expected.*data/);
    await expect(socket.call('desktop.write', { sessionId, data: 'AQ==' })).rejects.toThrow(/invalid_input.*RFB bytes expected/);
    await expect(socket.call('desktop.write', { sessionId, data: Buffer.alloc(MAX_DESKTOP_WRITE_BYTES + 1) })).rejects.toThrow(/invalid_input.*at most/);
    await serveCall(server, 'desktop.close', { sessionId });
    await expect(socket.call('desktop.write', { sessionId, data: Buffer.from([0]) })).rejects.toThrow(/not_found/);
    socket.close();
  }, 60_000);

  it('refuses on the socket every desktop call but the ack and the bytes, and at the core\'s edge any target but the host\'s', async () => {
    const socket = await openStreamSocket(server);
    for (const name of ['desktop.open', 'desktop.close', 'desktop.setSettings']) {
      await expect(socket.call(name, { name: HOST, sessionId: 'x' }), name).rejects.toThrow(/invalid_input.*is not taken on/);
      // A binary frame does not let another call in either.
      await expect(socket.call(name, { name: HOST, sessionId: 'x', data: Buffer.from([1]) }), `${name} (binary)`).rejects.toThrow(/invalid_input.*is not taken on/);
    }
    for (const extra of [{ port: 22 }, { remoteHost: '10.0.0.1' }, { remotePort: 5901 }, { address: '127.0.0.1' }, { host: 'elsewhere' }]) {
      await expect(serveCall(server, 'desktop.open', { name: HOST, sessionId: 'y', ...extra }), JSON.stringify(extra)).rejects.toThrow(/invalid_input/);
      // The viewer's bytes name a session, never where they go.
      await expect(socket.call('desktop.write', { sessionId: 'y', data: Buffer.from([1]), ...extra }), `write ${JSON.stringify(extra)}`).rejects.toThrow(/invalid_input/);
    }
    socket.close();
  }, 30_000);

  it('holds a flooding server to the credit window until the viewer acks on the socket', async () => {
    await serveCall(server, 'desktop.setSettings', { name: HOST, settings: { port: floodPort } });
    const socket = await openStreamSocket(server);
    const sessionId = 'serve-flood';
    const state = viewer(socket, () => sessionId);
    await serveCall(server, 'desktop.open', { name: HOST, sessionId });
    // A viewer that stopped reading: one window (plus the message that crossed it) arrives, then nothing.
    await until('a window of bytes', () => state.received >= DESKTOP_WINDOW_BYTES);
    await new Promise((r) => setTimeout(r, 1500));
    const stalled = state.received;
    expect(stalled).toBeLessThanOrEqual(DESKTOP_WINDOW_BYTES + CHUNK);
    // Acks sent on the socket without answers, as the page sends them, let the next bytes through.
    let acked = 0;
    const target = stalled + 3 * DESKTOP_WINDOW_BYTES;
    const deadline = Date.now() + 40_000;
    let maxInFlight = 0;
    while (state.received < target && Date.now() < deadline) {
      maxInFlight = Math.max(maxInFlight, state.received - acked);
      if (state.received > acked) {
        socket.send('desktop.ack', { sessionId, bytes: state.received - acked });
        acked = state.received;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(state.received).toBeGreaterThanOrEqual(target);
    expect(maxInFlight).toBeLessThanOrEqual(DESKTOP_WINDOW_BYTES + CHUNK);
    expect(state.jsonFrames).toBe(0);
    expect(Buffer.concat(state.bytes.slice(0, 4)).every((b) => b === 0x5a)).toBe(true);
    await serveCall(server, 'desktop.close', { sessionId });
    socket.close();
  }, 90_000);
});
