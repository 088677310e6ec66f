/**
 * Removing an attachment (issue 20): the removal travels as an event every device applies, only the
 * technician who attached a file may remove it (the device refuses, and so does the hub, whatever a device
 * sends), and a file no ticket names any more is deleted after the grace period on the hub and on each
 * device, while a file another ticket still holds stays. Real PostgreSQL hub, two devices.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { collectBlobs } from '../../../hub/store/blob-collector';
import { HubClient } from '../../../electron/core/sync/hub-client';
import { collectLocalBlobs } from '../../../electron/core/sync/blob-collector';
import { attachToTicket, BlobStore } from '../../../electron/core/reports/blobs';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openSyncDevice, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('blob_collection'));
  hub = await startHub(db);
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

async function device(user: string, name: string, blobGraceMs?: number): Promise<SyncDevice & { token: string }> {
  const token = await userToken(hub.accounts, user, name);
  return { ...openSyncDevice(join(tempDir(), 'atelier.db'), { actor: user, hubUrl: hub.url, token, ...(blobGraceMs === undefined ? {} : { blobGraceMs }) }), token };
}

const attach = (d: SyncDevice, ticketId: string, data: Buffer, name: string) =>
  attachToTicket(new BlobStore(d.db), d.service, ticketId, { name, mime: 'application/octet-stream', data }).detail.ticket.attachments.at(-1) as { eventId: string; hash: string };
const files = (d: SyncDevice) => new BlobStore(d.db);
const hubHolds = async (hash: string) => (await db.query<{ n: string }>('SELECT count(*)::text AS n FROM blobs WHERE hash = $1', [hash]))[0]?.n === '1';
const errorOf = async (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { code: string; message: string; path?: string; rule?: string });

describe('removing an attachment', () => {
  it('travels to the other device; only its author may remove it; unreferenced files go after the grace period, shared ones stay', { timeout: 300_000 }, async () => {
    // Jeanne's laptop collects at once (grace 0); Karim's keeps the default week.
    const jeanne = await device('jeanne', 'laptop', 0);
    const karim = await device('karim', 'desk');
    const first = jeanne.service.create({ kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2 }).ticket.id;
    const second = jeanne.service.create({ kind: 'incident', title: 'Printer jams again', impact: 2, urgency: 2 }).ticket.id;
    const logBytes = randomBytes(4096);
    const log = attach(jeanne, first, logBytes, 'spooler.log');
    const shared = attach(jeanne, first, randomBytes(2048), 'config.txt');
    attach(jeanne, second, Buffer.from(files(jeanne).get(shared.hash)), 'config.txt');
    await jeanne.engine.syncOnce();
    await karim.engine.syncOnce();
    expect(files(karim).has(log.hash) && files(karim).has(shared.hash)).toBe(true);

    // Karim may not remove Jeanne's file: his device says so before anything is written...
    const refused = await errorOf(Promise.resolve().then(() => karim.service.act({ ticketId: first, type: 'attachment_removed', payload: { attachmentId: log.eventId, hash: log.hash } })));
    expect(refused).toMatchObject({ code: 'conflict', rule: 'attachment_not_yours', message: expect.stringContaining('only jeanne, who attached it') });
    // ...and the hub refuses such an event from any device, naming it.
    const forged = { id: uuidv7(), ticketId: first, hlc: karim.service.store.clock.now(), actor: 'karim', device: karim.service.store.device, type: 'attachment_removed', payload: { attachmentId: log.eventId, hash: log.hash } };
    const hubRefusal = await errorOf(new HubClient({ url: hub.url, token: karim.token }).push([forged as never]));
    expect(hubRefusal).toMatchObject({ code: 'forbidden', path: 'events[0].type', message: expect.stringContaining('only jeanne, who attached it') });
    // A removal naming an attachment the ticket does not hold is refused too.
    const unknown = { ...forged, id: uuidv7(), hlc: karim.service.store.clock.now(), payload: { attachmentId: uuidv7(), hash: log.hash } };
    expect(await errorOf(new HubClient({ url: hub.url, token: karim.token }).push([unknown as never]))).toMatchObject({ code: 'conflict', path: 'events[0].payload.attachmentId' });

    // Jeanne removes both files from the first ticket; the config file is still on the second.
    jeanne.service.act({ ticketId: first, type: 'attachment_removed', payload: { attachmentId: log.eventId, hash: log.hash } });
    jeanne.service.act({ ticketId: first, type: 'attachment_removed', payload: { attachmentId: shared.eventId, hash: shared.hash } });
    await jeanne.engine.syncOnce();
    expect(files(jeanne).has(log.hash)).toBe(false);
    expect(files(jeanne).has(shared.hash)).toBe(true);

    await karim.engine.syncOnce();
    expect(karim.service.detail(first).ticket.attachments).toEqual([]);
    expect(karim.service.detail(second).ticket.attachments.map((a) => a.hash)).toEqual([shared.hash]);
    // Within Karim's grace period the file stays; past it, it goes; the shared one never does.
    expect(files(karim).has(log.hash)).toBe(true);
    expect(collectLocalBlobs(karim.db, { now: new Date(Date.now() + 8 * DAY) })).toEqual({ orphaned: 0, deleted: 1 });
    expect(files(karim).has(log.hash)).toBe(false);
    expect(files(karim).has(shared.hash)).toBe(true);

    // The hub: marked first, deleted once the grace period has passed; the shared file stays.
    expect(await collectBlobs(db)).toEqual({ orphaned: 1, deleted: 0 });
    expect(await hubHolds(log.hash)).toBe(true);
    expect(await collectBlobs(db, { now: new Date(Date.now() + 8 * DAY) })).toEqual({ orphaned: 0, deleted: 1 });
    expect(await hubHolds(log.hash)).toBe(false);
    expect(await hubHolds(shared.hash)).toBe(true);

    // The same bytes attached again after all that: sent to the hub again, and the other device fetches them.
    attach(jeanne, second, logBytes, 'spooler-again.log');
    await jeanne.engine.syncOnce();
    expect(await hubHolds(log.hash)).toBe(true);
    await karim.engine.syncOnce();
    expect(files(karim).get(log.hash).equals(logBytes)).toBe(true);
    jeanne.close();
    karim.close();
  });
});
