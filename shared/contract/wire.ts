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
 * the socket it is one frame, not an HTTP request. A remote desktop viewer's RFB bytes (its input and its
 * requests for the next update) go there too, as binary frames: noVNC asks for each update only once it has
 * drawn the last, so that request's trip is part of every frame. Keystrokes of the terminal stay HTTP calls:
 * sent on the socket, a Ctrl-C under a flood showed its prompt about twice as late in Chromium
 * (docs/performance.md). Every other call, and these whenever the socket is not open, go over HTTP, except
 * BYTE_CALLS, which only the socket carries in serve mode. Electron sends all over IPC.
 */
export const SOCKET_CALLS: ReadonlySet<string> = new Set(['terminal.resize', 'terminal.ack', 'desktop.ack', 'desktop.write']);

/**
 * Calls whose input holds bytes (a `Uint8Array` field): in serve mode a binary frame on the stream socket
 * (`encodeBinaryCall`), never JSON over HTTP; over Electron's IPC the bytes go as they are.
 */
export const BYTE_CALLS: ReadonlySet<string> = new Set(['desktop.write']);

/**
 * A call on the stream socket (a text frame, or a binary one for BYTE_CALLS). With an id the server answers
 * with a `SocketAnswer` of that id; without one it answers nothing (the page's fire-and-forget sends: acks,
 * resizes, a viewer's RFB bytes).
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
 * messages are JSON text frames. Electron's IPC carries the bytes as they are (structured clone). A call
 * with bytes (BYTE_CALLS) crosses the other way in the same framing, its header the `SocketCall`.
 */
const HEADER_LENGTH_BYTES = 4;

/** The Uint8Array field of an object, and the object without it; undefined when it has none. */
function splitBytes(value: unknown): { rest: Record<string, unknown>; bytesField: string; bytes: Uint8Array } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = Object.entries(value).find(([, field]) => field instanceof Uint8Array);
  if (!entry) return undefined;
  const [bytesField, bytes] = entry as [string, Uint8Array];
  const rest: Record<string, unknown> = { ...value };
  delete rest[bytesField];
  return { rest, bytesField, bytes };
}

function frame(header: object, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  // JSON escapes make the header ASCII, so it is one byte per character both ways without a text codec.
  const json = JSON.stringify(header).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const out = new Uint8Array(HEADER_LENGTH_BYTES + json.length + bytes.length);
  new DataView(out.buffer).setUint32(0, json.length);
  for (let i = 0; i < json.length; i++) out[HEADER_LENGTH_BYTES + i] = json.charCodeAt(i);
  out.set(bytes, HEADER_LENGTH_BYTES + json.length);
  return out;
}

/** A frame's header (parsed JSON) and its bytes, a view into the frame (no copy); undefined if malformed. */
function unframe(data: Uint8Array): { header: Record<string, unknown>; bytes: Uint8Array } | undefined {
  if (data.length < HEADER_LENGTH_BYTES) return undefined;
  const length = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  const start = HEADER_LENGTH_BYTES + length;
  if (start > data.length) return undefined;
  let json = '';
  for (let i = HEADER_LENGTH_BYTES; i < start; i += 8192) json += String.fromCharCode(...data.subarray(i, Math.min(start, i + 8192)));
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || typeof (header as { bytesField?: unknown }).bytesField !== 'string') return undefined;
  return { header: header as Record<string, unknown>, bytes: data.subarray(start) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The frame for a message whose payload has a byte field; undefined when it has none (send it as JSON). */
export function encodeBinaryMessage(message: { stream: string; payload: unknown }): Uint8Array | undefined {
  const split = splitBytes(message.payload);
  return split && frame({ stream: message.stream, payload: split.rest, bytesField: split.bytesField }, split.bytes);
}

/** The message of a binary frame, its bytes a view into the frame (no copy); undefined if malformed. */
export function decodeBinaryMessage(data: Uint8Array): { stream: string; payload: Record<string, unknown> } | undefined {
  const read = unframe(data);
  if (!read) return undefined;
  const { stream, payload, bytesField } = read.header;
  if (typeof stream !== 'string' || !isRecord(payload)) return undefined;
  return { stream, payload: { ...payload, [bytesField as string]: read.bytes } };
}

/** The frame for a call whose input has a byte field (BYTE_CALLS); undefined when it has none. */
export function encodeBinaryCall(request: SocketCall): Uint8Array<ArrayBuffer> | undefined {
  const split = splitBytes(request.input);
  return split && frame({ ...(request.id === undefined ? {} : { id: request.id }), call: request.call, input: split.rest, bytesField: split.bytesField }, split.bytes);
}

/** The call of a binary frame, its bytes a view into the frame; undefined if malformed. */
export function decodeBinaryCall(data: Uint8Array): SocketCall | undefined {
  const read = unframe(data);
  if (!read) return undefined;
  const { id, call, input, bytesField } = read.header;
  if (typeof call !== 'string' || !isRecord(input) || (id !== undefined && typeof id !== 'number')) return undefined;
  return { ...(id === undefined ? {} : { id }), call, input: { ...input, [bytesField as string]: read.bytes } };
}
