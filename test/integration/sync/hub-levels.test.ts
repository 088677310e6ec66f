import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { createLogger } from '../../../electron/core/log';
import type { HubDatabase } from '../../../hub/db/sql';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { migrateHub } from '../../../hub/db/migrate';
import { hubMigrations } from '../../../hub/db/migrations';
import { openPostgres } from '../../../hub/db/sql';
import { tempDir } from '../../setup/temp';
import { openDevice } from '../../setup/tickets';
import { DraftStore } from '../../../electron/core/checklists/drafts';
import { ChecklistStore } from '../../../electron/core/checklists/store';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
const cores: Core[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('hub_levels'));
  hub = await startHub(db);
});
afterAll(async () => {
  cores.forEach((c) => c.close());
  await hub?.close();
  await db?.close();
  pg?.stop();
});

const quiet = () => createLogger({ destination: { write: () => true } as unknown as NodeJS.WritableStream });
const errorOf = async (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { code: string; message: string; path?: string });

function core() {
  const c = openCore({ dataDir: tempDir(), logger: quiet() });
  cores.push(c);
  return { core: c, call: <N extends CallName>(name: N, input: CallInput<N>) => c.dispatch(name, input) as Promise<CallOutput<N>> };
}

/** Until no job runs (a sync round in flight), bounded for a loaded machine. */
async function idle(c: Core): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (c.jobs.list().length > 0) {
    if (Date.now() > deadline) throw new Error('a job still runs after 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Until the device has heard from the hub who its user is (a sync round asks too), bounded. */
async function hubAnswered(c: Core, call: ReturnType<typeof core>['call']): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await call('settings.level', {})).source !== 'hub') {
    if (Date.now() > deadline) throw new Error('the hub gave no level within 60 s');
    await idle(c);
    await call('sync.now', {});
    await idle(c);
  }
}

describe('support levels come from the team hub', () => {
  it('the device takes the level the hub gives its token’s user, and nobody raises it on the device', { timeout: 120_000 }, async () => {
    const { core: device, call } = core();
    // Before the hub: this user led the store and said N3.
    await call('settings.update', { technician: 'lina', level: 'N3', welcomed: true });
    const token = await userToken(hub.accounts, 'lina', 'pc', 'technician', 'N2');
    await call('sync.configure', { hubUrl: hub.url, token });
    // Configure asks the hub at once, for 5 s; a hub slower than that (CI17, load 30) answers at the next round.
    await hubAnswered(device, call);
    expect(await call('settings.level', {})).toMatchObject({ level: 'N2', source: 'hub', canChange: false });
    expect((await call('settings.get', {})).level).toBe('N2');
    expect(await errorOf(call('settings.update', { level: 'N3' }))).toMatchObject({ code: 'forbidden', path: 'level', message: expect.stringContaining('team hub') });

    // The admin lowers her to N1: her next round takes it, and drafts are closed to her.
    await hub.accounts.setLevel('lina', 'N1');
    await idle(device);
    await call('sync.now', {});
    await idle(device);
    expect((await call('settings.level', {})).level).toBe('N1');
    expect(await errorOf(call('checklists.newDraft', {}))).toMatchObject({ code: 'forbidden' });

    // Without the hub, the store's own rule is back (she led it).
    await call('sync.disconnect', {});
    await idle(device);
    expect(await call('settings.level', {})).toMatchObject({ level: 'N3', source: 'store', lead: 'lina' });
    device.close();
    cores.splice(cores.indexOf(device), 1);
  });

  it('the hub refuses checklist draft events from a user it holds as N1, whatever the device says', async () => {
    const n1 = await userToken(hub.accounts, 'omar', 'pc', 'technician', 'N1');
    const me = await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${n1}` } });
    expect(await me.json()).toMatchObject({ user: 'omar', level: 'N1' });
    // A real draft made on a device that calls itself an author: the hub goes by its own word.
    const { db: local, service } = openDevice(tempDir(), 'omar');
    const drafts = new DraftStore(local, new ChecklistStore(local), service.store.clock, () => 'omar');
    const draft = drafts.create();
    const [event] = drafts.events(draft.id);
    local.close();
    const pushed = await fetch(`${hub.url}/v1/checklists/events`, { method: 'POST', headers: { authorization: `Bearer ${n1}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
    expect(pushed.status).toBe(403);
    expect(((await pushed.json()) as { error: { message: string; path: string } }).error).toMatchObject({ path: 'events[0].type', message: expect.stringContaining('"omar" is N1 on this hub') });
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM checklist_draft_events'))[0]?.n)).toBe(0);
    expect((await hub.accounts.listUsers()).find((u) => u.user === 'omar')?.level).toBe('N1');
    await expect(hub.accounts.setLevel('omar', 'N4')).rejects.toThrow(/level "N4" must be N1, N2 or N3/);
  });

  it('hub migration 9 gives users from before it level N1 and takes only N1, N2 or N3', async () => {
    const old = openPostgres(await pg.createDatabase('hub_levels_0009'));
    try {
      await migrateHub(old, hubMigrations.filter((m) => m.version < 9));
      await old.query("INSERT INTO users (name, team_id, role) SELECT 'before', id, 'technician' FROM teams WHERE name = 'default'");
      expect(await migrateHub(old, hubMigrations.filter((m) => m.version <= 9))).toEqual([9]);
      expect(await old.query('SELECT name, level FROM users')).toEqual([{ name: 'before', level: 'N1' }]);
      await expect(old.query("UPDATE users SET level = 'N4' WHERE name = 'before'")).rejects.toThrow(/check constraint/);
    } finally {
      await old.close();
    }
  });
});
