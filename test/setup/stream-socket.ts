import WebSocket from 'ws';
import { WS_STREAM_PATH, decodeBinaryMessage, encodeBinaryCall, type SocketAnswer, type SocketCall } from '../../shared/contract/wire';
import type { ServeEndpoint } from './terminal-client';

export interface SocketMessage {
  stream: string;
  payload: Record<string, unknown>;
}

/**
 * Serve mode's stream socket as a page uses it, for tests and `bench/ssh`: stream messages decoded from
 * binary or JSON frames, and the terminal's calls (SOCKET_CALLS) sent on the socket, answered by id; a call
 * whose input holds bytes goes as a binary frame, as the page sends it.
 */
export interface StreamSocket {
  readonly socket: WebSocket;
  /** `binary`: the message came as a binary frame. */
  onMessage(listener: (message: SocketMessage, binary: boolean) => void): void;
  /** A call without an id, as the page's `client.send`: no answer comes back. */
  send(name: string, input: unknown): void;
  /** A call on the socket; rejects with the contract's error body as JSON, or after 30 s. */
  call<T = unknown>(name: string, input: unknown): Promise<T>;
  close(): void;
}

const frame = (request: SocketCall) => encodeBinaryCall(request) ?? JSON.stringify(request);

export async function openStreamSocket(app: ServeEndpoint): Promise<StreamSocket> {
  const socket = new WebSocket(`${app.origin.replace(/^http/, 'ws')}${WS_STREAM_PATH}`, { headers: { authorization: `Bearer ${app.secret}` } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const listeners: ((message: SocketMessage, binary: boolean) => void)[] = [];
  const waiting = new Map<number, (answer: SocketAnswer) => void>();
  let nextId = 1;
  socket.on('message', (raw, isBinary) => {
    let message: SocketMessage | undefined;
    if (isBinary) {
      message = decodeBinaryMessage(raw as Buffer);
      if (!message) throw new Error('stream socket: a binary frame that does not decode');
    } else {
      const parsed = JSON.parse(String(raw)) as SocketMessage | SocketAnswer;
      if ('id' in parsed) return waiting.get(parsed.id)?.(parsed);
      message = parsed;
    }
    for (const listener of listeners) listener(message, isBinary);
  });
  return {
    socket,
    onMessage: (listener) => void listeners.push(listener),
    call<T>(name: string, input: unknown) {
      const id = nextId++;
      const request: SocketCall = { id, call: name, input };
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${name} on the stream socket: no answer within 30 s`));
        }, 30_000);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (answer.ok) resolve(answer.result as T);
          else reject(new Error(`${name}: ${JSON.stringify(answer.error)}`));
        });
        socket.send(frame(request));
      });
    },
    send(name, input) {
      socket.send(frame({ call: name, input }));
    },
    close: () => socket.close(),
  };
}
