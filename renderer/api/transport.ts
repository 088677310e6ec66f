import {
  HTTP_CALL_PREFIX,
  WS_STREAM_PATH,
  isStreamName,
  toAtelierError,
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
    subscribe(listener) {
      return bridge.onStream((raw) => {
        const message = parseStreamMessage(raw);
        if (message) listener(message);
      });
    },
  };
}

/** Browser on serve mode: HTTP for calls, one WebSocket for streams (reconnects after a drop). */
export function serveTransport(base: Location = window.location): Transport {
  const listeners = new Set<Listener>();
  let socket: WebSocket | undefined;
  let retry = 0;

  const connect = () => {
    const url = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}${WS_STREAM_PATH}`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      retry = 0;
    };
    socket.onmessage = (event) => {
      const message = parseStreamMessage(JSON.parse(String(event.data)));
      if (message) for (const listener of listeners) listener(message);
    };
    socket.onclose = () => {
      socket = undefined;
      if (listeners.size === 0) return;
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 250 * 2 ** retry);
    };
  };

  return {
    async call(name, input) {
      let response: Response;
      try {
        response = await fetch(`${HTTP_CALL_PREFIX}${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        throw toAtelierError({ code: 'unavailable', message: 'the Atelier core is not reachable' });
      }
      const body = (await response.json().catch(() => ({}))) as { ok?: boolean; result?: unknown; error?: unknown };
      if (response.ok && body.ok) return body.result;
      throw toAtelierError(body.error ?? { code: 'internal', message: `HTTP ${response.status}` });
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
