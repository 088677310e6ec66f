import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { canAuthorChecklists, parseDraftEvent } from '../shared/checklists/authoring';
import { parseKbEvent } from '../shared/kb';
import { HealthResponse, MAX_PUSH_BYTES, PullQuery, SYNC_PROTOCOL_VERSION, type DevicesResponse, type MeResponse, type SyncStreamName } from '../shared/sync/protocol';
import type { HubDatabase } from './db/sql';
import { checkChangeApprovals, Dispatcher, hubParse } from './dispatch';
import { HubError } from './errors';
import { DEFAULT_LIMITS, RateLimiter, type LimitClass, type Rate } from './limits';
import { parseEvents, push } from './push';
import { Accounts, type Principal } from './store/accounts';
import { readiness } from './readiness';
import { CHECKLIST_STREAM, EventLog, KB_STREAM, type LoggedEvent } from './store/event-log';
import { HubQuarantine } from './store/quarantine';
import { BlobStore, DEFAULT_BLOB_LIMITS, type BlobLimits } from './store/blobs';
import { BLOB_CHUNK_BYTES, CHUNK_BYTES_HEADER, CHUNK_HASH_HEADER, DeclareRequest, isChunkBytes, MAX_CHUNK_BYTES, type BlobInfoResponse, type ChunkResponse, type DeclareResponse } from '../shared/sync/blobs';
import { ContentHash } from '../shared/tickets/model';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { bearerToken } from './tokens';

export interface HubOptions {
  db: HubDatabase;
  /** The hub's clock (tests move it); Date.now by default. */
  now?: () => number;
  limits?: Partial<Record<LimitClass, Rate>>;
  /**
   * Tokens travel only over HTTPS: a request must arrive over TLS, or from a reverse proxy on a trusted
   * address that says `X-Forwarded-Proto: https`, or straight from loopback (local admin, tests).
   * `false` allows plain HTTP from anywhere (a trial on a closed LAN; never in production).
   */
  requireHttps?: boolean;
  /** Addresses of reverse proxies whose X-Forwarded-* headers are believed (fastify `trustProxy`). */
  trustProxy?: boolean | string | string[];
  logger?: boolean;
  /** Bounds on blob sync per file and per team (DEFAULT_BLOB_LIMITS). */
  blobLimits?: Partial<BlobLimits>;
}

