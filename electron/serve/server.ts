import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  AtelierError,
  HTTP_CALL_PREFIX,
  MAX_CALL_BODY_BYTES,
  SESSION_COOKIE,
  TOKEN_QUERY,
  WS_STREAM_PATH,
  type ErrorBody,
  type ErrorCode,
  contentSecurityPolicy,
} from '../../shared/contract';
import { errorBody } from '../core/dispatch';
import type { Core } from '../core';


export interface ServeOptions {
  core: Core;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  /** The built renderer; absent in API-only tests. */
  staticDir?: string;
  /** Fixed secret (tests); otherwise a new random one per launch. */
  secret?: string;
}

export interface RunningServer {
  readonly port: number;
  readonly origin: string;
  readonly secret: string;
  /** The address to open: it carries the secret once, then a cookie keeps the session. */
  readonly url: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
/** Bytes queued for one WebSocket client before it counts as stuck. */
export const MAX_WS_BUFFERED_BYTES = 32 * 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_call: 404,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  cancelled: 409,
  unavailable: 503,
  internal: 500,
};

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendError(reply: FastifyReply, body: ErrorBody): FastifyReply {
  return reply.code(STATUS[body.code]).header('cache-control', 'no-store').send({ error: body });
}

/**
 * Serve mode: the core's contract over HTTP (calls) and WebSocket (streams), for a browser on this machine
 * only. Loopback address, a per-launch secret on every request, Host and Origin checked, bodies bounded.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { core } = options;
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  // forceCloseConnections: a browser's keep-alive connection must not hold the server open at shutdown.
  const app = Fastify({ logger: false, bodyLimit: MAX_CALL_BODY_BYTES, trustProxy: false, forceCloseConnections: true });
  let allowedHosts = new Set<string>();
  let origin = '';

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_CALL_BODY_BYTES } });

  app.addHook('onRequest', async (request, reply) => {
    // Host check defeats DNS rebinding: a page from elsewhere that resolves to 127.0.0.1 has another Host.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return sendError(reply, { code: 'forbidden', message: `unexpected Host header "${request.headers.host ?? ''}"` });
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return sendError(reply, { code: 'forbidden', message: `requests from origin "${requestOrigin}" are refused` });
    }
    const query = request.query as Record<string, string | undefined>;
    if (request.method === 'GET' && sameSecret(query[TOKEN_QUERY], secret)) {
      // First visit from the printed URL: keep the secret in a cookie and drop it from the address bar.
      reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'strict' });
      const clean = new URL(request.url, origin);
      clean.searchParams.delete(TOKEN_QUERY);
      return reply.redirect(clean.pathname + clean.search, 303);
    }
    if (isAuthorized(request, secret)) return;
    if (request.url.startsWith('/api/')) {
      return sendError(reply, { code: 'unauthorized', message: 'missing or wrong session secret' });
    }
    return reply
      .code(401)
      .type('text/plain; charset=utf-8')
      .send('Atelier: open the address printed by `atelier serve` (it carries this launch\'s secret).\n');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', contentSecurityPolicy(origin));
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, { code: 'payload_too_large', message: `request body over ${MAX_CALL_BODY_BYTES} bytes` });
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return sendError(reply, { code: 'invalid_input', message: `body: ${error.message}` });
    }
    return sendError(reply, errorBody(error, core.log, 'serve'));
  });

  app.post<{ Params: { name: string } }>(`${HTTP_CALL_PREFIX}:name`, async (request, reply) => {
    try {
      const result = await core.dispatch(request.params.name, request.body);
      return reply.send({ ok: true, result: result ?? null });
    } catch (error) {
      return sendError(reply, errorBody(error, core.log, request.params.name));
    }
  });

  app.get(WS_STREAM_PATH, { websocket: true }, (socket) => {
    const unsubscribe = core.bus.subscribe((message) => {
      if (socket.readyState !== socket.OPEN) return;
      // Producers that can flood (terminal output) wait for the renderer's acks, so a live page never gets
      // near this. A connection that stops reading altogether is cut (its page reconnects) instead of
      // queueing without bound in this process.
      if (socket.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify(message));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });

  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, { root: options.staticDir, index: 'index.html', wildcard: false });
    // The renderer routes in the page; any other GET outside the API loads the app.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return sendError(reply, { code: 'not_found', message: `${request.method} ${request.url}: no such route` });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      sendError(reply, { code: 'not_found', message: `${request.method} ${request.url}: no such route` }),
    );
  }

  await app.listen({ host: HOST, port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new AtelierError('internal', 'server has no TCP address');
  const port = address.port;
  origin = `http://${HOST}:${port}`;
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  return {
    port,
    origin,
    secret,
    url: `${origin}/?${TOKEN_QUERY}=${secret}`,
    async close() {
      for (const client of app.websocketServer.clients) client.terminate();
      await app.close();
    },
  };
}

function isAuthorized(request: FastifyRequest, secret: string): boolean {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ') && sameSecret(header.slice(7), secret)) return true;
  return sameSecret(request.cookies[SESSION_COOKIE], secret);
}
