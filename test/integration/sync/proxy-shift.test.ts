/**
 * A proxy that sends a request twice leaves the hub's second answer queued on the kept-alive connection, so
 * the client's next request on it reads the answer to the one before (issue 18's `proxy-duplicate` losses),
 * and so on for every request after, for as long as the connection lives. The client refuses an answer that
 * does not fit its request (a page must echo its stream and cursor, a push answer its events), drops that
 * connection and asks again on a new one. The proxy here repeats the request just before the client's next
 * one on the same connection, so the shift happens every time: a client that kept the connection fails.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { HubClient } from '../../../electron/core/sync/hub-client';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { eventIds, openSyncDevice } from '../../setup/sync';
import { startTcpProxy } from '../../setup/tcp-proxy';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('proxy_shift'));
  hub = await startHub(db);
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

describe('a proxy that repeats a request', () => {
  it('leaves a connection one answer behind: the client drops it, asks again on a new one, and nothing is skipped', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const token = await userToken(hub.accounts, 'nina', 'laptop');
    const maker = openSyncDevice(join(dir, 'maker.db'), { actor: 'nina', hubUrl: hub.url, token });
    const id = maker.service.create({ kind: 'incident', title: 'Screen flickers', impact: 2, urgency: 2 }).ticket.id;
    for (let i = 0; i < 11; i++) maker.service.act({ ticketId: id, type: 'comment_added', payload: { text: `step ${i}`, internal: false } });
    await maker.engine.syncOnce(undefined, { pull: false });
    const proxy = await startTcpProxy(hub.port);
    const direct = new HubClient({ url: hub.url, token });
    const firstPage = (await direct.pull(0, 3)).events.map((event) => (event as { id: string }).id);

    const client = new HubClient({ url: `http://127.0.0.1:${proxy.port}`, token });
    proxy.arm('duplicate-request-late', 1);
    const later = await client.pull(6, 3);
    expect(later.events).toHaveLength(3);
    // The client's pool takes the connection back a microtask after the answer: from the next turn on, the next
    // request goes on that same connection (asked at once, it could open another one and miss the shift).
    await new Promise((resolve) => setImmediate(resolve));
    // The next request on that connection reads the hub's second answer to `after=6`: the client refuses it
    // and asks once more, on a new connection.
    const before = proxy.requests;
    const page = await client.pull(0, 3);
    expect({ after: page.after, next: page.next, ids: page.events.map((event) => (event as { id: string }).id) }).toEqual({ after: 0, next: 3, ids: firstPage });
    expect(proxy.requests - before).toBe(2);
    // The new connection is in step: the next request is asked once.
    const again = proxy.requests;
    expect((await client.pull(3, 3)).after).toBe(3);
    expect(proxy.requests - again).toBe(1);

    // A device behind that proxy: every round goes through, whichever of its requests is repeated.
    const reader = openSyncDevice(join(dir, 'reader.db'), { actor: 'nina', hubUrl: `http://127.0.0.1:${proxy.port}`, token: await userToken(hub.accounts, 'nina', 'desk'), pullLimit: 3 });
    for (let round = 0; round < 8; round++) {
      proxy.arm('duplicate-request-late', 1 + (round % 4));
      await reader.engine.syncOnce();
    }
    expect(eventIds(reader.db).sort()).toEqual(eventIds(maker.db).sort());
    maker.close();
    reader.close();
    await proxy.close();
  });
});