const SMALL_BODY = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The hub's HTTP API (docs/sync.md). Stateless: everything lives in the database. */
export function buildHub(options: HubOptions): FastifyInstance {
  const now = options.now ?? Date.now;
  const accounts = new Accounts(options.db);
  const log = new EventLog(options.db);
  const kbLog = new EventLog(options.db, KB_STREAM);
  const checklistLog = new EventLog(options.db, CHECKLIST_STREAM);
  const dispatcher = new Dispatcher(options.db, log, now);
  const quarantine = new HubQuarantine(options.db);
  const blobs = new BlobStore(options.db, { ...DEFAULT_BLOB_LIMITS, ...options.blobLimits });
  const limiter = new RateLimiter({ ...DEFAULT_LIMITS, ...options.limits });
  const requireHttps = options.requireHttps ?? true;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: SMALL_BODY, trustProxy: options.trustProxy ?? false });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const known = toHubError(error);
    if (known.code === 'internal') request.log.error({ err: error }, 'hub request failed');
    if (known.code === 'rate_limited') {
      const waitMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 1000;
      void reply.header('retry-after', String(Math.ceil(waitMs / 1000))).header('retry-after-ms', String(waitMs));
    }
    void reply.code(known.status).send(known.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new HubError('not_found', `no endpoint ${request.method} ${request.url.split('?')[0]}`);
    void reply.code(404).send(error.toBody());
  });

  const limit = (kind: LimitClass, key: string) => {
    const waitMs = limiter.take(kind, key);
    if (waitMs > 0) throw Object.assign(new HubError('rate_limited', `too many requests: retry in ${waitMs} ms`), { retryAfterMs: waitMs });
  };

  const authenticate = async (request: FastifyRequest): Promise<Principal> => {
    if (requireHttps && !overHttps(request)) {
      throw new HubError('forbidden', 'tokens are only accepted over HTTPS: put the hub behind a TLS reverse proxy (docs/sync.md)');
    }
    const header = request.headers.authorization;
    const token = bearerToken(header);
    if (token === null) {
      limit('auth', request.ip);
      throw new HubError('unauthorized', header ? 'the Authorization header is not "Bearer atl_..." with a hub token' : 'missing bearer token (Authorization: Bearer atl_...)');
    }
    const principal = await accounts.authenticate(token);
    if (!principal) {
      limit('auth', request.ip);
      throw new HubError('unauthorized', 'unknown or revoked token: ask the hub admin for a new one (hub token issue)');
    }
    return principal;
  };

  const guarded = (kind: LimitClass) => async (request: FastifyRequest) => {
    const principal = await authenticate(request);
    limit(kind, String(principal.tokenId));
    request.principal = principal;
  };
  const who = (request: FastifyRequest): Principal => {
    if (!request.principal) throw new HubError('unauthorized', 'not authenticated');
    return request.principal;
  };

  app.get('/v1/health', async (request) => {
    limit('health', request.ip);
    await options.db.query('SELECT 1');
    return HealthResponse.parse({ ok: true, protocol: SYNC_PROTOCOL_VERSION, serverTime: now(), storage: options.db.kind });
  });

  // Probes for a process supervisor and a load balancer, without a token. /healthz: the process answers
  // (touches nothing, so not limited). /readyz: its database answers and has the schema this hub expects
  // (readiness.ts); it queries the database, so it shares /v1/health's per-address limit, far above any probe.
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (request, reply) => {
    limit('health', request.ip);
    const state = await readiness(options.db);
    if (state.ready) return { ready: true, schema: state.schema };
    if (state.cause !== undefined) request.log.warn({ err: state.cause }, 'readiness: database unreachable');
    return reply.code(503).send({ ready: false, schema: state.schema, reason: state.reason });
  });

  app.get('/v1/me', { preHandler: guarded('pull') }, async (request): Promise<MeResponse> => {
    const p = who(request);
    return { serverTime: now(), user: p.user, team: p.team, device: p.device, role: p.role, level: p.level };
  });

  app.get('/v1/devices', { preHandler: guarded('pull') }, async (request): Promise<DevicesResponse> => {
    return { devices: await accounts.devicesOf(who(request).teamId) };
  });

  app.post('/v1/events', { preHandler: guarded('push'), bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    const events = parseEvents(request.body);
    checkChangeApprovals(who(request), events);
    return await push({ accounts, log, now }, who(request), events);
  });

  const pull = async (stream: EventLog<LoggedEvent>, name: SyncStreamName, request: FastifyRequest, reply: FastifyReply) => {
    const query = hubParse(PullQuery, request.query);
    const page = await stream.pull(who(request).teamId, query.after, query.limit);
    // Bodies are stored as canonical JSON: the page is assembled, not re-serialized.
    return reply
      .type('application/json; charset=utf-8')
      .send(`{"serverTime":${now()},"stream":"${name}","after":${query.after},"next":${page.next},"head":${page.head},"events":[${page.bodies.join(',')}]}`);
  };
  app.get('/v1/events', { preHandler: guarded('pull') }, async (request, reply) => await pull(log, 'tickets', request, reply));

  // The knowledge base: a second stream, same rules (its own sequence, so its own cursor).
  app.post('/v1/kb/events', { preHandler: guarded('push'), bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    return await push({ accounts, log: kbLog, now }, who(request), parseEvents(request.body, parseKbEvent));
  });
  app.get('/v1/kb/events', { preHandler: guarded('pull') }, async (request, reply) => await pull(kbLog, 'kb', request, reply));

  // Checklist drafts and publications: a third stream, same rules.
  app.post('/v1/checklists/events', { preHandler: guarded('push'), bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    const principal = who(request);
    const events = parseEvents(request.body, parseDraftEvent);
    // Drafts are N2/N3 work (canAuthorChecklists): the level is the team's word here, not the device's.
    if (!canAuthorChecklists(principal.level) && events.length > 0) {
      throw new HubError('forbidden', `checklist drafts are written by N2 and N3: "${principal.user}" is ${principal.level} on this hub`, 'events[0].type');
    }
    return await push({ accounts, log: checklistLog, now }, principal, events);
  });
  app.get('/v1/checklists/events', { preHandler: guarded('pull') }, async (request, reply) => await pull(checklistLog, 'checklists', request, reply));

  app.get('/v1/retired', { preHandler: guarded('pull') }, async (request) => {
    return { serverTime: now(), retired: await quarantine.retiredIds(who(request).teamId) };
  });

  // Blob sync (docs/sync.md, *Blob sync*): team only, like events; chunks checked against their hash.
  // A device from before CHUNK_BYTES_HEADER sends 1 MiB chunks; a newer one asks for larger ones (fewer requests).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BYTES }, (_request, body, done) => done(null, body));
  app.post('/v1/blobs/declare', { preHandler: guarded('blob') }, async (request): Promise<DeclareResponse> => {
    const p = who(request);
    const { blobs: declared } = hubParse(DeclareRequest, request.body);
    const chunkBytes = chunkBytesOf(request);
    const answer = await blobs.declare(p.teamId, p.deviceId, declared, chunkBytes ?? BLOB_CHUNK_BYTES);
    return { serverTime: now(), ...(chunkBytes === undefined ? {} : { chunkBytes }), blobs: answer };
  });
  app.put('/v1/blobs/:hash/chunks/:index', { preHandler: guarded('blob'), bodyLimit: MAX_CHUNK_BYTES }, async (request): Promise<ChunkResponse> => {
    const { hash, index } = hubParse(ChunkParams, request.params);
    if (!Buffer.isBuffer(request.body)) throw new HubError('invalid_input', 'send a chunk as application/octet-stream', 'body');
    const chunkBytes = chunkBytesOf(request) ?? BLOB_CHUNK_BYTES;
    if (request.body.byteLength > chunkBytes) {
      throw new HubError('payload_too_large', `a chunk is at most ${chunkBytes} bytes (${CHUNK_BYTES_HEADER}), got ${request.body.byteLength}`, 'body');
    }
    const header = request.headers[CHUNK_HASH_HEADER];
    const result = await blobs.putChunk(who(request).teamId, hash, index, request.body, typeof header === 'string' ? header.toLowerCase() : undefined, chunkBytes);
    return { serverTime: now(), hash, index, ...result };
  });
  app.get('/v1/blobs/snapshot/:id', { preHandler: guarded('blob') }, async (request): Promise<BlobInfoResponse> => {
    const { id } = hubParse(z.object({ id: z.string().min(1).max(200) }), request.params);
    const found = await blobs.bySnapshot(who(request).teamId, id);
    if (!found) throw new HubError('not_found', `no device has sent inventory snapshot ${id} to the hub yet`, 'id');
    return { serverTime: now(), ...found };
  });
  app.get('/v1/blobs/:hash/info', { preHandler: guarded('blob') }, async (request): Promise<BlobInfoResponse> => {
    const { hash } = hubParse(HashParams, request.params);
    const found = await blobs.info(who(request).teamId, hash);
    if (!found) throw new HubError('not_found', `no device has sent file ${hash} to the hub yet`, 'hash');
    return { serverTime: now(), ...found };
  });
  app.get('/v1/blobs/:hash', { preHandler: guarded('blob') }, async (request, reply) => {
    const { hash } = hubParse(HashParams, request.params);
    const opened = await blobs.open(who(request).teamId, hash);
    if (!opened) throw new HubError('not_found', `the hub does not hold all of file ${hash} yet`, 'hash');
    // Streamed chunk by chunk: the hub holds one chunk of the file at a time, whatever its size.
    reply.type('application/octet-stream');
    const from = resumeFrom(request.headers.range, opened.size);
    if (from === 0) return reply.header('content-length', String(opened.size)).send(Readable.from(opened.chunks()));
    reply.code(206).header('content-range', `bytes ${from}-${opened.size - 1}/${opened.size}`).header('content-length', String(opened.size - from));
    return reply.send(Readable.from(opened.chunks(from / BLOB_CHUNK_BYTES)));
  });

  app.post('/v1/dispatch/tickets', { preHandler: guarded('dispatch') }, async (request, reply) => {
    const result = await dispatcher.create(who(request), request.body);
    return reply.code(201).send({ serverTime: now(), ...result });
  });

  app.post('/v1/dispatch/assign', { preHandler: guarded('dispatch') }, async (request) => {
    return { serverTime: now(), ...(await dispatcher.assign(who(request), request.body)) };
  });

  return app;
}

