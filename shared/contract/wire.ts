/** Names both transports use, written once. */
export const IPC_CALL_CHANNEL = 'atelier:call';
export const IPC_STREAM_CHANNEL = 'atelier:stream';
export const HTTP_CALL_PREFIX = '/api/call/';
export const WS_STREAM_PATH = '/api/streams';
export const SESSION_COOKIE = 'atelier_session';
export const TOKEN_QUERY = 'token';
/** Largest JSON body a call may carry. Attachments and imports stream in chunks below this. */
export const MAX_CALL_BODY_BYTES = 8 * 1024 * 1024;

/** The object the Electron preload exposes on `window.atelier`. */
export interface PreloadBridge {
  call(name: string, input: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }>;
  onStream(listener: (message: unknown) => void): () => void;
}
