/** Names both transports use, written once. */
export const IPC_CALL_CHANNEL = 'atelier:call';
export const IPC_STREAM_CHANNEL = 'atelier:stream';
export const HTTP_CALL_PREFIX = '/api/call/';
export const WS_STREAM_PATH = '/api/streams';
/** Serve mode: the launch secret (from the printed URL's `?token=`) buys a page its own session token here. */
export const HTTP_SESSION_PATH = '/api/session';
export const TOKEN_QUERY = 'token';
/**
 * Browsers cannot set headers on a WebSocket: a page offers the subprotocol the server speaks and, beside it,
 * its credential as `atelier.bearer.<token>` (the server answers with the first, never echoes the second).
 */
export const WS_PROTOCOL = 'atelier.v1';
export const WS_BEARER_PREFIX = 'atelier.bearer.';
/** Largest JSON body a call may carry. Attachments and imports stream in chunks below this. */
export const MAX_CALL_BODY_BYTES = 8 * 1024 * 1024;

/** The object the Electron preload exposes on `window.atelier`. */
export interface PreloadBridge {
  call(name: string, input: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }>;
  onStream(listener: (message: unknown) => void): () => void;
}

/** The answer of `POST /api/session`. */
export interface SessionGrant {
  session: string;
}
