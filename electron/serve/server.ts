import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  AtelierError,
  HTTP_CALL_PREFIX,
  HTTP_SESSION_PATH,
  MAX_CALL_BODY_BYTES,
  SOCKET_CALLS,
  TOKEN_QUERY,
  WS_PROTOCOL,
  WS_STREAM_PATH,
  contentSecurityPolicy,
  decodeBinaryCall,
  encodeBinaryMessage,
  type SessionGrant,
  type SocketAnswer,
  type SocketCall,
} from '../../shared/contract';
import { errorBody } from '../core/dispatch';
import type { Core } from '../core';
import { answerClientError, frameworkErrorBody, quotePath, sendError } from './errors';
import { Sessions, credentialOf } from './session';

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
  /** The address to open: the page trades the secret it carries for a session of its own, then drops it. */
  readonly url: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
/** Bytes queued for one WebSocket client before it counts as stuck. */
export const MAX_WS_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Longest call name the router reads; a longer one is an unknown call all the same. */
const MAX_CALL_NAME = 200;

/** What fastify would compile a route's JSON schema with: serve mode has none (see startServer). */
function noRouteSchemas(): () => never {
  return () => {
    throw new AtelierError('internal', 'serve mode validates calls with the contract (shared/contract), not with route schemas');
  };
}

/** The page and its assets are public code (no secret in them); everything else needs a credential. */
function isPublic(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/');
}

