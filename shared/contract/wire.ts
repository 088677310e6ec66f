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

/**
 * Calls a serve-mode page sends over its stream WebSocket rather than as HTTP requests. Terminal output and
 * remote desktop bytes are flow-controlled by the page's acks, so an ack's round trip bounds their rate; on
 * the socket it is one frame, not an HTTP request. Keystrokes stay HTTP calls: sent on the socket, a Ctrl-C
 * under a flood showed its prompt about twice as late in Chromium (docs/performance.md). Every other call,
 * and these whenever the socket is not open, go over HTTP. Electron sends all over IPC.
 */
export const SOCKET_CALLS: ReadonlySet<string> = new Set(['terminal.resize', 'terminal.ack', 'desktop.ack']);

/**
 * A call on the stream socket (a text frame). With an id the server answers with a `SocketAnswer` of that
 * id; without one it answers nothing (the page's fire-and-forget sends: acks and resizes).
 */
export interface SocketCall {
  id?: number;
  call: string;
  input: unknown;
}

export type SocketAnswer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: unknown };

/**
 * A stream message whose payload holds bytes (terminal output, remote desktop RFB bytes) crosses the socket as one binary frame
 * instead of base64 in JSON: a 4-byte big-endian length, a header of that many bytes (the message as JSON,
 * that field left out and named in `bytesField`, written in ASCII), then the bytes themselves. Other
 * messages are JSON text frames. Electron's IPC carries the bytes as they are (structured clone).
 */
const HEADER_LENGTH_BYTES = 4;

interface BinaryHeader {
  stream: string;
  payload: Record<string, unknown>;
  bytesField: string;
}

/** The frame for a message whose payload has a byte field; undefined when it has none (send it as JSON). */
export function encodeBinaryMessage(message: { stream: string; payload: unknown }): Uint8Array | undefined {
  const payload = message.payload;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const entry = Object.entries(payload).find(([, value]) => value instanceof Uint8Array);
  if (!entry) return undefined;
  const [bytesField, bytes] = entry as [string, Uint8Array];
  const rest: Record<string, unknown> = { ...payload };
  delete rest[bytesField];
  const header: BinaryHeader = { stream: message.stream, payload: rest, bytesField };
  // JSON escapes make the header ASCII, so it is one byte per character both ways without a text codec.
  const json = JSON.stringify(header).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const frame = new Uint8Array(HEADER_LENGTH_BYTES + json.length + bytes.length);
  new DataView(frame.buffer).setUint32(0, json.length);
  for (let i = 0; i < json.length; i++) frame[HEADER_LENGTH_BYTES + i] = json.charCodeAt(i);
  frame.set(bytes, HEADER_LENGTH_BYTES + json.length);
  return frame;
}

/** The message of a binary frame, its bytes a view into the frame (no copy); undefined if malformed. */
export function decodeBinaryMessage(frame: Uint8Array): { stream: string; payload: Record<string, unknown> } | undefined {
  if (frame.length < HEADER_LENGTH_BYTES) return undefined;
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  const start = HEADER_LENGTH_BYTES + length;
  if (start > frame.length) return undefined;
  let json = '';
  for (let i = HEADER_LENGTH_BYTES; i < start; i += 8192) json += String.fromCharCode(...frame.subarray(i, Math.min(start, i + 8192)));
  let header: BinaryHeader;
  try {
    header = JSON.parse(json) as BinaryHeader;
  } catch {
    return undefined;
  }
  if (typeof header?.stream !== 'string' || typeof header.bytesField !== 'string' || typeof header.payload !== 'object' || header.payload === null) return undefined;
  return { stream: header.stream, payload: { ...header.payload, [header.bytesField]: frame.subarray(start) } };
}
