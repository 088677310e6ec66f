import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { CHUNK_BYTES_HEADER } from '../../../shared/sync/blobs';
import { SEND_CHUNK_BYTES } from '../../../electron/core/sync/blobs';
import { tempDir } from '../../setup/temp';
import { laptop } from '../../unit/inventory/fixtures';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
const MIB = 1024 * 1024;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('blob_sync'));
  hub = await startHub(db, { blobLimits: { maxFileBytes: 32 * MIB, maxTeamBytes: 128 * MIB } });
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
function stopAfter(afterBytes: number, seen: number[] = []): JobContext {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    progress: (done) => {
      seen.push(done);
      if (done >= afterBytes) controller.abort();
    },
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new AtelierError('cancelled', 'stopped');
    },
  };
}

/**
 * A hub from before larger chunks and resumed downloads, as a device sees it: the real hub behind a loopback
 * proxy that drops the chunk-size and Range headers (so the hub answers and takes 1 MiB chunks, and sends
 * whole files, as it did). Records the largest body sent.
 */
async function olderHub(target: string): Promise<{ url: string; largestChunk: () => number; close: () => Promise<void> }> {
  let largest = 0;
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers[CHUNK_BYTES_HEADER];
    delete headers.range;
    if (req.method === 'PUT') largest = Math.max(largest, Number(req.headers['content-length'] ?? 0));
    const upstream = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    // A device that stops mid-chunk: the hub's side of the request goes too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    largestChunk: () => largest,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const bytesOnHub = async (hash: string) => Number((await db.query<{ n: string }>('SELECT coalesce(sum(length(data)), 0)::text AS n FROM blob_chunks WHERE hash = $1', [hash]))[0]?.n);
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
    // 7 chunks of SEND_CHUNK_BYTES (4 MiB), 4 in flight, the hub storing 25 units of 1 MiB.
    const data = randomBytes(24 * MIB + 3);
    const { hash } = attach(a, ticket, data);
    await expect(a.engine.syncOnce(stopAfter(4 * MIB))).rejects.toThrow(/stopped|cancelled/);
    const before = await chunksOnHub(hash);
    expect(before).toBeGreaterThanOrEqual(4);
    expect(before).toBeLessThan(25);
    const bytesBefore = await bytesOnHub(hash);

    let resent = 0;
    const report = await a.engine.syncOnce({ signal: new AbortController().signal, progress: (done, _total, phase) => {
        if (phase === 'files') resent = done;
      }, throwIfCancelled: () => undefined });
    expect(report.files.sent).toBe(1);
    // Only what was missing went again (a chunk in flight when it stopped may still have landed).
    expect(resent).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(data.byteLength - bytesBefore);
    expect(await chunksOnHub(hash)).toBe(25);
    const b = await device('karim', 'desk');
    await b.engine.syncOnce();
    await b.engine.blobs.fetch({ kind: 'file', hash });
    expect(new BlobStore(b.db).get(hash).equals(data)).toBe(true);
    a.close();
    b.close();
  });

  it('keeps no half file from a download cut midway: the next one asks only for the rest; a hub that does not resume sends it all, stored intact', async () => {
    const a = await device('sofia', 'laptop');
    const ticket = a.service.create({ kind: 'incident', title: 'Crash dump', impact: 2, urgency: 2 }).ticket.id;
    const data = randomBytes(9 * MIB + 5);
    const { hash } = attach(a, ticket, data, 'crash.dmp');
    expect((await a.engine.syncOnce()).files.sent).toBe(1);
    a.close();
    const staged = (d: SyncDevice) => d.db.prepare('SELECT count(*) FROM blob_parts WHERE hash = ?').pluck().get(hash) as number;

    const b = await device('sofia', 'desk');
    await b.engine.syncOnce();
    await expect(b.engine.blobs.fetch({ kind: 'file', hash }, stopAfter(4 * MIB))).rejects.toThrow(/cancelled/);
    expect(b.engine.blobs.has({ kind: 'file', hash })).toBe(false);
    expect(() => new BlobStore(b.db).get(hash)).toThrow(/no stored file/);
    const kept = staged(b);
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(10);
    const seen: number[] = [];
    await b.engine.blobs.fetch({ kind: 'file', hash }, stopAfter(Infinity, seen));
    // Counted from the parts kept: only the rest came down.
    expect(seen[0]).toBeGreaterThan(kept * MIB);
    expect(seen.at(-1)).toBe(data.byteLength);
    expect(new BlobStore(b.db).get(hash).equals(data)).toBe(true);
    b.close();

    const older = await olderHub(hub.url);
    try {
      const c = openSyncDevice(join(tempDir(), 'atelier.db'), { actor: 'sofia', hubUrl: older.url, token: await userToken(hub.accounts, 'sofia', 'tablet') });
      await c.engine.syncOnce();
      await expect(c.engine.blobs.fetch({ kind: 'file', hash }, stopAfter(4 * MIB))).rejects.toThrow(/cancelled/);
      expect(staged(c)).toBeGreaterThanOrEqual(3);
      const again: number[] = [];
      await c.engine.blobs.fetch({ kind: 'file', hash }, stopAfter(Infinity, again));
      expect(again[0]).toBeLessThan(MIB);
      expect(new BlobStore(c.db).get(hash).equals(data)).toBe(true);
      expect(staged(c)).toBe(10);
      c.close();
    } finally {
      await older.close();
    }
  });

  it('sets a damaged stored file aside with a reason naming its attachment, and sends the others', async () => {
    const a = await device('omar', 'laptop');
    const ticket = a.service.create({ kind: 'incident', title: 'Two images', impact: 2, urgency: 2 }).ticket.id;
    const good = attach(a, ticket, randomBytes(2 * MIB), 'good.img');
    const bad = attach(a, ticket, randomBytes(3 * MIB), 'bad.img');
    a.db.prepare('UPDATE blob_parts SET data = zeroblob(length(data)) WHERE hash = ? AND idx = 1').run(bad.hash);
    expect((await a.engine.syncOnce()).files.sent).toBe(1);
    expect(a.db.prepare('SELECT refused FROM blob_sync WHERE ref = ?').pluck().get(bad.hash)).toBe(
      `attachment "bad.img" (file ${bad.hash.slice(0, 12)}…) is damaged in this device's store (part 2 of 3 does not match its sha256): attach it again, or remove it and fetch it from the hub`,
    );
    expect((await db.query<{ complete: boolean }>('SELECT complete FROM blobs WHERE hash = $1', [good.hash]))[0]?.complete).toBe(true);
    a.close();
  });

  it('sends 1 MiB chunks to a hub from before larger ones; cut there, the send resumes in larger chunks after a hub restart, verified on both sides', async () => {
    const older = await olderHub(hub.url);
    const token = await userToken(hub.accounts, 'nadia', 'laptop');
    const file = join(tempDir(), 'atelier.db');
    const a = openSyncDevice(file, { actor: 'nadia', hubUrl: older.url, token });
    const ticket = a.service.create({ kind: 'incident', title: 'RAID rebuild', impact: 2, urgency: 2 }).ticket.id;
    const data = randomBytes(10 * MIB + 7);
    const { hash } = attach(a, ticket, data);
    try {
      await expect(a.engine.syncOnce(stopAfter(3 * MIB))).rejects.toThrow(/stopped|cancelled/);
      expect(older.largestChunk()).toBe(MIB);
      const before = await chunksOnHub(hash);
      expect(before).toBeGreaterThanOrEqual(3);
      expect(before).toBeLessThan(11);
    } finally {
      a.close();
      await older.close();
    }

    // The hub restarted (a new instance on the same database: nothing of the upload in its memory), and it
    // takes larger chunks: the device sends the rest in them; the hub reads the file back to check its hash.
    const restarted = await startHub(db, { blobLimits: { maxFileBytes: 32 * MIB, maxTeamBytes: 128 * MIB } });
    try {
      const again = openSyncDevice(file, { actor: 'nadia', hubUrl: restarted.url, token });
      const steps: number[] = [];
      let last = 0;
      const report = await again.engine.syncOnce({ signal: new AbortController().signal, progress: (done, _total, phase) => {
          if (phase !== 'files') return;
          steps.push(done - last);
          last = done;
        }, throwIfCancelled: () => undefined });
      expect(report.files.sent).toBe(1);
      expect(Math.max(...steps)).toBe(SEND_CHUNK_BYTES);
      expect(await chunksOnHub(hash)).toBe(11);
      expect((await db.query<{ complete: boolean }>('SELECT complete FROM blobs WHERE hash = $1', [hash]))[0]?.complete).toBe(true);
      again.close();

      const b = await device('nadia', 'desk');
      await b.engine.syncOnce();
      await b.engine.blobs.fetch({ kind: 'file', hash });
      expect(sha(new BlobStore(b.db).get(hash))).toBe(hash);
      b.close();
    } finally {
      await restarted.close();
    }
  });

  it('says it waits for the device that has a file the hub refused or never got, naming it', async () => {
    const a = await device('lea', 'laptop');
    const b = await device('lea', 'desk');
    await b.engine.syncOnce(); // the hub now knows both devices' names
    const ticket = a.service.create({ kind: 'incident', title: 'Backup', impact: 2, urgency: 2 }).ticket.id;
    const { hash } = attach(a, ticket, randomBytes(33 * MIB));
    const report = await a.engine.syncOnce();
    expect(report.files.sent).toBe(0);
    expect(a.db.prepare('SELECT refused FROM blob_sync WHERE ref = ?').pluck().get(hash)).toMatch(/more than the hub takes for one file \(32 MiB\)/);
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
    const roomier = await startHub(db, { blobLimits: { maxFileBytes: 40 * MIB, maxTeamBytes: 128 * MIB } });
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
