import type { StreamMessage, StreamName, StreamPayload } from '../../shared/contract';

type Listener = (message: StreamMessage) => void;

/** Fan-out of the contract's streams from services to whichever transports are attached. */
export class StreamBus {
  private readonly listeners = new Set<Listener>();

  emit<N extends StreamName>(stream: N, payload: StreamPayload<N>): void {
    const message = { stream, payload } as StreamMessage;
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
