import type { Socket } from 'node:net';
import type { FastifyReply } from 'fastify';
import { HTTP_CALL_PREFIX, MAX_CALL_BODY_BYTES, type ErrorBody, type ErrorCode } from '../../shared/contract';

/** Every answer of serve mode that is not a success is `{ error: ErrorBody }` with this status. */
export const STATUS: Record<ErrorCode, number> = {
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

export function sendError(reply: FastifyReply, body: ErrorBody): FastifyReply {
  return reply.code(STATUS[body.code]).header('cache-control', 'no-store').send({ error: body });
}

/** What a request path names, cut short: errors quote it, and a hostile one can be megabytes long. */
export function quotePath(path: string): string {
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

interface HttpError {
  code?: string;
  statusCode?: number;
  message: string;
}

/**
 * Fastify's own failures (router, body parsing, plugins) in the contract's shape, or undefined for a failure
 * of ours (a 5xx), which the caller reports as `internal` and logs.
 */
export function frameworkErrorBody(error: HttpError, url: string): ErrorBody | undefined {
  const path = quotePath(url);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: `request body over ${MAX_CALL_BODY_BYTES} bytes` };
    case 'FST_ERR_BAD_URL':
      return { code: 'invalid_input', message: `URL ${path}: not a valid URL (bad percent-encoding)` };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return url.startsWith(HTTP_CALL_PREFIX)
        ? { code: 'unknown_call', message: `no call named "${quotePath(url.slice(HTTP_CALL_PREFIX.length))}"` }
        : { code: 'not_found', message: `${path}: no such route` };
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  if (error.code?.startsWith('FST_ERR_CTP_') || error instanceof SyntaxError) return { code: 'invalid_input', message: `body: ${error.message}` };
  if (status === 404) return { code: 'not_found', message: `${path}: no such route` };
  if (status === 413) return { code: 'payload_too_large', message: error.message };
  if (status === 401) return { code: 'unauthorized', message: error.message };
  if (status === 403) return { code: 'forbidden', message: error.message };
  return { code: 'invalid_input', message: `${path}: ${error.message}` };
}

/**
 * A request Node's HTTP parser itself refuses (malformed request line, headers too large) never reaches
 * Fastify: answer it in the contract's shape too, then close.
 */
export function answerClientError(error: { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'invalid_input', 'request headers too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'unavailable', 'request not received in time']
        : [400, 'invalid_input', 'malformed HTTP request'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}
