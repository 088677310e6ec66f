import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHubDatabase } from '../../../hub/open';
import { migrateHub } from '../../../hub/db/migrate';
import { startHub, userToken } from '../../setup/hub';
import { openSyncDevice, projectionsOf } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

describe('hub on embedded PGlite (no --database-url)', () => {
  it('runs the same migrations and queries: two devices converge, and a reopened data folder keeps everything', { timeout: 180_000 }, async () => {
    const dataDir = join(tempDir(), 'hub-data');
    const db = await openHubDatabase({ dataDir });
    expect(db.kind).toBe('pglite');
    const hub = await startHub(db);
    const dir = tempDir();
    const a = openSyncDevice(join(dir, 'a.db'), { actor: 'ines', hubUrl: hub.url, token: await userToken(hub.accounts, 'ines') });
    const b = openSyncDevice(join(dir, 'b.db'), { actor: 'jules', hubUrl: hub.url, token: await userToken(hub.accounts, 'jules') });
    const id = a.service.create({ kind: 'incident', title: 'Scanner', impact: 2, urgency: 1 }).ticket.id;
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    b.service.act({ ticketId: id, type: 'comment_added', payload: { text: 'driver reinstalled', internal: false } });
    a.service.act({ ticketId: id, type: 'field_changed', payload: { changes: { site: 'Rennes' } } });
    await b.engine.syncOnce();
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    expect(projectionsOf(a.db)).toEqual(projectionsOf(b.db));
    await hub.close();
    await db.close();

    const reopened = await openHubDatabase({ dataDir });
    expect(await migrateHub(reopened)).toEqual([]);
    const rows = await reopened.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(rows[0]?.n).toBe(3);
    await reopened.close();
    a.close();
    b.close();
  });
});
