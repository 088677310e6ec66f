import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { BlobStore } from '../../../electron/core/reports/blobs';
import { TicketService } from '../../../electron/core/tickets/service';
import { tempDir } from '../../setup/temp';

const MIB = 1024 * 1024;
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('migration 0024 blob-parts', () => {
  it('keeps the files stored whole before it readable, whole and chunk by chunk; new files go as parts', () => {
    const file = join(tempDir(), 'old.db');
    const old = openDatabase(file, { migrations, targetVersion: 23 });
    const tickets = new TicketService(old, () => 'jeanne');
    const id = tickets.create({ kind: 'incident', title: 'Disk image', impact: 2, urgency: 2 }).ticket.id;
    // Stored as a store of that version did: the whole file in one value.
    const before = randomBytes(5 * MIB + 321);
    old.prepare('INSERT INTO blobs (hash, size, data) VALUES (?, ?, ?)').run(sha(before), before.byteLength, before);
    tickets.act({ ticketId: id, type: 'attachment_added', payload: { hash: sha(before), name: 'disk.img', size: before.byteLength, mime: 'application/octet-stream' } });
    old.close();

    const db = openDatabase(file, { migrations, targetVersion: 24 });
    expect(schemaVersion(db)).toBe(24);
    const blobs = new BlobStore(db);
    expect(db.prepare('SELECT parts FROM blobs').pluck().all()).toEqual([null]);
    expect(blobs.get(sha(before)).equals(before)).toBe(true);
    const reader = blobs.reader(sha(before));
    expect(reader?.size).toBe(before.byteLength);
    expect(reader?.chunk(1, 4 * MIB).equals(before.subarray(4 * MIB))).toBe(true);
    expect(reader?.chunk(0, 4 * MIB).equals(before.subarray(0, 4 * MIB))).toBe(true);

    const after = randomBytes(2 * MIB + 5);
    const { hash } = blobs.put(after);
    expect(db.prepare('SELECT parts, length(data) AS whole FROM blobs WHERE hash = ?').get(hash)).toEqual({ parts: 3, whole: 0 });
    expect(blobs.get(hash).equals(after)).toBe(true);
    // A file deleted (the collector) takes its parts with it.
    db.prepare('DELETE FROM blobs WHERE hash = ?').run(hash);
    expect(db.prepare('SELECT count(*) FROM blob_parts').pluck().get()).toBe(0);
    db.close();
  });
});
