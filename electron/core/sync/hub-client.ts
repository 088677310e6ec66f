import type { z } from 'zod';
import { AtelierError, type ErrorCode } from '../../../shared/contract/errors';
import { DevicesResponse, HubErrorBody, MeResponse, PullResponse, PushResponse, RetiredResponse, STREAM_PATHS, type HubErrorCode, type SyncStreamName } from '../../../shared/sync/protocol';
import type { TicketEvent } from '../../../shared/tickets';
import { createHash, type Hash } from 'node:crypto';
import { BLOB_CHUNK_BYTES, BlobInfoResponse, CHUNK_BYTES_HEADER, ChunkResponse, CHUNK_HASH_HEADER, DeclareResponse, type BlobDeclaration } from '../../../shared/sync/blobs';
import { HubConnection, type HubExchange } from './hub-connection';

/** Where a streamed blob's bytes go (a file's part writer, or a buffer). */
export interface BlobSink {
  /** The bytes kept from a cut download of this file and their running sha256: only the rest is asked for. */
  held?(): { bytes: number; digest: Hash } | undefined;
  /** The hub sends the whole file after all: what was held goes. */
  restart(): void;
  /** A piece as it arrives; the sink copies what it keeps (the buffer may be reused). */
  write(bytes: Buffer): void;
}

/** The file's size from a 206's Content-Range when it starts at `from` (what was asked), else undefined. */
function resumedTotal(header: string | null, from: number): number | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!match || Number(match[1]) !== from || Number(match[2]) + 1 !== Number(match[3])) return undefined;
  return Number(match[3]);
}

/** A request body sent as bytes (a blob's chunk), not JSON. */
class Bytes {
  constructor(readonly data: Uint8Array, readonly headers: Record<string, string>) {}
}

/** The chunk that completes a file makes the hub read and hash the whole file before it answers. */
const CHUNK_TIMEOUT_MS = 180_000;

/** A download stalled this long (no byte received) is given up; its size does not bound its time. */
const IDLE_MS = 30_000;

const TIMEOUT_MS = 30_000;
/** A busy hub (429) asking for a short wait is waited for within the round, a few times at most. */
const MAX_RATE_WAITS = 5;
const MAX_RATE_WAIT_MS = 5_000;
/**
 * An answer that does not fit its request (a proxy left the connection answers behind) is asked again on a
 * fresh connection, twice at most; every request of the protocol may be sent again (the hub is idempotent).
 */
const MAX_MIXED_UP = 2;

const CODES: Record<HubErrorCode, ErrorCode> = {
  invalid_input: 'invalid_input',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  payload_too_large: 'payload_too_large',
  rate_limited: 'unavailable',
  conflict: 'conflict',
  unavailable: 'unavailable',
  internal: 'unavailable',
};

/**
 * A failed exchange with the hub. `retryable`: the network, a proxy, a busy or restarting hub; the same
 * request may be sent again later. Otherwise the hub refused it and will refuse it again.
 */
export class HubRequestError extends AtelierError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly hubCode: HubErrorCode | 'network' | 'protocol',
    path?: string,
    readonly retryAfterMs?: number,
  ) {
    super(code, message, path);
    this.name = 'HubRequestError';
  }
}

export interface HubClientOptions {
  url: string;
  token: string;
  signal?: AbortSignal;
  /** Told the hub's time of every answer (HubClock.observe). */
  onServerTime?: (serverTime: number, sentAt: number, receivedAt: number) => void;
  /** The device clock used to time exchanges. */
  now?: () => number;
  /** Connections kept across rounds (the engine's); a client of its own otherwise. */
  connection?: HubConnection;
}

/** Says why an answer that passed its schema still answers another request; undefined when it fits. */
type Fits<T> = (answer: T) => string | undefined;

/** The sync protocol over HTTP (docs/sync.md). Every answer is checked against its schema. */
export class HubClient {
  private readonly connection: HubConnection;

  constructor(private readonly options: HubClientOptions) {
    this.connection = options.connection ?? new HubConnection();
  }

  async me(): Promise<MeResponse> {
    return await this.request('GET', '/v1/me', MeResponse);
  }