const HashParams = z.object({ hash: ContentHash }).strict();

/** The chunk size a blob request names (CHUNK_BYTES_HEADER); undefined when it names none (1 MiB chunks). */
function chunkBytesOf(request: FastifyRequest): number | undefined {
  const header = request.headers[CHUNK_BYTES_HEADER];
  if (header === undefined) return undefined;
  const bytes = typeof header === 'string' && /^\d{1,10}$/.test(header) ? Number(header) : NaN;
  if (!isChunkBytes(bytes)) {
    throw new HubError('invalid_input', `${CHUNK_BYTES_HEADER} must be a multiple of ${BLOB_CHUNK_BYTES} bytes up to ${MAX_CHUNK_BYTES}, got "${String(header)}"`, CHUNK_BYTES_HEADER);
  }
  return bytes;
}
/**
 * Where a download resumes (`Range: bytes=N-`, N a whole number of stored units inside the file, which is
 * what a device asks: docs/sync.md, *Blob sync*); 0 for any other Range, which HTTP lets a server ignore.
 */
export function resumeFrom(range: string | undefined, size: number): number {
  const match = range === undefined ? null : /^bytes=(\d{1,15})-$/.exec(range.trim());
  const from = match ? Number(match[1]) : 0;
  return from > 0 && from < size && from % BLOB_CHUNK_BYTES === 0 ? from : 0;
}
const ChunkParams = z.object({ hash: ContentHash, index: z.coerce.number().int().min(0).max(1_000_000) }).strict();

function overHttps(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true;
  const direct = request.socket.remoteAddress ?? '';
  const loopback = direct === '127.0.0.1' || direct === '::1' || direct === '::ffff:127.0.0.1';
  // Straight from loopback with no proxy in between; a proxy that forwarded plain HTTP says so.
  return loopback && request.headers['x-forwarded-proto'] === undefined;
}

function toHubError(error: Error & { statusCode?: number; code?: string }): HubError {
  if (error instanceof HubError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HubError('payload_too_large', `the request body is larger than this endpoint accepts (${error.message})`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HubError('invalid_input', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HubError('invalid_input', 'the JSON body is empty');
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new HubError('invalid_input', `the body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new HubError('invalid_input', error.message);
  }
  if (['ECONNREFUSED', '57P01', '57P03', '08006', '08001'].includes(error.code ?? '')) {
    return new HubError('unavailable', 'the hub database is unreachable: try again shortly');
  }
  return new HubError('internal', 'unexpected error in the hub; details are in its log');
}
