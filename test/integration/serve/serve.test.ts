import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../electron/serve/server';
import { MAX_SESSIONS } from '../../../electron/serve/session';
import { openTestCore } from '../../setup/core';
import { tempDir } from '../../setup/temp';
import type { Core } from '../../../electron/core';
import { ErrorBody } from '../../../shared/contract';

let core: Core;
let server: RunningServer;

beforeEach(async () => {
  core = openTestCore(tempDir());
  server = await startServer({ core });
});

afterEach(async () => {
  await server.close();
  core.close();
});

function post(name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.secret}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What a page does with the printed URL's secret: trade it for a session token of its own. */
async function grantSession(): Promise<string> {
  const response = await fetch(`${server.origin}/api/session`, { method: 'POST', headers: { authorization: `Bearer ${server.secret}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('set-cookie')).toBeNull();
  return ((await response.json()) as { result: { session: string } }).result.session;
}

describe('serve mode over real HTTP and WebSocket', () => {
  it('listens on loopback only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a good call with its result', async () => {
    const response = await post('app.info', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; result: { schemaVersion: number; dataDir: string } };
    expect(body.ok).toBe(true);
    expect(body.result.dataDir).toBe(core.dataDir);
    expect(body.result.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('refuses a call without the secret with 401', async () => {
    const response = await fetch(`${server.origin}/api/call/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'missing or wrong session secret' } });
  });

  it('refuses a wrong secret of the same length', async () => {
    const wrong = server.secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const response = await post('app.info', {}, { authorization: `Bearer ${wrong}` });
    expect(response.status).toBe(401);
  });

  it('refuses a request from another origin even with the secret', async () => {
    const response = await post('app.info', {}, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.origin}/api/call/app.info`,
        { method: 'POST', headers: { host: 'attacker.example', authorization: `Bearer ${server.secret}`, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('turns bad input into a structured error with the path, and keeps serving', async () => {
    const response = await post('settings.update', { theme: 'purple' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; path: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.path).toBe('theme');
    expect((await post('settings.get', {})).status).toBe(200);
  });

  it('answers every refusal in the contract\'s error shape, never the HTTP framework\'s', async () => {
    const auth = { authorization: `Bearer ${server.secret}` };
    const cases: Array<[string, Promise<Response>, number, string]> = [
      ['unknown call', post('nope.nothing', {}), 404, 'unknown_call'],
      ['call name past the router\'s length', post('x'.repeat(5_000), {}), 404, 'unknown_call'],
      ['bad percent-encoding', post('%E0%A4%A', {}), 400, 'invalid_input'],
      ['bad JSON', post('settings.update', '{"theme":'), 400, 'invalid_input'],
      ['empty JSON body', post('settings.update', ''), 400, 'invalid_input'],
      ['not JSON', fetch(`${server.origin}/api/call/app.info`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'hi' }), 400, 'invalid_input'],
      ['body too large', post('settings.update', JSON.stringify({ theme: 'x'.repeat(9 * 1024 * 1024) })), 413, 'payload_too_large'],
      ['no such route', fetch(`${server.origin}/api/nothing`, { headers: auth }), 404, 'not_found'],
      ['wrong method', fetch(`${server.origin}/api/call/app.info`, { method: 'PUT', headers: auth }), 404, 'not_found'],
      ['streams without upgrade', fetch(`${server.origin}/api/streams`, { headers: auth }), 400, 'invalid_input'],
      ['bad URL without credential', fetch(`${server.origin}/api/call/%E0%A4%A`, { method: 'POST' }), 400, 'invalid_input'],
    ];
    for (const [what, pending, status, code] of cases) {
      const response = await pending;
      expect(response.status, what).toBe(status);
      expect(response.headers.get('content-type') ?? 'none', what).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control'), what).toBe('no-store');
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body), what).toEqual(['error']);
      const error = ErrorBody.strict().parse(body.error);
      expect(error.code, what).toBe(code);
      expect(JSON.stringify(body), what).not.toMatch(/FST_|statusCode/);
      expect(error.message.length, what).toBeLessThan(300);
    }
    expect((await post('settings.get', {})).status).toBe(200);
  });

  it('answers a request the HTTP parser refuses in the contract\'s shape', async () => {
    const { connect } = await import('node:net');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GARBAGE / HTTP/9\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: unknown };
    expect(ErrorBody.strict().parse(body.error).code).toBe('invalid_input');
  });

  it('sets no cookie: the printed URL serves the page, whose secret buys a session token for calls', async () => {
    const page = await fetch(server.url, { redirect: 'manual' });
    expect(page.headers.get('set-cookie')).toBeNull();

    const refusedGrant = await fetch(`${server.origin}/api/session`, { method: 'POST' });
    expect(refusedGrant.status).toBe(401);
    const session = await grantSession();
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).not.toBe(server.secret);

    expect((await post('settings.get', {}, { authorization: `Bearer ${session}` })).status).toBe(200);
    // A session token drives calls but cannot buy further sessions; only the launch secret can.
    const chained = await fetch(`${server.origin}/api/session`, { method: 'POST', headers: { authorization: `Bearer ${session}` } });
    expect(chained.status).toBe(401);
  });

  it('refuses calls that carry the secret or a session only in a cookie', async () => {
    const session = await grantSession();
    for (const cookie of [`atelier_session=${server.secret}`, `atelier_session=${session}`, `session=${session}`]) {
      const response = await fetch(`${server.origin}/api/call/settings.get`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      expect(response.status, cookie).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('opens the WebSocket for a page\'s session offered as a subprotocol, naming only the spoken one back', async () => {
    const session = await grantSession();
    const wsUrl = server.origin.replace('http', 'ws') + '/api/streams';
    const outcome = (protocols: string[]) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(wsUrl, protocols);
        socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        socket.on('open', () => {
          resolve(`open ${socket.protocol}`);
          socket.close();
        });
      });
    expect(await outcome(['atelier.v1', `atelier.bearer.${session}`])).toBe('open atelier.v1');
    expect(await outcome(['atelier.v1', `atelier.bearer.${session.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`])).toBe('401');
    expect(await outcome(['atelier.v1'])).toBe('401');
  });

  it('keeps at most MAX_SESSIONS sessions, dropping the oldest', async () => {
    const first = await grantSession();
    for (let i = 0; i < MAX_SESSIONS; i++) await grantSession();
    expect((await post('settings.get', {}, { authorization: `Bearer ${first}` })).status).toBe(401);
    expect((await post('settings.get', {}, { authorization: `Bearer ${await grantSession()}` })).status).toBe(200);
  });

  it('streams events over the WebSocket to an authorized client only', async () => {
    const wsUrl = server.origin.replace('http', 'ws') + '/api/streams';
    const refused = new WebSocket(wsUrl);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      refused.on('open', () => resolve('open'));
    });
    expect(refusal).toBe('401');

    const foreign = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${server.secret}`, origin: 'http://evil.example' } });
    const foreignResult = await new Promise<string>((resolve) => {
      foreign.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      foreign.on('open', () => resolve('open'));
    });
    expect(foreignResult).toBe('403');

    const socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${server.secret}` } });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    // Other streams may speak first (the core's background work says data.changed): this waits for the settings'.
    const message = new Promise<unknown>((resolve) =>
      socket.on('message', (data) => {
        const parsed = JSON.parse(String(data)) as { stream?: string };
        if (parsed.stream === 'settings.changed') resolve(parsed);
      }),
    );
    await post('settings.update', { language: 'fr' });
    expect(await message).toEqual({ stream: 'settings.changed', payload: { language: 'fr', theme: 'system', technician: '', level: null, welcomed: false } });
    socket.close();
  });
});
