import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../electron/serve/server';
import { openTestCore } from '../../setup/core';
import { tempDir } from '../../setup/temp';
import type { Core } from '../../../electron/core';

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

  it('reports malformed JSON, unknown calls and oversized bodies clearly', async () => {
    const malformed = await post('settings.update', '{"theme":');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_input');

    const unknown = await post('nope.nothing', {});
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_call');

    const huge = await post('settings.update', JSON.stringify({ theme: 'x'.repeat(9 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('sets the session cookie from the printed URL and strips the secret from the address', async () => {
    const response = await fetch(server.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0] ?? '';
    const call = await fetch(`${server.origin}/api/call/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session },
      body: '{}',
    });
    expect(call.status).toBe(200);
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
    const message = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    await post('settings.update', { language: 'fr' });
    expect(await message).toEqual({ stream: 'settings.changed', payload: { language: 'fr', theme: 'system', technician: '' } });
    socket.close();
  });
});
