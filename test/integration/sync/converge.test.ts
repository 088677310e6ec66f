import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { openCore, type Core } from '../../../electron/core';
import { JobRunner } from '../../../electron/core/jobs';
import { StreamBus } from '../../../electron/core/streams';
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

/**
 * Offline edits on both devices of the same tickets: fields, comments and status, a few ms apart so the
 * merged order is the order below (B resolves, then A, not knowing, puts the ticket on hold: a conflict).
 */
async function editOffline(a: SyncDevice, b: SyncDevice, ids: string[]): Promise<void> {
  const [t1, t2] = ids as [string, string];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
  a.service.act({ ticketId: t1, type: 'field_changed', payload: { changes: { title: 'Printer jams (A)', impact: 1 } } });
  await tick();
  b.service.act({ ticketId: t1, type: 'field_changed', payload: { changes: { title: 'Printer jams (B)', site: 'Lyon' } } });
  await tick();
  a.service.act({ ticketId: t1, type: 'comment_added', payload: { text: 'A checked the tray', internal: false } });
  await tick();
  b.service.act({ ticketId: t1, type: 'comment_added', payload: { text: 'B replaced the roller', internal: true } });
  await tick();
  a.service.act({ ticketId: t2, type: 'assigned', payload: { assignee: 'alice' } });
  await tick();
  b.service.act({ ticketId: t2, type: 'assigned', payload: { assignee: 'bob' } });
  await tick();
  a.service.act({ ticketId: t2, type: 'status_changed', payload: { from: 'assigned', to: 'in_progress' } });
  await tick();
  b.service.act({ ticketId: t2, type: 'resolved', payload: { resolution: { text: 'rebooted', rootCause: 'unknown' } } });
  await tick();
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

      await editOffline(a, b, ids);
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
      // Scalar fields: the later edit wins field by field; comments from both are kept.
      const t1 = JSON.parse(pa.get(ids[0] as string) ?? '{}') as { title: string; impact: number; site: string; comments: unknown[] };
      expect(t1).toMatchObject({ title: 'Printer jams (B)', impact: 1, site: 'Lyon' });
      expect(t1.comments).toHaveLength(2);
      expect(projectionsOf(c.db)).toEqual(pa);
      // The concurrent resolve/pending is a conflict shown on the ticket, on every device alike.
      const t2 = JSON.parse(pa.get(ids[1] as string) ?? '{}') as { conflicts: unknown[] };
      expect(t2.conflicts.length).toBeGreaterThan(0);
      // Both changed t1's title without seeing the other's: that clash is listed beside t2's status conflict.
      const listed = c.service.queue.page({ filter: { conflicts: true } });
      expect(listed.total).toBe(2);
      expect(listed.rows.find((row) => row.id === ids[0])?.clashes).toEqual(['title']);
      expect(listed.rows.find((row) => row.id === ids[1])?.clashes).toEqual([]);
      for (const device of [a, b, c]) device.close();
    });
  }

  it('a long pull runs as a job that can be cancelled; the next round resumes from the saved cursor', async () => {
    await freshHub();
    const dir = tempDir();
    const a = openSyncDevice(join(dir, 'a.db'), { actor: 'alice', hubUrl: hub.url, token: await userToken(hub.accounts, 'alice', 'a') });
    const id = a.service.create(created('Slow laptop')).ticket.id;
    for (let i = 0; i < 150; i++) a.service.act({ ticketId: id, type: 'worklog_added', payload: { minutes: 5, kind: 'work' } });
    await a.engine.syncOnce();
    const b = openSyncDevice(join(dir, 'b.db'), { actor: 'bob', hubUrl: hub.url, token: await userToken(hub.accounts, 'bob', 'b'), pullLimit: 10 });
    const jobs = new JobRunner(new StreamBus());
    let pages = 0;
    const job = jobs.start('sync', (ctx) =>
      b.engine.syncOnce({
        ...ctx,
        progress: (done, total, message) => {
          ctx.progress(done, total, message);
          if (message === 'pull' && ++pages === 3) jobs.cancel(job.jobId);
        },
      }),
    );
    await expect(job.result).rejects.toMatchObject({ code: 'cancelled' });
    const cursor = b.state.get().cursor;
    expect(cursor).toBeGreaterThan(0);
    const count = () => b.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const before = count();
    expect(before).toBeLessThan(151);
    const rest = await b.engine.syncOnce();
    expect(rest.pulled).toBe(151 - before);
    expect(count()).toBe(151);
    expect(projectionsOf(b.db)).toEqual(projectionsOf(a.db));
    a.close();
    b.close();
  });

  it('runs through two app cores: Settings configure, sync now as a job, status stream', { timeout: 180_000 }, async () => {
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
      // Until the job has left the list: a round took over 5 s in one CI run at load (the old bound fell through).
      const deadline = Date.now() + 60_000;
      while (core.jobs.list().some((job) => job.jobId === jobId)) {
        if (Date.now() > deadline) throw new Error(`sync job ${jobId} still running after 60 s`);
        await new Promise((r) => setTimeout(r, 25));
      }
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
