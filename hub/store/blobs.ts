import { createHash } from 'node:crypto';
import { BLOB_CHUNK_BYTES, chunkCount, chunkLength, type BlobDeclaration } from '../../shared/sync/blobs';
import type { HubDatabase } from '../db/sql';
import { HubError } from '../errors';
import { RunningHashes } from './running-hashes';

/** Bounds on what a team keeps; both configurable (`hub serve --max-blob-mb`, `--max-team-blob-gb`). */
export interface BlobLimits {
  /** One blob (attachment, snapshot). */
  maxFileBytes: number;
  /** Everything a team declared, complete or not. */
  maxTeamBytes: number;
}

export const DEFAULT_BLOB_LIMITS: BlobLimits = { maxFileBytes: 512 * 1024 * 1024, maxTeamBytes: 20 * 1024 * 1024 * 1024 };

interface BlobRow {
  hash: string;
  size: string;
  chunks: number;
  complete: boolean;
}

/**
 * A file is read (a download, a read-back) this many stored units per query, this many queries at once: at
 * most 12 MiB of it in the hub's memory (twice that while a read is copied), whatever the file's size.
 */
const UNITS_PER_READ = 4;
const READS_AHEAD = 3;

/** Per-team advisory lock key space apart from the event logs' (any constant). */
export const BLOB_LOCK_CLASS = 7_310_006;

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** The team's blobs in the hub's database: declared, then filled chunk by chunk, then verified whole. */
export class BlobStore {
  private readonly running = new RunningHashes();

  constructor(
    private readonly db: HubDatabase,
    private readonly limits: BlobLimits = DEFAULT_BLOB_LIMITS,
  ) {}

  /**
   * Records the blobs a device holds (within the limits) and answers, per blob, the chunks still missing, in
   * chunks of `chunkBytes` (the size the device sends; a multiple of the stored unit, BLOB_CHUNK_BYTES).
   */
  async declare(teamId: number, deviceId: number, blobs: readonly BlobDeclaration[], chunkBytes = BLOB_CHUNK_BYTES): Promise<{ hash: string; size: number; missing: number[] }[]> {
    blobs.forEach((blob, i) => {
      if (blob.size > this.limits.maxFileBytes) {
        throw new HubError('payload_too_large', `file ${blob.hash.slice(0, 12)}… is ${mib(blob.size)}, more than the hub takes for one file (${mib(this.limits.maxFileBytes)})`, `blobs[${i}].size`);
      }
    });
    return await this.db.transaction(async (tx) => {
      // Serializes a team's declarations so two devices cannot both pass the team's bound.
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [BLOB_LOCK_CLASS, teamId]);
      const known = await tx.query<BlobRow>('SELECT hash, size::text, chunks, complete FROM blobs WHERE team_id = $1 AND hash = ANY($2::text[])', [teamId, blobs.map((b) => b.hash)]);
      const byHash = new Map(known.map((row) => [row.hash, row]));
      let used = Number((await tx.query<{ n: string }>('SELECT coalesce(sum(size), 0)::text AS n FROM blobs WHERE team_id = $1', [teamId]))[0]?.n ?? 0);
      const answers: { hash: string; size: number; missing: number[] }[] = [];
      for (const [i, blob] of blobs.entries()) {
        const row = byHash.get(blob.hash);
        if (row && Number(row.size) !== blob.size) {
          throw new HubError('conflict', `file ${blob.hash} is held with size ${row.size}, not ${blob.size}`, `blobs[${i}].size`);
        }
        if (!row) {
          if (used + blob.size > this.limits.maxTeamBytes) {
            throw new HubError('payload_too_large', `the team's files would take ${mib(used + blob.size)}, more than the hub keeps for a team (${mib(this.limits.maxTeamBytes)}): ask the hub admin`, `blobs[${i}]`);
          }
          await tx.query('INSERT INTO blobs (team_id, hash, size, chunks, declared_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [teamId, blob.hash, blob.size, chunkCount(blob.size), deviceId]);
          used += blob.size;
          byHash.set(blob.hash, { hash: blob.hash, size: String(blob.size), chunks: chunkCount(blob.size), complete: false });
        }
        if (blob.snapshotId !== undefined) {
          await tx.query('UPDATE blobs SET snapshot_id = $3 WHERE team_id = $1 AND hash = $2 AND snapshot_id IS NULL AND NOT EXISTS (SELECT 1 FROM blobs WHERE team_id = $1 AND snapshot_id = $3)', [teamId, blob.hash, blob.snapshotId]);
        }
        const held = byHash.get(blob.hash) as BlobRow;
        answers.push({ hash: blob.hash, size: blob.size, missing: held.complete ? [] : await this.missingChunks(tx, teamId, held, chunkBytes) });
      }
      return answers;
    });
  }

