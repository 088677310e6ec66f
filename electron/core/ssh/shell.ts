import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { boundChannelWindow, type ChannelWindow } from './channel-window';
import { SshError } from './errors';

export interface ShellExit {
  exitCode: number | null;
  signal?: string;
}

/**
 * A terminal session, apart from any view (the renderer's xterm is another object). Output is a byte
 * stream with backpressure: while nobody reads it (or it is paused), the SSH window closes and the
 * remote program blocks, so memory stays bounded whatever it prints.
 */
export interface TerminalSession {
  readonly id: string;
  readonly output: Readable;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  close(): void;
  readonly exited: Promise<ShellExit>;
  /** For tests and diagnostics: bytes the server may still send, and bytes read from it not yet consumed. */
  backlog(): { remoteWindow: number; unread: number };
}

export interface ShellOptions {
  cols: number;
  rows: number;
  term?: string;
  hostName?: string;
}

/**
 * What the server of a shell channel may have sent or still send that the session's output has not taken:
 * bytes there are not yet past the PTY, where Ctrl-C drops them, so this is not the limit on a flood's
 * speed (the credit window past it is) but on what a flood queues beyond Ctrl-C's reach.
 */
export const SHELL_CHANNEL_WINDOW_BYTES = 256 * 1024;

/** What a shell channel may hold unread before ssh2 stops granting the server more window (fallback only). */
const CHANNEL_BUFFER_BYTES = 64 * 1024;

/** ssh2 gives no option for it: its channel is a plain Readable whose high-water mark Node reads live. */
function setReadableBuffer(channel: ClientChannel, bytes: number): void {
  const state = (channel as unknown as { _readableState?: { highWaterMark?: number } })._readableState;
  if (state && typeof state.highWaterMark === 'number') state.highWaterMark = bytes;
}

class SshShellSession implements TerminalSession {
  readonly id = randomUUID();
  readonly exited: Promise<ShellExit>;
  readonly output: Readable;
  private exit: ShellExit = { exitCode: null };
  private readonly window: ChannelWindow | undefined;

  constructor(private readonly channel: ClientChannel) {
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = typeof code === 'number' ? { exitCode: code } : { exitCode: null, ...(signal ? { signal } : {}) };
    });
    this.exited = new Promise((resolve) => channel.once('close', () => resolve(this.exit)));
    // A PTY merges stderr into stdout; anything the server still sends as stderr is shown too. pipe()
    // keeps the backpressure: a full `output` pauses the channel, which stops the SSH window.
    const output = new PassThrough({ highWaterMark: 64 * 1024 });
    let open = 2;
    const ended = () => {
      if (--open === 0) output.end();
    };
    channel.pipe(output, { end: false });
    channel.stderr.pipe(output, { end: false });
    // ssh2 grants the server a fixed 2 MiB of SSH window, all of which has to be drawn before Ctrl-C under
    // a flood shows; the session grants it instead, a smaller window as the output is consumed.
    this.window = boundChannelWindow(channel, SHELL_CHANNEL_WINDOW_BYTES);
    // Without it, a small channel buffer at least stops ssh2's grants as soon as the output is paused.
    if (!this.window) setReadableBuffer(channel, CHANNEL_BUFFER_BYTES);
    channel.once('end', ended);
    channel.stderr.once('end', ended);
    this.output = output;
  }

  backlog(): { remoteWindow: number; unread: number } {
    const channel = this.channel;
    return { remoteWindow: this.window?.remote ?? Number.NaN, unread: channel.readableLength + channel.stderr.readableLength + this.output.readableLength };
  }

  write(data: string | Buffer): void {
    if (!this.channel.writable) return;
    this.channel.write(data);
  }

  resize(cols: number, rows: number): void {
    this.channel.setWindow(rows, cols, 0, 0);
  }

  close(): void {
    this.channel.close();
  }
}

/** Opens an interactive shell with a PTY of the given size. */
export async function openShell(client: Client, options: ShellOptions): Promise<TerminalSession> {
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ cols: options.cols, rows: options.rows, term: options.term ?? 'xterm-256color' }, (error, ch) => (error ? reject(error) : resolve(ch))),
  ).catch((error: Error) => {
    const name = options.hostName ?? 'remote host';
    throw new SshError('closed', `${name}: cannot open a terminal (${error.message}).`, { host: name, cause: error });
  });
  return new SshShellSession(channel);
}
