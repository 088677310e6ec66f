import type { RfbChannel } from '@novnc/novnc';
import type { Client } from '../../../shared/contract';

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A WebSocket-like object for noVNC over the contract: RFB bytes from the host arrive on `desktop.data`
 * (acknowledged once handed over) and go back with `desktop.write`. Subscribed before the session opens,
 * so the server's first bytes wait here until noVNC listens. Writes leave one call at a time, in order:
 * separate calls could overtake one another.
 */
export class ContractChannel implements RfbChannel {
  binaryType = 'arraybuffer';
  protocol = '';
  onopen: RfbChannel['onopen'] = null;
  onclose: RfbChannel['onclose'] = null;
  onerror: RfbChannel['onerror'] = null;
  private state: 'open' | 'closed' = 'open';
  private receiver: RfbChannel['onmessage'] = null;
  private early: Uint8Array<ArrayBuffer>[] = [];
  private outbox: Uint8Array[] = [];
  private writing = false;
  private unacked = 0;
  private acking = false;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly client: Client,
    readonly sessionId: string,
    private readonly onEnd: (end: { kind: string; message?: string | undefined }) => void,
  ) {
    this.unsubscribe = [
      client.on('desktop.data', (payload) => {
        if (payload.sessionId !== this.sessionId || this.state === 'closed') return;
        this.deliver(decode(payload.data));
        this.unacked += payload.bytes;
        void this.ack();
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

  private deliver(bytes: Uint8Array<ArrayBuffer>): void {
    if (this.receiver) this.receiver({ data: bytes.buffer });
    else this.early.push(bytes);
  }

  private ended(reason: string): void {
    if (this.state === 'closed') return;
    this.dispose();
    this.onclose?.({ code: 1000, reason, wasClean: true });
  }

  /** One acknowledgement in flight at a time, covering whatever arrived meanwhile: a burst of updates costs a few calls, not one each. */
  private async ack(): Promise<void> {
    if (this.acking) return;
    this.acking = true;
    try {
      while (this.unacked > 0 && this.state === 'open') {
        const bytes = this.unacked;
        this.unacked = 0;
        await this.client.call('desktop.ack', { sessionId: this.sessionId, bytes });
      }
    } catch {
      // The session ended: nothing left to acknowledge.
    } finally {
      this.acking = false;
    }
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