/**
 * Serve mode: the core's contract over HTTP (calls) and WebSocket (streams), for a browser on this machine
 * only. Loopback address, a per-launch secret on every request, Host and Origin checked, bodies bounded.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { core } = options;
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const sessions = new Sessions(secret);
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, { code: 'not_found', message: `${request.method} ${quotePath(request.url)}: no such route` });
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_CALL_BODY_BYTES,
    trustProxy: false,
    // A browser's keep-alive connection must not hold the server open at shutdown.
    forceCloseConnections: true,
    routerOptions: { maxParamLength: MAX_CALL_NAME },
    // The core validates every call with the contract's schemas; no route declares a JSON schema. Without
    // compilers of its own fastify would load ajv and fast-json-stringify at start, about 0.1 s of a launch.
    schemaController: { compilersFactory: { buildValidator: noRouteSchemas, buildSerializer: noRouteSchemas } },
    // The router's own refusals (bad percent-encoding, a call name past MAX_CALL_NAME) in the contract's shape.
    frameworkErrors: (error, request, reply) =>
      sendError(reply, frameworkErrorBody(error, request.url) ?? errorBody(error, core.log, 'serve')),
    clientErrorHandler: answerClientError,
  });
  let allowedHosts = new Set<string>();
  let origin = '';

  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: MAX_CALL_BODY_BYTES,
      // The page offers its credential as a second subprotocol; the answer names only the one spoken.
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    // Host check defeats DNS rebinding: a page from elsewhere that resolves to 127.0.0.1 has another Host.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return sendError(reply, { code: 'forbidden', message: `unexpected Host header "${request.headers.host ?? ''}"` });
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return sendError(reply, { code: 'forbidden', message: `requests from origin "${requestOrigin}" are refused` });
    }
    if (isPublic(request) || sessions.accepts(credentialOf(request.headers))) return;
    return sendError(reply, { code: 'unauthorized', message: 'missing or wrong session secret' });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', contentSecurityPolicy(origin));
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, request, reply) =>
    sendError(reply, frameworkErrorBody(error, request.url) ?? errorBody(error, core.log, 'serve')),
  );

  // The printed URL's secret buys each tab a token of its own, kept in the tab (sessionStorage), sent as a header.
  app.post(HTTP_SESSION_PATH, async (request, reply) => {
    if (!sessions.isLaunchSecret(credentialOf(request.headers))) {
      return sendError(reply, { code: 'unauthorized', message: 'a session is granted for the launch secret only' });
    }
    const grant: SessionGrant = { session: sessions.grant() };
    return reply.send({ ok: true, result: grant });
  });

  app.post<{ Params: { name: string } }>(`${HTTP_CALL_PREFIX}:name`, async (request, reply) => {
    try {
      const result = await core.dispatch(request.params.name, request.body);
      return reply.send({ ok: true, result: result ?? null });
    } catch (error) {
      return sendError(reply, errorBody(error, core.log, request.params.name));
    }
  });

  app.route({
    method: 'GET',
    url: WS_STREAM_PATH,
    handler: (_request, reply) =>
      sendError(reply, { code: 'invalid_input', message: `${WS_STREAM_PATH} speaks WebSocket only (Upgrade: websocket)` }),
    wsHandler: (socket) => {
      const unsubscribe = core.bus.subscribe((message) => {
        if (socket.readyState !== socket.OPEN) return;
        // Producers that can flood (terminal output) wait for the renderer's acks, so a live page never gets
        // near this. A connection that stops reading altogether is cut (its page reconnects) instead of
        // queueing without bound in this process.
        if (socket.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
          socket.terminate();
          return;
        }
        socket.send(encodeBinaryMessage(message) ?? JSON.stringify(message));
      });
      // The page's terminal and remote desktop traffic (SOCKET_CALLS), answered in order on the same socket.
      socket.on('message', (raw, isBinary) => {
        void answerSocketCall(isBinary ? binaryCall(raw) : textCall(String(raw))).then((answer) => {
          if (answer && socket.readyState === socket.OPEN) socket.send(JSON.stringify(answer));
        });
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
    },
  });

  const textCall = (text: string): Partial<SocketCall> | undefined => {
    try {
      return JSON.parse(text) as Partial<SocketCall>;
    } catch {
      core.log.warn({ bytes: text.length }, 'stream socket: a text frame that is not a JSON call was ignored');
      return undefined;
    }
  };

  const binaryCall = (raw: Buffer | ArrayBuffer | Buffer[]): SocketCall | undefined => {
    const bytes = Array.isArray(raw) ? Buffer.concat(raw) : raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
    const request = decodeBinaryCall(bytes);
    if (!request) core.log.warn({ bytes: bytes.byteLength }, 'stream socket: a binary frame that is not a call was ignored');
    return request;
  };

  /** Runs a call sent on the stream socket; the answer, for a call that carries an id to answer to. */
  const answerSocketCall = async (request: Partial<SocketCall> | undefined): Promise<SocketAnswer | undefined> => {
    if (!request) return undefined;
    const id = typeof request?.id === 'number' ? request.id : undefined;
    const name = typeof request?.call === 'string' ? request.call : '';
    if (!SOCKET_CALLS.has(name)) {
      const message = `call "${name.slice(0, MAX_CALL_NAME)}" is not taken on ${WS_STREAM_PATH}; send it to ${HTTP_CALL_PREFIX}<name>`;
      if (id === undefined) core.log.warn({ call: name.slice(0, MAX_CALL_NAME) }, 'stream socket: a call not taken there was ignored');
      return id === undefined ? undefined : { id, ok: false, error: { code: 'invalid_input', message, path: 'call' } };
    }
    try {
      // Handlers of SOCKET_CALLS run synchronously here, so calls take effect in the order they came.
      const result = (await core.dispatch(name, request.input)) ?? null;
      return id === undefined ? undefined : { id, ok: true, result };
    } catch (error) {
      // Unexpected errors are logged by errorBody; a call sent without an id has no one to tell.
      const body = errorBody(error, core.log, name);
      return id === undefined ? undefined : { id, ok: false, error: body };
    }
  };

  if (options.staticDir && existsSync(options.staticDir)) {
    await app.register(fastifyStatic, { root: options.staticDir, index: 'index.html', wildcard: false });
    // The renderer routes in the page; any other GET outside the API loads the app.
    app.setNotFoundHandler((request, reply) => (isPublic(request) ? reply.sendFile('index.html') : notFound(request, reply)));
  } else {
    app.setNotFoundHandler(notFound);
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
