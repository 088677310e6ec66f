import { createHash, type Hash } from 'node:crypto';
import { AtelierError } from '../../../shared/contract/errors';
import { BLOB_CHUNK_BYTES } from '../../../shared/sync/blobs';
import type { Database } from '../db/open';

/**
 * A stored file's bytes as parts of this size (migration 0024): the hub's unit, so any chunk a device sends
 * (a whole number of units) is a whole number of parts.
 */
export const PART_BYTES = BLOB_CHUNK_BYTES;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** A stored file whose bytes are not what was stored (a part missing, cut or changed). */
export class DamagedFileError extends AtelierError {
  constructor(db: Database, hash: string, what: string) {
    super('unavailable', `${fileLabel(db, hash)} is damaged in this device's store (${what}): attach it again, or remove it and fetch it from the hub`, 'hash');
    this.name = 'DamagedFileError';
  }
}

/** "attachment "scan.log" (file 3f2a…)", or just the file when no attachment names it. */
export function fileLabel(db: Database, hash: string): string {
  // `type IN (…)` states the partial index's condition word for word (migration 0023), so SQLite uses it.
  const name = db
    .prepare(
      `SELECT json_extract(payload, '$.name') FROM events
       WHERE type IN ('attachment_added', 'attachment_removed') AND json_extract(payload, '$.hash') = ? AND type = 'attachment_added' LIMIT 1`,
    )
    .pluck()
    .get(hash) as string | undefined;
  const file = `file ${hash.slice(0, 12)}…`;
  return name === undefined ? file : `attachment "${name}" (${file})`;
}

/** Removes the parts of a download that did not finish (never those of a stored file). */
export function dropStagedParts(db: Database, hash: string): void {
  db.prepare('DELETE FROM blob_parts WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM blobs WHERE hash = ?)').run(hash, hash);
}

/**
 * Writes a file part by part as its bytes arrive, through one reused buffer of PART_BYTES (fresh memory is
 * what costs on these machines: docs/performance.md, *Session 9: blobs*). The parts are staged, not a stored
 * file, until `commit`, which the caller does only once the whole file's hash is checked; `abort` drops them.
 * Staged parts a cut download left are taken up again by `resume` (each checked), so only the rest is fetched.
 */
export class PartWriter {
  private readonly part = Buffer.allocUnsafe(PART_BYTES);
  private filled = 0;
  private count = 0;
  private size = 0;
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly hash: string,
  ) {
    this.insert = db.prepare('INSERT INTO blob_parts (hash, idx, sha, data) VALUES (?, ?, ?, ?)');
  }

  /**
   * The whole parts a cut download of this file left, each checked, and the running sha256 over them: the
   * download goes on after them. Undefined when there are none, or when any is amiss (then they are dropped).
   */
  resume(): { bytes: number; digest: Hash } | undefined {
    const digest = createHash('sha256');
    let count = 0;
    let usable = true;
    for (const row of this.db.prepare('SELECT idx, sha, data FROM blob_parts WHERE hash = ? ORDER BY idx').iterate(this.hash) as IterableIterator<{ idx: number; sha: Buffer; data: Buffer }>) {
      if (row.idx !== count || row.data.byteLength !== PART_BYTES || !sha(row.data).equals(row.sha)) {
        usable = false;
        break;
      }
      digest.update(row.data);
      count++;
    }
    if (!usable) this.restart();
    if (!usable || count === 0) return undefined;
    this.count = count;
    this.size = count * PART_BYTES;
    return { bytes: this.size, digest };
  }

  /** Starts the file again from its first byte (what was staged goes). */
  restart(): void {
    dropStagedParts(this.db, this.hash);
    this.count = 0;
    this.size = 0;
    this.filled = 0;
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.byteLength; ) {
      const taken = Math.min(PART_BYTES - this.filled, bytes.byteLength - at);
      this.part.set(bytes.subarray(at, at + taken), this.filled);
      this.filled += taken;
      at += taken;
      if (this.filled === PART_BYTES) this.flush();
    }
  }

  /** Makes the staged parts a stored file (its hash checked by the caller over exactly these bytes). */
  commit(): { hash: string; size: number } {
    if (this.filled > 0) this.flush();
    this.db.transaction(() => {
      const staged = this.db.prepare('SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes FROM blob_parts WHERE hash = ?').get(this.hash) as { n: number; bytes: number };
      if (staged.n !== this.count || staged.bytes !== this.size) {
        throw new AtelierError('conflict', `file ${this.hash.slice(0, 12)}… was being stored twice at once: fetch it again`, 'hash');
      }
      this.db.prepare("INSERT INTO blobs (hash, size, data, parts) VALUES (?, ?, x'', ?) ON CONFLICT (hash) DO NOTHING").run(this.hash, this.size, this.count);
    })();
    return { hash: this.hash, size: this.size };
  }

  abort(): void {
    dropStagedParts(this.db, this.hash);
  }

  private flush(): void {
    const bytes = this.part.subarray(0, this.filled);
    this.insert.run(this.hash, this.count, sha(bytes), bytes);
    this.count++;
    this.size += this.filled;
    this.filled = 0;
  }
}

/** Stores bytes already in memory as parts (views of them, no copy), in one transaction. */
export function storeParts(db: Database, hash: string, data: Buffer): void {
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM blobs WHERE hash = ?').pluck().get(hash) !== undefined) return;
    dropStagedParts(db, hash);
    const insert = db.prepare('INSERT INTO blob_parts (hash, idx, sha, data) VALUES (?, ?, ?, ?)');
    const count = Math.ceil(data.byteLength / PART_BYTES);
    for (let i = 0; i < count; i++) {
      const part = data.subarray(i * PART_BYTES, (i + 1) * PART_BYTES);
      insert.run(hash, i, sha(part), part);
    }
    db.prepare("INSERT INTO blobs (hash, size, data, parts) VALUES (?, ?, x'', ?)").run(hash, data.byteLength, count);
  })();
}

/**
 * Parts `first` to `first + count - 1` of a stored file of `parts` parts and `size` bytes, each checked against
 * its own sha256 and length: a damaged one is a DamagedFileError naming the attachment and the part.
 */
export function readParts(db: Database, hash: string, file: { size: number; parts: number }, first: number, count: number): Buffer[] {
  const rows = db.prepare('SELECT idx, sha, data FROM blob_parts WHERE hash = ? AND idx >= ? AND idx < ? ORDER BY idx').all(hash, first, first + count) as { idx: number; sha: Buffer; data: Buffer }[];
  const out: Buffer[] = [];
  for (let k = 0; k < count; k++) {
    const index = first + k;
    const row = rows[k];
    const where = `part ${index + 1} of ${file.parts}`;
    if (row?.idx !== index) throw new DamagedFileError(db, hash, `${where} is missing`);
    const expected = Math.min(PART_BYTES, file.size - index * PART_BYTES);
    if (row.data.byteLength !== expected) throw new DamagedFileError(db, hash, `${where} holds ${row.data.byteLength} bytes, not ${expected}`);
    if (!sha(row.data).equals(row.sha)) throw new DamagedFileError(db, hash, `${where} does not match its sha256`);
    out.push(row.data);
  }
  return out;
}
