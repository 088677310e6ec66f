import { createHash, type Hash } from 'node:crypto';

interface Run {
  /** The next chunk index the hash waits for. */
  next: number;
  hash: Hash;
  /** Chunks stored ahead of `next` (a few are in flight at once), hashed when their turn comes. */
  ahead: Map<number, Buffer>;
}

/**
 * The whole-file sha256 of uploads, computed as their chunks are stored, so the chunk that completes a file
 * needs no second read of the file from the database. Only what this process stored is fed (a chunk another
 * instance or an earlier run stored is unknown here), so a run that missed a chunk never yields a digest: the
 * caller then reads the file back, as before. Chunks here are the stored units (BLOB_CHUNK_BYTES): a device
 * sending 8 MiB chunks, three at once, runs up to 16 of them ahead. Memory is bounded: at most `maxRuns`
 * uploads, each holding at most `maxAhead` chunks, and `maxAheadBytes` held by all of them; beyond that the
 * oldest run (or the one running too far ahead) is dropped.
 */
export class RunningHashes {
  private readonly runs = new Map<string, Run>();
  private aheadBytes = 0;

  constructor(
    private readonly maxRuns = 16,
    private readonly maxAhead = 24,
    private readonly maxAheadBytes = 64 * 1024 * 1024,
  ) {}

  /** Bytes held for chunks stored ahead of their turn, all uploads together. */
  get heldBytes(): number {
    return this.aheadBytes;
  }

  /** A chunk this process has just stored (inserted, not found already there). */
  stored(key: string, index: number, data: Buffer): void {
    let run = this.runs.get(key);
    if (!run) {
      if (index !== 0) return;
      if (this.runs.size >= this.maxRuns) this.drop(this.runs.keys().next().value as string);
      run = { next: 0, hash: createHash('sha256'), ahead: new Map() };
      this.runs.set(key, run);
    }
    if (index < run.next || run.ahead.has(index)) return;
    if (index > run.next) {
      if (run.ahead.size >= this.maxAhead || this.aheadBytes + data.byteLength > this.maxAheadBytes) {
        this.drop(key);
        return;
      }
      run.ahead.set(index, data);
      this.aheadBytes += data.byteLength;
      return;
    }
    run.hash.update(data);
    run.next++;
    for (let chunk = run.ahead.get(run.next); chunk; chunk = run.ahead.get(run.next)) {
      run.ahead.delete(run.next);
      this.aheadBytes -= chunk.byteLength;
      run.hash.update(chunk);
      run.next++;
    }
  }

  /** The file's digest if all its `chunks` went through `stored` here; undefined otherwise. Forgets the run. */
  finish(key: string, chunks: number): string | undefined {
    const run = this.runs.get(key);
    if (!run || run.next !== chunks) return undefined;
    this.drop(key);
    return run.hash.digest('hex');
  }

  /** Forgets a run (its chunks were dropped). */
  forget(key: string): void {
    this.drop(key);
  }

  private drop(key: string): void {
    for (const chunk of this.runs.get(key)?.ahead.values() ?? []) this.aheadBytes -= chunk.byteLength;
    this.runs.delete(key);
  }
}
