import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { KbStore } from '../../../electron/core/kb/store';
import { HubClient } from '../../../electron/core/sync/hub-client';
import { Quarantine } from '../../../electron/core/sync/quarantine';
import type { HubDatabase } from '../../../hub/db/sql';
import { foldArticle } from '../../../shared/kb';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { openSyncDevice, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
let databases = 0;

beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

async function freshHub(): Promise<void> {
  await hub?.close();
  await db?.close();
  db = await openMigratedPostgres(await pg.createDatabase(`kb_sync_${++databases}`));
  hub = await startHub(db);
}

interface KbDevice extends SyncDevice {
  kb: KbStore;
}

async function device(dir: string, name: string, actor: string): Promise<KbDevice> {
  const d = openSyncDevice(join(dir, `${name}.db`), { actor, hubUrl: hub.url, token: await userToken(hub.accounts, actor, name) });
  return Object.assign(d, { kb: new KbStore(d.db, d.service.store.clock, () => actor) });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
const articlesOf = (d: KbDevice) => d.db.prepare('SELECT id, state FROM kb_articles ORDER BY id').all();
const kbEventIds = (d: KbDevice, where = '1 = 1') => new Set(d.db.prepare(`SELECT id FROM kb_events WHERE ${where}`).pluck().all() as string[]);

describe('the knowledge base syncs through the hub like tickets', () => {
  it('an article written offline on device A appears on device B after sync, published, searchable', async () => {
    await freshHub();
    const dir = tempDir();
    const a = await device(dir, 'a', 'alice');
    const b = await device(dir, 'b', 'bob');
    // Offline on A: written, edited, published.
    const article = a.kb.create({ title: 'Printer shows "PC LOAD LETTER"', kind: 'resolution', body: 'Load A4 paper in tray 2.', tags: ['printer'] });
    a.kb.edit(article.id, { body: 'Load A4 paper in tray 2, then press OK.' }, 'added the last step');
    a.kb.publish(article.id);
    expect(a.state.waiting()).toBe(3);

    const pushed = await a.engine.syncOnce();
    expect(pushed.kb).toMatchObject({ pushed: 3, supported: true });
    expect(a.state.waiting()).toBe(0);
    expect(kbEventIds(a, 'synced_at IS NULL').size).toBe(0);

    const pulled = await b.engine.syncOnce();
    expect(pulled.kb.pulled).toBe(3);
    expect(pulled.kb.cursor).toBeGreaterThan(0);
    const onB = b.kb.get(article.id);
    expect(onB).toMatchObject({ title: 'Printer shows "PC LOAD LETTER"', body: 'Load A4 paper in tray 2, then press OK.', status: 'published', author: 'alice', version: 2 });
    expect(b.kb.search({ text: 'tray' }).map((s) => s.id)).toEqual([article.id]);
    expect(articlesOf(b)).toEqual(articlesOf(a));
    // Pulled events are the hub's already: nothing waits to be pushed back.
    expect(b.state.waiting()).toBe(0);
    // A second round moves nothing.
    expect((await b.engine.syncOnce()).kb.pulled).toBe(0);
    a.close();
    b.close();
  });

  it('concurrent edits of one article on two devices: both versions kept in its history, the later one is the current text, nothing lost', async () => {
    await freshHub();
    const dir = tempDir();
    const a = await device(dir, 'a', 'alice');
    const b = await device(dir, 'b', 'bob');
    const { id } = a.kb.create({ title: 'VPN drops every hour', kind: 'known_error', body: 'Draft.' });
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    // Both offline: A edits the body and the tags, B a moment later the body and the workaround.
    a.kb.edit(id, { body: 'Text by Alice: renew the certificate.', tags: ['vpn'] });
    await tick();
    b.kb.edit(id, { body: 'Text by Bob: disable power saving on the NIC.', workaround: 'Reconnect manually.' });
    // B syncs first, then A (A's edit is older but arrives later).
    await b.engine.syncOnce();
    await a.engine.syncOnce();
    await b.engine.syncOnce();

    for (const d of [a, b]) {
      const current = d.kb.get(id);
      // Last writer by timestamp wins field by field; fields only one side changed are kept.
      expect(current).toMatchObject({ body: 'Text by Bob: disable power saving on the NIC.', tags: ['vpn'], workaround: 'Reconnect manually.', version: 3 });
      expect(current.history.map((h) => [h.type, h.actor])).toEqual([['created', 'alice'], ['edited', 'alice'], ['edited', 'bob']]);
      // Both texts stay in the article's log (the history's versions).
      const bodies = d.kb.events(id).flatMap((e) => (e.type === 'edited' && e.payload.changes.body ? [e.payload.changes.body] : []));
      expect(bodies).toEqual(['Text by Alice: renew the certificate.', 'Text by Bob: disable power saving on the NIC.']);
      // The projection equals a fold of the log.
      expect(current).toEqual(foldArticle(d.kb.events(id)));
    }
    expect(articlesOf(a)).toEqual(articlesOf(b));
    expect(kbEventIds(a)).toEqual(kbEventIds(b));
    expect(kbEventIds(a).size).toBe(3);
    // A third device pulling everything at once gets the same.
    const c = await device(dir, 'c', 'carol');
    await c.engine.syncOnce();
    expect(articlesOf(c)).toEqual(articlesOf(a));
    for (const d of [a, b, c]) d.close();
  });

  it('a malformed article event served by the hub is set aside with a reason naming its place and field; the rest of its page applies', async () => {
    await freshHub();
    const dir = tempDir();
    const a = await device(dir, 'a', 'alice');
    const { id } = a.kb.create({ title: 'Outlook asks for the password again', kind: 'resolution' });
    await a.engine.syncOnce();
    // A damaged row on the hub (a bad restore, a hand edit): an edit whose title is empty, after a good one.
    const [good, bad] = [uuidv7(), uuidv7()];
    const body = (eventId: string, title: string) =>
      JSON.stringify({ id: eventId, articleId: id, hlc: `${new Date().toISOString()}-0000-00000000000000ee`, actor: 'alice', device: '00000000000000ee', type: 'edited', payload: { changes: { title } } });
    for (const [eventId, title] of [[good, 'Outlook: password prompt loop'], [bad, '']] as const) {
      await db.query(
        `INSERT INTO kb_events (seq, id, team_id, article_id, hlc, actor, device, type, body) SELECT nextval('kb_events_seq'), $1, 1, $2, 'x', 'alice', 'x', 'edited', $3`,
        [eventId, id, body(eventId, title)],
      );
    }
    const b = await device(dir, 'b', 'bob');
    await b.engine.syncOnce();
    // The article and the good edit arrived; the bad edit waits in quarantine with its reason; the cursor passed it.
    expect(kbEventIds(b)).toEqual(new Set([...kbEventIds(a), good]));
    expect(b.kb.get(id).title).toBe('Outlook: password prompt loop');
    const [entry] = new Quarantine(b.db).list();
    expect(entry).toMatchObject({ eventId: bad, stream: 'kb', subject: id, rule: 'schema' });
    expect(entry?.reason).toMatch(/events\[2\]\.payload\.changes\.title/);
    expect(b.state.get().kbCursor).toBeGreaterThan(0);
    // Sync goes on, and the bad event is not set aside twice.
    await b.engine.syncOnce();
    expect(new Quarantine(b.db).count()).toBe(1);
    a.close();
    b.close();
  });

  it('the hub checks pushed article events like ticket events: a malformed one is set aside with the hub\'s reason, the others flow; another user\'s is refused', async () => {
    await freshHub();
    const dir = tempDir();
    const a = await device(dir, 'a', 'alice');
    const first = a.kb.create({ title: 'Badge reader offline', kind: 'resolution' });
    // A local event the hub will refuse (written by an older version, a bad import): a title too long.
    const broken = uuidv7();
    a.db
      .prepare("INSERT INTO kb_events (id, article_id, hlc, actor, device, type, payload, origin) VALUES (?, ?, ?, 'alice', ?, 'edited', ?, 'local')")
      .run(broken, first.id, a.service.store.clock.now(), a.service.store.device, JSON.stringify({ changes: { title: 'x'.repeat(300) } }));
    const second = a.kb.create({ title: 'Docking station not charging', kind: 'resolution' });
    const report = await a.engine.syncOnce();
    expect(report.rejected).toBe(1);
    expect(report.kb.pushed).toBe(2);
    expect(a.state.waiting()).toBe(0);
    expect(a.state.rejected()).toBe(1);
    const reason = a.db.prepare('SELECT message FROM kb_sync_rejections WHERE event_id = ?').pluck().get(broken) as string;
    expect(reason).toMatch(/events\[1\]\.payload\.changes\.title/);
    const onHub = (await db.query<{ id: string }>('SELECT id FROM kb_events ORDER BY seq')).map((r) => r.id);
    expect(onHub).toHaveLength(2);
    expect(onHub).not.toContain(broken);
    const b = await device(dir, 'b', 'bob');
    await b.engine.syncOnce();
    expect(b.kb.search().map((s) => s.id).sort()).toEqual([first.id, second.id].sort());

    // Bob's token cannot push an article event in Alice's name.
    const event = a.kb.events(second.id)[0];
    const client = new HubClient({ url: hub.url, token: await userToken(hub.accounts, 'bob', 'b') });
    await expect(client.push([{ ...event, id: uuidv7() } as never], 'kb')).rejects.toMatchObject({ hubCode: 'forbidden', path: 'events[0].actor' });
    a.close();
    b.close();
  });
});
