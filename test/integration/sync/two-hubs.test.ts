import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { Accounts } from '../../../hub/store/accounts';
import { startBalancer, type Balancer } from '../../setup/balancer';
import { openMigratedPostgres, spawnHub, userToken, type HubProcess } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { freePort } from '../../setup/sshd';
import { openSyncDevice, projectionsOf, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hubs: HubProcess[] = [];
let balancer: Balancer;
let url: string;

beforeAll(async () => {
  pg = await startPostgres();
  const dbUrl = await pg.createDatabase('two_hubs');
  db = await openMigratedPostgres(dbUrl);
  // Both start at once: their migrations meet on the advisory lock.
  const ports = [await freePort(), await freePort()];
  hubs = await Promise.all(ports.map((port) => spawnHub(dbUrl, port)));
  balancer = await startBalancer(ports);
  url = `http://127.0.0.1:${balancer.port}`;
}, 180_000);

afterAll(async () => {
  await balancer?.close();
  for (const hub of hubs) await hub.kill();
  await db?.close();
  pg?.stop();
});

const DEVICES = 6;
const ROUNDS = 3;

/** Local event ids of a device by origin, in the order the device stored them. */
const ids = (device: SyncDevice, origin: 'local' | 'remote') => device.db.prepare('SELECT id FROM events WHERE origin = ? ORDER BY seq').pluck().all(origin) as string[];

describe('two hub processes on one PostgreSQL behind one address', () => {
  it('concurrent pushes through both: no event lost, every device pulls in the one hub order', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const accounts = new Accounts(db);
    const devices: SyncDevice[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const actor = `tech${i}`;
      devices.push(openSyncDevice(join(dir, `${actor}.db`), { actor, hubUrl: url, token: await userToken(accounts, actor, `pc${i}`), pushBatch: 4, pullLimit: 7 }));
    }
    const [first] = devices as [SyncDevice];
    const shared = first.service.create({ kind: 'incident', title: 'Site-wide outage', impact: 1, urgency: 1 }).ticket.id;
    await first.engine.syncOnce();
    await Promise.all(devices.map((d) => d.engine.syncOnce()));

    for (let round = 0; round < ROUNDS; round++) {
      devices.forEach((device, i) => {
        const own = device.service.create({ kind: 'request', title: `Round ${round} from ${device.name}`, impact: 2, urgency: 3 }).ticket.id;
        for (let k = 0; k < 3; k++) device.service.act({ ticketId: own, type: 'worklog_added', payload: { minutes: 5 + k, kind: 'work' } });
        device.service.act({ ticketId: shared, type: 'comment_added', payload: { text: `round ${round}: ${device.name} checked floor ${i}`, internal: false } });
      });
      // Every device pushes and pulls at the same time, through whichever hub the balancer picks.
      await Promise.all(devices.map((d) => d.engine.syncOnce()));
    }
    // Settle: each device pulls what was pushed after its last round.
    for (const device of devices) await device.engine.syncOnce();

    const hubOrder = (await db.query<{ id: string }>('SELECT id FROM events ORDER BY seq')).map((row) => row.id);
    const made = devices.flatMap((device) => ids(device, 'local'));
    expect(new Set(hubOrder)).toEqual(new Set(made));
    expect(hubOrder).toHaveLength(made.length);
    expect(made).toHaveLength(1 + DEVICES * ROUNDS * 5);

    // Two fresh devices read the whole log, one page at a time, each through a different hub connection.
    const observers = [
      openSyncDevice(join(dir, 'obs1.db'), { actor: 'obs1', hubUrl: url, token: await userToken(accounts, 'obs1', 'o1'), pullLimit: 5 }),
      openSyncDevice(join(dir, 'obs2.db'), { actor: 'obs2', hubUrl: url, token: await userToken(accounts, 'obs2', 'o2'), pullLimit: 11 }),
    ];
    await Promise.all(observers.map((d) => d.engine.syncOnce()));
    for (const observer of observers) expect(ids(observer, 'remote')).toEqual(hubOrder);
    // Each pushing device holds every event, and what it pulled came in the hub's order.
    for (const device of devices) {
      expect(device.state.waiting()).toBe(0);
      const own = new Set(ids(device, 'local'));
      expect(ids(device, 'remote')).toEqual(hubOrder.filter((id) => !own.has(id)));
    }
    const expected = projectionsOf(first.db);
    for (const device of [...devices, ...observers]) expect(projectionsOf(device.db)).toEqual(expected);
    expect(JSON.parse(expected.get(shared) ?? '{}').comments).toHaveLength(DEVICES * ROUNDS);
    // Both hubs served: the balancer spread the connections over the two processes.
    expect(balancer.connections.every((n) => n > 0)).toBe(true);
    for (const device of [...devices, ...observers]) device.close();
  });
});
