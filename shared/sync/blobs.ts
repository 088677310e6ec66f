/**
 * Blob sync on the wire (docs/sync.md, *Blob sync*): the contents that ticket events name (attachments by
 * their sha256, inventory snapshots by their id) travel as content-addressed blobs cut in fixed chunks.
 * A device declares the blobs it holds; the hub answers, for each, the chunks it still lacks; the device
 * sends those, each checked against its own sha256 and then the whole blob against its hash.
 */
import { z } from 'zod';
import { ContentHash } from '../tickets/model';

/**
 * The unit a blob is stored in on the hub (one row each) and the chunk a device sends unless it asks for
 * larger ones: every chunk but a blob's last is exactly this long.
 */
export const BLOB_CHUNK_BYTES = 1024 * 1024;
/**
 * Larger chunks a device may ask for (`x-blob-chunk-bytes` on its declaration and its chunks): a multiple of
 * BLOB_CHUNK_BYTES up to this. Fewer requests and fewer database round trips per file; the hub still stores
 * units of BLOB_CHUNK_BYTES, so devices sending different chunk sizes resume each other's uploads.
 */
export const MAX_CHUNK_BYTES = 8 * BLOB_CHUNK_BYTES;
/** The header naming the chunk size a device asks for (declaration) or sends (chunk); absent: BLOB_CHUNK_BYTES. */
export const CHUNK_BYTES_HEADER = 'x-blob-chunk-bytes';
/** Blobs up to this size are fetched by a pull round; larger ones when first opened. */
export const EAGER_BLOB_BYTES = 1024 * 1024;

/**
 * How long a file no ticket names any more (its attachments removed) is kept, on the hub and on a device,
 * before it is deleted: a week, so a device offline that long can still bring an attachment of the same file.
 */
export const BLOB_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
/** Blobs declared in one request. */
export const MAX_DECLARED_BLOBS = 200;

export const chunkCount = (size: number, chunkBytes = BLOB_CHUNK_BYTES) => Math.max(1, Math.ceil(size / chunkBytes));
export const chunkLength = (size: number, index: number, chunkBytes = BLOB_CHUNK_BYTES) => Math.max(0, Math.min(chunkBytes, size - index * chunkBytes));

/** A chunk size a device may use: a whole number of stored units, at most MAX_CHUNK_BYTES. */
export const isChunkBytes = (n: number) => Number.isSafeInteger(n) && n >= BLOB_CHUNK_BYTES && n <= MAX_CHUNK_BYTES && n % BLOB_CHUNK_BYTES === 0;

const SnapshotId = z.string().min(1).max(200);

export const BlobDeclaration = z
  .object({ hash: ContentHash, size: z.int().min(0).max(Number.MAX_SAFE_INTEGER), snapshotId: SnapshotId.optional() })
  .strict();
export type BlobDeclaration = z.infer<typeof BlobDeclaration>;

export const DeclareRequest = z.object({ blobs: z.array(BlobDeclaration).min(1).max(MAX_DECLARED_BLOBS) }).strict();

/**
 * Per blob in the order declared: the chunk indexes the hub lacks (empty: it holds the whole blob), in chunks
 * of `chunkBytes`: the size the device asked for (CHUNK_BYTES_HEADER), which a hub from before that header
 * does not name (its chunks are BLOB_CHUNK_BYTES).
 */
export const DeclareResponse = z.object({
  serverTime: z.number(),
  chunkBytes: z.int().refine(isChunkBytes, 'a multiple of 1 MiB up to 8 MiB').optional(),
  blobs: z.array(z.object({ hash: ContentHash, size: z.int().min(0), missing: z.array(z.int().min(0)) }).strict()),
});
export type DeclareResponse = z.infer<typeof DeclareResponse>;

export const ChunkResponse = z.object({ serverTime: z.number(), hash: ContentHash, index: z.int().min(0), complete: z.boolean() });
export type ChunkResponse = z.infer<typeof ChunkResponse>;

/** What the hub holds for a blob (a snapshot found by its id): `complete` false while chunks are missing. */
export const BlobInfoResponse = z.object({ serverTime: z.number(), hash: ContentHash, size: z.int().min(0), complete: z.boolean() });
export type BlobInfoResponse = z.infer<typeof BlobInfoResponse>;

/** The header carrying a chunk's own sha256 (hex), checked by the hub before it stores the chunk. */
export const CHUNK_HASH_HEADER = 'x-chunk-sha256';
