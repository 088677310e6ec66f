import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { AtelierError } from '../../../shared/contract';
import { InventoryStore } from '../../../electron/core/inventory';
import type { JobContext } from '../../../electron/core/jobs';
import { attachToTicket, BlobStore } from '../../../electron/core/reports/blobs';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { openSyncDevice, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';
import { laptop } from '../../unit/inventory/fixtures';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
const MIB = 1024 * 1024;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('blob_sync'));
  hub = await startHub(db, { blobLimits: { maxFileBytes: 8 * MIB, maxTeamBytes: 64 * MIB } });
});
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

async function device(user: string, name: string): Promise<SyncDevice & { file: string; token: string }> {
  const token = await userToken(hub.accounts, user, name);
  const file = join(tempDir(), 'atelier.db');
  return { ...openSyncDevice(file, { actor: user, hubUrl: hub.url, token }), file, token };
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function attach(d: SyncDevice, ticketId: string, data: Buffer, name = 'file.bin') {
  return attachToTicket(new BlobStore(d.db), d.service, ticketId, { name, mime: 'application/octet-stream', data }).stored;
}

/** A job context that cancels the work once `afterBytes` were reported (a device switched off mid-send). */
function stopAfter(afterBytes: number): JobContext {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    progress: (done) => {
      if (done >= afterBytes) controller.abort();
    },
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new AtelierError('cancelled', 'stopped');
    },
  };
}

const chunksOnHub = async (hash: string) => Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM blob_chunks WHERE hash = $1', [hash]))[0]?.n);

describe('blob sync between two devices through a real hub', () => {
  it('brings a small file and a snapshot along with their events; a large file on first open, verified', async () => {
    const a = await device('jeanne', 'laptop');
    const b = await device('jeanne', 'desk');
    const ticket = a.service.create({ kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2 }).ticket.id;
    const log = attach(a, ticket, Buffer.from('Dec 7 kernel: usb 1-1: reset\n'), 'syslog.txt');
    const big = randomBytes(3 * MIB + 17);
    const large = attach(a, ticket, big, 'dump.bin');
    const snapshot = laptop('snap-sync-1');
    new InventoryStore(a.db).save(snapshot);
    a.service.act({ ticketId: ticket, type: 'inventory_attached', payload: { snapshotId: snapshot.id } });

    const sent = await a.engine.syncOnce();
    expect(sent.files.sent).toBe(3);
    const got = await b.engine.syncOnce();
    expect(got.files.fetched).toBe(2);
    expect(new BlobStore(b.db).get(log.hash).toString()).toContain('usb 1-1: reset');
    expect(new InventoryStore(b.db).get(snapshot.id)).toEqual(new InventoryStore(a.db).get(snapshot.id));
    // The large one waits for someone to open it.
    expect(b.engine.blobs.has({ kind: 'file', hash: large.hash })).toBe(false);
    expect(await b.engine.blobs.state({ kind: 'file', hash: large.hash })).toEqual({ state: 'hub', size: big.byteLength });
    await expect(b.engine.blobs.ensure({ kind: 'file', hash: large.hash })).rejects.toThrow(/3 MB\) is on the hub, not yet on this device/);

    a.close(); // the first laptop is off: the hub has everything
    const seen: number[] = [];
    await b.engine.blobs.fetch({ kind: 'file', hash: large.hash }, { signal: new AbortController().signal, progress: (done) => seen.push(done), throwIfCancelled: () => undefined });
    expect(sha(new BlobStore(b.db).get(large.hash))).toBe(large.hash);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(big.byteLength);
    // Another round sends nothing again.
    expect((await b.engine.syncOnce()).files).toEqual({ sent: 0, fetched: 0 });
    b.close();
  });

  it('resumes an interrupted send with only the chunks the hub lacks', async () => {
    const a = await device('karim', 'laptop');
    const ticket = a.service.create({ kind: 'incident', title: 'Slow disk', impact: 2, urgency: 2 }).ticket.id;
    const data = randomBytes(5 * MIB + 3);
    const { hash } = attach(a, ticket, data);
    await expect(a.engine.syncOnce(stopAfter(2 * MIB))).rejects.toThrow(/stopped|cancelled/);
    const before = await chunksOnHub(hash);
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(6);

    let resent = 0;
    const report = await a.engine.syncOnce({ signal: new AbortController().signal, progress: (done, _total, phase) => {
        if (phase === 'files') resent = done;
      }, throwIfCancelled: () => undefined });
    expect(report.files.sent).toBe(1);
    // Only what was missing went again (a chunk in flight when it stopped may still have landed).
    expect(resent).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(data.byteLength - before * MIB);
    expect(await chunksOnHub(hash)).toBe(6);
    const b = await device('karim', 'desk');
    await b.engine.syncOnce();
    await b.engine.blobs.fetch({ kind: 'file', hash });
    expect(new BlobStore(b.db).get(hash).equals(data)).toBe(true);
    a.close();
    b.close();
  });

  it('says it waits for the device that has a file the hub refused or never got, naming it', async () => {
    const a = await device('lea', 'laptop');
    const b = await device('lea', 'desk');
    await b.engine.syncOnce(); // the hub now knows both devices' names
    const ticket = a.service.create({ kind: 'incident', title: 'Backup', impact: 2, urgency: 2 }).ticket.id;
    const { hash } = attach(a, ticket, randomBytes(9 * MIB));
    const report = await a.engine.syncOnce();
    expect(report.files.sent).toBe(0);
    expect(a.db.prepare('SELECT refused FROM blob_sync WHERE ref = ?').pluck().get(hash)).toMatch(/more than the hub takes for one file \(8 MiB\)/);
    await b.engine.syncOnce();
    expect(await b.engine.blobs.state({ kind: 'file', hash })).toEqual({ state: 'waiting', from: 'lea (laptop)' });
    await expect(b.engine.blobs.fetch({ kind: 'file', hash })).rejects.toThrow(`file ${hash.slice(0, 12)}… is not on the hub yet: waiting for lea (laptop) to send it`);
    // A file no event names is simply not here.
    expect(() => new BlobStore(b.db).get(sha(Buffer.from('nothing')))).toThrow(/no stored file/);
    // Still too large at the next round: declared again, refused again, nothing sent.
    expect((await a.engine.syncOnce()).files.sent).toBe(0);
    a.close();

    // The admin raises the limit (a hub started with a larger one on the same database): the laptop's next
    // round sends the file, and the desk gets it.
    const roomier = await startHub(db, { blobLimits: { maxFileBytes: 16 * MIB, maxTeamBytes: 64 * MIB } });
    try {
      const again = openSyncDevice(a.file, { actor: 'lea', hubUrl: roomier.url, token: a.token });
      expect((await again.engine.syncOnce()).files.sent).toBe(1);
      expect(again.db.prepare('SELECT refused FROM blob_sync WHERE ref = ?').pluck().get(hash)).toBeNull();
      again.close();
      await b.engine.blobs.fetch({ kind: 'file', hash });
      expect(sha(new BlobStore(b.db).get(hash))).toBe(hash);
    } finally {
      await roomier.close();
    }
    b.close();
  });
});
