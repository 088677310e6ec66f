/**
 * `core.rss_4_terminals_mb`: the resident memory of the core (the built app in serve mode, `dist/cli.js
 * serve`) while four terminals to the test sshd print as fast as they can for a few seconds, beside
 * `core.rss_idle_mb`, the same process before any terminal (host added, host key trusted, settled).
 * The four terminals share one stream socket and ack their output as the page does (64 KiB or 15 ms), so the
 * core runs under its credit window as it would behind a busy browser. RSS is sampled every 50 ms from
 * /proc/PID/status (VmRSS); VmHWM (the kernel's high-water mark since launch) is printed beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServeProcess, type ServeProcess } from '../../test/setup/serve-process';
import { disposeSshd, generateKeyPair, startSshd } from '../../test/setup/sshd';
import { openStreamSocket, type StreamSocket } from '../../test/setup/stream-socket';
import { addTrustedHost, serveCall } from '../../test/setup/terminal-client';
import { processMemory, type ProcessMemory } from '../process-time';

const ACK_BATCH_BYTES = 64 * 1024;
const ACK_DELAY_MS = 15;
const SAMPLE_MS = 50;
const DONE = 'BUSY-DONE-42';

export interface TerminalsRssResult {
  idle: ProcessMemory;
  /** VmRSS with the terminals open at their prompt, before they print. */
  openRssMb: number;
  /** Highest VmRSS sampled from the first terminal's open to the last one done. */
  peakRssMb: number;
  /** VmHWM read when the last terminal was done. */
  hwmMb: number;
  /** Bytes of output each terminal delivered. */
  received: number[];
  busySeconds: number;
}

/** A terminal's output as the page takes it: counted, acked in batches, its tail kept for the end marker. */
function follow(socket: StreamSocket, sessionId: string, onFailure: (error: unknown) => void) {
  const state = { received: 0, tail: '', done: false };
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const bytes = pending;
    pending = 0;
    if (bytes > 0) void socket.call('terminal.ack', { sessionId, bytes }).catch(onFailure);
  };
  socket.onMessage((message) => {
    if (message.payload.sessionId !== sessionId || message.stream !== 'terminal.output') return;
    const chunk = Buffer.from(message.payload.data as Uint8Array);
    state.received += chunk.length;
    state.tail = (state.tail + chunk.subarray(-64).toString('latin1')).slice(-64);
    if (state.tail.includes(DONE)) state.done = true;
    pending += chunk.length;
    if (pending >= ACK_BATCH_BYTES) flush();
    else timer ??= setTimeout(flush, ACK_DELAY_MS);
  });
  return { state, flush };
}

export async function coreRssWithTerminals(options: { terminals: number; busySeconds: number; timeoutMs: number }): Promise<TerminalsRssResult> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-rss-'));
  const sshd = await startSshd();
  const sessions: string[] = [];
  let app: ServeProcess | undefined;
  let sampler: ReturnType<typeof setInterval> | undefined;
  let socket: StreamSocket | undefined;
  try {
    const running = (app = await startServeProcess());
    const pid = running.child.pid;
    if (pid === undefined) throw new Error('the serve process has no pid');
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    await addTrustedHost(running, 'bench', sshd, key.privateKeyFile);
    // Let the start's and the host key check's garbage settle before the baseline.
    await new Promise((r) => setTimeout(r, 3000));
    const idle = processMemory(pid);

    let peakRssMb = idle.rssMb;
    sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, processMemory(pid).rssMb)), SAMPLE_MS);
    socket = await openStreamSocket(running);
    let failure: unknown;
    const followers = [];
    for (let i = 0; i < options.terminals; i++) {
      const opened = await serveCall<{ status: string; sessionId?: string }>(running, 'terminal.open', { name: 'bench', cols: 120, rows: 40 });
      if (opened.status !== 'open' || !opened.sessionId) throw new Error(`terminal.open ${i + 1}: ${JSON.stringify(opened)}`);
      sessions.push(opened.sessionId);
      followers.push(follow(socket, opened.sessionId, (error) => (failure = error)));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const openRssMb = processMemory(pid).rssMb;
    // Lines of log-like text, as fast as the terminal takes them, then a marker (typed as an expression so
    // its echo does not match).
    const line = 'atelier bench: four busy terminals, one line of output after another 0123456789';
    const command = `stty -echo; timeout ${options.busySeconds} yes '${line}'; echo BUSY-DONE-$((40+2))\n`;
    const started = performance.now();
    await Promise.all(sessions.map((sessionId) => serveCall(running, 'terminal.write', { sessionId, data: command })));
    const deadline = Date.now() + options.timeoutMs;
    while (!followers.every((f) => f.state.done)) {
      if (failure) throw failure;
      if (Date.now() > deadline) {
        throw new Error(`terminals not done within ${options.timeoutMs} ms (bytes: ${followers.map((f) => f.state.received).join(', ')})`);
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
    const busySeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const end = processMemory(pid);
    peakRssMb = Math.max(peakRssMb, end.rssMb);
    for (const follower of followers) follower.flush();
    return { idle, openRssMb, peakRssMb, hwmMb: end.hwmMb, received: followers.map((f) => f.state.received), busySeconds };
  } finally {
    clearInterval(sampler);
    if (app) for (const sessionId of sessions) await serveCall(app, 'terminal.close', { sessionId }).catch(() => undefined);
    socket?.close();
    await app?.stop();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  }
}
