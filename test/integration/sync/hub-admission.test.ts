/**
 * The hub accepts only what every device can apply (issue 18): hostile pushes made by hand with a valid
 * token are refused whole with their rule and path, nothing stored; honest devices keep syncing and a fresh
 * device pulls the whole log. Run against a real PostgreSQL and against PGlite.
 */
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHubDatabase } from '../../../hub/open';
import type { HubDatabase } from '../../../hub/db/sql';
import { MAX_PULL_BYTES } from '../../../shared/sync/protocol';
import type { TicketEvent } from '../../../shared/tickets';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openSyncDevice, projectionsOf, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

interface Env {
  hub: TestHub;
  db: HubDatabase;
}

async function call(env: Env, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${env.hub.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>, bytes: Number(response.headers.get('content-length') ?? 0) };
}

const storedCount = async (env: Env, ids: readonly string[]) =>
  Number((await env.db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [ids]))[0]?.n);

/** The event's timestamp moved to `iso`, on the node it carries (or `node`). */
const stamped = (event: TicketEvent, iso: string, node = event.device): string => `${iso}-0000-${node}`;

/** A device's events as a raw pusher would send them: the whole log of this device's own events. */
const ownEvents = (device: SyncDevice): TicketEvent[] =>
  (device.db.prepare("SELECT id FROM events WHERE origin = 'local' ORDER BY seq").pluck().all() as string[]).map((id) => {
    const row = device.db.prepare('SELECT * FROM events WHERE id = ?').get(id) as Record<string, string>;
    return { id: row.id, ticketId: row.ticket_id, hlc: row.hlc, actor: row.actor, device: row.device, type: row.type, payload: JSON.parse(row.payload ?? '{}') } as TicketEvent;
  });

