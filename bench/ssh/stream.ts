import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { ServeProcess } from '../../test/setup/serve-process';
import type { Sshd } from '../../test/setup/sshd';
import { openStreamSocket } from '../../test/setup/stream-socket';
import { serveCall } from '../../test/setup/terminal-client';

/**
 * `ssh.stream_ratio_vs_openssh`: the same remote command through a PTY, delivered two ways.
 * - Atelier: `terminal.open` over serve mode's HTTP, output read from the `/api/streams` WebSocket by a
 *   client that does what the renderer does (binary frames, acks batched by 64 KiB or 15 ms and sent on the
 *   same socket), under the core's credit window. Timed from `terminal.open` to the end marker.
 * - OpenSSH: `ssh -tt` (a PTY too, so the same line discipline), same cipher, stdout to /dev/null.
 * The command is `head -c N /dev/zero | base64 -w 0` then a marker: base64 has no newline for the PTY to
 * rewrite, so both sides receive the same bytes. MB/s counts the base64 payload.
 */
const ACK_BATCH_BYTES = 64 * 1024;
const ACK_DELAY_MS = 15;
const MARKER = 'STREAM-END';
const MB = 1024 * 1024;

export interface StreamBenchOptions {
  app: ServeProcess;
  host: string;
  sshd: Sshd;
  privateKeyFile: string;
  knownHostsFile: string;
  bytes: number;
  /** Upper bound for one transfer. */
  timeoutMs: number;
}

function remoteCommand(bytes: number): string {
  return `head -c ${bytes} /dev/zero | base64 -w 0; printf '\\n%s-%s\\n' STREAM END`;
}

function payloadBytes(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** One transfer through the core and serve mode; MB/s of payload. */
export async function atelierStream(options: StreamBenchOptions): Promise<number> {
  const { app } = options;
  const socket = await openStreamSocket(app);
  let sessionId: string | undefined;
  let tail = '';
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failure: unknown;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const bytes = pending;
    pending = 0;
    if (bytes > 0 && sessionId) void socket.call('terminal.ack', { sessionId, bytes }).catch((error: unknown) => (failure = error));
  };
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  socket.onMessage((message) => {
    if (message.payload.sessionId === undefined || message.payload.sessionId !== sessionId) return;
    if (message.stream === 'terminal.exit') return done();
    if (message.stream !== 'terminal.output') return;
    const chunk = Buffer.from(message.payload.data as Uint8Array);
    tail = (tail + chunk.subarray(-64).toString('latin1')).slice(-64);
    if (tail.includes(MARKER)) done();
    pending += chunk.length;
    if (pending >= ACK_BATCH_BYTES) flush();
    else timer ??= setTimeout(flush, ACK_DELAY_MS);
  });
  const started = performance.now();
  let limit: ReturnType<typeof setTimeout> | undefined;
  try {
    const opened = await serveCall<{ status: string; sessionId?: string }>(app, 'terminal.open', { name: options.host, cols: 200, rows: 50 });
    if (opened.status !== 'open' || !opened.sessionId) throw new Error(`terminal.open: ${JSON.stringify(opened)}`);
    sessionId = opened.sessionId;
    await serveCall(app, 'terminal.write', { sessionId, data: `stty -echo; ${remoteCommand(options.bytes)}; exit\n` });
    await Promise.race([
      finished,
      new Promise((_, reject) => (limit = setTimeout(() => reject(new Error(`stream run: no ${MARKER} within ${options.timeoutMs} ms`)), options.timeoutMs))),
    ]);
    const seconds = (performance.now() - started) / 1000;
    if (failure) throw failure;
    return payloadBytes(options.bytes) / MB / seconds;
  } finally {
    clearTimeout(limit);
    flush();
    if (sessionId) await serveCall(app, 'terminal.close', { sessionId }).catch(() => undefined);
    socket.close();
  }
}

/** The same command through OpenSSH's client with a PTY (`-tt`); MB/s of payload. */
export async function opensshStream(options: StreamBenchOptions): Promise<number> {
  const { sshd } = options;
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  try {
    const child = spawn(
      'ssh',
      [
        '-tt', '-q', '-i', options.privateKeyFile, '-p', String(sshd.port), '-c', 'aes128-gcm@openssh.com',
        '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${options.knownHostsFile}`, '-o', 'IdentitiesOnly=yes',
        `${sshd.user}@${sshd.host}`, remoteCommand(options.bytes),
      ],
      { stdio: ['ignore', devNull, 'inherit'] },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`ssh -tt exited with ${code}`);
    return payloadBytes(options.bytes) / MB / ((performance.now() - started) / 1000);
  } finally {
    closeSync(devNull);
  }
}