  async devices(): Promise<DevicesResponse> {
    return await this.request('GET', '/v1/devices', DevicesResponse);
  }

  async push(events: readonly Pick<TicketEvent, 'id'>[], stream: SyncStreamName = 'tickets'): Promise<PushResponse> {
    // A proxy that replays an earlier answer must not make us mark the wrong events as synced.
    return await this.request('POST', STREAM_PATHS[stream], PushResponse, { events }, {}, (answer) => {
      const same = answer.results.length === events.length && answer.results.every((r, i) => r.id === events[i]?.id);
      return same ? undefined : 'the hub answered a push with results for other events';
    });
  }

  async retired(): Promise<RetiredResponse> {
    return await this.request('GET', '/v1/retired', RetiredResponse);
  }

  async pull(after: number, limit: number, stream: SyncStreamName = 'tickets'): Promise<PullResponse> {
    // An answer to another request (a proxy replaying or shifting answers on a kept-alive connection) would
    // move the cursor past events never applied: it must say it answers this stream after this cursor.
    return await this.request('GET', `${STREAM_PATHS[stream]}?after=${after}&limit=${limit}`, PullResponse, undefined, {}, (answer) => {
      if ((answer.stream !== undefined && answer.stream !== stream) || (answer.after !== undefined && answer.after !== after)) {
        return `the hub answered a pull of ${stream} after ${after} with a page of ${answer.stream ?? stream} after ${answer.after ?? after}`;
      }
      if (answer.next < after || answer.events.length > limit || (answer.events.length > 0 && answer.next === after)) {
        return `the hub answered a pull after ${after} with a page that does not follow it`;
      }
      return undefined;
    });
  }

  /**
   * Tells the hub which blobs this device holds; answers the chunks it lacks of each, in chunks of
   * `chunkBytes` when the hub says so in its answer (a hub from before larger chunks answers in 1 MiB ones).
   */
  async declareBlobs(blobs: readonly BlobDeclaration[], chunkBytes = BLOB_CHUNK_BYTES): Promise<DeclareResponse> {
    return await this.request('POST', '/v1/blobs/declare', DeclareResponse, { blobs }, chunkHeader(chunkBytes), (answer) =>
      answer.blobs.length !== blobs.length || answer.blobs.some((b, i) => b.hash !== blobs[i]?.hash) ? 'the hub answered a blob declaration for other files' : undefined,
    );
  }

  /** One chunk of `chunkBytes` (the size the hub's answer to the declaration named; 1 MiB when it named none). */
  async putChunk(hash: string, index: number, data: Uint8Array, chunkBytes = BLOB_CHUNK_BYTES): Promise<ChunkResponse> {
    const headers = { 'content-type': 'application/octet-stream', [CHUNK_HASH_HEADER]: createHash('sha256').update(data).digest('hex'), ...chunkHeader(chunkBytes) };
    return await this.request('PUT', `/v1/blobs/${hash}/chunks/${index}`, ChunkResponse, new Bytes(data, headers), {}, (answer) =>
      answer.hash !== hash || answer.index !== index ? `the hub answered chunk ${index} of file ${hash.slice(0, 12)}… for chunk ${answer.index} of ${answer.hash.slice(0, 12)}…` : undefined,
    );
  }

  async blobInfo(hash: string): Promise<BlobInfoResponse> {
    return await this.request('GET', `/v1/blobs/${hash}/info`, BlobInfoResponse, undefined, {}, (answer) =>
      answer.hash === hash ? undefined : `the hub answered about file ${hash.slice(0, 12)}… with file ${answer.hash.slice(0, 12)}…`,
    );
  }

  async snapshotBlob(snapshotId: string): Promise<BlobInfoResponse> {
    return await this.request('GET', `/v1/blobs/snapshot/${encodeURIComponent(snapshotId)}`, BlobInfoResponse);
  }

  /** A whole blob in one buffer (a snapshot: small), its hash checked as in `streamBlob`. */
  async downloadBlob(hash: string, onBytes?: (received: number, total: number) => void): Promise<Buffer> {
    const parts: Buffer[] = [];
    const received = await this.streamBlob(hash, { write: (bytes) => void parts.push(Buffer.from(bytes)), restart: () => void parts.splice(0) }, onBytes);
    return Buffer.concat(parts, received);
  }

