import { ErrorBody, AtelierError } from './errors';
import type { CallInput, CallName, CallOutput, StreamMessage, StreamName, StreamPayload } from './index';

/** What a transport (Electron IPC or serve mode HTTP+WS) provides. The client does not know which. */
export interface Transport {
  call(name: string, input: unknown): Promise<unknown>;
  /** A call whose answer nobody waits for; calls sent this way take effect in the order they were sent. */
  send(name: string, input: unknown): void;
  subscribe(listener: (message: StreamMessage) => void): () => void;
}

export interface Client {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Fire and forget, in order: a terminal's acks and resizes (in serve mode one socket frame each, no answer). */
  send<N extends CallName>(name: N, input: CallInput<N>): void;
  on<N extends StreamName>(name: N, listener: (payload: StreamPayload<N>) => void): () => void;
}

/** A typed client over any transport. Transport failures become AtelierError so the UI has one error shape. */
export function createClient(transport: Transport): Client {
  return {
    async call(name, input) {
      return (await transport.call(name, input)) as CallOutput<typeof name>;
    },
    send(name, input) {
      transport.send(name, input);
    },
    on(name, listener) {
      return transport.subscribe((message) => {
        if (message.stream === name) listener(message.payload as StreamPayload<typeof name>);
      });
    },
  };
}

/** Turns a transport's error answer into an AtelierError (unknown shapes become `internal`). */
export function toAtelierError(raw: unknown): AtelierError {
  const parsed = ErrorBody.safeParse(raw);
  if (parsed.success) return AtelierError.fromBody(parsed.data);
  return new AtelierError('internal', typeof raw === 'string' ? raw : 'unexpected error from the core');
}
