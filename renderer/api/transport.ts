import {
  AtelierError,
  BYTE_CALLS,
  HTTP_CALL_PREFIX,
  HTTP_SESSION_PATH,
  SOCKET_CALLS,
  TOKEN_QUERY,
  WS_BEARER_PREFIX,
  WS_PROTOCOL,
  WS_STREAM_PATH,
  decodeBinaryMessage,
  encodeBinaryCall,
  isStreamName,
  toAtelierError,
  type SessionGrant,
  type SocketAnswer,
  type SocketCall,
  type PreloadBridge,
  type StreamMessage,
  type Transport,
} from '../../shared/contract';

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

/** Where a tab keeps its serve-mode session token: this origin (scheme, host and port) and this tab only. */
export const SESSION_STORAGE_KEY = 'atelier.session';

function signedOut(): AtelierError {
  return new AtelierError('unauthorized', 'open the address printed by `atelier serve` (it carries this launch\'s secret)');
}

/**
 * The tab's serve-mode credential. The printed URL's secret is read once, wiped from the address bar (so
 * reloads, bookmarks and history keep none), and traded for a session token of this tab, kept in
 * sessionStorage: a reload or a duplicated tab goes on, another origin or port never sees it. No cookie is
 * ever used: a browser sends 127.0.0.1's cookies to every port of 127.0.0.1, so to any local server.
 */
export function serveSession(base: Location = window.location, storage: Storage = window.sessionStorage) {
  const url = new URL(base.href);
  let secret = url.searchParams.get(TOKEN_QUERY) ?? undefined;
  if (secret !== undefined) {
    url.searchParams.delete(TOKEN_QUERY);
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  let current: Promise<string> | undefined;

  const exchange = async (launchSecret: string): Promise<string> => {
    let response: Response;
    try {
      response = await fetch(HTTP_SESSION_PATH, { method: 'POST', headers: { authorization: `Bearer ${launchSecret}` }, credentials: 'omit' });
    } catch {
      throw toAtelierError({ code: 'unavailable', message: 'the Atelier core is not reachable' });
    }
    const body = (await response.json().catch(() => ({}))) as { ok?: boolean; result?: SessionGrant };
    if (!response.ok || !body.result) throw signedOut();
    secret = undefined;
    storage.setItem(SESSION_STORAGE_KEY, body.result.session);
    return body.result.session;
  };

  return {
    /** The token to send; a fresh secret in the address wins over a token kept from an earlier launch. */
    token(): Promise<string> {
      current ??= (async () => {
        if (secret !== undefined) return exchange(secret);
        const kept = storage.getItem(SESSION_STORAGE_KEY);
        if (kept) return kept;
        throw signedOut();
      })().catch((error: unknown) => {
        current = undefined;
        throw error;
      });
      return current;
    },
    /** The server no longer knows the token (a new launch): drop it, the page must be opened anew. */
    forget(): void {
      storage.removeItem(SESSION_STORAGE_KEY);
      current = undefined;
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
  const session = serveSession(base);
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
    const token = await session.token();
    let response: Response;
    try {
      response = await fetch(`${HTTP_CALL_PREFIX}${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
      });
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
  const bridge = (window as unknown as { atelier?: PreloadBridge }).atelier;
  return bridge ? electronTransport(bridge) : serveTransport();
}
