import { createHash } from 'node:crypto';
import { AtelierError } from '../../../shared/contract';
import type { Database } from '../db/open';
import type { TicketService } from '../tickets/service';
import { PART_BYTES, PartWriter, readParts, storeParts } from './blob-parts';

/** Parts read per query when a whole file is read. */
const READ_PARTS = 8;

/** What an upload reads of a stored file: its size, and its bytes one chunk at a time. */
export interface StoredFileReader {
  readonly size: number;
  /** Chunk `index` of `chunkBytes` (a whole number of parts): read when asked, never the whole file. */
  chunk(index: number, chunkBytes: number): Buffer;
}

/**
 * Content-addressed files (attachments): the same bytes are stored once, under their sha256, as parts
 * (blob-parts.ts); files stored before migration 0024 keep their bytes in one value, read as before.
 */
export class BlobStore {
  constructor(private readonly db: Database) {}

  put(data: Uint8Array): { hash: string; size: number } {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const hash = createHash('sha256').update(bytes).digest('hex');
    storeParts(this.db, hash, bytes);
    return { hash, size: bytes.byteLength };
  }

  /** A writer for a file arriving in pieces (a download), stored once the caller has checked its hash. */
  writer(hash: string): PartWriter {
    return new PartWriter(this.db, hash);
  }

  has(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE hash = ?').pluck().get(hash) !== undefined;
  }

  /** A whole file's bytes in one buffer (opening, exporting, a report), its parts checked. */
  get(hash: string): Buffer {
    const file = this.row(hash);
    if (file.parts === null) return this.db.prepare('SELECT data FROM blobs WHERE hash = ?').pluck().get(hash) as Buffer;
    const whole = Buffer.allocUnsafe(file.size);
    // Bounded by the part count: a few parts per query, copied into place.
    for (let first = 0, at = 0; first < file.parts; first += READ_PARTS) {
      for (const part of readParts(this.db, hash, { size: file.size, parts: file.parts }, first, Math.min(READ_PARTS, file.parts - first))) at += part.copy(whole, at);
    }
    return whole;
  }

  /** Reads a stored file chunk by chunk (an upload); undefined when it is not stored here. */
  reader(hash: string): StoredFileReader | undefined {
    const found = this.find(hash);
    if (!found) return undefined;
    const { size, parts } = found;
    if (parts === null) {
      // Stored before parts: SQLite reads a whole value even for substr(), so it is read once, at the first chunk.
      let data: Buffer | undefined;
      return { size, chunk: (index, chunkBytes) => (data ??= this.get(hash)).subarray(index * chunkBytes, Math.min(size, (index + 1) * chunkBytes)) };
    }
    return {
      size,
      chunk: (index, chunkBytes) => {
        const per = chunkBytes / PART_BYTES;
        const read = readParts(this.db, hash, { size, parts }, index * per, Math.max(0, Math.min(per, parts - index * per)));
        return read.length === 1 ? (read[0] as Buffer) : Buffer.concat(read);
      },
    };
  }

  private find(hash: string): { size: number; parts: number | null } | undefined {
    return this.db.prepare('SELECT size, parts FROM blobs WHERE hash = ?').get(hash) as { size: number; parts: number | null } | undefined;
  }

  private row(hash: string): { size: number; parts: number | null } {
    const found = this.find(hash);
    if (!found) throw new AtelierError('not_found', `no stored file with hash ${hash}`, 'hash');
    return found;
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