  /** The chunks of `chunkBytes` of which the hub lacks at least one stored unit. */
  private async missingChunks(tx: Pick<HubDatabase, 'query'>, teamId: number, row: BlobRow, chunkBytes: number): Promise<number[]> {
    const have = new Set((await tx.query<{ idx: number }>('SELECT idx FROM blob_chunks WHERE team_id = $1 AND hash = $2', [teamId, row.hash])).map((r) => Number(r.idx)));
    const per = chunkBytes / BLOB_CHUNK_BYTES;
    const missing: number[] = [];
    for (let i = 0; i < row.chunks; i++) if (!have.has(i) && missing.at(-1) !== Math.floor(i / per)) missing.push(Math.floor(i / per));
    return missing;
  }

  /**
   * Stores one chunk of `chunkBytes` (its stored units, in one statement) after checking its length and its
   * own hash; the last chunk in makes the hub check the whole blob's hash (running-hashes.ts, else read back
   * unit by unit) and mark it complete, or drop its chunks when they do not make its hash.
   */
  async putChunk(teamId: number, hash: string, index: number, data: Buffer, chunkSha: string | undefined, chunkBytes = BLOB_CHUNK_BYTES): Promise<{ complete: boolean }> {
    const row = await this.row(teamId, hash);
    if (!row) throw new HubError('not_found', `file ${hash} was not declared: POST /v1/blobs/declare first`, 'hash');
    const size = Number(row.size);
    const count = chunkCount(size, chunkBytes);
    if (index >= count) throw new HubError('invalid_input', `file ${hash} has ${count} chunks${chunkBytes === BLOB_CHUNK_BYTES ? '' : ` of ${mib(chunkBytes)}`}: no chunk ${index}`, 'index');
    const expected = chunkLength(size, index, chunkBytes);
    if (data.byteLength !== expected) throw new HubError('invalid_input', `chunk ${index} of file ${hash} must be ${expected} bytes, got ${data.byteLength}`, 'body');
    const actual = createHash('sha256').update(data).digest('hex');
    if (chunkSha !== actual) {
      throw new HubError('invalid_input', chunkSha ? `chunk ${index} of file ${hash} hashes to ${actual}, not ${chunkSha}: damaged on the way, send it again` : 'a chunk needs its sha256 in the x-chunk-sha256 header', 'x-chunk-sha256');
    }
    if (row.complete) return { complete: true };
    const key = `${teamId}:${hash}`;
    const first = (index * chunkBytes) / BLOB_CHUNK_BYTES;
    const units = Array.from({ length: chunkCount(data.byteLength) }, (_, k) => ({ idx: first + k, data: data.subarray(k * BLOB_CHUNK_BYTES, (k + 1) * BLOB_CHUNK_BYTES) }));
    // Only bytes this request stored are hashed (another device may have stored a unit first).
    const fresh = await this.insertUnits(teamId, hash, units);
    for (const unit of units) if (fresh.has(unit.idx)) this.running.stored(key, unit.idx, unit.data);
    const stored = Number((await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM blob_chunks WHERE team_id = $1 AND hash = $2', [teamId, hash]))[0]?.n ?? 0);
    if (stored < row.chunks) return { complete: false };
    // Hashed as the chunks came in when they all went through this process; otherwise read back once.
    let digest = this.running.finish(key, row.chunks);
    if (digest === undefined) {
      const whole = createHash('sha256');
      for await (const chunk of this.chunks(teamId, row)) whole.update(chunk);
      digest = whole.digest('hex');
    }
    if (digest !== hash) {
      this.running.forget(key);
      await this.db.query('DELETE FROM blob_chunks WHERE team_id = $1 AND hash = $2', [teamId, hash]);
      throw new HubError('invalid_input', `the chunks of file ${hash} hash to ${digest}: they were dropped; send the file again`, 'hash');
    }
    await this.db.query('UPDATE blobs SET complete = true WHERE team_id = $1 AND hash = $2', [teamId, hash]);
    return { complete: true };
  }

  /**
   * A chunk's units in one COPY (its bytes sent as they are: docs/sync.md, *Benchmark: blob sync*); when
   * some are there already (a resumed or concurrent upload: the COPY stores none), one INSERT that skips
   * them. Answers the units this call stored.
   */
  private async insertUnits(teamId: number, hash: string, units: readonly { idx: number; data: Buffer }[]): Promise<Set<number>> {
    try {
      await this.db.insertRows('blob_chunks', ['team_id', 'hash', 'idx', 'data'], ['int8', 'text', 'int4', 'bytea'], units.map((unit) => [teamId, hash, unit.idx, unit.data]));
      return new Set(units.map((unit) => unit.idx));
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    }
    const values = units.map((_, k) => `($1, $2, $${3 + 2 * k}, $${4 + 2 * k})`).join(', ');
    const inserted = await this.db.query<{ idx: number }>(`INSERT INTO blob_chunks (team_id, hash, idx, data) VALUES ${values} ON CONFLICT DO NOTHING RETURNING idx`, [
      teamId,
      hash,
      ...units.flatMap((unit) => [unit.idx, unit.data]),
    ]);
    return new Set(inserted.map((r) => Number(r.idx)));
  }

  async info(teamId: number, hash: string): Promise<{ hash: string; size: number; complete: boolean } | undefined> {
    const row = await this.row(teamId, hash);
    return row && { hash: row.hash, size: Number(row.size), complete: row.complete };
  }

  async bySnapshot(teamId: number, snapshotId: string): Promise<{ hash: string; size: number; complete: boolean } | undefined> {
    const rows = await this.db.query<BlobRow>('SELECT hash, size::text, chunks, complete FROM blobs WHERE team_id = $1 AND snapshot_id = $2', [teamId, snapshotId]);
    const row = rows[0];
    return row && { hash: row.hash, size: Number(row.size), complete: row.complete };
  }

  /**
   * A complete blob's bytes, one chunk read at a time (memory bounded by the chunk size), from stored unit
   * `fromUnit` on (a download resumed where it was cut).
   */
  async open(teamId: number, hash: string): Promise<{ size: number; chunks(fromUnit?: number): AsyncIterable<Buffer> } | undefined> {
    const row = await this.row(teamId, hash);
    if (!row?.complete) return undefined;
    return { size: Number(row.size), chunks: (fromUnit = 0) => this.chunks(teamId, row, fromUnit) };
  }

  private async *chunks(teamId: number, row: BlobRow, fromUnit = 0): AsyncIterable<Buffer> {
    const read = (first: number) => {
      const reading = this.db.readBytes('SELECT data FROM blob_chunks WHERE team_id = $1 AND hash = $2 AND idx >= $3 AND idx < $4 ORDER BY idx', [teamId, row.hash, first, first + UNITS_PER_READ]);
      // Awaited below; a reader that stops early (a client gone) must not leave a failure unhandled.
      reading.catch(() => undefined);
      return reading;
    };
    // A few reads ahead: each waits on the database (its latency grows with the load), not on the others.
    const reads: Promise<(Buffer | null)[]>[] = [];
    for (let first = fromUnit; first < row.chunks; first += UNITS_PER_READ) {
      while (reads.length < READS_AHEAD && first + reads.length * UNITS_PER_READ < row.chunks) reads.push(read(first + reads.length * UNITS_PER_READ));
      const units = await (reads.shift() as Promise<(Buffer | null)[]>);
      const expected = Math.min(UNITS_PER_READ, row.chunks - first);
      if (units.length !== expected || units.some((unit) => unit === null)) {
        throw new HubError('unavailable', `chunks ${first}-${first + expected - 1} of file ${row.hash} are not all in the hub's database`);
      }
      for (const unit of units) yield unit as Buffer;
    }
  }

  private async row(teamId: number, hash: string): Promise<BlobRow | undefined> {
    return (await this.db.query<BlobRow>('SELECT hash, size::text, chunks, complete FROM blobs WHERE team_id = $1 AND hash = $2', [teamId, hash]))[0];
  }
}
