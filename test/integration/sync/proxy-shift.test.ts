/**
 * The cause of the `proxy-duplicate` losses (issue 18): a proxy that sends a request twice leaves the hub's
 * second answer queued on the kept-alive connection, so the client's next request reads the answer to the
 * previous one. A pull page answering another cursor (or the other stream) used to pass the client's checks
 * and moved the cursor past events never applied. The hub now echoes the stream and cursor of every page and
 * the client refuses a page that answers another request.
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
  // Quarantined (docs/testing.md): a connection left one answer behind stays behind until it idles out, so
  // whether the rounds below see a clean one depends on timing. Run it with ATELIER_RUN_QUARANTINED=1.
  it.skipIf(!process.env.ATELIER_RUN_QUARANTINED)('cannot make a device take a page of another cursor or stream: nothing is skipped', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const token = await userToken(hub.accounts, 'nina', 'laptop');
    const maker = openSyncDevice(join(dir, 'maker.db'), { actor: 'nina', hubUrl: hub.url, token });
    const id = maker.service.create({ kind: 'incident', title: 'Screen flickers', impact: 2, urgency: 2 }).ticket.id;
    for (let i = 0; i < 11; i++) maker.service.act({ ticketId: id, type: 'comment_added', payload: { text: `step ${i}`, internal: false } });
    await maker.engine.syncOnce(undefined, { pull: false });

    const proxy = await startTcpProxy(hub.port);
    const client = new HubClient({ url: `http://127.0.0.1:${proxy.port}`, token });
    proxy.arm('duplicate-request', 1);
    const later = await client.pull(6, 3);
    expect(later.events).toHaveLength(3);
    // Asked at once on the same kept-alive connection: the hub's second answer to `after=6` arrives while
    // this request waits, and is read as its answer.
    const shifted = await client.pull(0, 3).then(
      (page) => ({ after: page.after, next: page.next }),
      (error: Error) => error.message,
    );
    expect(shifted).not.toEqual({ after: 6, next: 9 });
    if (typeof shifted === 'string') expect(shifted).toContain('mixed up answers');
    else expect(shifted).toEqual({ after: 0, next: 3 });

    // A device behind that proxy ends with every event, whatever answers were shifted.
    const reader = openSyncDevice(join(dir, 'reader.db'), { actor: 'nina', hubUrl: `http://127.0.0.1:${proxy.port}`, token: await userToken(hub.accounts, 'nina', 'desk'), pullLimit: 3 });
    for (let round = 0; round < 8; round++) {
      proxy.arm('duplicate-request', 1 + (round % 3));
      await reader.engine.syncOnce().catch(() => undefined);
    }
    // Disarmed, a kept-alive connection may still be answers behind: each round refuses the shifted answer it
    // reads, and goes through once that connection is gone.
    proxy.arm('duplicate-request', 1_000_000);
    let clean = false;
    for (let round = 0; round < 16 && !clean; round++) clean = await reader.engine.syncOnce().then(() => true, () => false);
    expect(clean).toBe(true);
    expect(eventIds(reader.db).sort()).toEqual(eventIds(maker.db).sort());
    maker.close();
    reader.close();
    await proxy.close();
  });
});
