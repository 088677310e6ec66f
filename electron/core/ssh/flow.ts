import type { Readable } from 'node:stream';

export interface CreditPumpStats {
  sent: number;
  acked: number;
  inFlight: number;
  paused: boolean;
}

/**
 * Flow control between a session's output and a remote consumer (a WebSocket client drawing a terminal):
 * at most `windowBytes` may be sent and not yet acknowledged. Past that the source is paused, which in
 * turn closes the SSH window, so a flood from the remote side never piles up in the core.
 */
export class CreditPump {
  private sent = 0;
  private acked = 0;
  private paused = false;
  private stopped = false;
  private readonly onData = (chunk: Buffer) => {
    this.sent += chunk.length;
    this.send(chunk);
    if (this.sent - this.acked >= this.windowBytes && !this.paused) {
      this.paused = true;
      this.source.pause();
    }
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
    // Resume at half the window so a steady consumer keeps data flowing without ping-pong.
    if (this.paused && !this.stopped && this.sent - this.acked <= this.windowBytes / 2) {
      this.paused = false;
      this.source.resume();
    }
  }

  stop(): void {
    this.stopped = true;
    this.source.off('data', this.onData);
  }

  stats(): CreditPumpStats {
    return { sent: this.sent, acked: this.acked, inFlight: this.sent - this.acked, paused: this.paused };
  }
}
