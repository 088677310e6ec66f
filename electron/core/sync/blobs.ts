import { createHash } from 'node:crypto';
import { AtelierError } from '../../../shared/contract/errors';
import { BLOB_CHUNK_BYTES, EAGER_BLOB_BYTES, MAX_DECLARED_BLOBS, chunkLength, type BlobDeclaration } from '../../../shared/sync/blobs';
import type { BlobState } from '../../../shared/contract/blobs';
import { parseOrThrowSnapshot } from '../inventory/snapshot';
import { InventoryStore } from '../inventory/store';
import type { Database } from '../db/open';
import { readDeviceNames } from '../device-names';
import type { JobContext } from '../jobs';
import { DamagedFileError } from '../reports/blob-parts';
import { BlobStore } from '../reports/blobs';
import { HubRequestError, type HubClient } from './hub-client';

/** What a ticket event names: a file by its sha256, or an inventory snapshot by its id. */
export type BlobRef = { kind: 'file'; hash: string } | { kind: 'snapshot'; id: string };

const refKey = (ref: BlobRef) => (ref.kind === 'file' ? ref.hash : `snapshot:${ref.id}`);
const refText = (ref: BlobRef) => (ref.kind === 'file' ? `file ${ref.hash.slice(0, 12)}…` : `inventory snapshot ${ref.id}`);
const mb = (bytes: number) => `${Math.max(0.1, Math.round(bytes / 1024 / 102.4) / 10)} MB`;

/**
 * Chunks sent at once (each at most SEND_CHUNK_BYTES in memory on the hub): the hub's database writes of
 * several overlap (under load each waits mostly for its turn on the CPU). 16 MiB in flight stays within the
 * chunk timeout on a 1 Mbit/s uplink.
 */
const CHUNKS_IN_FLIGHT = 4;
/**
 * The chunk size asked of the hub: fewer, larger requests (the hub stores 1 MiB units whatever the size, so
 * an upload cut midway resumes in any size). A hub from before this answers in 1 MiB chunks, which are sent.
 */
export const SEND_CHUNK_BYTES = 4 * BLOB_CHUNK_BYTES;
/** Refused files declared again per round (each costs one small request while the hub still refuses it). */
const REFUSED_RETRIED_PER_ROUND = 5;
/** Files fetched by one round at most (the others wait for the next round, or for being opened). */
const EAGER_PER_ROUND = 100;

interface Outgoing {
  ref: BlobRef;
  declaration: BlobDeclaration;
  /** Reads a chunk of `chunkBytes` of the blob's bytes. */
  chunk(index: number, chunkBytes: number): Buffer;
}

/**
 * Blob sync on the device (docs/sync.md, *Blob sync*): after the events are pushed, the contents this
 * device's events name go to the hub (only the chunks it lacks: an interrupted send resumes); after a pull,
 * small contents named by the team's events come down; large ones when first opened (`fetch`, a job).
 */
