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

function encode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A WebSocket-like object for noVNC over the contract: RFB bytes from the host arrive on `desktop.data`
 * (binary frames in serve mode; each acknowledged with `desktop.ack` sent on the stream socket, no answer
 * awaited) and go back with `desktop.write`. Subscribed before the session opens, so the server's first
 * bytes wait here until noVNC listens. Writes leave one call at a time, in order: separate calls could
 * overtake one another.
 */
export class ContractChannel implements RfbChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  onopen: RfbChannel['onopen'] = null;
  onclose: RfbChannel['onclose'] = null;
  onerror: RfbChannel['onerror'] = null;
  private state: 'open' | 'closed' = 'open';
  private receiver: RfbChannel['onmessage'] = null;
  private early: ArrayBuffer[] = [];
  private outbox: Uint8Array[] = [];
  private writing = false;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly client: Client,
    readonly sessionId: string,
    private readonly onEnd: (end: { kind: string; message?: string | undefined }) => void,
  ) {
    this.unsubscribe = [
      client.on('desktop.data', (payload) => {
        if (payload.sessionId !== this.sessionId || this.state === 'closed') return;
        this.deliver(ownBuffer(payload.data));
        // noVNC handles a message synchronously when it listens; early bytes are few (the greeting).
        this.client.send('desktop.ack', { sessionId: this.sessionId, bytes: payload.data.length });
      }),
      client.on('desktop.end', (payload) => {
        if (payload.sessionId !== this.sessionId) return;
        this.onEnd(payload);
        this.ended(payload.message ?? payload.kind);
      }),
    ];
  }

  get readyState(): string {
    return this.state;
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
    if (this.state === 'closed') return;
    this.outbox.push(data.slice());
    void this.flush();
  }

  close(): void {
    if (this.state === 'closed') return;
    void this.client.call('desktop.close', { sessionId: this.sessionId }).catch(() => undefined);
    this.ended('closed by the viewer');
  }

  /** Stops listening without telling the core (the session is already gone or was never opened). */
  dispose(): void {
    this.state = 'closed';
    for (const off of this.unsubscribe) off();
  }

  private deliver(bytes: ArrayBuffer): void {
    if (this.receiver) this.receiver({ data: bytes });
    else this.early.push(bytes);
  }

  private ended(reason: string): void {
    if (this.state === 'closed') return;
    this.dispose();
    this.onclose?.({ code: 1000, reason, wasClean: true });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.outbox.length && this.state === 'open') {
        const parts = this.outbox;
        this.outbox = [];
        const size = parts.reduce((n, p) => n + p.length, 0);
        const joined = new Uint8Array(size);
        let at = 0;
        for (const part of parts) {
          joined.set(part, at);
          at += part.length;
        }
        await this.client.call('desktop.write', { sessionId: this.sessionId, data: encode(joined) });
      }
    } catch {
      // The session ended under the write: desktop.end says why.
    } finally {
      this.writing = false;
    }
  }
}
