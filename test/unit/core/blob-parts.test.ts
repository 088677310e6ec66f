import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, type Database } from '../../../electron/core/db/open';
import { PART_BYTES } from '../../../electron/core/reports/blob-parts';
import { attachToTicket, BlobStore } from '../../../electron/core/reports/blobs';
import { collectLocalBlobs } from '../../../electron/core/sync/blob-collector';
import { TicketService } from '../../../electron/core/tickets/service';
import { tempDir } from '../../setup/temp';

const MIB = 1024 * 1024;
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const store = (): Database => openDatabase(join(tempDir(), 'atelier.db'), { migrations });
const parts = (db: Database, hash: string) => db.prepare('SELECT count(*) FROM blob_parts WHERE hash = ?').pluck().get(hash);

/** Feeds `data` to a writer in uneven pieces, as a download arrives. */
function arrive(blobs: BlobStore, data: Buffer, upTo = data.byteLength) {
  const writer = blobs.writer(sha(data));
  for (let at = 0, n = 1; at < upTo; at += 7919 * n, n = (n % 13) + 1) writer.write(data.subarray(at, Math.min(upTo, at + 7919 * n)));
  return writer;
}

describe('files kept as parts in the device store', () => {
  it('writes a file part by part as it arrives, stores it only when committed, and reads it back intact', () => {
    const db = store();
    const blobs = new BlobStore(db);
    const data = randomBytes(3 * MIB + MIB / 2 + 7);
    const writer = arrive(blobs, data);
    // Not a stored file before its hash is checked and it is committed.
    expect(blobs.has(sha(data))).toBe(false);
    expect(() => blobs.get(sha(data))).toThrow(/no stored file/);
    expect(writer.commit()).toEqual({ hash: sha(data), size: data.byteLength });
    expect(parts(db, sha(data))).toBe(4);
    expect(blobs.get(sha(data)).equals(data)).toBe(true);
    const reader = blobs.reader(sha(data));
    for (const chunkBytes of [MIB, 4 * MIB]) {
      for (let i = 0; i * chunkBytes < data.byteLength; i++) {
        expect(reader?.chunk(i, chunkBytes).equals(data.subarray(i * chunkBytes, (i + 1) * chunkBytes)), `chunk ${i} of ${chunkBytes}`).toBe(true);
      }
    }
    // The same bytes attached again are stored once; an empty file is a file.
    expect(blobs.put(data)).toEqual({ hash: sha(data), size: data.byteLength });
    expect(parts(db, sha(data))).toBe(4);
    const empty = blobs.put(Buffer.alloc(0));
    expect(blobs.get(empty.hash).byteLength).toBe(0);
    db.close();
  });

  it('names the attachment and the part when a stored part is damaged or missing', () => {
    const db = store();
    const tickets = new TicketService(db, () => 'jeanne');
    const id = tickets.create({ kind: 'incident', title: 'Disk image', impact: 2, urgency: 2 }).ticket.id;
    const blobs = new BlobStore(db);
    const { hash } = attachToTicket(blobs, tickets, id, { name: 'disk.img', mime: 'application/octet-stream', data: randomBytes(2 * MIB + 10) }).stored;
    db.prepare('UPDATE blob_parts SET data = zeroblob(length(data)) WHERE hash = ? AND idx = 1').run(hash);
    expect(() => blobs.get(hash)).toThrow(`attachment "disk.img" (file ${hash.slice(0, 12)}…) is damaged in this device's store (part 2 of 3 does not match its sha256)`);
    expect(() => blobs.reader(hash)?.chunk(0, 4 * MIB)).toThrow(/part 2 of 3 does not match/);
    db.prepare('DELETE FROM blob_parts WHERE hash = ? AND idx = 2').run(hash);
    expect(() => blobs.reader(hash)?.chunk(2, MIB)).toThrow(/"disk.img".*part 3 of 3 is missing/);
    db.close();
  });

  it('takes up the whole parts a cut download left, checked, and starts over when one is amiss', () => {
    const db = store();
    const blobs = new BlobStore(db);
    const data = randomBytes(3 * MIB + 99);
    arrive(blobs, data, 2 * MIB + 500); // cut: two whole parts staged, the rest lost with the process
    expect(blobs.has(sha(data))).toBe(false);

    const writer = blobs.writer(sha(data));
    const held = writer.resume();
    expect(held?.bytes).toBe(2 * PART_BYTES);
    expect(held?.digest.copy().digest('hex')).toBe(sha(data.subarray(0, 2 * PART_BYTES)));
    writer.write(data.subarray(2 * PART_BYTES));
    writer.commit();
    expect(blobs.get(sha(data)).equals(data)).toBe(true);

    const other = randomBytes(2 * MIB + 1);
    arrive(blobs, other, 2 * MIB);
    db.prepare('UPDATE blob_parts SET data = zeroblob(length(data)) WHERE hash = ? AND idx = 0').run(sha(other));
    expect(blobs.writer(sha(other)).resume()).toBeUndefined();
    expect(parts(db, sha(other))).toBe(0);
    db.close();
  });

  it('drops the staged parts of a file no ticket names any more, keeps those of a file still named', () => {
    const db = store();
    const tickets = new TicketService(db, () => 'jeanne');
    const id = tickets.create({ kind: 'incident', title: 'Logs', impact: 2, urgency: 2 }).ticket.id;
    const blobs = new BlobStore(db);
    const named = randomBytes(2 * MIB);
    const unnamed = randomBytes(2 * MIB);
    tickets.act({ ticketId: id, type: 'attachment_added', payload: { hash: sha(named), name: 'named.bin', size: named.byteLength, mime: 'application/octet-stream' } });
    arrive(blobs, named, MIB + 1);
    arrive(blobs, unnamed, MIB + 1);
    collectLocalBlobs(db, { graceMs: 0 });
    expect([parts(db, sha(named)), parts(db, sha(unnamed))]).toEqual([1, 0]);
    db.close();
  });
});
