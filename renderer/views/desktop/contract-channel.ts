import type { RfbChannel } from '@novnc/novnc';
import type { Client } from '../../../shared/contract';

/**
 * noVNC takes an ArrayBuffer. A binary frame's bytes are a view into the frame (its header before them), so
 * only a view that spans its whole buffer is handed over as it is.
 */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
}

/** How long a channel noVNC closed still listens for the core's reason for the end. */
export const END_WAIT_MS = 5000;

/**
 * A WebSocket-like object for noVNC over the contract: RFB bytes from the host arrive on `desktop.data`
 * (binary frames in serve mode; each acknowledged with `desktop.ack` sent on the stream socket, no answer
 * awaited) and go back with `desktop.write`, sent the same way (a binary frame each, in order, no answer
 * awaited: noVNC's request for the next update leaves as soon as it asks). Subscribed before the session
 * opens, so the server's first bytes wait here until noVNC listens.
 */
export class ContractChannel implements RfbChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  onopen: RfbChannel['onopen'] = null;
  onclose: RfbChannel['onclose'] = null;
  onerror: RfbChannel['onerror'] = null;
  private state: 'open' | 'closed' | 'disposed' = 'open';
  private receiver: RfbChannel['onmessage'] = null;
  private early: ArrayBuffer[] = [];
  private readonly unsubscribe: (() => void)[];
  private coreEnded = false;
  private readonly endWaiters: (() => void)[] = [];

  constructor(
    private readonly client: Client,
    readonly sessionId: string,
    private readonly onEnd: (end: { kind: string; message?: string | undefined }) => void,
  ) {
    this.unsubscribe = [
      client.on('desktop.data', (payload) => {
        if (payload.sessionId !== this.sessionId || this.state !== 'open') return;
        this.deliver(ownBuffer(payload.data));
        // noVNC handles a message synchronously when it listens; early bytes are few (the greeting).
        this.client.send('desktop.ack', { sessionId: this.sessionId, bytes: payload.data.length });
      }),
      client.on('desktop.end', (payload) => {
        if (payload.sessionId !== this.sessionId) return;
        this.coreEnded = true;
        this.onEnd(payload);
        this.ended(payload.message ?? payload.kind);
        this.dispose();
      }),
    ];
  }

  get readyState(): string {
    return this.state === 'open' ? 'open' : 'closed';
  }

  get onmessage(): RfbChannel['onmessage'] {
    return this.receiver;
  }

  set onmessage(receiver: RfbChannel['onmessage']) {
    this.receiver = receiver;
    const early = this.early;
    this.early = [];
    if (receiver && early.length) queueMicrotask(() => early.forEach((bytes) => this.deliver(bytes)));
  }

  send(data: Uint8Array): void {
    if (this.state !== 'open') return;
    // noVNC reuses its send buffer, and a transport may send later (after earlier sends): a copy of our own.
    this.client.send('desktop.write', { sessionId: this.sessionId, data: data.slice() });
  }

  close(): void {
    if (this.state !== 'open') return;
    void this.client.call('desktop.close', { sessionId: this.sessionId }).catch(() => undefined);
    this.ended('closed by the viewer');
    // The core's end still comes (see coreEnd); past this, nobody waits for it.
    setTimeout(() => this.dispose(), END_WAIT_MS);
  }

  /**
   * Settles once the core has said why the session ended (onEnd was called), or after `ms`. The channel
   * still listens for that end after noVNC closed it, until dispose.
   */
  coreEnd(ms: number): Promise<void> {
    if (this.coreEnded || this.state === 'disposed') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.endWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Stops listening without telling the core (the session is already gone or was never opened). */
  dispose(): void {
    if (this.state === 'disposed') return;
    this.state = 'disposed';
    for (const off of this.unsubscribe) off();
    for (const wake of this.endWaiters.splice(0)) wake();
  }

  private deliver(bytes: ArrayBuffer): void {
    if (this.receiver) this.receiver({ data: bytes });
    else this.early.push(bytes);
  }

  private ended(reason: string): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.early = [];
    this.onclose?.({ code: 1000, reason, wasClean: true });
  }
}