export class BlobSync {
  private readonly files: BlobStore;
  private readonly snapshots: InventoryStore;
  private readonly downloads = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly client: (signal?: AbortSignal) => HubClient,
  ) {
    this.files = new BlobStore(db);
    this.snapshots = new InventoryStore(db);
  }

  has(ref: BlobRef): boolean {
    if (ref.kind === 'file') return this.files.has(ref.hash);
    return this.db.prepare('SELECT 1 FROM inventory_snapshots WHERE id = ?').pluck().get(ref.id) !== undefined;
  }

  /** Sends what this device's events name and the hub lacks; returns the files sent whole. */
  async push(client: HubClient, ctx?: JobContext): Promise<number> {
    const pending = this.outgoing();
    let sent = 0;
    // Bounded: each pass sends a batch or sets aside a refused file.
    for (let pass = 0; pending.length > 0 && pass < 2 * pending.length + 10; pass++) {
      ctx?.throwIfCancelled();
      const batch = pending.slice(0, MAX_DECLARED_BLOBS);
      let answer;
      try {
        answer = await client.declareBlobs(batch.map((o) => o.declaration), SEND_CHUNK_BYTES);
      } catch (error) {
        // A hub from before blob sync: the events still flow.
        if (error instanceof HubRequestError && error.hubCode === 'not_found' && error.path === undefined) return sent;
        const index = refusedIndex(error);
        if (index === undefined) throw error;
        const [refused] = pending.splice(index, 1);
        if (refused) this.mark(refused.ref, null, (error as Error).message);
        continue;
      }
      const chunkBytes = answer.chunkBytes ?? BLOB_CHUNK_BYTES;
      const total = answer.blobs.reduce((sum, b) => sum + b.missing.reduce((s, i) => s + chunkLength(b.size, i, chunkBytes), 0), 0);
      let done = 0;
      for (const [i, blob] of answer.blobs.entries()) {
        const outgoing = batch[i] as Outgoing;
        // A few chunks in flight: the hub's database write of one overlaps the transfer of the next.
        const queue = [...blob.missing];
        const worker = async () => {
          for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
            ctx?.throwIfCancelled();
            await client.putChunk(blob.hash, index, outgoing.chunk(index, chunkBytes), chunkBytes);
            done += chunkLength(blob.size, index, chunkBytes);
            ctx?.progress(done, total, 'files');
          }
        };
        const workers = await Promise.allSettled(Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, queue.length) }, worker));
        const failed = workers.find((w) => w.status === 'rejected');
        if (failed?.reason instanceof DamagedFileError) {
          // Sending it again cannot mend it: set aside with its reason (retried a few per round), the others go on.
          this.mark(outgoing.ref, null, failed.reason.message);
          continue;
        }
        if (failed) throw failed.reason;
        this.mark(outgoing.ref, new Date().toISOString(), null);
        sent++;
      }
      pending.splice(0, batch.length);
    }
    return sent;
  }

  /** Fetches the small contents the team's events name that this device lacks; missing ones wait for the next round. */
  async fetchEager(client: HubClient, ctx?: JobContext): Promise<number> {
    let fetched = 0;
    for (const ref of this.missing(EAGER_BLOB_BYTES).slice(0, EAGER_PER_ROUND)) {
      ctx?.throwIfCancelled();
      try {
        await this.download(client, ref);
        fetched++;
      } catch (error) {
        // Not on the hub yet (its device has not sent it): asked again next round.
        if (error instanceof HubRequestError && !error.retryable) continue;
        throw error;
      }
    }
    return fetched;
  }

  /** Fetches one content from the hub now, with its progress in bytes. */
  async fetch(ref: BlobRef, ctx?: JobContext): Promise<void> {
    if (this.has(ref)) return;
    const client = this.client(ctx?.signal);
    try {
      await this.download(client, ref, (received, total) => ctx?.progress(received, total, 'download'));
    } catch (error) {
      if (error instanceof HubRequestError && error.hubCode === 'not_found') throw new AtelierError('not_found', this.waitingText(ref));
      throw error;
    }
  }

  /** Where a content is: here, on the hub (its size), or still on the device that made it. */
  async state(ref: BlobRef): Promise<BlobState> {
    if (this.has(ref)) return { state: 'local' };
    const from = this.maker(ref);
    let client: HubClient;
    try {
      client = this.client(AbortSignal.timeout(10_000));
    } catch {
      return { state: 'no_hub', ...(from ? { from } : {}) };
    }
    try {
      const info = ref.kind === 'file' ? await client.blobInfo(ref.hash) : await client.snapshotBlob(ref.id);
      if (info.complete) return { state: 'hub', size: info.size };
      return { state: 'waiting', ...(from ? { from } : {}) };
    } catch (error) {
      if (error instanceof HubRequestError && error.hubCode === 'not_found') return { state: 'waiting', ...(from ? { from } : {}) };
      if (error instanceof HubRequestError && error.retryable) return { state: 'offline', ...(from ? { from } : {}) };
      throw error;
    }
  }

  /**
   * Makes sure a content named by an event is here before it is read: a small one is fetched at once; a
   * large one, or one the hub does not hold yet, is a clear error (never "not found" for what exists).
   */
  async ensure(ref: BlobRef): Promise<void> {
    if (this.has(ref) || !this.named(ref)) return;
    const state = await this.state(ref);
    if (state.state === 'hub' && (ref.kind === 'snapshot' || state.size <= EAGER_BLOB_BYTES)) {
      await this.fetch(ref);
      return;
    }
    if (state.state === 'hub') throw new AtelierError('unavailable', `${refText(ref)} (${mb(state.size)}) is on the hub, not yet on this device: fetch it first`, 'hash');
    if (state.state === 'waiting') throw new AtelierError('unavailable', this.waitingText(ref), 'hash');
    const from = state.state === 'local' ? undefined : state.from;
    throw new AtelierError('unavailable', `${refText(ref)} is on ${from ?? 'another device'}: it comes with the next sync with the hub`, 'hash');
  }

  private waitingText(ref: BlobRef): string {
    return `${refText(ref)} is not on the hub yet: waiting for ${this.maker(ref) ?? 'the device that made it'} to send it`;
  }

  private async download(client: HubClient, ref: BlobRef, onBytes?: (received: number, total: number) => void): Promise<void> {
    if (ref.kind === 'file') {
      // One download of a file at a time (a round's and an opened one's would write the same parts).
      const running = this.downloads.get(ref.hash);
      if (running) return await running;
      const download = this.downloadFile(client, ref.hash, onBytes).finally(() => this.downloads.delete(ref.hash));
      this.downloads.set(ref.hash, download);
      return await download;
    }
    const info = await client.snapshotBlob(ref.id);
    if (!info.complete) throw new HubRequestError('not_found', `inventory snapshot ${ref.id} is still being sent to the hub`, false, 'not_found');
    const bytes = await client.downloadBlob(info.hash, onBytes);
    const snapshot = parseOrThrowSnapshot(JSON.parse(bytes.toString('utf8')), `inventory snapshot ${ref.id} from the hub`);
    if (snapshot.id !== ref.id) throw new AtelierError('invalid_input', `the hub's file for inventory snapshot ${ref.id} holds snapshot ${snapshot.id}`);
    if (!this.has(ref)) this.snapshots.save(snapshot);
  }

  /**
   * A file written part by part as it arrives (no buffer of its size), stored once streamBlob has checked its
   * hash over exactly these bytes. A download cut midway (network, hub, cancel) leaves no stored file, only its
   * whole parts staged: the next one resumes after them. Bytes that did not hash right are all dropped.
   */
  private async downloadFile(client: HubClient, hash: string, onBytes?: (received: number, total: number) => void): Promise<void> {
    if (this.files.has(hash)) return;
    const writer = this.files.writer(hash);
    try {
      await client.streamBlob(hash, { held: () => writer.resume(), restart: () => writer.restart(), write: (bytes) => writer.write(bytes) }, onBytes);
    } catch (error) {
      const cut = error instanceof HubRequestError ? error.hubCode !== 'protocol' : error instanceof AtelierError && error.code === 'cancelled';
      if (!cut) writer.abort();
      throw error;
    }
    writer.commit();
  }

  /**
   * This device's events' contents not yet sent whole. Those the hub refused (too large for its limits) are
   * declared again, a few per round, after the others: once an admin raises the limit, they go.
   */
  private outgoing(): Outgoing[] {
    const rows = this.db
      .prepare(
        `SELECT type, name, max(refused) AS refused FROM (
           SELECT e.seq, e.type, CASE e.type WHEN 'attachment_added' THEN json_extract(e.payload, '$.hash') ELSE json_extract(e.payload, '$.snapshotId') END AS name,
                  s.refused IS NOT NULL AS refused
           FROM events e LEFT JOIN blob_sync s
             ON s.ref = CASE e.type WHEN 'attachment_added' THEN json_extract(e.payload, '$.hash') ELSE 'snapshot:' || json_extract(e.payload, '$.snapshotId') END
           WHERE e.origin = 'local' AND e.type IN ('attachment_added', 'inventory_attached') AND s.sent_at IS NULL)
         GROUP BY type, name ORDER BY min(seq)`,
      )
      .all() as { type: string; name: string; refused: number }[];
    const retried = rows.filter((row) => row.refused === 1).sort(() => Math.random() - 0.5).slice(0, REFUSED_RETRIED_PER_ROUND);
    const out: Outgoing[] = [];
    for (const row of [...rows.filter((row) => row.refused === 0), ...retried]) {
      if (row.type === 'attachment_added') {
        // Read chunk by chunk as they go (parts), not before the first one.
        const reader = this.files.reader(row.name);
        if (reader) out.push({ ref: { kind: 'file', hash: row.name }, declaration: { hash: row.name, size: reader.size }, chunk: (index, chunkBytes) => reader.chunk(index, chunkBytes) });
      } else {
        const data = this.db.prepare('SELECT data FROM inventory_snapshots WHERE id = ?').pluck().get(row.name) as string | undefined;
        if (data === undefined) continue;
        const bytes = Buffer.from(data, 'utf8');
        out.push({
          ref: { kind: 'snapshot', id: row.name },
          declaration: { hash: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength, snapshotId: row.name },
          chunk: (index, chunkBytes) => bytes.subarray(index * chunkBytes, index * chunkBytes + chunkLength(bytes.byteLength, index, chunkBytes)),
        });
      }
    }
    return out;
  }

  /**
   * Contents the log names that are not here: files up to `maxFileBytes` of attachments not removed (a
   * removed one's file is not fetched again once collected), and every snapshot (they are small).
   */
  private missing(maxFileBytes: number): BlobRef[] {
    const files = this.db
      .prepare(
        `SELECT DISTINCT json_extract(a.payload, '$.hash') FROM events a
         WHERE a.type = 'attachment_added' AND json_extract(a.payload, '$.size') <= ? AND json_extract(a.payload, '$.hash') NOT IN (SELECT hash FROM blobs)
           AND NOT EXISTS (SELECT 1 FROM events r WHERE r.type = 'attachment_removed' AND json_extract(r.payload, '$.attachmentId') = a.id)`,
      )
      .pluck()
      .all(maxFileBytes) as string[];
    const snapshots = this.db
      .prepare(`SELECT DISTINCT json_extract(payload, '$.snapshotId') FROM events WHERE type = 'inventory_attached' AND json_extract(payload, '$.snapshotId') NOT IN (SELECT id FROM inventory_snapshots)`)
      .pluck()
      .all() as string[];
    return [...files.map((hash): BlobRef => ({ kind: 'file', hash })), ...snapshots.map((id): BlobRef => ({ kind: 'snapshot', id }))];
  }

  /** Whether an event of the log names this content (only those are looked for on the hub). */
  private named(ref: BlobRef): boolean {
    return this.makerNode(ref) !== undefined;
  }

  private makerNode(ref: BlobRef): string | undefined {
    const [type, path, value] = ref.kind === 'file' ? ['attachment_added', '$.hash', ref.hash] : ['inventory_attached', '$.snapshotId', ref.id];
    return this.db.prepare(`SELECT device FROM events WHERE type = ? AND json_extract(payload, '${path}') = ? ORDER BY seq LIMIT 1`).pluck().get(type, value) as string | undefined;
  }

  /** "Karim (desk)", the device whose event named it, as the hub names it. */
  private maker(ref: BlobRef): string | undefined {
    const node = this.makerNode(ref);
    return node === undefined ? undefined : (readDeviceNames(this.db)[node] ?? undefined);
  }

  private mark(ref: BlobRef, sentAt: string | null, refused: string | null): void {
    this.db.prepare('INSERT INTO blob_sync (ref, sent_at, refused) VALUES (?, ?, ?) ON CONFLICT (ref) DO UPDATE SET sent_at = excluded.sent_at, refused = excluded.refused').run(refKey(ref), sentAt, refused);
  }
}

/** A declaration refused for one file (too large for the hub's limits): its index in the batch. */
function refusedIndex(error: unknown): number | undefined {
  if (!(error instanceof HubRequestError) || error.retryable || !error.path) return undefined;
  if (error.hubCode !== 'payload_too_large' && error.hubCode !== 'conflict') return undefined;
  const match = /^blobs\[(\d+)\]/.exec(error.path);
  return match ? Number(match[1]) : undefined;
}
