import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlcWallMs, type Ticket } from '../../../shared/tickets';
import { HUB_MAX_AHEAD_MS } from '../../../shared/sync/protocol';
import type { HubDatabase } from '../../../hub/db/sql';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { openSyncDevice, projectionsOf } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

const DAY = 24 * 3_600_000;
let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('skew'));
  hub = await startHub(db);
});
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

const title = (db: Parameters<typeof projectionsOf>[0], id: string) => (JSON.parse(projectionsOf(db).get(id) ?? '{}') as Ticket).title;

describe('clock skew up to a day (docs/sync.md, clock rule)', () => {
  it('a device a day ahead does not win every field: its events are re-stamped in hub time', async () => {
    const dir = tempDir();
    const ahead = openSyncDevice(join(dir, 'ahead.db'), { actor: 'ahead', hubUrl: hub.url, token: await userToken(hub.accounts, 'ahead'), skewMs: DAY });
    const right = openSyncDevice(join(dir, 'right.db'), { actor: 'right', hubUrl: hub.url, token: await userToken(hub.accounts, 'right') });

    // Offline all morning with its clock a day ahead: everything it stamps is "tomorrow".
    const id = ahead.service.create({ kind: 'incident', title: 'VPN drops', impact: 2, urgency: 2 }).ticket.id;
    ahead.service.act({ ticketId: id, type: 'comment_added', payload: { text: 'seen at 9:00', internal: false } });
    expect(hlcWallMs(ahead.service.store.history(id)[0]?.event.hlc ?? '') - Date.now()).toBeGreaterThan(DAY - 60_000);

    const first = await ahead.engine.syncOnce();
    expect(first.restamped).toBe(2);
    expect(first.pushed).toBe(2);
    // What the hub stores is in hub time, and the device now knows how far ahead it runs.
    const stamps = await db.query<{ hlc: string }>('SELECT hlc FROM events');
    for (const { hlc } of stamps) expect(hlcWallMs(hlc)).toBeLessThanOrEqual(Date.now() + HUB_MAX_AHEAD_MS);
    expect(Math.abs(ahead.clock.deviceAheadMs - DAY)).toBeLessThan(5_000);
    await right.engine.syncOnce();

    // Both rename the ticket offline, the right clock a little later in real time: the later edit wins.
    ahead.service.act({ ticketId: id, type: 'field_changed', payload: { changes: { title: 'VPN drops (ahead)' } } });
    await new Promise((r) => setTimeout(r, 20));
    right.service.act({ ticketId: id, type: 'field_changed', payload: { changes: { title: 'VPN drops every hour' } } });
    await ahead.engine.syncOnce();
    await right.engine.syncOnce();
    await ahead.engine.syncOnce();
    expect(title(right.db, id)).toBe('VPN drops every hour');
    expect(title(ahead.db, id)).toBe('VPN drops every hour');
    expect(projectionsOf(ahead.db)).toEqual(projectionsOf(right.db));
    ahead.close();
    right.close();
  });

  it('a device a day behind can still take in the team\'s events (its wall clock follows the hub)', async () => {
    const dir = tempDir();
    const writer = openSyncDevice(join(dir, 'w.db'), { actor: 'writer', hubUrl: hub.url, token: await userToken(hub.accounts, 'writer') });
    const behind = openSyncDevice(join(dir, 'b.db'), { actor: 'behind', hubUrl: hub.url, token: await userToken(hub.accounts, 'behind'), skewMs: -DAY });
    const id = writer.service.create({ kind: 'incident', title: 'Printer offline', impact: 3, urgency: 3 }).ticket.id;
    await writer.engine.syncOnce();
    // Without the hub's time, the ticket clock would refuse these events as a day in its future.
    const report = await behind.engine.syncOnce();
    expect(report.pulled).toBeGreaterThan(0);
    expect(Math.abs(behind.clock.deviceAheadMs + DAY)).toBeLessThan(5_000);
    behind.service.act({ ticketId: id, type: 'comment_added', payload: { text: 'on my way', internal: false } });
    const mine = behind.service.store.history(id).at(-1)?.event.hlc ?? '';
    expect(Math.abs(hlcWallMs(mine) - Date.now())).toBeLessThan(60_000);
    await behind.engine.syncOnce();
    await writer.engine.syncOnce();
    expect(projectionsOf(writer.db)).toEqual(projectionsOf(behind.db));
    writer.close();
    behind.close();
  });
});
