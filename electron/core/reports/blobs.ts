import { createHash } from 'node:crypto';
import { AtelierError } from '../../../shared/contract';
import type { Database } from '../db/open';
import type { TicketService } from '../tickets/service';

/** Content-addressed files (attachments): the same bytes are stored once, under their sha256. */
export class BlobStore {
  constructor(private readonly db: Database) {}

  put(data: Uint8Array): { hash: string; size: number } {
    return this.putHashed(createHash('sha256').update(data).digest('hex'), data);
  }

  /** Stores bytes whose sha256 the caller has just computed over these very bytes (a verified download). */
  putHashed(hash: string, data: Uint8Array): { hash: string; size: number } {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.db.prepare('INSERT INTO blobs (hash, size, data) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING').run(hash, data.byteLength, bytes);
    return { hash, size: data.byteLength };
  }

  has(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE hash = ?').pluck().get(hash) !== undefined;
  }

  get(hash: string): Buffer {
    const data = this.db.prepare('SELECT data FROM blobs WHERE hash = ?').pluck().get(hash) as Buffer | undefined;
    if (!data) throw new AtelierError('not_found', `no stored file with hash ${hash}`, 'hash');
    return data;
  }
}

/** A file on a ticket: its bytes stored once (content-addressed), then an `attachment_added` event. */
export function attachToTicket(
  blobs: BlobStore,
  tickets: Pick<TicketService, 'act'>,
  ticketId: string,
  file: { name: string; mime: string; data: Uint8Array },
) {
  const { hash, size } = blobs.put(file.data);
  const detail = tickets.act({ ticketId, type: 'attachment_added', payload: { hash, name: file.name, size, mime: file.mime } });
  return { stored: { hash, name: file.name, size }, detail };
}
