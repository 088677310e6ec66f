import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { TERMINAL_WINDOW_BYTES } from '../../../electron/core/ssh/terminals';
import { SOCKET_CALLS } from '../../../shared/contract/wire';
import { startServer, type RunningServer } from '../../../electron/serve/server';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';
import { openStreamSocket } from '../../setup/stream-socket';

/** The terminal as the browser sees it: HTTP calls, the `/api/streams` WebSocket (output out; acks, keystrokes and resizes in). */
describe('terminal over serve mode (HTTP calls + WebSocket stream) against a real sshd', () => {
  let dir: string;
  let core: Core;
  let server: RunningServer;
  let sshd: Sshd;

  const call = async (name: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${server.origin}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.secret}` },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { ok?: boolean; result?: Record<string, unknown>; error?: unknown };
    if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
    return answer.result ?? {};
  };

  /** A stream client that keeps what one session printed; the test decides when to ack. */
  const openStream = async (sessionFilter: () => string | undefined) => {
    const stream = await openStreamSocket(server);
    const state = { received: 0, jsonOutputs: 0, text: '', exit: undefined as undefined | { exitCode: number | null; error?: string } };
    stream.onMessage((message, binary) => {
      if (message.payload.sessionId !== sessionFilter()) return;
      if (message.stream === 'terminal.output') {
        const data = message.payload.data as Uint8Array;
        state.received += data.length;
        if (!binary) state.jsonOutputs++;
        // Keep only the tail: the test looks for markers at the end, not at every byte.
        state.text = (state.text + Buffer.from(data.subarray(-4096)).toString('latin1')).slice(-4096);
      }
      if (message.stream === 'terminal.exit') state.exit = message.payload as never;
    });
    return { socket: stream, state };
  };

  const until = async (predicate: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-term-serve-'));
    sshd = await startSshd();
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    core = openTestCore(join(dir, 'data'));
    server = await startServer({ core });
    await call('hosts.add', { name: 'box', address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile } });
  });
  afterAll(async () => {
    await server?.close();
    core?.close();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers an unknown host key with its offer, trusts exactly that key, then opens', async () => {
    const first = await call('terminal.open', { name: 'box', cols: 80, rows: 24 });
    expect(first).toMatchObject({ status: 'hostKey', offer: { host: 'box', keyType: 'ssh-ed25519', fingerprint: sshd.hostFingerprint() } });
    expect((first.offer as { previousFingerprints?: string[] }).previousFingerprints).toBeUndefined();
    await expect(call('knownHosts.trust', { name: 'box', fingerprint: 'SHA256:not-what-was-offered' })).rejects.toThrow(/not_found/);
    await call('knownHosts.trust', { name: 'box', fingerprint: sshd.hostFingerprint() });
    const keys = (await call('knownHosts.list', { name: 'box' })) as unknown as { fingerprint: string }[];
    expect(keys.map((k) => k.fingerprint)).toEqual([sshd.hostFingerprint()]);
    const second = await call('terminal.open', { name: 'box', cols: 80, rows: 24 });
    expect(second.status).toBe('open');
    await call('terminal.close', { sessionId: second.sessionId });
  });

  it('writes, resizes and reports the exit code, over HTTP calls and over the stream socket alike', async () => {
    for (const via of ['http', 'socket', 'socket without answers'] as const) {
      let sessionId: string | undefined;
      const { socket, state } = await openStream(() => sessionId);
      // The socket takes the calls the page sends there (SOCKET_CALLS); the rest go over HTTP whatever `via`.
      const send = async (name: string, input: unknown) =>
        via === 'http' || !SOCKET_CALLS.has(name) ? call(name, input) : via === 'socket' ? socket.call(name, input) : socket.send(name, input);
      const opened = await call('terminal.open', { name: 'box', cols: 100, rows: 30 });
      sessionId = String(opened.sessionId);
      await send('terminal.resize', { sessionId, cols: 120, rows: 40 });
      await send('terminal.write', { sessionId, data: 'stty size; echo DONE$((20+22))\n' });
      await until(() => state.text.includes('DONE42'), 10_000, `the echo (${via})`);
      expect(state.text).toMatch(/40 120\r?\n/);
      expect(state.jsonOutputs, 'terminal output travels as binary frames, not base64 JSON').toBe(0);
      await send('terminal.ack', { sessionId, bytes: state.received });
      await send('terminal.write', { sessionId, data: 'exit 7\n' });
      await until(() => state.exit !== undefined, 10_000, `terminal.exit (${via})`);
      expect(state.exit?.exitCode).toBe(7);
      await expect(send('terminal.write', { sessionId, data: 'x' })).rejects.toThrow(/not_found/);
      if (via === 'socket') await expect(send('terminal.ack', { sessionId, bytes: 1 })).resolves.toEqual({ ok: true });
      socket.close();
    }
  });

  it('takes only the terminal calls on the stream socket, with the contract\'s errors', async () => {
    const { socket } = await openStream(() => undefined);
    await expect(socket.call('hosts.list', {})).rejects.toThrow(/invalid_input.*hosts\.list.*\/api\/call\//);
    // Keystrokes stay HTTP calls (see docs/performance.md: on the socket a Ctrl-C under a flood came back 2x later).
    await expect(socket.call('terminal.write', { sessionId: 'x', data: 'y' })).rejects.toThrow(/invalid_input/);
    await expect(socket.call('terminal.ack', { sessionId: 'x', bytes: -1 })).rejects.toThrow(/invalid_input.*bytes/);
    await expect(socket.call('terminal.ack', { sessionId: 'no-such-session', bytes: 1 })).resolves.toEqual({ ok: true });
    socket.close();
  });

  it(
    'keeps the core bounded when the stream client stalls, then acks slowly, under a 200 MiB flood',
    async () => {
      const total = 200 * 1024 * 1024;
      let sessionId: string | undefined;
      const { socket, state } = await openStream(() => sessionId);
      const opened = await call('terminal.open', { name: 'box', cols: 80, rows: 24 });
      sessionId = String(opened.sessionId);
      const baseRss = process.memoryUsage().rss;
      let peakRss = baseRss;
      const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
      await call('terminal.write', { sessionId, data: `stty -echo; head -c ${total} /dev/zero; printf 'END%s\\n' -OF-FLOOD; exit\n` });

      // A page that stopped drawing: nothing is acked, so at most one window (plus the chunk that crossed it)
      // arrives and the remote `head` is blocked. Unbounded, 2 s of loopback SSH would queue hundreds of MiB.
      await new Promise((r) => setTimeout(r, 2000));
      const stalled = state.received;
      const stalledGrowth = peakRss - baseRss;
      expect(stalled).toBeGreaterThan(0);
      expect(stalled).toBeLessThanOrEqual(TERMINAL_WINDOW_BYTES + 64 * 1024);
      expect(stalledGrowth).toBeLessThan(32 * 1024 * 1024);

      // A slow page: acks what it has every 10 ms on the stream socket, as the page does; never more than a
      // window is unacknowledged (the pump resumes only on acks, so an ack lost on the way would stall here).
      let acked = 0;
      let maxInFlight = 0;
      const started = Date.now();
      while (!state.text.includes('END-OF-FLOOD') && Date.now() - started < 80_000) {
        await new Promise((r) => setTimeout(r, 10));
        maxInFlight = Math.max(maxInFlight, state.received - acked);
        const now = state.received;
        await socket.call('terminal.ack', { sessionId, bytes: now - acked });
        acked = now;
      }
      const seconds = (Date.now() - started) / 1000;
      clearInterval(sample);
      expect(state.text).toContain('END-OF-FLOOD');
      expect(state.received).toBeGreaterThanOrEqual(total);
      expect(maxInFlight).toBeLessThanOrEqual(TERMINAL_WINDOW_BYTES + 64 * 1024);
      expect(state.jsonOutputs).toBe(0);
      const growth = peakRss - baseRss;
      console.info(
        `terminal over WebSocket: ${(state.received / 1048576).toFixed(0)} MiB in ${seconds.toFixed(1)} s with acks every 10 ms ` +
          `(${(state.received / 1048576 / seconds).toFixed(1)} MiB/s), max unacked ${(maxInFlight / 1024).toFixed(0)} KiB, RSS growth while stalled ${(stalledGrowth / 1048576).toFixed(1)} MiB, peak ${(growth / 1048576).toFixed(1)} MiB`,
      );
      // Allocation churn (a frame per chunk) leaves GC slack; were the 200 MiB queued anywhere (SSH window,
      // core, WebSocket), they alone would pass the bound.
      expect(growth).toBeLessThan(128 * 1024 * 1024);
      await until(() => state.exit !== undefined, 10_000, 'terminal.exit');
      expect(state.exit?.exitCode).toBe(0);
      socket.close();
    },
    120_000,
  );
});
