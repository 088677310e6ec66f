import type { Readable } from 'node:stream';

/** Share of the window in flight below which a paused source resumes. */
export const RESUME_AT = 3 / 4;

export interface CreditPumpStats {
  sent: number;
  acked: number;
  inFlight: number;
  paused: boolean;
}

/**
 * Largest message a pump sends: chunks read in the same turn of the event loop are merged up to this. The
 * page hands each message to xterm as one write, and draws a frame between message tasks whenever one is
 * due: under a flood, larger messages mean more bytes parsed per frame drawn. 192 KiB drew 1.39x what 64 KiB
 * did in Chromium (docs/performance.md, session 9) and leaves the 512 KiB window more than two messages.
 */
export const MAX_MESSAGE_BYTES = 192 * 1024;

/**
 * Flow control between a session's output and a remote consumer (a WebSocket client drawing a terminal):
 * at most `windowBytes` may be sent and not yet acknowledged. Past that the source is paused, which in
 * turn closes the SSH window, so a flood from the remote side never piles up in the core.
 *
 * A PTY hands over output in pieces of about 4 KiB; each message costs JSON, base64 and a WebSocket frame
 * in the core and a parse and an xterm write in the page, so pieces read in the same turn of the event loop
 * go out as one message (a keystroke's echo is alone in its turn and leaves at once).
 */
export class CreditPump {
  private sent = 0;
  private acked = 0;
  private paused = false;
  private stopped = false;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private flushScheduled: NodeJS.Immediate | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.sent += chunk.length;
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes >= MAX_MESSAGE_BYTES) this.flush();
    else this.flushScheduled ??= setImmediate(this.flush);
    if (this.sent - this.acked >= this.windowBytes && !this.paused) {
      this.paused = true;
      this.source.pause();
    }
  };
  private readonly flush = () => {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.batchBytes === 0) return;
    const chunk = this.batch.length === 1 ? (this.batch[0] as Buffer) : Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    this.send(chunk);
  };

  constructor(
    private readonly source: Readable,
    private readonly send: (chunk: Buffer) => void,
    private readonly windowBytes = 1024 * 1024,
  ) {
    source.on('data', this.onData);
  }

  /** The consumer has handled `bytes` more bytes. */
  ack(bytes: number): void {
    this.acked = Math.min(this.sent, this.acked + Math.max(0, bytes));
    // Resume once a quarter of the window is acknowledged: waiting for half left the pipe idle for an ack
    // round trip each time (bench/ssh stream on a loaded machine: ~14 MB/s at half, ~21 MB/s at a quarter),
    // and a pause or resume costs nothing next to the chunks it lets through. The bound stays the window.
    if (this.paused && !this.stopped && this.sent - this.acked <= this.windowBytes * RESUME_AT) {
      this.paused = false;
      this.source.resume();
    }
  }

  /** Stops reading; what was read is still sent, before whatever the caller emits next (the exit). */
  stop(): void {
    this.stopped = true;
    this.source.off('data', this.onData);
    this.flush();
  }

  stats(): CreditPumpStats {
    return { sent: this.sent, acked: this.acked, inFlight: this.sent - this.acked, paused: this.paused };
  }
}