function suite(name: string, open: () => Promise<Env>, close: (env: Env) => Promise<void>, heavy = true) {
  describe(`hub admission rule (${name})`, () => {
    let env: Env;
    beforeAll(async () => {
      env = await open();
    }, 180_000);
    afterAll(async () => {
      if (env) await close(env);
    });

    it('refuses hostile pushes with their rule and path, stores nothing, and every device keeps syncing', { timeout: 120_000 }, async () => {
      const dir = tempDir();
      const ana = openSyncDevice(join(dir, 'ana.db'), { actor: 'ana', hubUrl: env.hub.url, token: await userToken(env.hub.accounts, 'ana', 'laptop') });
      const malloryToken = await userToken(env.hub.accounts, 'mallory', 'laptop');
      const mallory = openSyncDevice(join(dir, 'mallory.db'), { actor: 'mallory', hubUrl: env.hub.url, token: malloryToken });
      const ticket = ana.service.create({ kind: 'incident', title: 'Printer jam', impact: 2, urgency: 2 }).ticket.id;
      ana.service.act({ ticketId: ticket, type: 'comment_added', payload: { text: 'paper tray 2', internal: false } });
      await ana.engine.syncOnce();
      // Mallory's device binds its node with an honest first push, then pushes by hand.
      const own = mallory.service.create({ kind: 'request', title: 'Mouse', impact: 3, urgency: 3 }).ticket.id;
      mallory.service.act({ ticketId: own, type: 'comment_added', payload: { text: 'wireless', internal: false } });
      await mallory.engine.syncOnce();
      const [created, comment] = ownEvents(mallory) as [TicketEvent, TicketEvent];
      const anaNode = ana.service.store.device;

      const attempts: { what: string; events: unknown[]; status: number; code: string; path: string; rule: string }[] = [
        {
          what: 'a second created event for an existing ticket, back-dated to sort first',
          events: [{ ...created, id: uuidv7(), ticketId: ticket, hlc: stamped(created, '2020-01-01T00:00:00.000Z') }],
          status: 409, code: 'conflict', path: 'events[0].type', rule: 'created_twice',
        },
        {
          what: "an event stamped with another device's node",
          events: [{ ...comment, id: uuidv7(), ticketId: ticket, hlc: stamped(comment, new Date().toISOString(), anaNode) }],
          status: 400, code: 'invalid_input', path: 'events[0].hlc', rule: 'clock_node',
        },
        {
          what: 'an event stamped 1970-01-01',
          events: [{ ...comment, id: uuidv7(), ticketId: ticket, hlc: stamped(comment, '1970-01-01T00:00:00.000Z') }],
          status: 400, code: 'invalid_input', path: 'events[0].hlc', rule: 'clock_too_early',
        },
        {
          what: 'an event stamped in year 0001',
          events: [{ ...comment, id: uuidv7(), ticketId: ticket, hlc: stamped(comment, '0001-01-01T00:00:00.000Z') }],
          status: 400, code: 'invalid_input', path: 'events[0].hlc', rule: 'clock_too_early',
        },
        {
          what: 'a comment back-dated before its ticket was created',
          events: [{ ...comment, id: uuidv7(), ticketId: ticket, hlc: stamped(comment, '2001-01-01T00:00:00.000Z') }],
          status: 409, code: 'conflict', path: 'events[0].hlc', rule: 'created_not_first',
        },
        {
          what: 'a comment on a ticket that was never created',
          events: [{ ...comment, id: uuidv7(), ticketId: 'no-such-ticket' }],
          status: 409, code: 'conflict', path: 'events[0].ticketId', rule: 'unknown_subject',
        },
        {
          what: 'a batch whose second event is bad: refused whole',
          events: [{ ...comment, id: uuidv7() }, { ...created, id: uuidv7(), ticketId: ticket, hlc: stamped(created, new Date().toISOString()) }],
          status: 409, code: 'conflict', path: 'events[1].type', rule: 'created_twice',
        },
        {
          what: 'a known id pushed again with other contents',
          events: [{ ...comment, payload: { text: 'rewritten history', internal: false } }],
          status: 409, code: 'conflict', path: 'events[0].id', rule: 'already stored with other contents',
        },
      ];
      const before = Number((await env.db.query<{ n: string }>('SELECT count(*) AS n FROM events'))[0]?.n);
      for (const attempt of attempts) {
        const answer = await call(env, 'POST', '/v1/events', malloryToken, { events: attempt.events });
        expect({ what: attempt.what, status: answer.status, code: answer.body.error?.code, path: answer.body.error?.path }).toEqual({
          what: attempt.what, status: attempt.status, code: attempt.code, path: attempt.path,
        });
        expect(answer.body.error.message, attempt.what).toContain(attempt.rule);
      }
      expect(Number((await env.db.query<{ n: string }>('SELECT count(*) AS n FROM events'))[0]?.n)).toBe(before);
      // The same contents again is still `known`.
      const same = await call(env, 'POST', '/v1/events', malloryToken, { events: [comment] });
      expect(same.body.results).toEqual([{ id: comment.id, status: 'known' }]);

      // Honest devices keep syncing; a fresh device pulls and applies the whole log.
      ana.service.act({ ticketId: ticket, type: 'status_changed', payload: { from: 'new', to: 'in_progress' } });
      await ana.engine.syncOnce();
      await mallory.engine.syncOnce();
      const fresh = openSyncDevice(join(dir, 'fresh.db'), { actor: 'zoe', hubUrl: env.hub.url, token: await userToken(env.hub.accounts, 'zoe', 'laptop') });
      await fresh.engine.syncOnce();
      expect(projectionsOf(fresh.db)).toEqual(projectionsOf(ana.db));
      expect(projectionsOf(mallory.db)).toEqual(projectionsOf(ana.db));
      for (const device of [ana, mallory, fresh]) device.close();
    });

    it('never answers `known` for an id held by another team', { timeout: 60_000 }, async () => {
      const dir = tempDir();
      await env.hub.accounts.addUser('paul', { team: 'paris' });
      const paulToken = (await env.hub.accounts.issueToken('paul', 'laptop')).token;
      const rita = openSyncDevice(join(dir, 'rita.db'), { actor: 'rita', hubUrl: env.hub.url, token: await userToken(env.hub.accounts, 'rita', 'laptop') });
      rita.service.create({ kind: 'incident', title: 'VPN', impact: 1, urgency: 1 });
      await rita.engine.syncOnce();
      const [event] = ownEvents(rita) as [TicketEvent];
      // Paul's device pushes an event with the same id (its own node, so only the id collides).
      const paul = openSyncDevice(join(dir, 'paul.db'), { actor: 'paul', hubUrl: env.hub.url, token: paulToken });
      paul.service.create({ kind: 'incident', title: 'Wi-Fi', impact: 1, urgency: 1 });
      const [paulEvent] = ownEvents(paul) as [TicketEvent];
      const clash = await call(env, 'POST', '/v1/events', paulToken, { events: [{ ...paulEvent, id: event.id }] });
      expect(clash.status).toBe(409);
      expect(clash.body.error).toMatchObject({ code: 'conflict', path: 'events[0].id', message: expect.stringContaining('another team') });
      const copy = await call(env, 'POST', '/v1/events', paulToken, { events: [{ ...event, actor: 'paul', device: paulEvent.device, hlc: paulEvent.hlc }] });
      expect(copy.status).toBe(409);
      expect(await storedCount(env, [event.id])).toBe(1);
      rita.close();
      paul.close();
    });

    it.runIf(heavy)('caps pull pages in bytes as well as in count, and a fresh device pulls every event', { timeout: 300_000 }, async () => {
      const dir = tempDir();
      const token = await userToken(env.hub.accounts, 'lea', 'laptop');
      const lea = openSyncDevice(join(dir, 'lea.db'), { actor: 'lea', hubUrl: env.hub.url, token });
      const long = 'é'.repeat(49_000); // 2 bytes each in UTF-8: about 100 KB an event
      for (let t = 0; t < 10; t++) {
        const id = lea.service.create({ kind: 'incident', title: `Dump ${t}`, impact: 3, urgency: 3 }).ticket.id;
        for (let c = 0; c < 9; c++) lea.service.act({ ticketId: id, type: 'comment_added', payload: { text: `${c} ${long}`, internal: false } });
      }
      await lea.engine.syncOnce(undefined, { pull: false });
      let after = 0;
      let pages = 0;
      const seen = new Set<string>();
      for (; pages < 50; pages++) {
        const answer = await call(env, 'GET', `/v1/events?after=${after}&limit=5000`, token);
        expect(answer.bytes).toBeLessThanOrEqual(MAX_PULL_BYTES + 64 * 1024);
        for (const event of answer.body.events as TicketEvent[]) seen.add(event.id);
        after = answer.body.next;
        if (after >= answer.body.head) break;
      }
      expect(pages).toBeGreaterThan(0); // at least two pages for 100 events of ~100 KB
      expect([...ownEvents(lea)].every((event) => seen.has(event.id))).toBe(true);
      const fresh = openSyncDevice(join(dir, 'fresh.db'), { actor: 'max', hubUrl: env.hub.url, token: await userToken(env.hub.accounts, 'max', 'laptop') });
      await fresh.engine.syncOnce();
      const pulled = projectionsOf(fresh.db);
      expect([...projectionsOf(lea.db)].filter(([id, state]) => pulled.get(id) !== state).map(([id]) => id)).toEqual([]);
      lea.close();
      fresh.close();
    });
  });
}

let pg: Postgres;
suite(
  'PostgreSQL',
  async () => {
    pg = await startPostgres();
    const db = await openMigratedPostgres(await pg.createDatabase('hub_admission'));
    return { db, hub: await startHub(db) };
  },
  async (env) => {
    await env.hub.close();
    await env.db.close();
    pg.stop();
  },
);

suite(
  'PGlite',
  async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const db = await openHubDatabase({ dataDir: join(mkdtempSync(join(tmpdir(), 'atelier-hub-')), 'data') });
    return { db, hub: await startHub(db) };
  },
  async (env) => {
    await env.hub.close();
    await env.db.close();
  },
  // The byte cap is the same query; its 10 MB of events run once, on PostgreSQL.
  false,
);
