import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { BlobStore } from '../../../electron/core/reports/blobs';
import { collectLocalBlobs } from '../../../electron/core/sync/blob-collector';
import { TicketService } from '../../../electron/core/tickets/service';
import { tempDir } from '../../setup/temp';

describe('migration 0023 blob-collection', () => {
  it('keeps the files stored before it, unmarked, and lets a removal made after it collect them', () => {
    const file = join(tempDir(), 'old.db');
    const old = openDatabase(file, { migrations, targetVersion: 22 });
    const before = new TicketService(old, () => 'jeanne');
    const id = before.create({ kind: 'incident', title: 'Scanner offline', impact: 2, urgency: 2 }).ticket.id;
    // Stored as a store of that version did (today's BlobStore writes parts, migration 0024).
    const data = Buffer.from('timeout');
    const hash = createHash('sha256').update(data).digest('hex');
    old.prepare('INSERT INTO blobs (hash, size, data) VALUES (?, ?, ?)').run(hash, data.byteLength, data);
    before.act({ ticketId: id, type: 'attachment_added', payload: { hash, name: 'scan.log', size: data.byteLength, mime: 'text/plain' } });
    old.close();

    const at23 = openDatabase(file, { migrations, targetVersion: 23 });
    expect(schemaVersion(at23)).toBe(23);
    expect(at23.prepare('SELECT orphaned_at FROM blobs').pluck().all()).toEqual([null]);
    expect(at23.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_attachment%' ORDER BY name").pluck().all()).toEqual(['events_attachment_hash', 'events_attachment_removal']);
    at23.close();

    // Today's collector (which also reads the parts table of migration 0024) on that store, brought up to date.
    const db = openDatabase(file, { migrations });
    const after = new TicketService(db, () => 'jeanne');
    const [attached] = after.detail(id).ticket.attachments;
    expect(collectLocalBlobs(db, { graceMs: 0 })).toEqual({ orphaned: 0, deleted: 0 });
    after.act({ ticketId: id, type: 'attachment_removed', payload: { attachmentId: attached?.eventId ?? '', hash: attached?.hash ?? '' } });
    expect(collectLocalBlobs(db, { graceMs: 0 })).toEqual({ orphaned: 1, deleted: 1 });
    expect(new BlobStore(db).has(attached?.hash ?? '')).toBe(false);
    db.close();
  });
});