  /**
   * A whole blob, streamed: each piece goes to the sink as it arrives, `onBytes` is told the bytes received
   * so far (those held included). A sink holding the start of the file from a cut download is sent only the
   * rest (`Range`; a hub that does not resume sends it all, and the sink restarts). Resolves with the size
   * once all the bytes hash to `hash` (checked here, whatever the hub or a proxy did); otherwise rejects.
   */
  async streamBlob(hash: string, sink: BlobSink, onBytes?: (received: number, total: number) => void): Promise<number> {
    const idle = new AbortController();
    let timer = setTimeout(() => idle.abort(), IDLE_MS);
    const poke = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), IDLE_MS);
    };
    const signal = AbortSignal.any([idle.signal, ...(this.options.signal ? [this.options.signal] : [])]);
    let drop = () => {};
    // The device's own store failing (disk full) is said as it is, not as the hub stopping.
    let writeFailure: unknown;
    try {
      const held = sink.held?.();
      const range: Record<string, string> = held ? { range: `bytes=${held.bytes}-` } : {};
      const exchange = await this.connection.fetch(`${this.options.url}/v1/blobs/${hash}`, { headers: { authorization: `Bearer ${this.options.token}`, ...range }, signal });
      drop = exchange.drop;
      const { response } = exchange;
      if (!response.ok) throw errorFrom(response, await response.json().catch(() => null));
      const resumed = held && response.status === 206 ? resumedTotal(response.headers.get('content-range'), held.bytes) : undefined;
      if (held && response.status === 206 && resumed === undefined) {
        drop();
        throw new HubRequestError('unavailable', `the hub resumed file ${hash.slice(0, 12)}… elsewhere than at byte ${held.bytes}: try again`, true, 'protocol');
      }
      if (held && resumed === undefined) sink.restart();
      const announced = response.headers.get('content-length');
      const total = resumed ?? (announced === null ? NaN : Number(announced));
      const digest = resumed === undefined ? createHash('sha256') : (held as { digest: Hash }).digest;
      let received = resumed === undefined ? 0 : (held as { bytes: number }).bytes;
      if (!response.body) throw new HubRequestError('unavailable', `the hub sent no bytes for file ${hash}`, true, 'protocol');
      for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
        poke();
        const bytes = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
        if (received + bytes.byteLength > total) throw new HubRequestError('unavailable', `the hub sent more than the ${total} bytes it announced for file ${hash}`, true, 'protocol');
        digest.update(bytes);
        try {
          sink.write(bytes);
        } catch (error) {
          writeFailure = error;
          throw error;
        }
        received += bytes.byteLength;
        onBytes?.(received, total);
      }
      const got = digest.digest('hex');
      if (got !== hash) {
        // Damaged, or another answer read in its place: the next try goes out on a new connection.
        drop();
        throw new HubRequestError('unavailable', `the file received for ${hash} hashes to ${got} (damaged on the way): try again`, true, 'protocol');
      }
      return received;
    } catch (error) {
      if (error instanceof AtelierError || (writeFailure !== undefined && error === writeFailure)) throw error;
      if (this.options.signal?.aborted) throw new AtelierError('cancelled', 'the download was cancelled');
      const cause = (error as { cause?: { code?: string } }).cause ?? (error as { code?: string });
      throw new HubRequestError('unavailable', `the hub at ${this.options.url} stopped sending file ${hash.slice(0, 12)}… (${idle.signal.aborted ? 'no data for 30 s' : (cause?.code ?? (error instanceof Error ? error.message : String(error)))})`, true, 'network');
    } finally {
      clearTimeout(timer);
    }
  }

  private async request<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, schema: S, body?: unknown, headers: Record<string, string> = {}, fits?: Fits<z.infer<S>>): Promise<z.infer<S>> {
    let rateWaits = 0;
    let mixedUp = 0;
    // Bounded: every pass but the last counts a rate wait or a mixed-up answer, each with its own limit.
    for (let pass = 0; pass <= MAX_RATE_WAITS + MAX_MIXED_UP; pass++) {
      try {
        return await this.requestOnce(method, path, schema, body, headers, fits);
      } catch (error) {
        if (!(error instanceof HubRequestError)) throw error;
        // requestOnce dropped the connection that answered out of step: this goes out on a fresh one.
        if (error.hubCode === 'protocol' && ++mixedUp <= MAX_MIXED_UP) continue;
        const wait = error.hubCode === 'rate_limited' ? (error.retryAfterMs ?? 1_000) : Infinity;
        if (++rateWaits >= MAX_RATE_WAITS || wait > MAX_RATE_WAIT_MS) throw error;
        await sleep(wait, this.options.signal);
      }
    }
    throw new HubRequestError('unavailable', `${method} ${path} did not finish within its bound`, true, 'protocol');
  }

  private async requestOnce<S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT', path: string, schema: S, body: unknown, headers: Record<string, string>, fits?: Fits<z.infer<S>>): Promise<z.infer<S>> {
    const now = this.options.now ?? Date.now;
    const url = `${this.options.url}${path}`;
    const signals = [AbortSignal.timeout(body instanceof Bytes ? CHUNK_TIMEOUT_MS : TIMEOUT_MS), ...(this.options.signal ? [this.options.signal] : [])];
    const sentAt = now();
    let exchange: HubExchange;
    let text: string;
    try {
      const head = {
        authorization: `Bearer ${this.options.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : body instanceof Bytes ? body.headers : { 'content-type': 'application/json' }),
        ...headers,
      };
      const signal = AbortSignal.any(signals);
      exchange =
        body instanceof Bytes && method === 'PUT'
          ? await this.connection.request(url, { method, headers: head, body: body.data, signal })
          : await this.connection.fetch(url, { method, headers: head, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal });
      text = await exchange.response.text();
    } catch (error) {
      if (this.options.signal?.aborted) throw new AtelierError('cancelled', 'sync was cancelled');
      // fetch wraps the network's error in `cause`; undici's request throws it as is.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause ?? (error as { code?: string; message?: string });
      const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
      throw new HubRequestError('unavailable', `the hub at ${this.options.url} cannot be reached (${detail})`, true, 'network');
    }
    const { response } = exchange;
    const receivedAt = now();
    const mixedUp = (what: string) => {
      exchange.drop();
      return new HubRequestError('unavailable', `${what} (a proxy mixed up answers?): retrying on a new connection`, true, 'protocol');
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw mixedUp(`the hub answered ${method} ${path} with something that is not JSON (HTTP ${response.status})`);
    }
    if (!response.ok) throw errorFrom(response, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw mixedUp(`the hub's answer to ${method} ${path} is not what the protocol says (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    }
    const unfit = fits?.(parsed.data);
    if (unfit !== undefined) throw mixedUp(unfit);
    const serverTime = (parsed.data as { serverTime?: unknown }).serverTime;
    if (typeof serverTime === 'number') this.options.onServerTime?.(serverTime, sentAt, receivedAt);
    return parsed.data;
  }
}

/** Asks for chunks of `chunkBytes`; nothing for 1 MiB ones (what every hub takes). */
const chunkHeader = (chunkBytes: number): Record<string, string> => (chunkBytes === BLOB_CHUNK_BYTES ? {} : { [CHUNK_BYTES_HEADER]: String(chunkBytes) });

function errorFrom(response: { status: number; headers: { get(name: string): string | null } }, json: unknown): HubRequestError {
  const body = HubErrorBody.safeParse(json);
  if (!body.success) {
    return new HubRequestError('unavailable', `the hub answered HTTP ${response.status} without an error body`, response.status >= 500 || response.status === 429, 'protocol');
  }
  const { code, message, path } = body.data.error;
  const retryable = code === 'rate_limited' || code === 'unavailable' || code === 'internal';
  const waitMs = Number(response.headers.get('retry-after-ms')) || Number(response.headers.get('retry-after')) * 1000;
  return new HubRequestError(CODES[code], `hub: ${message}`, retryable, code, path, Number.isFinite(waitMs) && waitMs > 0 ? waitMs : undefined);
}

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new AtelierError('cancelled', 'sync was cancelled'));
    }, { once: true });
  });
}
