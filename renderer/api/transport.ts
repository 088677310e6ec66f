import {
  AtelierError,
  BYTE_CALLS,
  HTTP_CALL_PREFIX,
  SOCKET_CALLS,
  WS_BEARER_PREFIX,
  WS_PROTOCOL,
  WS_STREAM_PATH,
  decodeBinaryMessage,
  encodeBinaryCall,
  isStreamName,
  toAtelierError,
  type SocketAnswer,
  type SocketCall,
  type PreloadBridge,
  type StreamMessage,
  type Transport,
} from '../../shared/contract';
import { takeEarly } from './early';
import { pageSession, preloadBridge, serveSession, SessionRefused, type ServeSession } from './serve-session';

type Listener = (message: StreamMessage) => void;

function parseStreamMessage(raw: unknown): StreamMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { stream } = raw as { stream?: unknown };
  return typeof stream === 'string' && isStreamName(stream) ? (raw as StreamMessage) : undefined;
}

/** Desktop app: the preload's bridge over Electron IPC. */
export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    async call(name, input) {
      const answer = await bridge.call(name, input);
      if (answer.ok) return answer.result;
      throw toAtelierError(answer.error);
    },
    send(name, input) {
      // IPC messages reach the main process in order, and it starts each call as it comes.
      void bridge.call(name, input).catch(() => undefined);
    },
    subscribe(listener) {
      return bridge.onStream((raw) => {
        const message = parseStreamMessage(raw);
        if (message) listener(message);
      });
    },
  };
}

/** A call as one frame: binary when its input carries bytes (BYTE_CALLS), JSON text otherwise. */
function sendOnSocket(socket: WebSocket, request: SocketCall): void {
  const binary = BYTE_CALLS.has(request.call) ? encodeBinaryCall(request) : undefined;
  socket.send(binary ?? JSON.stringify(request));
}

function noSocket(name: string): AtelierError {
  return toAtelierError({ code: 'unavailable', message: `${name} needs the stream connection to the Atelier core, which is not open` });
}

/** The calls in flight on one socket, answered by id; all fail if the socket closes first. */
function socketCalls() {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: AtelierError) => void }>();
  return {
    call(socket: WebSocket, name: string, input: unknown): Promise<unknown> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        sendOnSocket(socket, { id, call: name, input: input ?? {} });
      });
    },
    /** True when the frame was an answer (and is settled). */
    settle(raw: unknown): boolean {
      if (typeof raw !== 'object' || raw === null || !('id' in raw)) return false;
      const answer = raw as SocketAnswer;
      const entry = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (answer.ok) entry?.resolve(answer.result);
      else entry?.reject(toAtelierError(answer.error));
      return true;
    },
    failAll(): void {
      for (const entry of waiting.values()) entry.reject(toAtelierError({ code: 'unavailable', message: 'the connection to the Atelier core was lost' }));
      waiting.clear();
    },
  };
}

/**
 * Browser on serve mode: HTTP for calls, one WebSocket for streams (reconnects after a drop). The calls of
 * SOCKET_CALLS (a terminal's acks and resizes, a remote desktop's acks and RFB bytes) ride that socket while
 * it is open: one frame each, in order, not an HTTP request each; sent with `send`, they wait for no answer.
 */
export function serveTransport(base: Location = window.location): Transport {
  const listeners = new Set<Listener>();
  const session = sessionErrors(base === window.location ? pageSession() : serveSession(base));
  const pending = socketCalls();
  let socket: WebSocket | undefined;
  let retry = 0;

  const reconnectLater = () => {
    if (listeners.size === 0) return;
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 250 * 2 ** retry);
  };

  const deliver = (message: StreamMessage | undefined) => {
    if (message) for (const listener of listeners) listener(message);
  };

  const connect = () => {
    session.token().then((token) => {
      if (socket || listeners.size === 0) return;
      const url = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}${WS_STREAM_PATH}`;
      // Browsers cannot set headers on a WebSocket: the token rides as a second subprotocol.
      const opened = new WebSocket(url, [WS_PROTOCOL, `${WS_BEARER_PREFIX}${token}`]);
      opened.binaryType = 'arraybuffer';
      socket = opened;
      opened.onopen = () => {
        retry = 0;
      };
      opened.onmessage = (event) => {
        if (event.data instanceof ArrayBuffer) return deliver(parseStreamMessage(decodeBinaryMessage(new Uint8Array(event.data))));
        const raw: unknown = JSON.parse(String(event.data));
        if (!pending.settle(raw)) deliver(parseStreamMessage(raw));
      };
      opened.onclose = () => {
        socket = undefined;
        pending.failAll();
        reconnectLater();
      };
    }, reconnectLater);
  };

  const httpCall = async (name: string, input: unknown): Promise<unknown> => {
    // Taken before any wait: the boot drops what it has not taken right after asking (early.ts).
    const early = takeEarly(name, input);
    const token = await session.token();
    let response: Response;
    try {
      response = await (early ?? fetch(`${HTTP_CALL_PREFIX}${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
      }));
    } catch {
      throw toAtelierError({ code: 'unavailable', message: 'the Atelier core is not reachable' });
    }
    const body = (await response.json().catch(() => ({}))) as { ok?: boolean; result?: unknown; error?: unknown };
    if (response.ok && body.ok) return body.result;
    if (response.status === 401) session.forget();
    throw toAtelierError(body.error ?? { code: 'internal', message: `HTTP ${response.status}` });
  };

  /** Sends that had to go over HTTP (socket not open), one after the other so that they keep their order. */
  let httpSends = Promise.resolve();
  let httpSendsWaiting = 0;

  return {
    call(name, input) {
      if (socket?.readyState === WebSocket.OPEN && SOCKET_CALLS.has(name)) return pending.call(socket, name, input);
      if (BYTE_CALLS.has(name)) return Promise.reject(noSocket(name));
      return httpCall(name, input);
    },
    send(name, input) {
      // The socket keeps order by itself; it takes over only once earlier HTTP sends are done.
      if (socket?.readyState === WebSocket.OPEN && SOCKET_CALLS.has(name) && httpSendsWaiting === 0) {
        sendOnSocket(socket, { call: name, input: input ?? {} });
        return;
      }
      httpSendsWaiting++;
      // Bytes have no HTTP form: after earlier sends they take the socket, or are dropped with it closed (the
      // session's own bytes from the core were lost with the socket too; its end comes on the stream).
      const deliver = BYTE_CALLS.has(name)
        ? async () => (socket?.readyState === WebSocket.OPEN ? sendOnSocket(socket, { call: name, input: input ?? {} }) : Promise.reject(noSocket(name)))
        : () => httpCall(name, input);
      httpSends = httpSends
        .then(deliver)
        .then(() => undefined, () => undefined)
        .finally(() => void httpSendsWaiting--);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}

export function pickTransport(): Transport {
  const bridge = preloadBridge();
  return bridge ? electronTransport(bridge) : serveTransport();
}

/** The session's refusals as the contract's errors, which the views read (`unauthorized`, `unavailable`). */
function sessionErrors(session: ServeSession): ServeSession {
  return {
    token: () => session.token().catch((error: unknown) => Promise.reject(error instanceof SessionRefused ? toAtelierError(error.body) : error)),
    forget: () => session.forget(),
    bearerNow: () => session.bearerNow(),
  };
}
