import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { openCore, type Core } from '../../../electron/core';
import { createLogger } from '../../../electron/core/log';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { eventIds, openSyncDevice, projectionsOf, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
let databases = 0;

beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(() => pg?.stop());

async function freshHub(): Promise<void> {
  await hub?.close();
  await db?.close();
  db = await openMigratedPostgres(await pg.createDatabase(`converge_${++databases}`));
  hub = await startHub(db);
}

const created = (title: string) => ({ kind: 'incident' as const, title, impact: 2 as const, urgency: 2 as const });

/** Offline edits on both devices of the same tickets: fields, comments and status. */
function editOffline(a: SyncDevice, b: SyncDevice, ids: string[]): void {
  const [t1, t2] = ids as [string, string];
  a.service.act({ ticketId: t1, type: 'field_changed', payload: { changes: { title: 'Printer jams (A)', impact: 1 } } });
  b.service.act({ ticketId: t1, type: 'field_changed', payload: { changes: { title: 'Printer jams (B)', site: 'Lyon' } } });
  a.service.act({ ticketId: t1, type: 'comment_added', payload: { text: 'A checked the tray', internal: false } });
  b.service.act({ ticketId: t1, type: 'comment_added', payload: { text: 'B replaced the roller', internal: true } });
  a.service.act({ ticketId: t2, type: 'assigned', payload: { assignee: 'alice' } });
  b.service.act({ ticketId: t2, type: 'assigned', payload: { assignee: 'bob' } });
  a.service.act({ ticketId: t2, type: 'status_changed', payload: { from: 'assigned', to: 'in_progress' } });
  b.service.act({ ticketId: t2, type: 'resolved', payload: { resolution: { text: 'rebooted', rootCause: 'unknown' } } });
  a.service.act({ ticketId: t2, type: 'status_changed', payload: { from: 'in_progress', to: 'pending', reason: 'waiting for part' } });
}

describe('two devices editing offline converge through the hub', () => {
  for (const order of ['A then B', 'B then A'] as const) {
    it(`gives identical projections on both and on a fresh third device (${order})`, async () => {
      await freshHub();
      const dir = tempDir();
      const open = async (name: string, actor: string) =>
        openSyncDevice(join(dir, `${name}.db`), { actor, hubUrl: hub.url, token: await userToken(hub.accounts, actor, name) });
      const a = await open('a', 'alice');
      const b = await open('b', 'bob');
      const ids = [a.service.create(created('Printer jams')).ticket.id, a.service.create(created('No network')).ticket.id];
      await a.engine.syncOnce();
      await b.engine.syncOnce();
      expect(projectionsOf(b.db)).toEqual(projectionsOf(a.db));

      editOffline(a, b, ids);
      const [first, second] = order === 'A then B' ? [a, b] : [b, a];
      await first.engine.syncOnce();
      await second.engine.syncOnce();
      await first.engine.syncOnce();

      const c = await open('c', 'carol');
      const report = await c.engine.syncOnce();
      const made = new Set([...eventIds(a.db, "origin = 'local'"), ...eventIds(b.db, "origin = 'local'")]);
      expect(report.pulled).toBe(made.size);
      for (const device of [a, b, c]) {
        expect(new Set(eventIds(device.db))).toEqual(made);
        expect(device.state.waiting()).toBe(0);
      }
      const pa = projectionsOf(a.db);
      expect(projectionsOf(b.db)).toEqual(pa);
      expect(projectionsOf(c.db)).toEqual(pa);
      // The concurrent resolve/pending is a conflict shown on the ticket, on every device alike.
      const t2 = JSON.parse(pa.get(ids[1] as string) ?? '{}') as { conflicts: unknown[] };
      expect(t2.conflicts.length).toBeGreaterThan(0);
      expect(c.service.queue.page({ filter: { conflicts: true } }).total).toBe(1);
      for (const device of [a, b, c]) device.close();
    });
  }

  it('runs through two app cores: Settings configure, sync now as a job, status stream', async () => {
    await freshHub();
    const quiet = () => createLogger({ destination: { write: () => true } as unknown as NodeJS.WritableStream });
    const cores: Core[] = [openCore({ dataDir: tempDir(), logger: quiet() }), openCore({ dataDir: tempDir(), logger: quiet() })];
    const [one, two] = cores as [Core, Core];
    const statuses: unknown[] = [];
    one.bus.subscribe((message) => {
      if (message.stream === 'sync.status') statuses.push(message.payload);
    });
    for (const [core, user] of [[one, 'dana'], [two, 'eric']] as const) {
      const token = await userToken(hub.accounts, user, 'pc');
      const status = (await core.dispatch('sync.configure', { hubUrl: hub.url, token })) as { hubUser: string; token: string };
      expect(status.hubUser).toBe(user);
      // The vault is locked in a fresh core: the token is kept in memory only, and the status says so.
      expect(status.token).toBe('memory');
    }
    const ticket = (await one.dispatch('tickets.create', created('Screen flickers'))) as { ticket: { id: string } };
    expect(((await one.dispatch('sync.status', {})) as { waiting: number }).waiting).toBe(1);
    const run = async (core: Core) => {
      const { jobId } = (await core.dispatch('sync.now', {})) as { jobId: string };
      for (let i = 0; i < 200 && core.jobs.list().some((job) => job.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 25));
    };
    await run(one);
    await run(two);
    const detail = (await two.dispatch('tickets.get', { id: ticket.ticket.id })) as { ticket: { title: string; createdBy?: string } };
    expect(detail.ticket.title).toBe('Screen flickers');
    const last = (await one.dispatch('sync.status', {})) as { waiting: number; lastSyncAt: number | null; online: boolean };
    expect(last).toMatchObject({ waiting: 0, online: true });
    expect(last.lastSyncAt).not.toBeNull();
    expect(statuses.length).toBeGreaterThan(0);
    for (const core of cores) core.close();
  });
});
