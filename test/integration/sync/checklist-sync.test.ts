import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { DraftStore } from '../../../electron/core/checklists/drafts';
import { ChecklistStore } from '../../../electron/core/checklists/store';
import { HubClient } from '../../../electron/core/sync/hub-client';
import type { HubDatabase } from '../../../hub/db/sql';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { openSyncDevice, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('checklist_sync'));
  hub = await startHub(db);
});
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

interface AuthorDevice extends SyncDevice {
  drafts: DraftStore;
  library: ChecklistStore;
  token: string;
}

async function device(dir: string, name: string, actor: string): Promise<AuthorDevice> {
  // Drafts are N2/N3 work: the hub refuses them from an N1.
  const token = await userToken(hub.accounts, actor, name, 'technician', 'N2');
  const d = openSyncDevice(join(dir, `${name}.db`), { actor, hubUrl: hub.url, token });
  const library = new ChecklistStore(d.db);
  return Object.assign(d, { library, token, drafts: new DraftStore(d.db, library, d.service.store.clock, () => actor) });
}

const versionsOf = (d: AuthorDevice, id: string) => d.library.list().find((c) => c.id === id)?.versions ?? [];

describe('checklist drafts and publications sync through the hub like the knowledge base', () => {
  it('a draft travels to the team without reaching its library; its publication does; the next draft leaves the published version in use', async () => {
    const dir = tempDir();
    const a = await device(dir, 'laptop', 'sarah');
    const b = await device(dir, 'desk', 'karim');

    const draft = a.drafts.create();
    a.drafts.save(draft.id, draft.yaml.replace('Nouvelle procédure', 'Disque plein'));
    expect(a.state.waiting()).toBe(2);
    expect((await a.engine.syncOnce()).checklists).toMatchObject({ pushed: 2, supported: true });
    expect(a.state.waiting()).toBe(0);

    const pulled = await b.engine.syncOnce();
    expect(pulled.checklists).toMatchObject({ pulled: 2, supported: true });
    expect(pulled.checklists.cursor).toBeGreaterThan(0);
    expect(b.drafts.list().map((d) => [d.id, d.title?.fr, d.author])).toEqual([[draft.id, 'Disque plein', 'sarah']]);
    expect(versionsOf(b, 'new-checklist')).toEqual([]);
    expect(b.state.waiting()).toBe(0);

    a.drafts.publish(draft.id);
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    expect(versionsOf(b, 'new-checklist')).toEqual([1]);
    expect(b.library.list().find((c) => c.id === 'new-checklist')).toMatchObject({ origin: 'editor', source: 'sarah', title: { fr: 'Disque plein' } });
    expect(b.drafts.get(draft.id)).toMatchObject({ status: 'published', refused: null });
    expect(b.drafts.list()).toEqual([]);

    // Karim starts version 2 on his desk: Sarah's laptop gets the draft, and keeps running version 1.
    const next = b.drafts.edit('new-checklist');
    expect(next.version).toBe(2);
    await b.engine.syncOnce();
    await a.engine.syncOnce();
    expect(a.drafts.list().map((d) => [d.id, d.version, d.author])).toEqual([[next.id, 2, 'karim']]);
    expect(versionsOf(a, 'new-checklist')).toEqual([1]);
    expect(a.library.get('new-checklist').version).toBe(1);
    // A round with nothing new moves nothing.
    expect((await a.engine.syncOnce()).checklists).toMatchObject({ pushed: 0, pulled: 0 });
    a.close();
    b.close();
  });

  it('the hub holds the drafts stream to the admission rule: an edit of a draft it never saw created is refused, nothing stored', async () => {
    const dir = tempDir();
    const a = await device(dir, 'tablet', 'lea');
    const client = new HubClient({ url: hub.url, token: a.token, now: () => Date.now() });
    const stray = { id: uuidv7(), draftId: uuidv7(), hlc: a.service.store.clock.now(), actor: 'lea', device: a.service.store.clock.node, type: 'edited', payload: { yaml: 'id: x' } };
    await expect(client.push([stray], 'checklists')).rejects.toMatchObject({ hubCode: 'conflict' });
    expect((await client.pull(0, 100, 'checklists')).events.map((e) => (e as { id: string }).id)).not.toContain(stray.id);
    a.close();
  });
});
