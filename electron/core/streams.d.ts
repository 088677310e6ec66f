import type { StreamMessage, StreamName, StreamPayload } from '../../shared/contract';
type Listener = (message: StreamMessage) => void;
/** Fan-out of the contract's streams from services to whichever transports are attached. */
export declare class StreamBus {
    private readonly listeners;
    emit<N extends StreamName>(stream: N, payload: StreamPayload<N>): void;
    subscribe(listener: Listener): () => void;
}
export {};
