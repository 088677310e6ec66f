import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../shared/tickets';
import { MAX_PUSH_EVENTS } from '../../../shared/sync/protocol';
import type { HubDatabase } from '../../../hub/db/sql';
import { openDevice } from '../../setup/tickets';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { openSyncDevice, projectionsOf } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('hub_api'));
  hub = await startHub(db, { limits: { dispatch: { ratePerS: 1, burst: 3 } } });
});
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

/** Real events made by a device's ticket service (actor `actor`), in log order. */
function eventsBy(actor: string, count = 2): TicketEvent[] {
  const { service, db: local } = openDevice(tempDir(), actor);
  const id = service.create({ kind: 'incident', title: 'Disk full', impact: 2, urgency: 2 }).ticket.id;
  for (let i = 1; i < count; i++) service.act({ ticketId: id, type: 'comment_added', payload: { text: `note ${i}`, internal: false } });
  const events = service.store.history(id).map((stored) => stored.event);
  local.close();
  return events;
}

async function call(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

const stored = async (ids: readonly string[]) =>
  Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [ids]))[0]?.n);

describe('hub auth and limits: refused with a clear error, nothing stored', () => {
  it('refuses a missing, malformed or revoked token', async () => {
    const events = eventsBy('ana');
    const missing = await call('POST', '/v1/events', null, { events });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('missing bearer token') });
    expect((await call('GET', '/v1/events', 'not-a-token')).status).toBe(401);

    const token = await userToken(hub.accounts, 'ana', 'laptop');
    expect((await call('GET', '/v1/me', token)).body).toMatchObject({ user: 'ana', device: 'laptop', team: 'default' });
    expect(await hub.accounts.revoke('ana', 'laptop')).toBe(1);
    const revoked = await call('POST', '/v1/events', token, { events });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toContain('revoked');
    expect(await stored(events.map((e) => e.id))).toBe(0);
  });

  it('refuses events whose actor is not the token user, and a device not registered to them', async () => {
    const token = await userToken(hub.accounts, 'ben', 'laptop');
    const spoofed = eventsBy('mallory');
    const refused = await call('POST', '/v1/events', token, { events: spoofed });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', path: 'events[0].actor' });

    // The first push binds the device's clock node; events from another node are refused afterwards.
    const mine = eventsBy('ben');
    expect((await call('POST', '/v1/events', token, { events: mine })).status).toBe(200);
    const otherMachine = eventsBy('ben');
    const foreign = await call('POST', '/v1/events', token, { events: otherMachine });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: 'forbidden', path: 'events[0].device' });
    // The node of ben's laptop cannot be used with another user's token either.
    const carla = await userToken(hub.accounts, 'carla', 'laptop');
    const stolen = mine.map((e) => ({ ...e, actor: 'carla', id: e.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }));
    expect((await call('POST', '/v1/events', carla, { events: stolen })).status).toBe(403);
    expect(await stored([...spoofed, ...otherMachine, ...stolen].map((e) => e.id))).toBe(0);
  });

  it('refuses oversized batches and bodies, and malformed events naming the path', async () => {
    const token = await userToken(hub.accounts, 'dora', 'laptop');
    const events = eventsBy('dora', 3);
    const tooMany = await call('POST', '/v1/events', token, { events: Array.from({ length: MAX_PUSH_EVENTS + 1 }, () => events[0]) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toMatchObject({ code: 'payload_too_large', path: 'events' });
    const huge = await call('POST', '/v1/events', token, `{"events":[{"pad":"${'x'.repeat(9 * 1024 * 1024)}"}]}`);
    expect(huge.status).toBe(413);

    const broken = [events[0], { ...events[1], payload: { text: '', internal: false } }, events[2]];
    const malformed = await call('POST', '/v1/events', token, { events: broken });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_input', path: 'events[1].payload.text' });
    const notJson = await call('POST', '/v1/events', token, '{"events": [', {});
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_input');
    expect(await stored(events.map((e) => e.id))).toBe(0);
    const unknownRoute = await call('GET', '/v1/nothing', token);
    expect(unknownRoute.body.error.code).toBe('not_found');
  });

  it('is idempotent on event id, serves pages after a cursor, and turns back events from the future', async () => {
    const token = await userToken(hub.accounts, 'eve', 'laptop');
    const events = eventsBy('eve', 5);
    const first = await call('POST', '/v1/events', token, { events });
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('accepted'));
    const again = await call('POST', '/v1/events', token, { events });
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('known'));
    expect(await stored(events.map((e) => e.id))).toBe(5);

    const seen: string[] = [];
    let after = 0;
    for (let page = 0; page < 100; page++) {
      const answer = await call('GET', `/v1/events?after=${after}&limit=2`, token);
      expect(answer.body.events.length).toBeLessThanOrEqual(2);
      seen.push(...answer.body.events.map((e: TicketEvent) => e.id));
      after = answer.body.next;
      if (answer.body.next >= answer.body.head) break;
    }
    expect(seen).toEqual(expect.arrayContaining(events.map((e) => e.id)));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await call('GET', '/v1/events?after=-1', token)).body.error).toMatchObject({ code: 'invalid_input', path: 'after' });

    const future = eventsBy('eve', 1).map((e) => ({ ...e, hlc: e.hlc.replace(/^\d{4}/, (y) => String(Number(y) + 1)) }));
    // Another clock node: the one bound to eve's laptop made `events`.
    const nodeFixed = future.map((e) => ({ ...e, device: events[0]?.device ?? '', hlc: e.hlc.replace(/[0-9a-f]{16}$/, events[0]?.device ?? '') }));
    const ahead = await call('POST', '/v1/events', token, { events: nodeFixed });
    expect(ahead.body.results[0].status).toBe('clock_ahead');
    expect(await stored(nodeFixed.map((e) => e.id))).toBe(0);
  });

  it('takes tokens only over HTTPS (or straight from loopback) and rate-limits', async () => {
    const token = await userToken(hub.accounts, 'fred', 'laptop', 'dispatcher');
    const proxiedPlain = await call('GET', '/v1/me', token, undefined, { 'x-forwarded-proto': 'http' });
    expect(proxiedPlain.status).toBe(403);
    expect(proxiedPlain.body.error.message).toContain('HTTPS');

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/v1/dispatch/assign', token, { ticketId: 'nope', assignee: 'x' })).status);
    expect(statuses).toContain(429);
    const limited = await call('POST', '/v1/dispatch/assign', token, { ticketId: 'nope', assignee: 'x' });
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('heavy batches', () => {
  it('a device whose batch is over the body limit sends smaller batches instead of failing', async () => {
    const device = openSyncDevice(join(tempDir(), 'kim.db'), { actor: 'kim', hubUrl: hub.url, token: await userToken(hub.accounts, 'kim') });
    const long = 'x'.repeat(49_000);
    for (let t = 0; t < 20; t++) {
      const id = device.service.create({ kind: 'incident', title: `Log dump ${t}`, impact: 3, urgency: 3 }).ticket.id;
      for (let c = 0; c < 9; c++) device.service.act({ ticketId: id, type: 'comment_added', payload: { text: `${c} ${long}`, internal: false } });
    }
    const report = await device.engine.syncOnce(undefined, { pull: false });
    expect(report.pushed).toBe(200);
    expect(device.state.waiting()).toBe(0);
    device.close();
  });
});

describe('dispatch API', () => {
  it('creates and assigns tickets as the dispatch identity; devices pull them into their queue', async () => {
    const dispatcher = await userToken(hub.accounts, 'gina', 'desk', 'dispatcher');
    const technician = await userToken(hub.accounts, 'hugo', 'laptop');
    const denied = await call('POST', '/v1/dispatch/tickets', technician, { ticket: { kind: 'incident', title: 'x', impact: 1, urgency: 1 } });
    expect(denied.status).toBe(403);
    const bad = await call('POST', '/v1/dispatch/tickets', dispatcher, { ticket: { kind: 'incident', title: '', impact: 1, urgency: 1 } });
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', path: 'ticket.title' });

    await new Promise((r) => setTimeout(r, 1_100)); // the dispatch bucket refills (burst 3 above)
    const created = await call('POST', '/v1/dispatch/tickets', dispatcher, { ticket: { kind: 'request', title: 'New laptop for M. Roux', impact: 2, urgency: 3 } });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_100));
    const assigned = await call('POST', '/v1/dispatch/assign', dispatcher, { ticketId: created.body.ticketId, assignee: 'hugo' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.events[0]).toMatchObject({ type: 'assigned', actor: 'dispatch/gina' });

    const device = openSyncDevice(join(tempDir(), 'hugo.db'), { actor: 'hugo', hubUrl: hub.url, token: technician });
    await device.engine.syncOnce();
    const page = device.service.queue.page({ filter: { assignee: 'hugo' } });
    expect(page.rows.map((row) => row.title)).toContain('New laptop for M. Roux');
    expect(projectionsOf(device.db).size).toBeGreaterThan(0);
    device.close();
  });
});
